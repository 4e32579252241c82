"""Document text reaches the terminal as text: Rich markup in a title is shown, not obeyed."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from kxdt.model import Article, Issue, Masthead
from kxdt.render.terminal import render_hits, render_issue


def test_markup_in_document_text_is_printed_as_written():
    console = Console(file=StringIO(), width=120)
    issue = Issue(masthead=Masthead(name="[bold red]某刊[/]"),
                  articles=(Article(title="[link=http://x]标题[/link]", column="[i]栏目", source="[b]某单位"),))
    render_issue(console, issue)
    shown = console.file.getvalue()
    for written in ("[bold red]某刊[/]", "[link=http://x]标题[/link]", "[i]栏目", "[b]某单位"):
        assert written in shown


def test_search_hits_with_markup_and_traditional_match():
    from kxdt.archive.query import Hit

    console = Console(file=StringIO(), width=160, force_terminal=True)
    hit = Hit(name="[red]刊", total=1, year=2024, number=1, date="2024-01-05", column="[x]", title="協會[b]召開",
              source=None, page=None, snippet="市協會召開會議。", count=2, in_title=True)
    render_hits(console, [hit], ["协会"])
    shown = console.file.getvalue()
    assert "[b]" in shown and "[x]" in shown
    assert "\x1b[1;7m協會" in shown  # the traditional form is highlighted for a simplified query
