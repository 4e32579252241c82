"""Writing a generated character table as a data file of kxdt (shared by the gen_* scripts)."""

from __future__ import annotations

from pathlib import Path


def write_table(name: str, header: str, pairs: dict[int, int]) -> Path:
    """Write kxdt/data/`name`.txt: `#` comment lines, then one `FROM TO` pair of hexadecimal code
    points per line (read by kxdt.text.tables)."""
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.rstrip("\n").split("\n"))
    body = "".join(f"{k:04X} {v:04X}\n" for k, v in sorted(pairs.items()))
    out = Path(__file__).resolve().parent.parent / "kxdt" / "data" / f"{name}.txt"
    out.write_text(comments + body, encoding="utf-8")
    return out
