"""The kinds of 简报 an office keeps, as bulletins written for the tests (invented content).

Each bulletin is a list of printed parts — what a reader sees, in order — with the structure a
correct parse gives derived from the same parts, so a form and its expectation never drift
apart. Renderers set one bulletin the ways it reaches kxdt: a web copy's text (a paragraph a
line, blank lines between), a hard-wrapped text layer as a PDF viewer copies it, a Word file
set the way offices set it (names large and red, titles large and bold, column labels bold,
captions small), a web page, and from those the PDFs of LibreOffice and Chromium.

Forms (issue #22): no 第N期 line; numbered contents under group headings; contents labelled in
brackets; bracketed titles; column markers `>>…`, `◆…◆`, `※…※`, `■…`, `一、…`; a name in
《》 with a bracketed Chinese-numeral number, or a compact date glued to it; web chrome above
the masthead and below the issue; photo captions; two-line issuers and titles; pasted PDF text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from bulletins import wrap

# What each part is. Parts of the masthead and chrome carry no expected value of their own:
# the bulletin's `masthead` says what the masthead holds.
KINDS = ("chrome", "name", "issue", "issuer", "date", "head", "group", "entry", "column", "title", "para",
         "source", "caption", "credit", "foot")


@dataclass(frozen=True)
class Part:
    kind: str
    text: str  # as printed
    value: str | None = None  # what the parse gives (an entry's, a column's or a source's text)


@dataclass(frozen=True)
class Bulletin:
    key: str
    parts: tuple[Part, ...]
    masthead: dict[str, object]
    indent: str = "\u3000\u3000"  # how a web copy indents its paragraphs
    notes: tuple[str, ...] = field(default_factory=tuple)

    def expected(self) -> dict[str, object]:
        """The structure a correct parse gives: masthead, toc and articles."""
        toc: list[str] = []
        articles: list[dict[str, object]] = []
        column: str | None = None
        titled = False
        for part in self.parts:
            if part.kind == "entry":
                toc.append(part.value or part.text)
            elif part.kind == "column":
                column = part.value or part.text
            elif part.kind == "title":
                if titled:  # a title over two lines
                    articles[-1]["title"] += part.value or part.text
                else:
                    articles.append({"column": column, "title": part.value or part.text, "paragraphs": [],
                                     "source": None, "captions": []})
                titled = True
                continue
            elif part.kind == "para":
                articles[-1]["paragraphs"].append(part.value or part.text)
            elif part.kind == "source":
                articles[-1]["source"] = part.value
            elif part.kind == "caption" and (part.value or part.text) not in articles[-1]["captions"][-1:]:
                articles[-1]["captions"].append(part.value or part.text)  # printed twice: one caption
            titled = False
        return {"masthead": dict(self.masthead), "toc": toc, "articles": articles}


def _p(kind: str, text: str, value: str | None = None) -> Part:
    assert kind in KINDS, kind
    return Part(kind, text, value)


def _masthead(name=None, year=None, number=None, total=None, issuer=None, date=None) -> dict[str, object]:
    return {"name": name, "year": year, "number": number, "total": total, "issuer": issuer, "date": date}


# Running text for the articles: invented sentences, each paragraph a complete thought.
_OPENINGS = (
    "活动现场设置了展板和咨询台，专家们耐心解答群众提出的问题，发放宣传资料两千余份。",
    "会议听取了上一阶段的工作汇报，分析了当前面临的形势和任务，对下一步重点工作作出部署。",
    "培训采取集中授课与现场观摩相结合的方式，学员们普遍反映内容实用、针对性强。",
    "参加活动的科技工作者围绕产业发展中的技术难题深入交流，提出了十余条意见建议。",
    "活动吸引了周边社区居民和学校师生踊跃参与，现场气氛热烈，互动体验区前排起长队。",
    "与会同志结合各自工作实际交流了经验做法，一致表示要把各项任务落到实处。",
    "专家们走进田间地头和生产车间，手把手传授实用技术，帮助解决生产中的实际困难。",
    "据了解，此项工作已连续开展五年，累计服务群众三万余人次，取得了良好的社会效益。",
)
_CLOSINGS = (
    "下一步，将继续加强统筹协调，推动各项工作取得新的成效。",
    "与会人员表示，将以此次活动为契机，进一步提升服务能力和水平。",
    "活动的成功举办，为推动全民科学素质提升营造了良好氛围。",
    "大家纷纷表示收获很大，希望今后多组织此类活动。",
)


def _article(title: str, k: int, *, opening: str, source: str | None = None, two: bool = True,
             source_form: str = "（{}）") -> list[Part]:
    """A title, one or two paragraphs (the first begins with `opening`, a dated clause) and a source."""
    parts = [_p("title", title), _p("para", opening + _OPENINGS[k % len(_OPENINGS)])]
    if two:
        parts.append(_p("para", _CLOSINGS[k % len(_CLOSINGS)]))
    if source:
        parts.append(_p("source", source_form.format(source), source))
    return parts


# --- 1. No 第N期 line: a name, a Chinese-numeral date, a 主办： issuer, a long numbered 目录 ----
_COUNTY_TITLES = (
    "县科协召开二〇一〇年科普工作会议",
    "县科协组织开展科技活动周系列活动",
    "青山镇举办农村实用技术培训班",
    "县老科协专家深入茶园指导春茶生产",
    "县青少年科技创新大赛圆满结束",
    "县科协开展“科普进社区”活动",
    "县气象学会发布汛期天气趋势预报",
    "县科协组织科技人员赴受灾乡镇开展技术服务",
    "县农学会召开第三届会员代表大会",
    "县科技馆接待参观学生逾两千人次",
    "县科协举办基层科普带头人培训班",
    "县科协与县教育局联合开展科普知识竞赛",
)


def no_issue_line(*, order: str = "name-date-issuer") -> Bulletin:
    """A county 科协's 《科普信息》 without any 第N期: name, 二○一○年…, 主办：…, 目  录 of twelve
    numbered entries, then the articles (no columns)."""
    head = {"name": _p("name", "科普信息"), "date": _p("date", "二○一○年五月二十日"),
            "issuer": _p("issuer", "主办：青山县科学技术协会")}
    parts = [head[k] for k in order.split("-")]
    parts.append(_p("head", "目  录"))
    parts += [_p("entry", f"{n}、{t}", t) for n, t in enumerate(_COUNTY_TITLES, 1)]
    for k, title in enumerate(_COUNTY_TITLES):
        day = 3 + k
        parts += _article(title, k, opening=f"5月{day}日，", source="县科协办公室" if k % 3 == 0 else None, two=k % 2 == 0)
    return Bulletin("no-issue-line", tuple(parts),
                    _masthead("科普信息", 2010, None, None, "青山县科学技术协会", "2010-05-20"))


# --- 2. Numbered contents under group headings (※…※), the same groups as body columns ------
_GROUPS = (
    ("工作动态", ("市农技推广站召开夏季农业生产技术指导会", "全市农技人员业务能力提升培训班开班",
                  "市农技推广站与市农科院签订技术合作协议")),
    ("基层信息", ("东湖区建成蔬菜绿色防控示范基地", "西山县推广水稻侧深施肥技术三万亩",
                  "南岭镇举办果树修剪技术现场会", "北坡乡农技站开展土壤墒情监测")),
    ("技术指导", ("夏季高温天气蔬菜生产管理技术要点", "水稻纹枯病防治技术意见",
                  "玉米大喇叭口期田间管理措施", "设施大棚夏季休闲期管理建议")),
)


def grouped_contents(*, marker: str = "※{}※") -> Bulletin:
    parts = [_p("name", "农技推广简报"), _p("issue", "2018年第6期（总第58期）"),
             _p("issuer", "某市农业技术推广站        2018年6月15日"), _p("head", "目录")]
    n = 0
    for group, titles in _GROUPS:
        parts.append(_p("group", marker.format(group)))
        for title in titles:
            n += 1
            parts.append(_p("entry", f"{n}、{title}", title))
    k = 0
    for group, titles in _GROUPS:
        parts.append(_p("column", marker.format(group), group))
        for title in titles:
            parts += _article(title, k, opening=f"6月{4 + k}日，", source="市农技推广站" if k % 2 else None, two=k % 3 != 1)
            k += 1
    return Bulletin("grouped-contents", tuple(parts),
                    _masthead("农技推广简报", 2018, 6, 58, "某市农业技术推广站", "2018-06-15"))


# --- 3. Contents labelled in brackets, `>` or `·` entries; 【】 columns ----------------------
_VOLUNTEER = (
    ("志愿动态", ("市科技志愿服务总队开展“科普大篷车进乡村”活动", "科技志愿者走进养老机构开展健康讲座")),
    ("基层风采", ("河西街道科技志愿服务站获评市级示范站点", "高新区组建青年科技志愿者服务队")),
)


def bracket_contents(*, label: str = "【本期导读】", bullet: str = ">") -> Bulletin:
    parts = [_p("name", "科技志愿服务简报"), _p("issue", "2021年第12期（总第40期）"),
             _p("issuer", "市科技志愿服务总队办公室        2021年9月10日"), _p("head", label)]
    parts += [_p("entry", f"{bullet}{t}", t) for _, titles in _VOLUNTEER for t in titles]
    k = 0
    for column, titles in _VOLUNTEER:
        parts.append(_p("column", f"【{column}】", column))
        for title in titles:
            parts += _article(title, k, opening=f"9月{2 + k}日，", source="市科技志愿服务总队", two=k != 2,
                              source_form="（{}供稿）")
            k += 1
    return Bulletin("bracket-contents", tuple(parts),
                    _masthead("科技志愿服务简报", 2021, 12, 40, "市科技志愿服务总队办公室", "2021-09-10"))


# --- 4. Bracketed titles (no columns) ----------------------------------------------------
_BRACKETED = ("全市科协系统工作会议今天上午开幕", "市科协与市农科院签署战略合作协议", "第十届青少年科学节在市科技馆举行",
              "市科协召开学会秘书长联席会议")


def bracketed_titles() -> Bulletin:
    parts = [_p("name", "科协要讯"), _p("issue", "2022年第8期"), _p("issuer", "市科协办公室        2022年4月8日")]
    for k, title in enumerate(_BRACKETED):
        parts += [Part("title", f"【{title}】", title), *_article(title, k, opening=f"4月{6 + k % 2}日，",
                                                                 source="市科协办公室" if k == 1 else None)[1:]]
    return Bulletin("bracketed-titles", tuple(parts), _masthead("科协要讯", 2022, 8, None, "市科协办公室", "2022-04-08"))


# --- 5. Column markers of other offices --------------------------------------------------
COLUMN_MARKERS = {"chevrons": ">>{}", "diamonds": "◆{}◆", "references": "※{}※", "square": "■{}", "numbered": "{n}、{}",
                  "brackets": "【{}】"}
_SOCIETY = (
    ("学会动态", ("市电子学会召开第九次会员代表大会", "市机械工程学会举办智能制造论坛")),
    ("科普活动", ("市科普讲师团走进农村中学", "“院士专家讲科普”活动在西城区举办")),
    ("会员服务", ("市科协为青年科技工作者举办职称申报辅导讲座",)),
)


def column_marker(style: str) -> Bulletin:
    marker = COLUMN_MARKERS[style]
    numbers = iter("一二三四五六")
    parts = [_p("name", "学会工作通讯"), _p("issue", "2020年第3期（总第119期）"),
             _p("issuer", "市科协学会部        2020年3月20日"), _p("head", "目录提要")]
    parts += [_p("entry", f"●{t}", t) for _, titles in _SOCIETY for t in titles[:1]]
    k = 0
    for column, titles in _SOCIETY:
        label = marker.format(column, n=next(numbers)) if "{n}" in marker else marker.format(column)
        parts.append(_p("column", label, column))
        for title in titles:
            parts += _article(title, k, opening=f"3月{10 + k}日，", source="市科协学会部" if k % 2 else None)
            k += 1
    return Bulletin(f"column-{style}", tuple(parts), _masthead("学会工作通讯", 2020, 3, 119, "市科协学会部", "2020-03-20"))


# --- 6. Names in 《》 with a bracketed number, or with a compact date ------------------------
def bracketed_number() -> Bulletin:
    parts = [_p("name", "《科技工作者之家》[第一百零五期]"), _p("issuer", "某市科学技术协会编印        2016年11月4日"),
             _p("column", "【工作动态】", "工作动态")]
    parts += _article("市科协召开科技工作者状况调查工作部署会", 0, opening="11月1日，", source="调研宣传部")
    parts += _article("市科协开展“科技工作者日”系列走访慰问活动", 1, opening="11月2日，", source="组织人事部")
    return Bulletin("bracketed-number", tuple(parts),
                    _masthead("科技工作者之家", 2016, 105, None, "某市科学技术协会", "2016-11-04"))


def compact_date() -> Bulletin:
    parts = [_p("name", "《青山科协手机报》20190313"), _p("issuer", "主办：青山县科学技术协会"),
             _p("column", "【要闻】", "要闻")]
    parts += _article("县科协召开二〇一九年工作会议", 2, opening="3月11日，", source="县科协办公室")
    parts.append(_p("column", "【科普】", "科普"))
    parts += _article("“三下乡”科普小分队走进石门村", 4, opening="3月12日，", two=False)
    return Bulletin("compact-date", tuple(parts),
                    _masthead("青山科协手机报", 2019, None, None, "青山县科学技术协会", "2019-03-13"))


# --- 7. A web copy: chrome above the masthead and below the issue --------------------------
WEB_TOP = ("网站首页 > 工作动态 > 工作简报", "科协工作简报2023年第9期",
           "发布时间：2023-05-12 10:20:30    来源：市科协办公室    浏览次数：1234")
WEB_FOOT = ("附件下载：科协工作简报2023年第9期.pdf", "【打印此页】 【关闭】", "上一篇：科协工作简报2023年第8期",
            "下一篇：科协工作简报2023年第10期",
            "版权所有：某市科学技术协会  京ICP备12345678号-1  技术支持：某某网络科技有限公司")
_WEB = (
    ("综合工作", ("市科协召开二〇二三年党风廉政建设工作会议", "市科协开展“走基层、解难题”专题调研")),
    ("学会工作", ("市化学学会举办青年化学家学术论坛",)),
    ("科普工作", ("全市科普讲解大赛决赛举行", "市科技馆推出“周末科学课堂”系列活动")),
)


def web_copy(*, top: tuple[str, ...] = WEB_TOP, foot: tuple[str, ...] = WEB_FOOT) -> Bulletin:
    parts = [_p("chrome", line) for line in top]
    parts += [_p("name", "科协工作简报"), _p("issue", "2023年第9期（总第286期）"),
              _p("issuer", "某市科协办公室        2023年5月12日"), _p("head", "目录提要")]
    parts += [_p("entry", f"●{t}", t) for _, titles in _WEB for t in titles]
    k = 0
    for column, titles in _WEB:
        parts.append(_p("column", f"【{column}】", column))
        for title in titles:
            parts += _article(title, k, opening=f"5月{8 + k % 3}日，", source="市科协办公室" if k != 3 else "市科技馆")
            k += 1
    parts += [_p("foot", line) for line in foot]
    return Bulletin("web-copy", tuple(parts), _masthead("科协工作简报", 2023, 9, 286, "某市科协办公室", "2023-05-12"))


# --- 8. Captions, two-line titles and issuers ---------------------------------------------
def captions_and_titles() -> Bulletin:
    """A photo caption under a title, repeated (alt text and caption); a caption before the
    source; a two-line title whose first line ends in `：`; a two-line issuer above the date."""
    parts = [_p("name", "老科技工作者简报"), _p("issue", "2019年第五期（总第121期）"),
             _p("issuer", "某大学老科学技术工作者协会"), _p("issuer", "秘书处        2019年6月3日")]
    parts += [_p("title", "老科协组织会员赴科技园区"), _p("title", "参观学习"),
              _p("caption", "会员们在科技园区展厅参观"), _p("caption", "会员们在科技园区展厅参观"),
              _p("para", "5月28日，校老科协组织五十余名会员赴科技园区参观学习。" + _OPENINGS[1]),
              _p("para", _CLOSINGS[0]),
              _p("source", "（校老科协秘书处）", "校老科协秘书处")]
    parts += [_p("title", "服务乡村振兴系列报道之二："), _p("title", "农学分会专家赴对口帮扶县指导果树种植"),
              _p("para", "5月30日，农学分会组织果树专家赴对口帮扶县开展技术指导。" + _OPENINGS[6]),
              _p("caption", "图为专家在果园指导果农修剪果树"),
              _p("source", "（农学分会供稿）", "农学分会")]
    parts += [_p("title", "医学分会举办老年健康知识讲座"),
              _p("para", "6月1日，医学分会在校医院举办老年健康知识讲座。" + _OPENINGS[4]),
              _p("caption", "讲座现场座无虚席"),
              _p("source", "（医学分会）", "医学分会")]
    return Bulletin("captions-and-titles", tuple(parts),
                    _masthead("老科技工作者简报", 2019, 5, 121, "某大学老科学技术工作者协会秘书处", "2019-06-03"))


# --- 9. Pasted PDF text: lines broken after a closing quote --------------------------------
_QUOTED = (
    ("市科协启动“科技助力乡村振兴”专项行动",
     "3月15日，市科协召开专项行动启动会，部署开展“科技助力乡村振兴”专项行动，组织“科技小院”"
     "、“专家工作站”和“科普示范村”建设，推动科技资源向农村基层下沉，全年计划培训新型职业农民"
     "五千人次，推广新品种新技术一百项以上。会议要求各区科协主动对接需求，做到“一村一策”，确保"
     "各项任务按期完成。"),
    ("青少年“科学梦想课堂”开课",
     "3月18日，由市科协和市教委联合主办的青少年“科学梦想课堂”正式开课。首批课程包括“趣味物理”"
     "、“生活中的化学”、“身边的生物多样性”等十二门，由高校和科研院所的专家授课，面向全市中小学生"
     "免费开放，预计全年服务学生一万人次。"),
)


def pasted_pdf() -> Bulletin:
    parts = [_p("name", "科协信息"), _p("issue", "2024年第6期（总第215期）"),
             _p("issuer", "某市科协办公室        2024年3月22日"), _p("column", "【科协要闻】", "科协要闻")]
    for title, text in _QUOTED:
        parts += [_p("title", title), _p("para", text), _p("source", "（市科协办公室）", "市科协办公室")]
    return Bulletin("pasted-pdf", tuple(parts), _masthead("科协信息", 2024, 6, 215, "某市科协办公室", "2024-03-22"))


def all_forms() -> list[Bulletin]:
    return [no_issue_line(), grouped_contents(), bracket_contents(), bracket_contents(label="【导读】", bullet="·"),
            bracketed_titles(), *(column_marker(m) for m in COLUMN_MARKERS), bracketed_number(), compact_date(),
            web_copy(), captions_and_titles(), pasted_pdf()]


# --- renderers ---------------------------------------------------------------------------
def as_text(bulletin: Bulletin, *, blank: bool = True, indent: str | None = None) -> str:
    """A web copy's text: a part a line, paragraphs indented, blank lines between."""
    indent = bulletin.indent if indent is None else indent
    lines = [(indent + p.text) if p.kind == "para" else p.text for p in bulletin.parts]
    return ("\n\n" if blank else "\n").join(lines) + "\n"


