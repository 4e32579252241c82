"""Shared fixtures: the real issue in ../shared, an isolated archive, and a CLI runner."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KXDT_SHARED", ROOT.parent / "shared"))
FIXTURES = SHARED / "fixtures"
EXAMPLES = ROOT / "examples"
HAN_SPACE_RE = re.compile(r"[\u4e00-\u9fff0-9]\s+[\u4e00-\u9fff]|[\u4e00-\u9fff]\s+[\u4e00-\u9fff0-9]")


def shared_fixture(name: str) -> Path:
    path = FIXTURES / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared fixture {path} is missing on CI")
        pytest.skip(f"shared fixture {name} not found beside the repository")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_fixture("kxdt-2023-21.seed.txt")


@pytest.fixture
def expected() -> dict:
    return json.loads(shared_fixture("kxdt-2023-21.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def isolated_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own archive file: never the user's."""
    db = tmp_path / "archive.sqlite3"
    monkeypatch.setenv("KXDT_DB", str(db))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return db


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli():
    """Run kxdt as its console script does (kxdt.cli.app.run), capturing stdout and stderr."""
    from kxdt.cli.app import run as run_kxdt

    runner = CliRunner()

    def run(*args: str) -> Result:
        with runner.isolation() as streams:
            try:
                code = run_kxdt([str(a) for a in args])
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = streams[0].getvalue(), streams[1].getvalue()
        return Result(code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))

    return run


def squeeze_all(value):
    """Whitespace removed from every string in a JSON structure (the fixture's comparison rule)."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list):
        return [squeeze_all(v) for v in value]
    if isinstance(value, dict):
        return {k: squeeze_all(v) for k, v in value.items()}
    return value


def soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def require_tool(name: str, found: str | None) -> str:
    """The tool's path; skip where it is missing, but fail on CI (which must install it)."""
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI: .ci/run must install it")
        pytest.skip(f"{name} is not installed; CI installs it")
    return found


def docx_to_pdf(docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert with LibreOffice in one run (it starts slowly); skip where it is not installed."""
    import subprocess

    exe = require_tool("LibreOffice (soffice)", soffice())
    profile = outdir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, docx_files)],
        check=True, capture_output=True, timeout=600,
    )
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_files]
    missing = [p for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def structure(issue) -> dict:
    """An issue's parsed structure without pages and origin: what every reader must agree on."""
    d = issue.to_dict() if not isinstance(issue, dict) else dict(issue)
    return {
        "masthead": d["masthead"],
        "toc": d["toc"],
        "articles": [{k: a[k] for k in ("column", "title", "paragraphs", "source")} for a in d["articles"]],
    }
