"""The archive: every parsed issue in one SQLite file, with a bigram full-text index. Enters:
Issues to file and queries; leaves: Issues, rows and search hits. All SQL lives here (store,
schema, query, tokens, listing, selection). Over what it returns: the statistics (stats, with the
office's unit names in units) and the plan of a year volume (volume), as plain records."""

from .query import Hit, SearchFilters
from .store import Archive, FileResult, default_db_path

__all__ = ["Archive", "FileResult", "Hit", "SearchFilters", "default_db_path"]