def as_pasted(bulletin: Bulletin, *, width: float = 28, break_after_quote: bool = True) -> str:
    """Text copied out of a PDF viewer: hard-wrapped at the grid width; the viewer also breaks a
    line after a closing quote `”` that falls near the margin, so the next line starts with
    `，` or `、`; paragraph starts indented by two ideographic spaces, no blank lines."""
    out: list[str] = []
    for part in bulletin.parts:
        if part.kind != "para":
            out.append(part.text)
            continue
        lines = wrap(part.text, width, first_indent=2)
        if break_after_quote:
            lines = _break_after_quotes(lines)
        out += ["\u3000\u3000" + lines[0], *lines[1:]]
    return "\n".join(out) + "\n"


def _break_after_quotes(lines: list[str]) -> list[str]:
    """Move what follows a `”` in a line's last eight characters (a `，` or `、`) to the next line,
    as a viewer does that breaks a line after a closing quote: the line stops short."""
    out: list[str] = []
    carry = ""
    for line in lines:
        line = carry + line
        carry = ""
        cut = line.rfind("”", max(0, len(line) - 8))
        if 0 <= cut < len(line) - 1 and line[cut + 1] in "，、":
            line, carry = line[: cut + 1], line[cut + 1:]
        out.append(line)
    if carry:
        out.append(carry)
    return out


