"""Page layout: positioned runs (a PDF's text layer on either backend, a scan's OCR boxes) in, lines
with layout hints out. `lines.py` groups runs by baseline and measures indents, widths and
alignment against the body's margins; `pagenum.py` knows the page-number lines bulletins print;
`params.py` holds the thresholds. Imports only the shared records and text helpers below it."""

from .lines import RawLine, group_lines, hinted_lines
from .pagenum import page_number

__all__ = ["RawLine", "group_lines", "hinted_lines", "page_number"]
