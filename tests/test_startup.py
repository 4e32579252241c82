"""Fast start: the archive's commands and the help screens load neither the PDF/DOCX libraries
nor kxdt's parser, checks or writers, nor the parts of Typer and Rich they do not use
(pydantic, Markdown, Pygments). Checked in a fresh interpreter through `sys.modules`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from bulletins import sample_issue

from kxdt.archive import Archive

HEAVY_LIBRARIES = ("pypdf", "docx", "pypdfium2", "lxml", "pydantic", "pydantic_core", "markdown_it", "pygments",
                   "rapidocr_onnxruntime", "onnxruntime", "numpy", "PIL")
UNUSED_BY_READING = ("kxdt.parse", "kxdt.batch", "kxdt.api", "kxdt.readers", "kxdt.check.proofread",
                     "kxdt.render.docx", "kxdt.render.markdown", "kxdt.render.text", "kxdt.compose", "kxdt.readers.fetch")


def loaded_after(argv: list[str], db: str) -> set[str]:
    code = (
        "import json, runpy, sys\n"
        f"sys.argv = ['kxdt', *{argv!r}]\n"
        "try:\n    runpy.run_module('kxdt', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('LOADED' + json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "KXDT_DB": db, "COLUMNS": "80"})
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED"))
    return set(json.loads(line[len("LOADED"):]))


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("startup") / "a.sqlite3"
    with Archive(path) as archive:
        archive.add(sample_issue().with_origin("x.txt", "a" * 64))
    return str(path)


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"], ["parse", "--help"], ["search", "科技"],
                                  ["search", "科技", "--json"], ["list"], ["stats"], ["toc", "412"]],
                         ids=" ".join)
def test_reading_commands_and_help_load_only_what_they_use(argv, archive_db):
    loaded = loaded_after(argv, archive_db)
    assert "kxdt.cli.app" in loaded  # the command did run
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY_LIBRARIES)
    assert heavy == []
    unused = sorted(m for m in loaded if any(m == u or m.startswith(u + ".") for u in UNUSED_BY_READING))
    assert unused == []


def test_help_screens_load_no_terminal_renderer_or_archive_query(archive_db):
    loaded = loaded_after(["--help"], archive_db)
    assert "kxdt.render.terminal" not in loaded and "rich.table" in loaded  # Typer's help draws its own tables


def test_search_still_answers_and_help_still_shows_markdown_free_text(cli, archive_db, monkeypatch):
    monkeypatch.setenv("KXDT_DB", archive_db)
    result = cli("search", "科技")
    assert result.exit_code == 0 and "市科协举办科技工作者座谈会" in "".join(result.stdout.split())
    assert "检索往期简报" in cli("--help").stdout


WEB_LIBRARIES = ("starlette", "uvicorn", "jinja2", "multipart", "python_multipart", "anyio", "h11")


@pytest.mark.parametrize("argv", [["--help"], ["serve", "--help"], ["search", "科技"]], ids=" ".join)
def test_the_web_extra_loads_only_when_serve_runs(argv, archive_db):
    loaded = loaded_after(argv, archive_db)
    assert "kxdt.cli.web_cmds" in loaded  # the command is registered …
    assert sorted(m for m in loaded if m.split(".")[0] in WEB_LIBRARIES) == []  # … without its libraries
    assert not [m for m in loaded if m.startswith("kxdt.web")]
