"""Matching the 目录提要 to titles: the same answers as comparing every pair, in a bounded number
of difflib comparisons per highlight however many articles an issue has."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kxdt.text import matching
from kxdt.text.chars import squeeze
from kxdt.text.matching import MAX_CANDIDATES, MIN_SIMILARITY, TitleIndex, match_highlights


def pair_by_pair(toc: list[str], titles: list[str]) -> list[int | None]:
    """The definition: every highlight scored against every title (kxdt's matching before the index)."""
    keys = [squeeze(t) for t in titles]
    result: list[int | None] = []
    for item in toc:
        key = squeeze(item)
        best, best_score = None, 0.0
        for index, title in enumerate(keys):
            if not key or not title:
                continue
            if key in title or title in key:
                score = 1.0 + min(len(key), len(title)) / max(len(key), len(title))
            else:
                score = SequenceMatcher(None, key, title, autojunk=False).ratio()
            if score > best_score:
                best, best_score = index, score
        result.append(best if best_score >= MIN_SIMILARITY else None)
    return result


PLACES = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "通州区", "顺义区", "大兴区", "昌平区", "平谷区", "怀柔区",
          "密云区", "延庆区", "门头沟区", "房山区", "石景山区", "市科协", "市科技馆", "市气象学会", "市农学会"]
DOINGS = ["召开", "举办", "开展", "启动", "组织", "参加", "推进", "部署", "召集", "承办"]
THINGS = ["学术年会", "科普讲座", "青少年科技创新大赛", "院士专家座谈会", "科技工作者日活动", "学会能力提升培训",
          "全国科普日主场活动", "科学家精神报告会", "基层科普行动计划", "国际科技交流论坛", "创新驱动助力工程",
          "科技志愿服务", "应急科普宣传周", "老科技工作者座谈", "企业科协工作会"]
TAILS = ["", "取得实效", "圆满落幕", "在京举行", "走进社区", "暨表彰大会", "第二场", "专题研讨"]
HAN = "科协技普学会议创新服务工作人才青年基层社区农村企业院士专家论坛交流合作"


def titles_of(count: int, seed: int) -> list[str]:
    """Different titles worded the way a bulletin's are (many share their words)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        title = rng.choice(PLACES) + rng.choice(DOINGS) + f"{rng.randint(2015, 2025)}年" + rng.choice(THINGS) \
            + rng.choice(TAILS) + "".join(rng.choice(HAN) for _ in range(rng.randint(0, 4)))
        if title not in seen:
            seen.add(title)
            out.append(title)
    return out


def highlights_of(titles: list[str], count: int, seed: int) -> list[str]:
    """Highlights the ways offices write them: the title, shortened, rewritten a little, or unrelated."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        title = rng.choice(titles)
        shape = rng.randrange(4)
        if shape == 0:
            out.append(title)
        elif shape == 1:
            out.append(title[rng.randint(0, 3): len(title) - rng.randint(0, 4)])  # shortened
        elif shape == 2:
            k = rng.randrange(len(title))
            out.append(title[:k] + rng.choice(HAN) + title[k + 1:])  # one character changed
        else:
            out.append("".join(rng.choice(HAN) for _ in range(rng.randint(4, 16))))
    return out


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_an_issue_of_ordinary_size_matches_exactly_as_pair_by_pair(data):
    alphabet = st.sampled_from("科协普及学会议 召开年度工作推进会市区")
    titles = data.draw(st.lists(st.text(alphabet, max_size=14), max_size=MAX_CANDIDATES))
    toc = data.draw(st.lists(st.one_of(st.text(alphabet, max_size=14),
                                       st.sampled_from(titles or [""]).map(lambda t: t[1:])), max_size=12))
    assert match_highlights(toc, titles) == pair_by_pair(toc, titles)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_larger_issue_gives_the_pair_by_pair_answers(seed):
    titles = titles_of(400, seed)
    toc = highlights_of(titles, 60, seed)
    assert match_highlights(toc, titles) == pair_by_pair(toc, titles)


class CountingMatcher(SequenceMatcher):
    made = 0

    def __init__(self, *args, **kwargs):
        type(self).made += 1
        super().__init__(*args, **kwargs)


def best_holding(item: str, titles: list[str]) -> int | None:
    """Pair by pair, for a highlight that some title holds: the best containment wins (a
    containment scores above any difflib ratio), found by substring tests alone."""
    best, best_score = None, 0.0
    for index, title in enumerate(titles):
        if item in title or title in item:
            score = 1.0 + min(len(item), len(title)) / max(len(item), len(title))
            if score > best_score:
                best, best_score = index, score
    return best


def test_a_20000_title_issue_matches_in_a_bounded_number_of_comparisons(monkeypatch):
    monkeypatch.setattr(matching, "SequenceMatcher", CountingMatcher)
    titles = titles_of(20_000, 7)
    rng = random.Random(8)
    wanted = rng.sample(range(len(titles)), 200)
    shortened = [titles[k][2:-1] for k in wanted]  # 目录提要 entries are often shortened titles

    CountingMatcher.made = 0
    found = match_highlights(shortened, titles)
    assert CountingMatcher.made <= MAX_CANDIDATES * len(shortened)
    assert found == [best_holding(item, titles) for item in shortened]

    # One character changed: no title holds it, difflib compares the likeliest titles only.
    changed = [titles[k][:5] + "某" + titles[k][6:] for k in wanted[:50]]
    CountingMatcher.made = 0
    found = match_highlights(changed, titles)
    assert CountingMatcher.made <= MAX_CANDIDATES * len(changed)
    assert found == wanted[:50]

    # `export`'s default contents: every title, each found without difflib at all.
    CountingMatcher.made = 0
    assert match_highlights(titles, titles) == list(range(len(titles)))
    assert CountingMatcher.made == 0


def test_the_nearest_title_is_named_for_a_highlight_that_matches_none():
    index = TitleIndex(["市科协召开学会工作推进会", "科普大篷车开进山区学校"])
    assert index.match("科普大篷车来到乡村小学") is None
    assert index.nearest("科普大篷车来到乡村小学")[0] == 1
    assert index.nearest("完全无关") == (None, 0.0)
