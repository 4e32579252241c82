"""The page layout's thresholds in one place (in the spirit of pdfminer.six's LAParams)."""

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
