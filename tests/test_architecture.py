"""The import contract of docs/architecture.md: data flows one way, so no package imports one above
it (lazy imports inside functions count too), and siblings of one layer stay apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kxdt"

# Top to bottom. A module may import from its own part or from a part in a lower layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),                       # the command line: options in, one core call, render out
    ("web",),                       # `kxdt serve`: requests in, one core call, pages out (cli starts it)
    ("batch",),                     # many files: parse each, file it
    ("api",),                       # one file: read, parse, record its origin
    ("compose", "check"),           # drafting issues; proofreading them
    ("render",),                    # Issue -> terminal, JSON, Markdown, text, DOCX, ...
    ("archive", "parse"),           # SQLite archive and search; blocks -> Issue
    ("cleanup",),                   # lines -> clean lines -> blocks
    ("readers",),                   # bytes -> Document (positioned text through layout)
    ("layout",),                    # positioned runs -> lines with layout hints
    ("records", "model", "io"),     # the shared records, the Issue model, file limits and writes
    ("errors", "text"),             # the exception family; text knowledge
    ("data",),                      # generated tables (files, read by text.tables)
)
LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}
ROOT_NAMES = {"__version__"}  # what any module may take from kxdt/__init__.py


def module_name(path: Path, package: Path = PACKAGE) -> tuple[str, str]:
    """The dotted name of a module file and the package its relative imports start from."""
    parts = ["kxdt", *path.relative_to(package).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def imported(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, dotted target) of every kxdt import in a module, wherever it stands."""
    _, package = module_name(path, root)
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "kxdt" or (target.startswith("kxdt.") and node.module is None):
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            elif target.startswith("kxdt"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("kxdt")]
    return found


def part_of(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        name, _ = module_name(path, package)
        here = part_of(name)
        if here in ("", "__main__"):  # the package's public face and `python -m kxdt`
            continue
        if here not in LEVEL:
            found.append(f"{name}: kxdt/{here} is in no layer of the contract")
            continue
        for line, target in imported(path, package):
            there = part_of(target)
            if there == here or (target.split(".")[-1] in ROOT_NAMES and target.count(".") == 1):
                continue
            if there not in LEVEL or LEVEL[there] <= LEVEL[here]:
                found.append(f"{name}:{line} imports {target} ({here} may only import layers below it)")
    return found


def test_no_module_imports_against_the_flow():
    assert violations() == []


def test_every_package_says_what_enters_and_leaves():
    for init in PACKAGE.glob("*/__init__.py"):
        if init.parent.name == "data":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{init.parent.name}/__init__.py needs a docstring on its job"


@pytest.mark.parametrize("lower, upper, code", [
    ("readers", "parse", "from ..parse import parse_document\n"),
    ("text", "archive", "def f():\n    from kxdt.archive import Archive\n"),
    ("archive", "parse", "from ..parse import articles\n"),  # siblings stay apart
])
def test_the_contract_catches_an_upward_import(tmp_path, lower, upper, code):
    """The test above would fail on an import against the flow, lazy ones included."""
    fake = tmp_path / "kxdt"
    for init in PACKAGE.rglob("__init__.py"):
        target = fake / init.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('"""A package whose docstring is long enough for the other test to pass."""\n')
    (fake / lower / "intruder.py").write_text(code)
    assert any(f"kxdt.{lower}.intruder" in v and upper in v for v in violations(fake))
