"""Sub-commands of the `awardbot` command line, one module per area."""
