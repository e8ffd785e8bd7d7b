"""Command groups of the `previz` command line: one module each, with `register(subparsers)`."""