# Fonts the test machines have (the office's 仿宋_GB2312 and 方正小标宋 would be substituted, and
# LibreOffice then sets “” and ○ in a Latin fallback font, which pypdf places at a line's end).
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
_DOCX_LOOKS = {  # kind -> (size pt, bold, centred, red, font)
    "name": (26, True, True, True, SERIF),
    "issue": (14, False, True, False, SERIF),
    "issuer": (14, False, False, False, SERIF),
    "date": (14, False, True, False, SERIF),
    "head": (16, True, True, False, SANS),
    "group": (14, True, False, False, SANS),
    "entry": (14, False, False, False, SERIF),
    "column": (16, True, False, False, SANS),
    "title": (20, True, True, False, SERIF),
    "para": (16, False, False, False, SERIF),
    "source": (16, False, False, False, SERIF),
    "caption": (12, False, True, False, SERIF),
    "credit": (12, False, False, False, SERIF),
}


def as_docx(bulletin: Bulletin, path: Path) -> Path:
    """The bulletin set in Word the way an office sets it (web chrome is not part of it)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    for part in bulletin.parts:
        if part.kind in ("chrome", "foot"):
            continue
        size, bold, centred, red, font = _DOCX_LOOKS[part.kind]
        paragraph = document.add_paragraph()
        text = part.text
        if part.kind == "issuer" and "        " in text:
            text = text.replace("        ", "\t\t")
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.font.name = font
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)
        fonts.set(qn("w:hint"), "eastAsia")  # quotes and ○ in the Chinese font, as Chinese Word sets them
        if red:
            run.font.color.rgb = RGBColor(0xC0, 0, 0)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if part.kind == "para":
            paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    document.save(path)
    return path


_HTML_TAGS = {"name": '<h1 class="c">{}</h1>', "issue": '<div class="c">{}</div>', "issuer": "<div>{}</div>",
              "date": '<div class="c">{}</div>', "head": '<div class="c"><b>{}</b></div>', "group": "<div><b>{}</b></div>",
              "entry": "<div>{}</div>", "column": "<div><b>{}</b></div>", "title": "<h2>{}</h2>", "para": "<p>{}</p>",
              "source": "<div>{}</div>", "caption": '<div class="cap">{}</div>', "credit": "<div>{}</div>",
              "chrome": '<div class="meta">{}</div>', "foot": '<div class="meta">{}</div>'}


def as_html(bulletin: Bulletin) -> str:
    """The bulletin as an office's site shows it, chrome included."""
    rows = [_HTML_TAGS[p.kind].format(html.escape(p.text).replace("        ", "&emsp;" * 4)) for p in bulletin.parts]
    return ('<!doctype html><html><head><meta charset="utf-8"><style>'
            'body{font-family:"Noto Serif CJK SC",serif;font-size:16pt;width:156mm;margin:0 auto}'
            ".c{text-align:center} h1{color:#c00;font-size:30pt} h2{font-size:20pt;text-align:center}"
            "p{text-indent:2em;margin:0} .cap{text-align:center;font-size:12pt} .meta{font-size:10pt}"
            "</style></head><body>\n" + "\n".join(rows) + "\n</body></html>\n")


def summary(issue) -> dict[str, object]:
    """A parsed issue in the shape of `Bulletin.expected()`."""
    d = issue.to_dict() if not isinstance(issue, dict) else issue
    return {"masthead": dict(d["masthead"]), "toc": list(d["toc"]),
            "articles": [{"column": a["column"], "title": a["title"], "paragraphs": list(a["paragraphs"]),
                          "source": a["source"], "captions": list(a["captions"])} for a in d["articles"]]}
