"""Page layout: positioned runs (a PDF's text layer on either backend, a scan's OCR boxes) in, the
pages as a person reads them out, as lines with layout hints. `pages.py` runs the stage: turned
text upright (`rotation.py`), sheets of two or four pages split (`sheets.py`), page-number lines
taken out by their place (`pagenum.py`), columns and the bands across them in reading order
(`regions.py`); `lines.py` groups runs by baseline and `hints.py` measures indents, widths and
alignment against each region's own margins; `params.py` holds the thresholds. Imports only the
shared records and text helpers below it."""

from .hints import hinted_lines
from .lines import RawLine, group_lines
from .pagenum import page_number
from .pages import Layout, lay_out

__all__ = ["Layout", "RawLine", "group_lines", "hinted_lines", "lay_out", "page_number"]
