"""What every benchmark shares: the machine and the extras installed, contenders run interleaved
(round after round, each contender once per round, so that a busy moment of the machine hits
them all alike), and a report of medians with min–max and each contender's ratio to its
anchor (the median of the per-round ratios: absolute times on a shared machine are noisy,
ratios within a round much less so).

Whole processes are compared with whole processes (`process`), code in this interpreter with
code in this interpreter (plain callables); a report never puts the two side by side.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Compiled modules are cached as a user's installation caches them (pip writes .pyc files at
# install time), even where the environment says not to write them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)

# Python packages and programs that change what is measured (kxdt's extras) or serve as anchors.
PACKAGES = {"pypdfium2": "kxdt[fast]", "rapidocr_onnxruntime": "kxdt[ocr]", "pymupdf": "anchor only (AGPL)"}
PROGRAMS = ("rg", "pandoc", "tesseract", "soffice")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?") if Path("/proc/cpuinfo").exists() else "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, load {load:.1f} at start; Python {platform.python_version()}, "
            f"SQLite {__import__('sqlite3').sqlite_version}, {platform.system()} {platform.release()}")


def installed() -> str:
    parts = [f"{name} ({what})" for name, what in PACKAGES.items() if importlib.util.find_spec(name)]
    missing = [name for name in PACKAGES if not importlib.util.find_spec(name)]
    parts += [program for program in PROGRAMS if shutil.which(program)]
    text = "installed: " + (", ".join(parts) or "nothing optional")
    return text + (f"; not installed: {', '.join(missing)}" if missing else "")


def header(title: str) -> None:
    print(title)
    print("machine:", machine())
    print(installed())


class Process:
    """A contender that runs a whole process: its wall time in seconds, and (in `cpu`) the CPU
    seconds it and its own worker processes spent — steadier than wall time on a busy machine."""

    def __init__(self, argv: Sequence[str], *, check: bool = False, before: Callable[[], object] | None = None) -> None:
        self.argv, self.check, self.prepare = list(argv), check, before
        self.cpu: list[float] = []

    def __call__(self) -> float:
        if self.prepare is not None:
            self.prepare()  # not timed (a new archive to file into)
        before = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        seconds = time.perf_counter() - start
        self.cpu.append(_children_cpu() - before)
        if self.check and done.returncode != 0:
            raise RuntimeError(f"{self.argv[:4]} ended with {done.returncode}")
        return seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process(argv: Sequence[str], *, check: bool = False, before: Callable[[], object] | None = None) -> Process:
    return Process(argv, check=check, before=before)


def call(func: Callable[[], object]) -> Callable[[], float]:
    """A contender that runs code in this interpreter and returns its wall time in seconds."""

    def run() -> float:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start

    return run


def kxdt(*args: str) -> list[str]:
    return [sys.executable, "-m", "kxdt", *args]


@dataclass
class Timings:
    """Seconds per round for each contender (None where it was skipped)."""

    rounds: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # whole processes: CPU seconds per round

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def ratio(self, name: str, anchor: str) -> tuple[float, float, float]:
        """The median, lowest and highest of the per-round ratios name/anchor."""
        ratios = [a / b for a, b in zip(self.seconds[name], self.seconds[anchor])]
        return statistics.median(ratios), min(ratios), max(ratios)


def interleave(contenders: dict[str, Callable[[], float]], rounds: int, *, warm: bool = True) -> Timings:
    """Each contender once per round, the order turning every round; one warm-up run each first
    (imports, file cache, compiled modules)."""
    if warm:
        for run in contenders.values():
            run()
    for run in contenders.values():
        if isinstance(run, Process):
            run.cpu.clear()
    timings = Timings(rounds, {name: [] for name in contenders})
    names = list(contenders)
    for k in range(rounds):
        order = names[k % len(names):] + names[: k % len(names)]
        for name in order:
            timings.seconds[name].append(contenders[name]())
    timings.cpu = {name: list(run.cpu) for name, run in contenders.items() if isinstance(run, Process)}
    return timings


def report(timings: Timings, anchors: dict[str, str], *, unit: str = "ms", per: dict[str, float] | None = None,
           rate: str | None = None) -> None:
    """One line per contender: median (min–max) and, where it has an anchor, the ratio to it.
    With `per` (work units per contender, e.g. pages) and `rate` (their name), a rate is shown too."""
    scale = {"ms": 1000.0, "s": 1.0}[unit]
    width = max(_width(name) for name in timings.seconds)
    print(f"  {timings.rounds} rounds, interleaved; median (min–max); ratio = median of per-round ratios (min–max)"
          + ("; [CPU: median CPU time of the process and its workers, its ratio]" if timings.cpu else ""))
    for name, values in timings.seconds.items():
        line = (f"  {name}{' ' * (width - _width(name))}  {statistics.median(values) * scale:9.1f} {unit} "
                f"({min(values) * scale:.1f}–{max(values) * scale:.1f})")
        if per and name in per and rate:
            each = per[name] / statistics.median(values)
            line += f"  {each:9.1f} {rate}/s" if each >= 1 else f"  {1 / each:7.2f} s per {rate.rstrip('s')}"
        anchor = anchors.get(name)
        if anchor:
            middle, low, high = timings.ratio(name, anchor)
            line += f"  {middle:5.2f}× {anchor} ({low:.2f}–{high:.2f})"
        if name in timings.cpu:
            cpu = statistics.median(timings.cpu[name])
            line += f"  [CPU {cpu * scale:.1f} {unit}"
            if anchor and anchor in timings.cpu:
                line += f", {cpu / statistics.median(timings.cpu[anchor]):.2f}×"
            line += "]"
        print(line)


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Han characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
