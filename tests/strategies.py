"""Hypothesis strategies: issues of generated (not copied) text that print and read back."""

from __future__ import annotations

from conftest import structure
from hypothesis import strategies as st

from kxdt.model import Article, Issue, Masthead

HAN = "科协技术学会服务工作推进创新发展会议召开举办活动交流组织建设北京市区县人才青年专家企业成果转化"
UNIT_END = ("科协", "学会", "中心", "协会")
words = st.text(alphabet=HAN, min_size=2, max_size=6)
sentences = st.builds(lambda parts, end: "，".join(parts) + end,
                      st.lists(words, min_size=1, max_size=6), st.sampled_from("。！？"))
paragraphs = st.builds("".join, st.lists(sentences, min_size=1, max_size=4))
# Paragraphs of several printed lines with sentences of usual length (a text layer shows its
# grid only over enough lines, and a line ending exactly at the margin with a full stop before
# a line about 2 em short reads either way in plain text: short sentences make that common).
clauses = st.builds("".join, st.lists(words, min_size=2, max_size=4))
long_sentences = st.builds(lambda parts, end: "，".join(parts) + end, st.lists(clauses, min_size=3, max_size=6),
                           st.sampled_from("。。。！"))
long_paragraphs = st.builds("".join, st.lists(long_sentences, min_size=3, max_size=6))
titles = st.builds("".join, st.lists(words, min_size=2, max_size=5))
sources = st.one_of(st.none(), st.builds(lambda w, e: w + e, words, st.sampled_from(UNIT_END)))
columns = st.one_of(st.none(), st.builds(lambda w: w + "工作", words))
def articles(paragraph_strategy=paragraphs):
    return st.builds(lambda c, t, ps, s: Article(title=t, paragraphs=tuple(ps), column=c, source=s),
                     columns, titles, st.lists(paragraph_strategy, min_size=1, max_size=3), sources)


@st.composite
def issues(draw, paragraph_strategy=paragraphs, min_articles: int = 1):
    arts = draw(st.lists(articles(paragraph_strategy), min_size=min_articles, max_size=max(5, min_articles + 2),
                         unique_by=lambda a: a.title))
    # Columns run in blocks, as in print; the first article may have none.
    chosen = [a.column for a in arts]
    year = draw(st.integers(2000, 2030))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    masthead = Masthead(name=draw(st.sampled_from(["科协每周动态", "科协工作简报", "学会通讯"])), year=year,
                        number=draw(st.integers(1, 53)), total=draw(st.integers(1, 3000)),
                        issuer=draw(st.builds(lambda w: w + "办公室", words)), date=f"{year}-{month:02d}-{day:02d}")
    keep = draw(st.lists(st.booleans(), min_size=len(arts), max_size=len(arts)))
    toc = tuple(a.title for a, k in zip(arts, keep) if k)
    arts = [Article(title=a.title, paragraphs=a.paragraphs, column=c, source=a.source) for a, c in zip(arts, chosen)]
    columns_present = any(a.column for a in arts)
    if not columns_present:
        arts[0] = Article(title=arts[0].title, paragraphs=arts[0].paragraphs, column="综合工作", source=arts[0].source)
    if not toc:
        toc = (arts[0].title,)
    return Issue(masthead=masthead, toc=toc, articles=tuple(arts))


def canonical(issue: Issue) -> dict:
    """What printing keeps: a column printed once applies until the next, so a None after a
    column reads back as that column."""
    d = structure(issue)
    current = None
    for a in d["articles"]:
        current = a["column"] or current
        a["column"] = current
    return d
