"""The page layout's thresholds in one place (in the spirit of pdfminer.six's LAParams).
Lengths are in em of the text they measure (its font size) unless said otherwise."""

# --- lines and their hints (lines.py) ---
# Runs whose baselines differ by less than this share of the font size are on one line.
SAME_LINE = 0.4
# A line starting this many em right of the left margin is indented (a paragraph start).
INDENT_MIN_EM = 1.2
# A line whose centre is within this many em of the text block's centre, and that starts at
# least CENTER_MIN_INSET em in, is centred.
CENTER_TOLERANCE_EM = 1.5
CENTER_MIN_INSET_EM = 2.5
# A gap between body lines this many times the usual line pitch separates paragraphs.
PARAGRAPH_GAP = 1.15

# --- regions: columns, gutters and the bands across them (regions.py) ---
# White space at least this wide running down the page between text on both sides is a gutter
# (CSS's `column-gap: normal` is 1 em, LaTeX's multicol 10 pt beside 10–12 pt type) — in most of
# its lines: where a line's end is only estimated (pypdf does not say where a run ends) the white
# may look narrower, down to MIN_CHANNEL_EM. Pieces of a line further apart than that are
# separate fragments a gutter may run between.
MIN_GUTTER_EM = 0.8
MIN_CHANNEL_EM = 0.3
# A gutter has text on each side in at least this many lines (a table row of two cells wrapping
# onto two lines has two); over fewer than MIN_COLUMN_LINES lines, on both sides in every line.
MIN_SIDE_LINES = 2
MIN_COLUMN_LINES = 3
# A line whose white at the gutter is narrower than this share of the other lines' runs across
# the gap (a title over both columns with a gap at its dash): a band.
CROSS_SHARE = 0.5
# Empty height across the whole width (a picture spanning the columns, the white between the
# rows of pages on a sheet) ends the columns above it: this many em.
BAND_GAP_EM = 3.0
# Lines at the top of columns that only one side has, more than this many em above where the
# other side starts, belong to the band above (text before the columns begin).
LEADING_SLACK = 1.0
# A gutter no other stretch on the document shares, down lines of which neither side has more
# than this many, is a table row (an issuer | date masthead): each cell is read as one paragraph.
TABLE_MAX_LINES = 3
# The white between a table row's cells where the left cells' ends are estimated (pypdf): a gap
# opened by an estimate is narrower than this.
TABLE_GUTTER_EM = 1.5
# Columns are looked for inside columns (two pages on a sheet, each in two columns) this deep.
MAX_DEPTH = 3
# A page read in more side-by-side regions than this is warned about (its order may be wrong).
MAX_CLEAR_COLUMNS = 4
# Two fragments of one line overlapping by this share of the narrower one: text drawn over text.
OVERLAP_SHARE = 0.5

# --- sheets holding two or four pages (sheets.py) ---
# A text block this many times wider than tall, split by a gutter through all its lines near
# its middle, is two pages side by side.
SHEET_ASPECT = 1.15
# The gutter between pages on a sheet lies within this share of the text block's width from
# its centre (pages are centred in their cells; their margins differ a little).
SHEET_CENTRE = 0.12
# Two rows of pages: the white between them lies within this share of the text's height from
# its middle.
SHEET_ROWS_GAP = 0.2

# --- turned text (rotation.py) ---
# Runs whose baselines' directions differ by less than this (degrees) are turned alike.
ANGLE_TOLERANCE = 2.0

# --- page numbers (pagenum.py) ---
# How many lines at the head and at the foot of a page may be its page number (printed forms:
# `- 3 -`, `第3页`, `3/8`); a bare number only as the very first or last line.
PAGE_NUMBER_EDGE_LINES = 2

# Running heads and feet: the same words (numbers aside) among a page's first or last
# RUNNING_EDGE_LINES lines on at least RUNNING_MIN_PAGES pages and RUNNING_SHARE of them.
RUNNING_EDGE_LINES = 2
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.5
