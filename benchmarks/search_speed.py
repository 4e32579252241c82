"""Searching a large archive, beside ripgrep over the same texts.

    python benchmarks/search_speed.py [--issues N] [--rounds R] [--keep DIR]

Makes 5,000 issues of about 10 articles each from a word list (nothing is copied), files them
in an archive, and writes the same texts as files for ripgrep. Then, interleaved:

- whole processes: `kxdt search 科普` (the newest 20) and `kxdt search 科普 --limit 0 --json`
  (every hit, with snippets and counts) against `rg -c -F 科普` over the texts; `python -c pass`
  for scale;
- in this interpreter: `Archive.search` (20 hits, and every hit) for queries of 1 to 4
  characters and of two words, against a bare FTS5 count with the same tokens. Every query's
  answer is checked against a plain substring scan of the generated articles.

Filing is timed too, honestly labelled: already-built issues filed with `Archive.batch()`
(parsing files is `parse_folder.py`'s subject).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import call, header, interleave, kxdt, process, report

from kxdt.archive import Archive
from kxdt.model import Article, Issue, Masthead

WORDS = (
    "科协 学会 科普 创新 服务 工作 会议 召开 举办 活动 交流 组织 建设 发展 推进 专家 院士 青年 人才 企业 成果 转化 技术 "
    "研究 项目 平台 基层 社区 学校 农村 志愿 讲座 培训 论坛 沙龙 调研 座谈 部署 总结 表彰 科技 馆 展览 展品 实验 宣传 "
    "防汛 抢险 救灾 应急 安全 健康 气象 环境 能源 材料 信息 数据 智能 航天 海洋 生命 医学 农业 工程 制造 装备 产业 园区 "
    "合作 国际 区域 首都 城市 市民 公众 素质 教育 课程 竞赛 大赛 评审 创客 孵化 基金 政策 机制 改革 标准 规划 评估"
).split()
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
COLUMNS = ["主题教育", "科普工作", "科创工作", "学会动态", "国际科技交流", "基层动态"]
UNITS = [f"{d}区科协" for d in "东西南北中"] + ["创新服务中心", "青少年科技中心", "科技咨询中心"]
QUERIES = {
    "1 character": ["汛", "馆", "王", "李", "科"],
    "2 characters": ["科协", "防汛", "院士", "论坛", "王伟"],
    "3 characters": ["科协会", "志愿服", "2020年", "交流组", "馆展览"],
    "4 characters": ["防汛抢险", "科普讲座", "院士专家", "成果转化"],
    "two words": ["科普 志愿", "院士 论坛", "防汛 应急", "青年 人才"],
}


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), rng.choice(SURNAMES) + rng.choice(GIVEN))
    if rng.random() < 0.3:
        words.insert(0, f"{rng.randint(2015, 2025)}年{rng.randint(1, 12)}月")
    return "".join(words) + rng.choice("。。。！")


def make_issue(k: int, rng: random.Random) -> Issue:
    year = 2000 + k // 50
    articles = tuple(
        Article(title="".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))),
                paragraphs=tuple("".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(1, 3))),
                column=rng.choice(COLUMNS), source=rng.choice(UNITS), page=2 + i // 2)
        for i in range(rng.randint(8, 12))
    )
    masthead = Masthead("科协每周动态", year, k % 50 + 1, k + 1, "北京市科协办公室",
                        f"{year}-{(k % 50) // 5 + 1:02d}-{(k % 5) * 5 + 1:02d}")
    toc = tuple(a.title for a in articles[:: 2])
    return Issue(masthead=masthead, toc=toc, articles=articles, file=f"issue-{k}.txt", sha256=f"{k:064x}")


def workspace(keep: Path | None, prefix: str) -> Path:
    """The folder a benchmark works in: `--keep DIR`, or a new temporary one."""
    work = Path(keep or tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    return work


def build_archive(db: Path, issues: list[Issue]) -> float:
    """File already-built issues with one commit per group (as `kxdt parse FOLDER` files them
    once parsed); the seconds it took."""
    start = time.perf_counter()
    with Archive(db) as archive, archive.batch():
        for issue in issues:
            archive.add(issue)
    with Archive(db) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - start


def write_texts(folder: Path, issues: list[Issue]) -> None:
    """The same articles as one text file per issue (what ripgrep reads)."""
    folder.mkdir(exist_ok=True)
    for issue in issues:
        body = "\n".join(a.title + "\n" + "\n".join(a.paragraphs) for a in issue.articles)
        (folder / f"{issue.masthead.total}.txt").write_text(body, encoding="utf-8")


def prepared(work: Path, count: int) -> tuple[Path, Path, list[Issue], float | None]:
    """The archive and the texts (made once; `--keep` reuses them)."""
    rng = random.Random(20231)
    issues = [make_issue(k, rng) for k in range(count)]
    db, texts = work / "archive.sqlite3", work / "texts"
    build = None
    if not db.exists():
        build = build_archive(db, issues)
        write_texts(texts, issues)
    return db, texts, issues, build


def correct(archive: Archive, query: str, corpus: list[str]) -> bool:
    """The archive finds exactly the articles that contain every word, and counts them right."""
    words = query.lower().split()
    want = [text for text in corpus if all(w in text for w in words)]
    result = archive.search(query, limit=None)
    return result.matched == len(want) and result.occurrences == sum(text.count(w) for text in want for w in words)


def bare_fts_count(archive: Archive, query: str) -> None:
    from kxdt.archive.query import fts_expression, split_terms

    archive.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                         [fts_expression(split_terms(query))]).fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="build the archive and texts here and keep them")
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    work = workspace(args.keep, "kxdt-search-")
    db, texts, issues, build = prepared(work, args.issues)
    articles = sum(len(i.articles) for i in issues)
    print(f"{args.issues} issues, {articles} articles; database {db.stat().st_size / 1048576:.1f} MB"
          + (f"; filed in {build:.1f} s ({args.issues / build:.0f} issues/s, already-built issues)" if build else ""))

    print("\nwhole processes, over the same texts:")
    rg = shutil.which("rg")
    contenders = {"python -c pass": process([sys.executable, "-c", "pass"])}
    if rg:
        contenders["rg -c -F 科普"] = process([rg, "-c", "-F", "科普", str(texts)])
    contenders["kxdt search 科普"] = process(kxdt("search", "科普", "--db", str(db)), check=True)
    contenders["kxdt search 科普 --limit 0 --json"] = process(kxdt("search", "科普", "--limit", "0", "--json", "--db", str(db)),
                                                             check=True)
    timings = interleave(contenders, args.rounds)
    anchor = "rg -c -F 科普" if rg else "python -c pass"
    report(timings, {name: anchor for name in contenders if name.startswith("kxdt")})

    print("\nin this interpreter (median over each set's queries):")
    corpus = [(a.title + "\n" + "\n".join(a.paragraphs)).lower() for i in issues for a in i.articles]
    with Archive(db, readonly=True) as archive:
        for label, queries in QUERIES.items():
            contenders = {
                "bare FTS5 count": call(lambda qs=queries: [bare_fts_count(archive, q) for q in qs]),
                "Archive.search, 20 hits": call(lambda qs=queries: [archive.search(q, limit=20) for q in qs]),
                "Archive.search, every hit": call(lambda qs=queries: [archive.search(q, limit=None) for q in qs]),
            }
            timings = interleave(contenders, max(3, args.rounds // 3))
            hits = archive.search(queries[0], limit=None).matched
            right = all(correct(archive, q, corpus) for q in queries)
            print(f" {label} ({', '.join(queries)}): {hits} articles hold {queries[0]}; "
                  f"answers {'all correct' if right else 'WRONG'}; times are for all {len(queries)} queries")
            report(timings, {"Archive.search, 20 hits": "bare FTS5 count", "Archive.search, every hit": "bare FTS5 count"})
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
