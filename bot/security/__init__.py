"""Defences that sit in front of the features: replay windows, the private access log, and
(see docs/security.md) the other protections of issue 13. Nothing here imports `handlers/`."""
