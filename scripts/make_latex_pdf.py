"""Typeset the tests' sample issue with CJK LaTeX (pdflatex + the CJK package) into
tests/data/sample-cjk-latex.pdf.

The CJK package fakes bold for fonts that have none by drawing every glyph three times, a
hair apart (`\\CJKbold`); the masthead, column labels and titles are set that way. CI has no
TeX, so the PDF is checked in; run this again (needs `apt-get install latex-cjk-chinese
latex-cjk-chinese-arphic-gbsn00lp latex-cjk-chinese-arphic-gkai00mp texlive-latex-base`)
after changing the sample issue, and check the new PDF in.

    python scripts/make_latex_pdf.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bulletins import body_parts, sample_issue  # noqa: E402

OUT = ROOT / "tests" / "data" / "sample-cjk-latex.pdf"


def _tex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "#$%&_{}" else ch for ch in text)


def latex_source() -> str:
    issue = sample_issue()
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    lines = [
        r"\documentclass[12pt]{article}",
        r"\usepackage[a4paper,top=37mm,bottom=35mm,left=28mm,right=26mm]{geometry}",
        r"\usepackage{CJK}",
        # GB/T 9704 page numbers, `— 1 —` (the CJK environment is open when a page is shipped).
        r"\makeatletter\def\@oddfoot{\hfil — \thepage\ — \hfil}\def\@evenfoot{\@oddfoot}\makeatother",
        r"\setlength{\parindent}{2em}",
        r"\begin{document}",
        r"\begin{CJK*}{UTF8}{gbsn}",
        r"\CJKtilde",
        r"\begin{center}",
        rf"{{\Huge\bfseries {_tex_escape(m.name or '')}}}\\[1ex]",
        rf"{m.year}年第{m.number}期（总第{m.total}期）",
        r"\end{center}",
        rf"\noindent {_tex_escape(m.issuer or '')}\hfill {year}年{month}月{day}日\par",
        r"\begin{center}目录提要\end{center}",
    ]
    lines += [rf"\noindent ●{_tex_escape(t)}\par" for t in issue.toc]
    for kind, text in body_parts(issue):
        if kind == "column":
            lines.append(rf"\bigskip\noindent{{\bfseries 【{_tex_escape(text)}】}}\par")
        elif kind == "title":
            lines.append(rf"\begin{{center}}{{\Large\bfseries {_tex_escape(text)}}}\end{{center}}")
        else:
            body, _, source = text.rpartition("（")
            if body and source.endswith("）"):
                lines.append(rf"{_tex_escape(body)}{{\CJKfamily{{gkai}}（{_tex_escape(source)}}}\par")
            else:
                lines.append(rf"{_tex_escape(text)}\par")
    lines += [r"\clearpage", r"\end{CJK*}", r"\end{document}", ""]
    return "\n".join(lines)


def main() -> None:
    if shutil.which("pdflatex") is None:
        sys.exit("pdflatex is not installed")
    with tempfile.TemporaryDirectory() as folder:
        tex = Path(folder) / "sample.tex"
        tex.write_text(latex_source(), encoding="utf-8")
        for _ in range(2):
            subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=folder,
                           check=True, capture_output=True, timeout=300)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(folder) / "sample.pdf", OUT)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
