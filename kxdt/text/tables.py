"""The generated character tables (kxdt/data/*.txt, written by scripts/gen_*_table.py), read once."""

from __future__ import annotations

import functools
from importlib.resources import files


@functools.cache
def table(name: str) -> dict[int, int]:
    """kxdt/data/`name`.txt as {code point: code point}."""
    text = files("kxdt.data").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    pairs: dict[int, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, target = line.split()
            pairs[int(source, 16)] = int(target, 16)
    return pairs


def traditional_to_simplified() -> dict[int, int]:
    """OpenCC's t2s, character for character (every entry maps one character to one)."""
    return table("traditional_to_simplified")


def equivalent_ideographs() -> dict[int, int]:
    """Unicode's EquivalentUnifiedIdeograph: radicals and strokes -> the ideograph they look like."""
    return table("equivalent_ideographs")
