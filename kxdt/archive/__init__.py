"""The archive: every parsed issue in one SQLite file, with a bigram full-text index. Enters:
Issues to file and queries; leaves: Issues, rows and search hits. All SQL lives here (store,
schema, query, tokens, listing)."""

from .query import Hit, SearchFilters
from .store import Archive, FileResult, default_db_path

__all__ = ["Archive", "FileResult", "Hit", "SearchFilters", "default_db_path"]
