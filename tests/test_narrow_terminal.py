"""At 60 and 80 columns every screen stays readable: no line wider than the terminal, file names
whole (the folder said once), no help sentence cut with `…`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from rich.cells import cell_len

COMMANDS = ("", "parse", "toc", "check", "search", "list", "stats", "export", "new-issue")


def run(*args: str, columns: int, db: str) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "KXDT_DB": db, "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run([sys.executable, "-m", "kxdt", *args], capture_output=True, text=True, env=env)
    return proc.stdout + proc.stderr


def assert_fits(output: str, columns: int) -> None:
    wide = [line for line in output.splitlines() if cell_len(line) > columns]
    assert wide == [], "\n".join(wide)


@pytest.fixture(scope="module")
def filed(tmp_path_factory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("issues")
    for name in ("kxdt-2024-09.txt", "kxdt-2024-09.md"):
        shutil.copy(EXAMPLES / name, folder / name)
    return str(folder), str(folder / "archive.sqlite3")


@pytest.mark.parametrize("columns", [60, 80])
def test_tables_fit_and_keep_file_names_whole(filed, columns):
    folder, db = filed
    batch = run("parse", folder, columns=columns, db=db)
    assert_fits(batch, columns)
    assert "kxdt-2024-09.txt" in batch.split() and "kxdt-2024-09.md" in batch.split()
    assert f"文件都在：{folder}" in batch
    listing = run("list", columns=columns, db=db)
    assert_fits(listing, columns)
    # The two files are one issue: filed once, from the first (the Markdown source).
    assert "kxdt-2024-09.md" in listing.split() and f"文件都在：{folder}" in listing
    for args in (("search", "科普"), ("search", "防灾", "减灾"), ("toc", "103"), ("stats",), ("check", "103")):
        assert_fits(run(*args, columns=columns, db=db), columns)


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_and_no_sentence_is_cut(command, columns, tmp_path):
    output = run(*([command] if command else []), "--help", columns=columns, db=str(tmp_path / "a.db"))
    assert "用法：" in output
    assert_fits(output, columns)
    assert "…" not in output, output
