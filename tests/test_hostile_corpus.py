"""The hostile corpus of issue #28 (tests/hostile_corpus.py, every file written there, none fetched)
through the real command line. Each run is a child process under a 2 GB address-space limit and
30 s of processor time (RLIMIT_CPU: past it the child gets a signal); PDFs run on both backends
and without the extras. Every run must end with one of the member's exit codes (0, 3, 4, 5, 7;
`check` may say 1), peak under 1 GB (with anything it ran, LibreOffice included), with no internal
error, no traceback and no signal. A loopback server serves the URL members and must see no
request for the remote links inside the local files.

Members that are expensive to build run in a reduced form (still past each bound they test);
`python3 tests/hostile_corpus.py --full` runs them at the sizes the issue reported.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile_corpus import PEAK_LIMIT_MB, Member, Outcome, Server, members, run_member

# Runs at once (each a child process; the machines running the tests have a few cores).
PARALLEL = 2
NAMES = [m.name for m in members()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Member], dict[str, list[Outcome]], list[str]]:
    folder = tmp_path_factory.mktemp("hostile")
    with Server() as server:
        chosen = {m.name: m for m in members(server.url)}

        def run(member: Member) -> list[Outcome]:
            own = folder / member.name.replace(".", "_")
            own.mkdir()
            return run_member(member, own)

        with ThreadPoolExecutor(PARALLEL) as pool:
            outcomes = dict(zip(chosen, pool.map(run, chosen.values())))
        seen = list(server.seen)
    return chosen, outcomes, seen


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_ends_within_bounds(corpus, name: str) -> None:
    chosen, outcomes, _ = corpus
    member = chosen[name]
    for outcome in outcomes[name]:
        problems = outcome.problems(member.exits) + outcome.misses(member.says)
        assert not problems, (f"{name} ({member.klass}) {outcome.variant} {outcome.command}: {problems}; "
                              f"{outcome.cpu:.1f} s cpu, {outcome.peak_mb:.0f} MB; {outcome.stderr[-600:]}")
        assert outcome.peak_mb < PEAK_LIMIT_MB


def test_local_files_with_remote_links_fetch_nothing(corpus) -> None:
    """ODT (also named .docx), DOCX, Strict DOCX (both through LibreOffice) and web pages whose
    pictures, styles and frames point at the loopback server: it hears nothing about them."""
    chosen, outcomes, seen = corpus
    local = [name for name, m in chosen.items() if m.klass == "no fetch: local files"]
    assert len(local) >= 6 and all(outcomes[name] for name in local)
    assert [path for path in seen if path.startswith("/remote")] == []


def test_the_corpus_covers_every_class_of_the_issue() -> None:
    classes = {m.klass.split(":")[0] for m in members()}
    assert {"hang", "memory", "internal", "fetch", "no fetch", "invisible characters"} <= classes
    assert len(NAMES) == len(set(NAMES)) and all(Path(n).name == n for n in NAMES)
