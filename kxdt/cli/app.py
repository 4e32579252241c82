"""The Typer app, the two consoles, shared options, and the one place errors become messages."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from ..errors import KxdtError
from ..text.chars import printable
from . import coercion, encoding, wrapping, zh

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="kxdt",
    help="《科协每周动态》工具箱：解析、归档、检索、编排简报。\n\n"
         "归档（往期简报的数据库）默认在用户数据目录：kxdt info 显示位置、大小和期数，环境变量 KXDT_DB 可把它放到别处。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Data to stdout, messages and progress to stderr.
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="归档数据库文件（默认：环境变量 KXDT_DB，或用户数据目录）", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON（UTF-8，供脚本读取）")]


def _debug() -> bool:
    return os.environ.get("KXDT_DEBUG") == "1"


def say(message: str, *, style: str | None = None) -> None:
    """A message for the person (stderr), after any data already written to stdout."""
    sys.stdout.flush()
    err.print(printable(message), style=style, markup=False, highlight=False)


def fail(error: KxdtError) -> typer.Exit:
    say(f"错误：{error}", style="bold red")
    return typer.Exit(error.exit_code)


def handle_errors(func: F) -> F:
    """Turn every KxdtError into a one-line message and its exit code; no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KxdtError as error:
            if _debug():
                raise
            raise fail(error) from None
        except KeyboardInterrupt:
            say("已中断。")
            raise typer.Exit(130) from None
        except OSError as error:  # a path the system refuses (too long, no permission): one line
            if _debug():
                raise
            from ..io.places import os_reason

            where = f"{error.filename}：" if error.filename else ""
            say(f"错误：{where}{os_reason(error)}：请检查路径和文件名（文件名不要太长）", style="bold red")
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def print_json(text: str) -> None:
    """JSON to stdout, always UTF-8 whatever the console's encoding."""
    data = (text + "\n").encode("utf-8")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()


def _show_version(value: bool) -> None:
    if value:
        from .info_cmds import version_line

        print(version_line())
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的错误追踪（供报告问题用）")] = False,
    version: Annotated[
        bool, typer.Option("--version", help="显示版本号", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    if debug:
        os.environ["KXDT_DEBUG"] = "1"


def _register() -> None:
    """Commands register themselves on import; this order is the order `kxdt --help` lists."""
    import importlib

    for module in ("parse_cmds", "check_cmds", "archive_cmds", "export_cmds", "remove_cmds", "info_cmds", "web_cmds"):
        importlib.import_module(f"{__package__}.{module}")


_register()


def app_commands() -> set[str]:
    return {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}


def run(args: list[str] | None = None) -> int:
    """Run the app on `args` (default: the command line) and return the exit code. Usage errors
    are one Chinese line on stderr (exit 2); help screens speak Chinese too."""
    argv = sys.argv[1:] if args is None else list(args)
    encoding.install()
    wrapping.install()
    coercion.install()
    zh.install()
    if not argv or any(a in ("-h", "--help") for a in argv):
        zh.install_help_words()
    usage_errors = tuple(p.exceptions.ClickException for p in zh.click_packages())
    aborts = tuple({getattr(module, "Abort", None) for module in (*(p.exceptions for p in zh.click_packages()),
                                                                   typer.exceptions)} - {None})
    try:
        result = app(args=argv, prog_name="kxdt", standalone_mode=False)
    except usage_errors as error:
        ctx = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
            zh.install_help_words()
            help_text = ctx.get_help()  # Typer's Rich help prints itself and returns ""
            if help_text:
                out.print(help_text, markup=False, highlight=False)
            return 0
        typed = next((a for a in argv if not a.startswith("-")), None)
        say(f"错误：{zh.usage_message(error, typed if typed in app_commands() else None)}", style="bold red")
        return int(getattr(error, "exit_code", 2))
    except aborts:
        say("已中断。")
        return 130
    return result if isinstance(result, int) else 0


def main() -> None:
    try:
        code = run()
    except KxdtError as error:  # raised with --debug only
        raise error
    except Exception as exc:  # a bug, not bad input: one line unless --debug
        if _debug():
            raise
        say(f"内部错误：{type(exc).__name__}: {exc}。请加 --debug 重试并把输出报告给维护者。", style="bold red")
        sys.exit(70)
    sys.exit(code)
