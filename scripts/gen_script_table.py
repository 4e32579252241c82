"""Write kxdt/script_table.py: traditional -> simplified, one character for one character.

    pip install opencc && python3 scripts/gen_script_table.py

Every CJK ideograph (the main block and Extension A, and the compatibility block) is converted
alone with OpenCC's `t2s` configuration; those that change to exactly one other character form
the table. A character-for-character table keeps text the same length, so a match found in
the simplified form has the same position in the document's own text.
"""

from __future__ import annotations

from pathlib import Path

import opencc


def main() -> None:
    converter = opencc.OpenCC("t2s")
    pairs: dict[int, int] = {}
    for code in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)):
        ch = chr(code)
        out = converter.convert(ch)
        if out != ch and len(out) == 1:
            pairs[code] = ord(out)
    body = "".join(f"    0x{k:04X}: 0x{v:04X},\n" for k, v in sorted(pairs.items()))
    out = Path(__file__).resolve().parent.parent / "kxdt" / "script_table.py"
    out.write_text(
        '"""Traditional -> simplified Chinese, character for character (generated; do not edit).\n\n'
        f"From OpenCC {getattr(opencc, '__version__', '')} (t2s) by scripts/gen_script_table.py.\n"
        "OpenCC's dictionaries © the OpenCC authors, Apache License 2.0.\n"
        '"""\n\nTRADITIONAL_TO_SIMPLIFIED: dict[int, int] = {\n' + body + "}\n",
        encoding="utf-8",
    )
    print(f"{out}: {len(pairs)} characters")


if __name__ == "__main__":
    main()
