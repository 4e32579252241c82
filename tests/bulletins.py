"""Bulletins written for the tests (invented content), and generators of text-layer layouts.

`sample_issue()` is an issue of our own; the layout functions typeset it the ways scraped PDFs
and office files come: hard-wrapped at a grid width with page numbers and blank lines, one
paragraph a line with ideographic-space indents, and so on. Every layout must parse back to
the same structure.
"""

from __future__ import annotations

import unicodedata

from kxdt.model import Article, Issue, Masthead

CLOSING = "，。、；：？！”’）》」』"


def sample_issue() -> Issue:
    return Issue(
        masthead=Masthead(name="科协工作简报", year=2022, number=37, total=412, issuer="某某市科协办公室", date="2022-11-25"),
        toc=("市科协举办科技工作者座谈会", "科普大篷车开进山区学校", "西城区科协召开学会工作推进会"),
        articles=(
            Article(
                title="市科协举办科技工作者座谈会",
                paragraphs=(
                    "11月22日，市科协举办科技工作者座谈会，来自高校、科研院所和企业的18位科技工作者代表参加座谈，围绕科研环境、人才评价和成果转化等话题交流意见建议。",
                    "与会代表认为，近年来本市科研条件不断改善，青年科技人才成长通道逐步畅通。代表们建议进一步减轻科研人员非科研负担，完善以创新价值、能力、贡献为导向的评价体系，为科技工作者潜心研究创造更好条件。",
                    "市科协负责同志表示，将认真梳理代表们的意见建议，及时向有关部门反映，切实当好科技工作者之家。",
                ),
                source=None,
            ),
            Article(
                column="科普工作",
                title="科普大篷车开进山区学校——流动科技馆巡展第三站在南山镇中心小学举办",
                paragraphs=(
                    "近日，流动科技馆巡展第三站走进南山镇中心小学，60余件互动展品让山区孩子在家门口感受科技魅力。巡展期间，科普辅导员还带来了“空气炮”“神奇的静电”等科学实验秀，现场笑声不断。",
                    "据悉，流动科技馆巡展今年将走进全市12所山区学校，预计服务师生和周边群众2万人次。",
                ),
                source="市科技馆",
            ),
            Article(
                column="科普工作",
                title="气象科普进农村活动走进十个行政村",
                paragraphs=(
                    "为提升农民群众应对极端天气的能力，市气象学会联合市科协在全市10个行政村开展气象科普进农村活动，发放《农业气象灾害防御手册》3000册，开展专题讲座12场。",
                ),
                source="市气象学会",
            ),
            Article(
                column="学会动态",
                title="西城区科协召开学会工作推进会",
                paragraphs=(
                    "11月18日，西城区科协召开学会工作推进会，区属23家学会负责同志参加。会议通报了2022年学会工作进展情况，交流了学会服务创新发展的经验做法。",
                    "会议要求，各学会要突出学术特色，加强自身建设，在服务科技工作者、服务创新驱动发展中发挥更大作用。",
                ),
                source="西城区科协",
            ),
        ),
    )


