"""The printed layout's numbers in one place (GB/T 9704-2012 as the office's Word files use it).

An office with other conventions changes them here (or passes its own `Layout` to the writer).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Layout:
    # Page: A4 and the GB/T 9704 margins, in millimetres.
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    footer_distance_mm: float = 28.0
    # Fonts: the standard fonts on the office's machines; Latin text uses latin_font.
    latin_font: str = "Times New Roman"
    body_font: str = "仿宋_GB2312"
    title_font: str = "方正小标宋简体"
    name_font: str = "方正小标宋简体"
    column_font: str = "黑体"
    toc_heading_font: str = "黑体"
    source_font: str = "楷体_GB2312"
    page_number_font: str = "宋体"
    # Sizes in points: 三号 16, 二号 22, 四号 14, 小初 36.
    body_size: float = 16.0
    title_size: float = 22.0
    name_size: float = 36.0
    page_number_size: float = 14.0
    # Exact line spacing (22 lines × 28 characters on the type area).
    line_spacing_pt: float = 29.0
    first_line_chars: int = 2  # 0: no first-line indent (then set paragraph_spacing_pt)
    # Body text "left" or "justify". Left: a line of Chinese text is as even either way, and
    # LibreOffice (7.x) drops a full stop hanging at the end of a justified Chinese line.
    body_align: str = "left"
    paragraph_spacing_pt: float = 0.0  # space after each body paragraph
    # Colours as RRGGBB.
    red: str = "FF0000"
    rule_size_eighths: int = 18  # the red rule's width in eighths of a point
    # Text.
    toc_heading: str = "目录提要"
    toc_bullet: str = "●"
    page_number_format: str = "— {PAGE} —"
    page_break_after_toc: bool = True
    source_own_line: bool = False  # the source right-aligned on a line of its own, not inline
    letter_space_name: bool = True

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Layout:
        """The default layout with the values an office set in a JSON or TOML file, e.g.
        `{"body_font": "仿宋", "margin_left_mm": 30}` or `body_font = "仿宋"`."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except OSError as err:
            raise InputError(f"无法读取版式文件（{err.strerror}）", path=str(p)) from None
        try:
            if p.suffix.lower() == ".toml":
                import tomllib

                values = tomllib.loads(text)
            else:
                values = json.loads(text)
        except (ValueError, ImportError) as err:
            raise InputError(f"版式文件格式不对（{err}）：请写成 JSON 或 TOML", path=str(p)) from None
        if not isinstance(values, dict):
            raise InputError("版式文件应是“名称: 值”的表", path=str(p))
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"版式文件里有不认识的项：{'、'.join(unknown)}（可用项见 kxdt/render/layout.py）", path=str(p))
        default = cls()
        for key, value in values.items():
            expected = type(getattr(default, key))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                values[key] = float(value)
            elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise InputError(f"版式项 {key} 的值应是{_TYPE_NAMES.get(expected, expected.__name__)}", path=str(p))
        if values.get("body_align", default.body_align) not in ("left", "justify"):
            raise InputError("版式项 body_align 的值应是 left 或 justify", path=str(p))
        return replace(default, **values)


_TYPE_NAMES = {float: "数字", int: "整数", str: "文字", bool: "true 或 false"}


DEFAULT_LAYOUT = Layout()
