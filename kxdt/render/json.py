"""JSON output: UTF-8, Chinese unescaped, stable key order; characters that would hide or reorder
text on a screen (U+202E in a file name, a zero-width space) written as JSON escapes."""

from __future__ import annotations

import json
from typing import Any

from ..text.chars import json_safe


def dumps(data: Any) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=1))
