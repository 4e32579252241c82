"""What the parser decided a block is, the signals behind it, and how sure that makes it.

A decision is never one rule firing: each signal (where the block stands, what follows it, how
often its style repeats, how it is set, how it is worded) says something for or against, with a
weight. Support adds up like independent witnesses (`1 − Π(1 − w)`); each signal against takes
its share away (`× (1 − w)`). The reason kept is the signals in words.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a block can be, with its name in Chinese. `title+` continues the title above it (a title
# over several lines); `note` is a footnote or endnote, `editors-note` the 编者按 before the articles.
ROLE_NAMES = {
    "chrome": "网页杂项", "masthead": "报头", "editors-note": "编者按", "note": "注释", "contents-heading": "目录标题",
    "contents-group": "目录分组", "contents-entry": "目录条目", "column": "栏目", "title": "标题", "title+": "标题（续行）",
    "caption": "图片说明", "credit": "署名", "source": "来源", "body": "正文", "orphan": "标题前的正文（略去）",
}
ROLES = tuple(ROLE_NAMES)


@dataclass(frozen=True)
class Signal:
    says: str  # the signal in words (Chinese: reasons may reach the user in warnings)
    weight: float  # > 0 for the decision, < 0 against it; |weight| ≤ 1

    def __post_init__(self) -> None:
        if not -1.0 <= self.weight <= 1.0:
            raise ValueError(f"weight out of range: {self.weight}")


def weigh(signals: tuple[Signal, ...] | list[Signal]) -> float:
    """How sure the signals make a decision (0–1)."""
    doubt = 1.0
    against = 1.0
    for signal in signals:
        if signal.weight >= 0:
            doubt *= 1.0 - signal.weight
        else:
            against *= 1.0 + signal.weight
    return round((1.0 - doubt) * against, 3)


@dataclass(frozen=True)
class Decision:
    role: str
    signals: tuple[Signal, ...] = ()
    value: str | None = None  # what the block yields: a column's name, a title without its brackets

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role: {self.role}")

    @property
    def confidence(self) -> float:
        return weigh(self.signals)

    @property
    def reason(self) -> str:
        return "；".join(s.says for s in self.signals if s.weight > 0) or "—"

    @property
    def doubts(self) -> str:
        return "；".join(s.says for s in self.signals if s.weight < 0)


def decided(role: str, *signals: Signal, value: str | None = None) -> Decision:
    return Decision(role, tuple(signals), value)
