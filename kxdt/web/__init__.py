"""`kxdt serve`: the archive in a browser (the `kxdt[web]` extra: Starlette, uvicorn, Jinja2,
python-multipart).

A thin face beside `cli/`: each route calls the core once and renders a template. Importing
this package loads nothing of the extra; `kxdt.web.app` and `kxdt.web.server` do.
"""

from __future__ import annotations

import importlib.util

# The import name of each package the extra installs, with its name on PyPI.
REQUIRED = {"starlette": "starlette", "uvicorn": "uvicorn", "jinja2": "Jinja2", "python_multipart": "python-multipart"}
INSTALL_HINT = "pip install 'kxdt[web]'"


def missing_packages() -> list[str]:
    """The packages of the extra that are not installed (found without importing them)."""
    return [pypi for module, pypi in REQUIRED.items() if importlib.util.find_spec(module) is None]
