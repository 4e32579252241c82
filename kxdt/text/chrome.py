"""Web page chrome around a bulletin copied from a site: navigation, posting lines, font-size and
print buttons, share and QR-code prompts. Recognised by what the lines are made of, in
simplified and traditional characters, never by position alone."""

from __future__ import annotations

import re

# Words a page control line is made of (buttons and labels), nothing else.
_CONTROL_WORDS = (
    "放大", "缩小", "縮小", "字号", "字號", "字体", "字體", "大", "中", "小", "默认", "默認", "打印本页", "打印本頁",
    "打印此页", "打印", "关闭窗口", "關閉窗口", "关闭本页", "关闭", "關閉", "返回顶部", "返回頂部", "返回", "收藏",
    "分享到", "分享", "微信", "微博", "QQ空间", "QQ", "朋友圈", "复制链接", "保存", "扫一扫在手机打开当前页",
    "扫一扫在手机上打开当前页", "掃一掃在手機打開當前頁", "扫一扫", "在手机打开当前页", "手机版", "纠错", "我要纠错",
    "打印文章", "加入收藏", "【", "】", "[", "]", "〖", "〗", "(", ")", "（", "）", "|", "｜", "/", "·", "•",
    ":", "：", "-", "—", ">", "»", "＞",
)
# A line of controls is at most this long (the alternation below is tried only on such lines).
MAX_CONTROL_CHARS = 60
_CONTROL_RE = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(_CONTROL_WORDS, key=len, reverse=True)) + r"|\s)+")
# `当前位置：首页 > 工作动态 > 简报` and its relatives.
_LOCATION_RE = re.compile(r"^\s*(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|所在位置|位置)\s*[:：]")
# `2022-03-07 16:02 来源:`, `发布时间：2022-03-07`, `来源：… 作者：… 浏览次数：…`: when a page was posted.
_STAMP_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
POSTING_RE = re.compile(
    rf"^\s*(?:(?:发布|發佈|发表|發表|更新|录入|錄入)?(?:时间|時間|日期)\s*[:：]\s*)?{_STAMP_DATE}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    r"|^\s*(?:发布|發佈|发表|發表|更新)(?:时间|時間|日期)\s*[:：]"
    r"|^\s*(?:来源|來源|作者|浏览|瀏覽|点击|點擊|阅读|閱讀)[^:：]{0,4}[:：].{0,40}(?:发布|發佈|时间|時間|浏览|瀏覽|点击|點擊|阅读|閱讀|作者)"
    r"|^\s*(?:浏览次数|瀏覽次數|点击数|點擊數|阅读次数|閱讀次數|访问量|訪問量)\s*[:：]?\s*\d*\s*$"
)
_POSTED_DATE_RE = re.compile(_STAMP_DATE)
# Page chrome is a short line: longer text is never tried against the patterns above (a long
# line of control words would make the alternation backtrack exponentially).
MAX_CHROME_CHARS = 120


def is_control_line(text: str) -> bool:
    """A line of page controls only (`放大 缩小`, `【字号：大 中 小】`, `打印本页 关闭窗口`)."""
    stripped = text.strip()
    return 0 < len(stripped) <= MAX_CONTROL_CHARS and any(ch.isalpha() for ch in stripped) \
        and _CONTROL_RE.fullmatch(stripped) is not None


def is_location_line(text: str) -> bool:
    return len(text) <= MAX_CHROME_CHARS and bool(_LOCATION_RE.match(text))


def is_chrome(text: str) -> bool:
    """Navigation, posting lines and page controls: never part of the bulletin."""
    if len(text) > MAX_CHROME_CHARS:
        return False
    return bool(_LOCATION_RE.match(text) or POSTING_RE.match(text) or is_control_line(text))


def posted_date(text: str) -> str | None:
    """The date of a posting line (`2022-03-07 16:02 来源:`), as ISO, or None."""
    if len(text) > MAX_CHROME_CHARS or not POSTING_RE.match(text):
        return None
    match = _POSTED_DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
