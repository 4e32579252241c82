"""Writing a generated character table as a module of kxdt (shared by the gen_* scripts)."""

from __future__ import annotations

from pathlib import Path


def write_table_module(name: str, docstring: str, constant: str, pairs: dict[int, int]) -> Path:
    """Write kxdt/`name`.py holding `constant: dict[int, int]` (code point -> code point)."""
    body = "".join(f"    0x{k:04X}: 0x{v:04X},\n" for k, v in sorted(pairs.items()))
    out = Path(__file__).resolve().parent.parent / "kxdt" / f"{name}.py"
    out.write_text(f'"""{docstring}"""\n\n{constant}: dict[int, int] = {{\n{body}}}\n', encoding="utf-8")
    return out
