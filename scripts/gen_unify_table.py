"""Write kxdt/unify_table.py from Unicode's EquivalentUnifiedIdeograph.txt.

    python3 scripts/gen_unify_table.py /usr/share/unicode/EquivalentUnifiedIdeograph.txt

(Debian's `unicode-data` package ships the file.) Radicals (Kangxi Radicals, CJK Radicals
Supplement) and CJK strokes that PDF fonts map glyphs to are replaced by the unified ideograph
they look like.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from table_module import write_table_module

LINE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([0-9A-F]{4,6})")


def main(source: str) -> None:
    pairs: dict[int, int] = {}
    version = ""
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if line.startswith("# EquivalentUnifiedIdeograph-"):
            version = line[2:].strip()
        match = LINE.match(line)
        if match:
            first, last, target = match.groups()
            for code in range(int(first, 16), int(last or first, 16) + 1):
                pairs[code] = int(target, 16)
    out = write_table_module(
        "unify_table",
        "Radicals and strokes -> the unified ideograph they look like (generated; do not edit).\n\n"
        f"From Unicode's {version} by scripts/gen_unify_table.py.\n"
        "Unicode data © Unicode, Inc., used under the Unicode License v3.\n",
        "EQUIVALENT_UNIFIED_IDEOGRAPH", pairs)
    print(f"{out}: {len(pairs)} code points")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
