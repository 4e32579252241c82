"""Telling a web page (HTML, or MHTML as browsers save "single file" pages) by its first bytes."""

from __future__ import annotations


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")) or (
        head.startswith(b"<") and (b"<html" in data[:4096].lower() or b"<body" in data[:4096].lower()))


def looks_like_mhtml(data: bytes) -> bool:
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/related" in head
