"""Renderers: an Issue (or search hits) to terminal, JSON, Markdown, text and DOCX."""
