"""The archive: every parsed issue in one SQLite file, with a bigram full-text index."""

from .query import Hit, SearchFilters
from .store import Archive, FileResult, default_db_path

__all__ = ["Archive", "FileResult", "Hit", "SearchFilters", "default_db_path"]
