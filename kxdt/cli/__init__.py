"""The command line: thin commands over the core. `main()` is the console script."""

from .app import app, main

__all__ = ["app", "main"]
