"""Search speed over a large archive: 5,000 generated issues of about 10 articles each.

    python benchmarks/search_speed.py [--issues N] [--keep DIR]

Prints the build time, the database size, and the median time of queries of 1, 2, 3 and 4
characters and of a two-word query (kxdt's default --limit of 20), beside ripgrep over the same
texts as files when `rg` is installed. The text is generated from a word list, not copied.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    return Issue(masthead=masthead, articles=articles, file=f"issue-{k}.txt", sha256=f"{k:064x}")


def workspace(keep: Path | None, prefix: str) -> Path:
    """The folder a benchmark works in: `--keep DIR`, or a new temporary one."""
    work = Path(keep or tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    return work


def build_archive(db: Path, issues: list[Issue]) -> float:
    """File the issues as `kxdt parse FOLDER` does (one commit per group); the seconds it took."""
    start = time.perf_counter()
    with Archive(db) as archive, archive.batch():
        for issue in issues:
            archive.add(issue)
    return time.perf_counter() - start


def _correct(archive: Archive, query: str, corpus: list[str]) -> bool:
    """The archive finds exactly the articles that contain every word, and counts them right."""
    words = query.lower().split()
    want = [text for text in corpus if all(w in text for w in words)]
    result = archive.search(query, limit=None)
    return result.matched == len(want) and result.occurrences == sum(text.count(w) for text in want for w in words)


def median_ms(func, queries: list[str], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            func(q)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    rng = random.Random(20231)
    work = workspace(args.keep, "kxdt-bench-")
    db = work / "archive.sqlite3"
    db.unlink(missing_ok=True)
    texts = work / "texts"
    shutil.rmtree(texts, ignore_errors=True)
    texts.mkdir()

    issues = [make_issue(k, rng) for k in range(args.issues)]
    build = build_archive(db, issues)
    with Archive(db) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for issue in issues:
            body = "\n".join(a.title + "\n" + "\n".join(a.paragraphs) for a in issue.articles)
            (texts / f"{issue.masthead.total}.txt").write_text(body, encoding="utf-8")
        articles = sum(len(i.articles) for i in issues)
        print(f"{args.issues} issues, {articles} articles: built in {build:.1f} s, "
              f"database {db.stat().st_size / 1048576:.1f} MB")
        queries = {
            "1 character": ["汛", "馆", "王", "李", "科"],
            "2 characters": ["科协", "防汛", "院士", "论坛", "王伟"],
            "3 characters": ["科协会", "志愿服", "2020年", "交流组", "馆展览"],
            "4 characters": ["防汛抢险", "科普讲座", "院士专家", "成果转化"],
            "two words": ["科普 志愿", "院士 论坛", "防汛 应急", "青年 人才"],
        }
        rg = shutil.which("rg")
        corpus = [(a.title + "\n" + "\n".join(a.paragraphs)).lower() for i in issues for a in i.articles]
        print(f"{'query':14s} {'kxdt median':>12s} {'hits (first q)':>15s} {'correct':>8s} {'rg median':>10s}")
        for label, qs in queries.items():
            ms = median_ms(lambda q: archive.search(q, limit=20), qs)
            hits = archive.search(qs[0], limit=None).matched
            correct = all(_correct(archive, q, corpus) for q in qs)
            rg_ms = "—"
            if rg and " " not in qs[0]:
                rg_ms = f"{median_ms(lambda q: subprocess.run([rg, '-c', '-F', q, str(texts)], capture_output=True), qs, rounds=1):.1f} ms"
            print(f"{label:14s} {ms:9.1f} ms {hits:15d} {'yes' if correct else 'NO':>8s} {rg_ms:>10s}")
    # Whole processes, as a person runs them: `kxdt search` against `rg -c -F` over the texts.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kxdt = [sys.executable, "-m", "kxdt", "search", "--db", str(db)]
    whole = median_ms(lambda q: subprocess.run([*kxdt, q], capture_output=True, env=env), ["科协", "防汛", "院士"])
    line = f"whole process, 2-character words: kxdt search {whole:.0f} ms"
    if rg:
        rg_whole = median_ms(lambda q: subprocess.run([rg, "-c", "-F", q, str(texts)], capture_output=True),
                             ["科协", "防汛", "院士"])
        line += f", rg -c -F {rg_whole:.0f} ms"
    print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
