"""The command line: thin commands over the core. Enters: argv; leaves: data on stdout, messages
on stderr, an exit code. Each command parses its options, calls the core once and renders; core
errors become one Chinese line in app.py, Click's own wording is translated in zh.py.
`main()` is the console script."""

from .app import app, main

__all__ = ["app", "main"]
