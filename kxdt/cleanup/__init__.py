"""Text clean-up, between the readers (and page layout) and the parser. Enters: a Document's Line
records; leaves: clean lines (`normalize`: page numbers, web noise, running heads, pages of a text
layer) and then blocks — paragraphs, titles, labels — joined from indents, widths and sentence
ends (`reflow`)."""
