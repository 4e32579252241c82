"""How sure the parser is: `confidence` per masthead field, per article and overall in the JSON
(a documented contract that round-trips), warnings for what it is unsure of, and `kxdt list
--doubtful` over an archive."""

from __future__ import annotations

import json
from dataclasses import replace

import genres
from bulletins import sample_issue
from hypothesis import given, settings
from hypothesis import strategies as st

from kxdt.api import parse_text
from kxdt.archive import Archive
from kxdt.model import MASTHEAD_FIELDS, Confidence, Issue

fractions = st.one_of(st.none(), st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 2)))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 2)), st.lists(fractions, min_size=6, max_size=6),
       fractions, st.lists(fractions, min_size=4, max_size=4))
def test_confidence_round_trips_through_json(overall, fields, contents, articles):
    base = sample_issue()
    issue = replace(base, confidence=Confidence(overall, tuple(zip(MASTHEAD_FIELDS, fields)), contents),
                    articles=tuple(replace(a, confidence=c) for a, c in zip(base.articles, articles)))
    back = Issue.from_dict(json.loads(json.dumps(issue.to_dict(), ensure_ascii=False)))
    assert back == issue
    assert back.to_dict()["confidence"]["masthead"] == dict(zip(MASTHEAD_FIELDS, fields))


def test_json_of_an_older_kxdt_or_a_hand_written_issue_reads_without_confidence():
    data = sample_issue().to_dict()
    del data["confidence"]
    for article in data["articles"]:
        del article["confidence"]
    assert Issue.from_dict(data).confidence is None
    bad = {**data, "confidence": {"overall": 7, "masthead": {"name": "high"}}}
    assert Issue.from_dict(bad).confidence is None  # not a fraction: not a confidence


def test_the_parse_says_how_sure_it_is_of_each_part():
    issue = parse_text(genres.as_text(genres.web_copy()))
    d = issue.to_dict()
    assert set(d["confidence"]) == {"overall", "masthead", "contents"}
    assert list(d["confidence"]["masthead"]) == list(MASTHEAD_FIELDS)
    assert all(0.9 <= v <= 1.0 for v in d["confidence"]["masthead"].values())
    assert d["confidence"]["contents"] == 1.0
    assert all(0.8 <= a["confidence"] <= 1.0 for a in d["articles"])
    assert d["confidence"]["overall"] >= 0.85


def test_a_stand_in_date_and_a_missing_field_are_less_sure():
    """The printed date lost, the page's posting date stands in: the date is least sure; a
    field not found has no confidence at all."""
    text = genres.as_text(genres.web_copy()).replace("某市科协办公室        2023年5月12日", "某市科协办公室")
    issue = parse_text(text)
    assert issue.masthead.date == "2023-05-12"
    assert issue.confidence.field("date") == 0.5
    untitled = parse_text(text.replace("科协工作简报\n", "", 1).replace("科协工作简报2023年第9期", ""))
    assert untitled.masthead.name is None and untitled.confidence.field("name") is None


def test_an_unsure_article_is_named_with_its_reasons():
    """A line as long as a title can be, unpunctuated, before running text: taken for the title,
    with a warning that says the parse is unsure of it, and why."""
    title = "市科协联合市教委市科委市农业农村局等十二个部门召开全市科普工作联席会议暨科技活动周筹备工作部署会"
    issue = parse_text(f"科协要讯\n2022年第8期\n市科协办公室 2022年4月8日\n{title}\n"
                       "会议听取并审议了科技活动周筹备工作方案，部署了各项任务。\n")
    assert issue.articles[0].title == title and issue.articles[0].confidence < 0.6
    warning = next(w for w in issue.warnings if w.startswith("第1篇"))
    assert "可信度" in warning and "标题的依据不足" in warning and "作标题偏长" in warning


def test_the_seed_is_sure_and_silent(seed_path):
    from kxdt.api import parse_file

    issue = parse_file(seed_path)[0]
    assert issue.warnings == () and issue.confidence.overall >= 0.85
    assert min(a.confidence for a in issue.articles) >= 0.8


def _file(db, text: str, name: str) -> None:
    with Archive(db) as archive:
        archive.add(parse_text(text).with_origin(name, name.encode().hex().ljust(64, "0")[:64]))


