"""Write kxdt/script_table.py: traditional -> simplified, one character for one character.

    pip install opencc && python3 scripts/gen_script_table.py

Every CJK ideograph (the main block and Extension A, and the compatibility block) is converted
alone with OpenCC's `t2s` configuration; those that change to exactly one other character form
the table. A character-for-character table keeps text the same length, so a match found in
the simplified form has the same position in the document's own text.
"""

from __future__ import annotations

import opencc
from table_module import write_table_module


def main() -> None:
    converter = opencc.OpenCC("t2s")
    pairs: dict[int, int] = {}
    for code in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)):
        ch = chr(code)
        out = converter.convert(ch)
        if out != ch and len(out) == 1:
            pairs[code] = ord(out)
    out = write_table_module(
        "script_table",
        "Traditional -> simplified Chinese, character for character (generated; do not edit).\n\n"
        f"From OpenCC {getattr(opencc, '__version__', '')} (t2s) by scripts/gen_script_table.py.\n"
        "OpenCC's dictionaries © the OpenCC authors, Apache License 2.0.\n",
        "TRADITIONAL_TO_SIMPLIFIED", pairs)
    print(f"{out}: {len(pairs)} characters")


if __name__ == "__main__":
    main()
