"""JSON output: UTF-8, Chinese unescaped, stable key order."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
