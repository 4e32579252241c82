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
# `网站首页 > 工作动态 > 工作简报`: a breadcrumb without its `当前位置` label.
_BREADCRUMB_RE = re.compile(r"^\s*(?:网站首页|首\s*页|主页|首頁|網站首頁)\s*(?:[>»＞→/]|&gt;)")
# Posting metadata: labelled fields of the page (`来源：… 作者：… 编辑：…`, `浏览次数：12`).
_META_FIELD_RE = re.compile(r"(?:信息来源|文章来源|来源|來源|作者|责任编辑|责编|编辑|編輯|发布者|发布人|发布单位|审核|浏览次数|瀏覽次數|"
                            r"浏览|瀏覽|点击数|点击|點擊|阅读次数|阅读|閱讀|访问量|字号|字號)\s*[:：]")
# Fields only a web page has (a printed credit line may name 作者 and 编辑 too).
_PAGE_FIELD_RE = re.compile(r"(?:信息来源|文章来源|来源|來源|发布|浏览|瀏覽|点击|點擊|阅读|閱讀|访问|字号|字號)")
_EMPTY_FIELD_RE = re.compile(r"^\s*(?:来源|來源|作者|编辑|編輯|发布时间|發佈時間)\s*[:：]\s*$")
# Below the issue: attachments, links to the neighbouring posts, the site's footer.
_ATTACHMENT_RE = re.compile(r"^\s*(?:附件下载|附件下載|下载附件|相关附件|附件)\s*[:：]?.{0,80}\.(?:pdf|docx?|wps|xlsx?|rar|zip|ofd)\s*$",
                            re.IGNORECASE)
_NEIGHBOUR_RE = re.compile(r"^\s*[【\[]?(?:上一篇|下一篇|上一条|下一条|上一條|下一條|上篇|下篇)[】\]]?\s*[:：]")
_SITE_FOOTER_RE = re.compile(r"版权所有|版權所有|Copyright|©|ICP\s*备|ICP\s*備|ICP证|公网安备|公網安備|技术支持\s*[:：]|技術支持\s*[:：]|"
                             r"网站标识码|網站標識碼|网站地图|建议使用.{0,20}浏览器", re.IGNORECASE)
# The heading of a list of links to other posts (`相关新闻`): the short lines under it are links.
LINK_LIST_RE = re.compile(r"^\s*[【\[]?\s*(?:相关新闻|相关文章|相关阅读|相关链接|相关信息|相关稿件|推荐阅读|延伸阅读|热门文章|热点新闻|"
                          r"最新文章|最新动态|相關新聞|相關文章|相關閱讀|相關鏈接)\s*[】\]]?\s*[:：]?\s*$")
# Longer than this, or holding a full stop, a line is running text, not page furniture.
_MAX_FURNITURE_CHARS = 160


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
    return bool(_LOCATION_RE.match(text) or POSTING_RE.match(text) or is_control_line(text)) or chrome_kind(text) is not None


def chrome_kind(text: str) -> str | None:
    """What kind of page furniture a line is (a word for the reason kept with the decision),
    or None: breadcrumbs, posting metadata, attachments, links to neighbouring posts, the
    site's footer. Wherever such a line sits, it is not the bulletin's."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_FURNITURE_CHARS or "。" in stripped:
        return None
    if _LOCATION_RE.match(stripped) or _BREADCRUMB_RE.match(stripped):
        return "导航"
    fields = _META_FIELD_RE.findall(stripped)
    if POSTING_RE.match(stripped) or _EMPTY_FIELD_RE.match(stripped) or (
            len(fields) >= 2 and any(_PAGE_FIELD_RE.match(f) for f in fields)):
        return "发布信息"
    if is_control_line(stripped):
        return "网页按钮"
    if _ATTACHMENT_RE.match(stripped):
        return "附件链接"
    if _NEIGHBOUR_RE.match(stripped):
        return "上下篇链接"
    if _SITE_FOOTER_RE.search(stripped):
        return "网站页脚"
    if LINK_LIST_RE.match(stripped):
        return "相关链接"
    return None


def posted_date(text: str) -> str | None:
    """The date of a posting line (`2022-03-07 16:02 来源:`), as ISO, or None."""
    if len(text) > MAX_CHROME_CHARS or not POSTING_RE.match(text):
        return None
    match = _POSTED_DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
