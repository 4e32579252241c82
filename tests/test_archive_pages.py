"""What the core gives the web pages: an archived issue with its neighbours, years, later pages
of a search, highlight pieces, and checking and filing an uploaded file's bytes."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

import pytest
from archives import WEEKLY, build, weekly
from hypothesis import given
from hypothesis import strategies as st

from kxdt.api import check_bytes, file_copy
from kxdt.archive import Archive
from kxdt.archive.query import marks, match_form
from kxdt.archive.store import article_key
from kxdt.errors import RefusedError
from kxdt.io.files import keep_copy
from kxdt.render import render


@pytest.fixture
def office(tmp_path):
    return build(tmp_path)


def test_entry_has_the_issue_and_its_neighbours_across_a_gap(office):
    with Archive(office.db, readonly=True) as archive:
        entry = archive.entry(office.ids["weekly-105"])
        assert entry is not None
        assert entry.issue.masthead.total == 105 and entry.row.id == office.ids["weekly-105"]
        assert (entry.previous.total, entry.next.total) == (103, 106)  # 104 is missing
        first = archive.entry(office.ids["weekly-101"])
        last = archive.entry(office.ids["weekly-106"])
        assert first.previous is None and first.next.total == 102
        assert last.next is None and last.previous.total == 105
        district = archive.entry(office.ids["district-8"])
        assert district.previous.id == office.ids["district-7"] and district.next is None  # its own publication
        assert archive.entry(10_000) is None


def test_entry_reads_back_the_archived_issue(office):
    with Archive(office.db, readonly=True) as archive:
        entry = archive.entry(office.ids["weekly-103"])
        assert entry.issue.articles == weekly(103, 1, "2024-01-05", (6, 7, 3)).articles
        assert entry.row.articles == 3 and entry.row.file == "/nowhere/103.pdf"


def test_years_count_issues_and_articles(office):
    with Archive(office.db, readonly=True) as archive:
        years = archive.years()
    assert years == [(2022, 1, 4), (2023, 2, 6), (2024, 6, 14 + 2)]  # 2024: 3 weekly, 2 district, the hostile one


def test_a_later_page_of_a_search_continues_where_the_first_ended(office):
    with Archive(office.db, readonly=True) as archive:
        everything = archive.search("科普", limit=None)
        pages = [archive.search("科普", limit=3, offset=k) for k in range(0, everything.matched + 3, 3)]
    seen = [(h.issue_id, h.seq) for page in pages for h in page.hits]
    assert seen == [(h.issue_id, h.seq) for h in everything.hits]
    assert all(p.matched == everything.matched for p in pages[:-1])
    assert pages[0].offset == 0 and not pages[0].complete and pages[-1].hits == ()
    assert [h.in_title for h in everything.hits] == sorted((h.in_title for h in everything.hits), reverse=True)


def test_a_hit_says_where_it_is_in_the_archive(office):
    with Archive(office.db, readonly=True) as archive:
        hit = archive.search("机械工程学会", limit=1).hits[0]
        entry = archive.entry(hit.issue_id)
    assert entry.issue.articles[hit.seq].title == hit.title
    assert "issue_id" not in hit.to_dict() and "seq" not in hit.to_dict()  # the JSON contract is unchanged


def test_marks_cover_every_occurrence_in_both_scripts():
    pieces = marks("學會與学会，科普学会", ["学会"])
    assert pieces == [("學會", True), ("與", False), ("学会", True), ("，科普", False), ("学会", True)]
    assert marks("abc", ["zz"]) == [("abc", False)]
    assert marks("", ["a"]) == []


@given(st.text(alphabet="科普学会協會ab ，", max_size=30), st.lists(st.sampled_from(["科普", "学会", "a", "b"]), max_size=3))
def test_marks_keep_the_text_and_mark_exactly_the_terms(text, terms):
    pieces = marks(text, terms)
    assert "".join(p for p, _ in pieces) == text
    low = match_form(text)
    covered = set()
    for term in terms:  # every occurrence, overlapping ones too
        for found in re.finditer(f"(?=({re.escape(term)}))", low):
            covered.update(range(found.start(), found.start() + len(term)))
    flags = [hit for piece, hit in pieces for _ in piece]
    assert {k for k, hit in enumerate(flags) if hit} == covered
    assert all(a[1] != b[1] for a, b in itertools.pairwise(pieces))  # neighbours differ


def _draft() -> bytes:
    from dataclasses import replace

    issue = weekly(107, 5, "2024-02-02", (5, 6))
    first = replace(issue.articles[0], paragraphs=("2月1日（星期三），对接会在中关村举办,发布成果项目36项。",))
    return render(replace(issue, articles=(first, issue.articles[1])), "docx")


def test_check_bytes_finds_what_kxdt_check_finds(office):
    data = _draft()
    with Archive(office.db, readonly=True) as archive:
        issue, findings = check_bytes(data, "草稿.docx", archive=archive)
    assert issue.masthead.total == 107 and issue.file == "草稿.docx"
    assert issue.sha256 == hashlib.sha256(data).hexdigest()
    kinds = {f.kind for f in findings}
    assert {"weekday", "halfwidth-punctuation"} <= kinds


def test_file_copy_keeps_the_bytes_and_files_the_issue(office, tmp_path):
    data = _draft()
    folder = tmp_path / "uploads"
    with Archive(office.db) as archive:
        issue, _ = check_bytes(data, "../../草稿.docx", archive=archive)
        result = file_copy(archive, issue, data, folder)
        assert result.status == "added"
        entry = archive.entry(result.issue_id)
        kept = [p for p in folder.iterdir()]
        assert len(kept) == 1 and kept[0].read_bytes() == data and kept[0].suffix == ".docx"
        assert entry.row.file == str(kept[0].resolve()) and entry.issue.masthead.name == WEEKLY
        assert file_copy(archive, issue, data, folder).status == "unchanged"
        assert len(list(folder.iterdir())) == 1


def test_a_refused_filing_leaves_no_copy(office, tmp_path):
    from dataclasses import replace

    folder = tmp_path / "uploads"
    clash = replace(weekly(106, 4, "2024-01-26", (0,)), sha256="f" * 64, file="other.docx")
    with Archive(office.db) as archive, pytest.raises(RefusedError):
        file_copy(archive, clash, b"other bytes", folder)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_keep_copy_never_lets_two_files_take_each_others_place(tmp_path):
    a, made_a = keep_copy(b"one", "同名.pdf", tmp_path)
    b, made_b = keep_copy(b"two", "同名.pdf", tmp_path)
    again, made_again = keep_copy(b"one", "同名.pdf", tmp_path)
    assert made_a and made_b and not made_again and again == a and a != b
    assert a.read_bytes() == b"one" and b.read_bytes() == b"two"
    with pytest.raises(ValueError):
        keep_copy(b"x", "../escape.pdf", tmp_path)


def test_file_copy_names_the_kept_file_safely(office, tmp_path):
    from dataclasses import replace

    data = _draft()
    with Archive(office.db) as archive:
        issue, _ = check_bytes(data, "x.docx", archive=archive)
        odd = replace(issue, file='..\\a/b\\c:*?"<>|' + "长" * 300 + ".DOCX")
        result = file_copy(archive, odd, data, tmp_path / "kept")
        kept = Path(archive.entry(result.issue_id).row.file)
    assert kept.parent == (tmp_path / "kept").resolve() and kept.suffix == ".docx"
    assert len(kept.name.encode()) <= 255 and not set(kept.name) & set('/\\:*?"<>|')


def _mixed_archive(db):
    """Issues whose masthead year is not their date's, undated ones, two publications, and
    issues of one day whose ids collide (the same 总第 number modulo 1000)."""
    from dataclasses import replace

    issues = [
        weekly(1, 52, "2024-01-02", (0, 1)),  # 2023年第52期 dated in January 2024
        replace(weekly(2, 1, "2024-01-09", (0, 3)), masthead=replace(weekly(2, 1, "2024-01-09", (0,)).masthead, year=2023)),
        weekly(3, 2, "2024-06-07", (0, 6, 7)),
        weekly(1003, 3, "2024-06-07", (0, 1, 6)),  # same day, same slot as 总第3期
        weekly(2003, 4, "2024-06-07", (0, 7)),  # … and again
        weekly(1000, 7, "2024-03-01", (0, 1)),  # slot below 1000: a colliding issue of its day …
        weekly(2000, 8, "2024-03-01", (0, 6)),  # … takes ids of the day before
        weekly(4, 5, "2025-01-03", (0, 3), name="东城区科协简报"),
        replace(weekly(5, 6, "2025-02-07", (0, 1)), masthead=replace(weekly(5, 6, "2025-02-07", (0,)).masthead, date=None)),
    ]
    with Archive(db) as archive:
        for k, issue in enumerate(issues):
            archive.add(issue.with_origin(f"{k}.pdf", f"{k:064x}"))


@pytest.mark.parametrize("filters", [
    {"year": 2023}, {"year": 2024}, {"year": 2025}, {"year": 1999},
    {"date_from": "2024-01-05"}, {"date_to": "2024-06-07"}, {"date_from": "2024-03-01"}, {"total": 2000}, {"date_from": "2024-06-07", "date_to": "2024-06-07"},
    {"name": "东城区"}, {"name": "科协每周动态"}, {"total": 1003}, {"year": 2024, "column": "科普"},
    {"source": "科技馆", "date_to": "2025-12-31"},
])
def test_filters_find_the_same_articles_as_a_full_scan(tmp_path, monkeypatch, filters):
    from kxdt.archive import SearchFilters

    _mixed_archive(tmp_path / "a.sqlite3")
    chosen = SearchFilters(**filters)
    with Archive(tmp_path / "a.sqlite3", readonly=True) as archive:
        narrowed = archive.search("科", chosen, limit=None)
        paged = archive.search("科", chosen, limit=2, offset=1)
        monkeypatch.setattr(Archive, "_id_span", lambda self, filters: None)
        full = archive.search("科", chosen, limit=None)
        full_paged = archive.search("科", chosen, limit=2, offset=1)
    assert [(h.issue_id, h.seq) for h in narrowed.hits] == [(h.issue_id, h.seq) for h in full.hits]
    assert (paged.hits, paged.matched) == (full_paged.hits, full_paged.matched)


def test_filters_use_the_id_span_only_when_every_issue_is_dated(tmp_path):
    from kxdt.archive import SearchFilters

    _mixed_archive(tmp_path / "a.sqlite3")
    with Archive(tmp_path / "a.sqlite3", readonly=True) as archive:
        assert archive._id_span(SearchFilters(year=2024)) is not None
        assert archive._id_span(SearchFilters(column="科普")) is None  # not a filter on issues
        assert archive._id_span(SearchFilters(name="科协每周动态")) is None  # one of them is undated
        assert archive._id_span(SearchFilters(year=1999)) == (1, 0)
        crossed = archive.conn.execute("SELECT min(a.id) FROM articles a JOIN issues i ON i.id = a.issue_id"
                                       " WHERE i.total = 2000").fetchone()[0]
        assert crossed < article_key("2024-03-01", 0, 0) - 1000  # an id of the day before …
        low, high = archive._id_span(SearchFilters(date_from="2024-03-01"))
        assert low <= crossed <= high  # … still inside the span


def test_a_year_filter_finds_its_days_in_an_index_not_by_reading_every_issue(tmp_path):
    """The issues' rows hold their whole JSON: a year filter scanning them cost a millisecond a
    search on 5,000 issues (schema 4 indexes year and date)."""
    from kxdt.archive import SearchFilters

    _mixed_archive(tmp_path / "a.sqlite3")
    with Archive(tmp_path / "a.sqlite3", readonly=True) as archive:
        where, args = SearchFilters(year=2024).issue_sql()
        plan = " ".join(str(r[-1]) for r in archive.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT min(i.date), max(i.date), count(*) - count(i.date) FROM issues i WHERE 1{where}",
            args))
    assert "issues_year" in plan and "SCAN" not in plan


@pytest.mark.parametrize("filters", [{}, {"column": "科普"}, {"year": 2024}])
def test_a_count_limit_counts_only_as_far_as_asked(office, filters):
    from kxdt.archive import SearchFilters

    chosen = SearchFilters(**filters)
    with Archive(office.db, readonly=True) as archive:
        exact = archive.search("科", chosen, limit=2)
        bounded = archive.search("科", chosen, limit=2, count_limit=3)
        roomy = archive.search("科", chosen, limit=2, count_limit=exact.matched)
    assert exact.matched > 3 and not exact.more
    assert (bounded.matched, bounded.more, bounded.complete) == (3, True, False)
    assert bounded.hits == exact.hits
    assert (roomy.matched, roomy.more) == (exact.matched, False)