def test_list_doubtful(isolated_archive, cli):
    _file(isolated_archive, genres.as_text(genres.web_copy()), "sure.txt")
    _file(isolated_archive, "市科协召开全委会\n会议听取并审议了常委会工作报告，部署了全年工作。\n", "prose.txt")
    listed = json.loads(cli("list", "--doubtful", "--json").stdout)
    assert [i["file"].rsplit("/", 1)[-1] for i in listed["issues"]] == ["prose.txt"]
    assert listed["issues"][0]["confidence"] < 0.5 and listed["issues"][0]["weakest"] == "报头（没有期号和日期）"
    assert listed["below"] == 0.8 and listed["unrated"] == 0
    shown = cli("list", "--doubtful")
    assert shown.exit_code == 0 and "prose.txt" in shown.stdout and "共 1 期可信度低于 80%" in shown.stderr
    everything = json.loads(cli("list", "--doubtful", "--below", "1", "--json").stdout)
    assert len(everything["issues"]) == 2 and everything["issues"][0]["confidence"] <= everything["issues"][1]["confidence"]
    assert "没有可信度低于 10% 的期" in cli("list", "--doubtful", "--below", "0.1").stderr
    assert cli("list", "--doubtful", "--below", "2").exit_code == 2


def test_issues_archived_before_confidence_are_counted_and_refreshed_by_replace(isolated_archive, cli, tmp_path):
    old = replace(sample_issue(), confidence=None).with_origin(str(tmp_path / "old.txt"), "b" * 64)
    with Archive(isolated_archive) as archive:
        archive.add(old)
    listed = json.loads(cli("list", "--doubtful", "--json").stdout)
    assert listed["issues"] == [] and listed["unrated"] == 1
    assert "旧版 kxdt 归档" in cli("list", "--doubtful").stderr
    path = tmp_path / "issue.txt"
    path.write_text(genres.as_text(genres.web_copy()), encoding="utf-8")
    assert cli("parse", path).exit_code == 0
    again = cli("parse", path, "--replace")
    assert again.exit_code == 0 and "已替换" in again.stderr
    with Archive(isolated_archive, readonly=True) as archive:
        assert len(archive.issues()) == 2
        assert archive.get(286).confidence is not None


def test_listing_doubtful_issues_starts_fast(tmp_path):
    """`kxdt list --doubtful --below 0.5` loads neither the parser nor pydantic (the float option
    is converted by kxdt's own coercion)."""
    from test_startup import HEAVY_LIBRARIES, UNUSED_BY_READING, loaded_after

    db = tmp_path / "a.sqlite3"
    with Archive(db) as archive:
        archive.add(parse_text(genres.as_text(genres.web_copy())).with_origin("x.txt", "c" * 64))
    loaded = loaded_after(["list", "--doubtful", "--below", "0.5"], str(db))
    assert "kxdt.cli.app" in loaded
    assert [m for m in loaded if m.split(".")[0] in HEAVY_LIBRARIES] == []
    assert [m for m in loaded if any(m == u or m.startswith(u + ".") for u in UNUSED_BY_READING)] == []


def test_explain_lists_every_block_with_its_role_and_reason(cli, tmp_path, isolated_archive):
    path = tmp_path / "web.txt"
    path.write_text(genres.as_text(genres.web_copy()), encoding="utf-8")
    steps = json.loads(cli("explain", path, "--json").stdout)
    roles = [s["role"] for s in steps]
    assert roles[:2] == ["chrome", "masthead"]  # the breadcrumb, then the page's title (an issue line)
    assert roles.count("column") == 3 and roles.count("title") == 5 and roles.count("source") == 5
    assert roles[-1] == "chrome" and "网站页脚" in steps[-1]["reason"]
    column = next(s for s in steps if s["role"] == "column")
    assert column["value"] == "综合工作" and "其后是标题" in column["reason"] and 0.8 <= column["confidence"] <= 1
    shown = cli("explain", path)
    table = "".join(shown.stdout.split())
    assert shown.exit_code == 0 and "栏目" in table and "其后是标题" in table
    assert "可信度" in shown.stderr
    with Archive(isolated_archive, readonly=True) as archive:
        assert archive.is_empty()  # explaining files nothing