def em(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


def wrap(text: str, width: float, first_indent: float = 0.0) -> list[str]:
    """Hard-wrap like a typesetter on a character grid; closing punctuation may hang."""
    lines, line, used, limit = [], "", 0.0, width - first_indent
    for ch in text:
        w = em(ch)
        if used + w > limit and line and not (ch in CLOSING and used + w <= limit + 1):
            lines.append(line)
            line, used, limit = "", 0.0, width
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines


def _body_lines(issue: Issue, width: float, title_width: float, spaced_digits: bool) -> list[str]:
    def spaced(text: str) -> str:
        if not spaced_digits:
            return text
        out = ""
        for a, b in zip(text, text[1:] + " "):
            out += a
            if (a.isdigit() and not b.isdigit() and b.strip() and b not in CLOSING) or (
                not a.isdigit() and b.isdigit() and a not in "（“"
            ):
                out += " "
        return out

    lines = []
    column = None
    for article in issue.articles:
        if article.column and article.column != column:
            lines.append(f"【{article.column}】")
            column = article.column
        lines.extend(wrap(article.title, title_width))
        for k, paragraph in enumerate(article.paragraphs):
            last = k == len(article.paragraphs) - 1
            text = paragraph + (f"（{article.source}）" if last and article.source else "")
            lines.extend(spaced(line) for line in wrap(text, width, first_indent=2))
    return lines


def _masthead_lines(issue: Issue) -> list[str]:
    m = issue.masthead
    y, mo, d = (int(x) for x in m.date.split("-"))
    return [" ".join(m.name), f"{m.year} 年 第 {m.number} 期", f"（总第 {m.total} 期）",
            f"{m.issuer} {y} 年 {mo}月 {d} 日", "目录提要", *(f"●{t}" for t in issue.toc)]


def scraped(issue: Issue, *, width: float = 28, per_page: int = 22, marker: str = "- {n} -",
            marker_at: str = "top", blank_lines: bool = True, spaced_digits: bool = True,
            page_space: bool = True, junk: bool = True) -> str:
    """The text layer of a PDF: hard-wrapped lines, page numbers, page-start spaces, link noise."""
    pages = [_masthead_lines(issue)]
    body = _body_lines(issue, width, title_width=20, spaced_digits=spaced_digits)
    pages += [body[i : i + per_page] for i in range(0, len(body), per_page)]
    out: list[str] = []
    for n, page in enumerate(pages, 1):
        page = list(page)
        if page_space and n > 2:
            page[0] = " " + page[0]
        if marker_at == "top":
            out.append(marker.format(n=n))
        out.extend(page)
        if marker_at == "bottom":
            out.append(marker.format(n=n))
        if junk and n == 3:
            out.append("http://www.example.com/link?url=abcdefg")
    return ("\n\n" if blank_lines else "\n").join(out) + "\n"


def body_parts(issue: Issue) -> list[tuple[str, str]]:
    """The articles as an editor types them: ("column", label) where the column changes,
    ("title", title), ("paragraph", text) with the source at the end of the last paragraph."""
    parts: list[tuple[str, str]] = []
    column = None
    for article in issue.articles:
        if article.column and article.column != column:
            parts.append(("column", article.column))
        column = article.column
        parts.append(("title", article.title))
        for k, text in enumerate(article.paragraphs):
            last = k == len(article.paragraphs) - 1
            parts.append(("paragraph", text + (f"（{article.source}）" if last and article.source else "")))
    return parts


def one_paragraph_a_line(issue: Issue, *, indent: str = "\u3000\u3000") -> str:
    """What copying from Word gives: a paragraph per line, first-line indent as ideographic spaces."""
    m = issue.masthead
    y, mo, d = (int(x) for x in m.date.split("-"))
    lines = [m.name, f"{m.year}年第{m.number}期（总第{m.total}期）", m.issuer, f"{y}年{mo}月{d}日", "", "本期提要"]
    lines += [f"◆{t}" for t in issue.toc]
    column = None
    for article in issue.articles:
        if article.column and article.column != column:
            lines.append(f"【{article.column}】")
            column = article.column
        lines.append(article.title)
        lines += [indent + p for p in article.paragraphs]
        if article.source:
            lines.append(f"（{article.source}供稿）")
    return "\n".join(lines) + "\n"


def longer_issue() -> Issue:
    """An issue of eight articles (our own text): long enough that two columns, two pages on a
    sheet and page numbers show on several pages."""
    base = sample_issue()
    more = (
        Article(
            column="学会动态",
            title="市计算机学会举办人工智能伦理研讨会",
            paragraphs=(
                "11月20日，市计算机学会举办人工智能伦理研讨会，来自高校、企业和律师事务所的40余位专家学者参加研讨，围绕算法透明、数据安全和责任认定等问题深入交流。",
                "与会专家建议，学会应发挥跨领域优势，组织编写面向从业人员的人工智能伦理指引，并在会员中开展案例培训。",
            ),
            source="市计算机学会",
        ),
        Article(
            column="基层动态",
            title="东城区科协开展老年人智能手机使用培训",
            paragraphs=(
                "为帮助老年人跨越“数字鸿沟”，东城区科协联合区老龄办在8个街道开展老年人智能手机使用培训，科技志愿者手把手教学，内容包括预约挂号、移动支付、防范电信诈骗等。",
                "培训共举办24场，参加培训的老年人达1100余人次，发放图文版操作指南2000册。下一步，区科协将把培训纳入社区常态化科普服务。",
            ),
            source="东城区科协",
        ),
        Article(
            column="基层动态",
            title="平谷区科协组织农业专家服务秋冬生产",
            paragraphs=(
                "近日，平谷区科协组织果树、蔬菜和畜牧领域的15位农业专家深入田间地头，为农户讲解秋季果树修剪、设施蔬菜越冬管理和畜禽疫病防控等实用技术。",
                "专家们还通过“科技小院”线上平台解答农户提问，累计服务农户600余户。",
            ),
            source="平谷区科协",
        ),
        Article(
            column="基层动态",
            title="昌平区科协举办青少年科学营闭营仪式",
            paragraphs=(
                "11月19日，昌平区科协举办青少年科学营闭营仪式。本期科学营历时两个月，组织全区320名中学生走进高校实验室和科技企业，完成科学探究课题45个。",
                "闭营仪式上，学生代表展示了探究成果，优秀课题将推荐参加市级青少年科技创新活动。",
            ),
            source="昌平区科协",
        ),
    )
    return Issue(masthead=base.masthead, toc=(*base.toc, more[1].title, more[3].title),
                 articles=(*base.articles, *more))


# -- a year of issues (the year volume and the statistics) ------------------------------------

YEAR_UNITS = ("海淀区科协", "朝阳区科协", "西城区科协", "东城区科协", "市科技馆", "创新服务中心", "学会服务中心",
              "市气象学会", None)
# The same units written differently before and after the summer (what a mapping file merges).
RENAMED_UNITS = (("市科协科普部", "科普部"), ("门头沟区科协", "门头沟科协"))
YEAR_COLUMNS = ("主题教育", "科普工作", "学会工作", "基层动态")
_DOINGS = ("举办青少年科普讲座", "召开学会工作推进会", "开展科技志愿服务活动", "组织院士专家走基层", "举行科普讲解大赛",
           "开展防灾减灾科普宣传", "召开科技工作者座谈会", "举办科学家精神报告会", "开展科普进社区活动",
           "组织青年科技人才沙龙")
_CLAUSES = ("来自高校和科研院所的专家参加活动", "现场气氛热烈", "与会人员围绕工作重点深入交流", "活动吸引了周边居民踊跃参与",
            "有关负责同志出席并讲话", "参与群众纷纷表示收获很大", "下一步将继续加强统筹协调", "不断提升服务科技工作者的能力",
            "推动各项工作落地见效", "相关单位负责同志参加会议")


def year_of_issues(year: int = 2023, *, weeks: int = 52, missing: tuple[int, ...] = (12,), first_total: int = 54,
                   supplement_week: int | None = 37, seed: int = 7) -> list[Issue]:
    """A year of our own weekly issues (第1期 to 第`weeks`期 on Fridays, 总第 numbers running on)
    with the issues of `missing` never made, and a supplement (增刊第1期, numbered apart) in the
    middle of the week `supplement_week`. Units are written one way until July and another way
    after (RENAMED_UNITS), as offices do."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    first_friday = date(year, 1, 1) + timedelta(days=(4 - date(year, 1, 1).weekday()) % 7)
    issues: list[Issue] = []
    for week in range(1, weeks + 1):
        day = first_friday + timedelta(weeks=week - 1)
        if week in missing:
            continue
        masthead = Masthead(name="科协每周动态", year=year, number=week, total=first_total + week - 1,
                            issuer="北京市科协办公室", date=day.isoformat())
        issues.append(_year_issue(rng, masthead))
        if week == supplement_week:
            special = Masthead(name="科协每周动态（增刊）", year=year, number=1, total=None, issuer="北京市科协办公室",
                               date=(day + timedelta(days=3)).isoformat())
            issues.append(_year_issue(rng, special))
    return issues


def _year_issue(rng, masthead: Masthead) -> Issue:
    month = int(masthead.date[5:7])
    units = [*YEAR_UNITS, *(old if month < 7 else new for old, new in RENAMED_UNITS)]
    articles = []
    columns = sorted(rng.sample(YEAR_COLUMNS, rng.randint(2, 3)), key=YEAR_COLUMNS.index)
    for k, doing in enumerate(rng.sample(_DOINGS, rng.randint(3, 6))):
        unit = rng.choice(units)
        actor = unit or "市科协"
        title = f"{actor}{doing}"
        sentences = []
        for _ in range(rng.randint(2, 7)):
            clause = "，".join(rng.sample(_CLAUSES, rng.randint(2, 3)))
            sentences.append(f"{int(masthead.date[5:7])}月{rng.randint(1, 28)}日，{actor}{rng.choice(_DOINGS)}，{clause}。")
        cut = rng.randint(1, len(sentences))
        paragraphs = tuple(p for p in ("".join(sentences[:cut]), "".join(sentences[cut:])) if p)
        column = columns[min(k * len(columns) // 6, len(columns) - 1)] if k or rng.random() < 0.7 else None
        articles.append(Article(title=title, paragraphs=paragraphs, column=column, source=unit))
    if articles[0].column is None and len({a.column for a in articles}) == 1:
        articles[0] = Article(title=articles[0].title, paragraphs=articles[0].paragraphs, column=columns[0],
                              source=articles[0].source)
    return Issue(masthead=masthead, toc=tuple(a.title for a in articles[:3]), articles=tuple(articles))


def file_issues(db, issues) -> None:
    """File the issues in an archive at `db`, each as if parsed from a file of its own."""
    import hashlib

    from kxdt.archive import Archive

    with Archive(db) as archive, archive.batch():
        for k, issue in enumerate(issues):
            archive.add(issue.with_origin(f"/archive/{k}.txt", hashlib.sha256(f"{db}{k}".encode()).hexdigest()))
