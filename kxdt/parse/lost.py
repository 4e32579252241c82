"""Text a reader could not extract (glyphs of a font without a Unicode map, or mapped to characters
no bulletin holds, arrive as U+FFFD):
taken out of the model, with a warning saying which part of which article lost it."""

from __future__ import annotations

from dataclasses import replace

from ..model import Article, Issue, Masthead
from ..text.chars import clean

LOST = "\ufffd"


def _strip(text: str) -> str:
    """The text without its lost glyphs, in the normal form again (a space that stood beside a
    lost digit now stands between a digit and Han: `1� 位` -> `1位`)."""
    return clean(text.replace(LOST, "")) if LOST in text else text.strip()


def _article(k: int, article: Article, warnings: list[str]) -> Article:
    where = f"第{k}篇文章" + (f"（第{article.page}页）" if article.page is not None else "")
    title = article.title
    if LOST in title:
        title = _strip(title)
        warnings.append(f"{where}的标题{'无法提取' if not title else '有字无法提取'}（字体缺少 Unicode 映射或映射有误）")
        where = f"{where}“{title}”" if title else where
    paragraphs = tuple(_strip(p) for p in article.paragraphs)
    lost = [n for n, (old, new) in enumerate(zip(article.paragraphs, paragraphs), 1) if old != new]
    if lost:
        warnings.append(f"{where}第{'、'.join(map(str, lost))}段有字无法提取（字体缺少 Unicode 映射或映射有误）")
    source = article.source
    if source is not None and LOST in source:
        source = _strip(source) or None
        warnings.append(f"{where}的来源有字无法提取（字体缺少 Unicode 映射或映射有误）")
    return replace(article, title=title, paragraphs=tuple(p for p in paragraphs if p), source=source,
                   captions=tuple(_strip(c) for c in article.captions if _strip(c)),
                   credits=tuple(_strip(c) for c in article.credits if _strip(c)),
                   notes=tuple(_strip(n) for n in article.notes if _strip(n)))


def drop_lost_text(issue: Issue) -> Issue:
    """The issue without U+FFFD anywhere; each loss named in a warning."""
    warnings: list[str] = []
    fields = issue.masthead.to_dict()
    for key, value in fields.items():
        if isinstance(value, str) and LOST in value:
            fields[key] = None
            warnings.append(f"报头的{ {'name': '名称', 'issuer': '编发单位'}.get(key, key)}无法提取（字体缺少 Unicode 映射或映射有误）")
    toc = tuple(_strip(t) for t in issue.toc if _strip(t))
    articles = tuple(_article(k, a, warnings) for k, a in enumerate(issue.articles, 1))
    if not warnings and toc == issue.toc and not any(LOST in w for w in issue.warnings):
        return issue
    # Warnings written before (quoting a title) say what they quote without the lost glyphs.
    return replace(issue, masthead=Masthead.from_dict(fields), toc=toc, articles=articles,
                   warnings=tuple(w.replace(LOST, "") for w in issue.warnings) + tuple(warnings))
