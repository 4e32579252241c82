"""The printed layout's numbers in one place (GB/T 9704-2012 as the office's Word files use it).

An office with other conventions changes them here (or passes its own `Layout` to the writer).
"""

from __future__ import annotations

from dataclasses import dataclass


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
    first_line_chars: int = 2
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


DEFAULT_LAYOUT = Layout()
