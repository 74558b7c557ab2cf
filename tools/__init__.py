"""Maintainers' tools: run from a checkout, never imported by the service."""
