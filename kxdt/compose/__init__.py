"""Making issues: the next issue's numbers and date from the archive, its Word draft, submissions
placed into columns (`draft.py`). Enters: the archive's recent issues and the user's files;
leaves: an Issue and the files written. Sits above parse, render and archive, which it uses."""

from .draft import export_path, file_stem, fill_toc, make_draft, next_numbers, parse_date, safe_file_name, same_file

__all__ = ["export_path", "file_stem", "fill_toc", "make_draft", "next_numbers", "parse_date", "safe_file_name",
           "same_file"]
