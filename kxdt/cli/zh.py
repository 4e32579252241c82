"""Chinese for what Click and Typer say themselves: usage errors as one line with the way out,
and the fixed words of the help screens (Usage, Options, Arguments, Commands…).

Typer (0.29 and later) carries its own copy of Click (`typer._click`) with English written into
the code; older Typers use Click, which passes its messages through `gettext`. `install()`
covers both: it gives Click's modules a `_` that answers in Chinese and wraps the two places of
Typer's copy that print fixed words (the usage prefix and the help option). Usage errors are
caught by the app's runner and worded here (`usage_message`), a single line on stderr.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

# Click's message templates (msgids) and their Chinese; placeholders are kept.
MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Aborted!": "已中断。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "required": "必填",
    "deprecated": "已弃用",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 “{command} {option}” 查看帮助。",
    "Invalid value: {message}": "值不对：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
}
_CLICK_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui")
# What Typer's Rich help prints around the texts kxdt gives it.
HELP_WORDS = {
    "OPTIONS_PANEL_TITLE": "选项",
    "ARGUMENTS_PANEL_TITLE": "参数",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中断。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "RANGE_STRING": " [{}]",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "用 [blue]“{command_path} {help_option}”[/] 查看帮助。",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


HELP_OPTION_TEXT = "显示本帮助并退出。"
USAGE_PREFIX = "用法："
_installed = False


def click_packages() -> list[Any]:
    """The Click implementations Typer may be using: its own copy, and Click itself."""
    import importlib
    import sys

    found = []
    for name in ("typer._click", "click"):
        if name == "click" and found and "click" not in sys.modules:
            continue  # Typer uses its own copy: Click itself is not loaded for nothing
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return found


def install() -> None:
    """Click's and Typer's own words in Chinese (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    import importlib

    for package in click_packages():
        for name in _CLICK_MODULES:
            try:
                module = importlib.import_module(f"{package.__name__}.{name}")
            except ImportError:
                continue
            if callable(getattr(module, "_", None)):
                module._ = translate  # type: ignore[attr-defined]
        _wrap_usage(package)
        _wrap_help_option(package)


def _wrap_usage(package: Any) -> None:
    formatter = getattr(getattr(package, "formatting", None), "HelpFormatter", None)
    original = getattr(formatter, "write_usage", None)
    if original is None or getattr(original, "_kxdt", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    write_usage._kxdt = True  # type: ignore[attr-defined]
    formatter.write_usage = write_usage


def _wrap_help_option(package: Any) -> None:
    decorators = getattr(package, "decorators", None)
    original = getattr(decorators, "help_option", None)
    if original is None or getattr(original, "_kxdt", False):
        return

    def help_option(*args: Any, **kwargs: Any) -> Any:
        kwargs["help"] = HELP_OPTION_TEXT
        try:
            return original(*args, **kwargs)
        except TypeError:  # a version that takes no help text: set it on the option made
            decorate = original(*args)

            def apply(command: Any) -> Any:
                result = decorate(command)
                params = getattr(command, "params", None) or []
                if params:
                    params[-1].help = HELP_OPTION_TEXT
                return result

            return apply

    help_option._kxdt = True  # type: ignore[attr-defined]
    decorators.help_option = help_option


def _fold_help_texts(rich_utils: Any) -> None:
    """Help texts wrap at any character, as Chinese does: Rich wraps at spaces and cuts a longer
    run with `…`, and a Chinese sentence is one run."""
    original = getattr(rich_utils, "_make_rich_text", None)
    if original is None or getattr(original, "_kxdt", False):
        return

    def make_rich_text(*args: Any, **kwargs: Any) -> Any:
        text = original(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make_rich_text._kxdt = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_rich_text


# The value types Typer shows beside options; a flag's `<bool>` says nothing and is left out.
TYPE_WORDS: dict[str, str | None] = {
    "<bool>": None, "<int>": "<整数>", "<int range>": "<整数>", "<float>": "<数字>", "<float range>": "<数字>",
    "<str>": "<文字>", "<path>": "<路径>", "<list[str]>": "<多项文字>", "<list[Path]>": "<多个路径>",
}


# Modules Typer's help module imports but kxdt's help never uses (Markdown help text, pretty
# tracebacks): together with markdown-it and Pygments they are most of a help screen's start-up.
DEFERRED_CLASSES = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _defer_unused_rich_modules() -> None:
    """Stand-ins for DEFERRED_CLASSES whose class loads the real module when first used."""
    import importlib
    import sys
    import types

    for module_name, class_name in DEFERRED_CLASSES.items():
        if module_name in sys.modules:
            continue

        def real_class(module_name: str = module_name, class_name: str = class_name) -> Any:
            if getattr(sys.modules.get(module_name), "_kxdt_deferred", False):
                del sys.modules[module_name]
            return getattr(importlib.import_module(module_name), class_name)

        class Deferred:
            def __new__(cls, *args: Any, _real: Any = real_class, **kwargs: Any) -> Any:
                return _real()(*args, **kwargs)

        Deferred.__name__ = Deferred.__qualname__ = class_name
        stand_in = types.ModuleType(module_name)
        stand_in._kxdt_deferred = True  # type: ignore[attr-defined]
        setattr(stand_in, class_name, Deferred)
        sys.modules[module_name] = stand_in


def install_help_words() -> None:
    """Typer's Rich help in Chinese; imported only when a help screen is shown."""
    _defer_unused_rich_modules()
    from typer import core, rich_utils

    for name, value in HELP_WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, value)
    _fold_help_texts(rich_utils)
    for cls in (getattr(core, "TyperArgument", None), getattr(core, "TyperOption", None)):
        original = getattr(cls, "display_type_rich", None)
        if original is None or getattr(original, "_kxdt", False):
            continue

        def display_type_rich(self: Any, ctx: Any, _original: Any = original) -> str | None:
            shown = _original(self, ctx)
            return TYPE_WORDS.get(shown, shown) if isinstance(shown, str) else shown

        display_type_rich._kxdt = True  # type: ignore[attr-defined]
        cls.display_type_rich = display_type_rich  # type: ignore[union-attr]


# Messages of the values' checks (pydantic's, through Typer), in Chinese.
_VALUE_MESSAGES = (
    (re.compile(r"Input should be less than or equal to (\S+)"), "应不大于 {0}"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), "应不小于 {0}"),
    (re.compile(r"Input should be less than (\S+)"), "应小于 {0}"),
    (re.compile(r"Input should be greater than (\S+)"), "应大于 {0}"),
    (re.compile(r"Input should be a valid integer.*"), "应为整数"),
    (re.compile(r"Input should be a valid number.*"), "应为数字"),
    (re.compile(r"'(.*)' is not a valid integer( range)?\.?"), "“{0}”不是整数"),
    (re.compile(r"'(.*)' is not a valid float( range)?\.?"), "“{0}”不是数字"),
    (re.compile(r"'(.*)' is not one of (.*)\.?"), "“{0}”不在可选值 {1} 之中"),
    (re.compile(r"(.*) is not in the range (.*)\.?"), "{0} 不在允许的范围 {1} 内"),
    (re.compile(r"'(.*)' is not (.*)\."), "“{0}”不是 {1}"),
)


def _value_message(message: str) -> str:
    text = message.strip().split("\n")[0]
    for pattern, chinese in _VALUE_MESSAGES:
        match = pattern.search(text)
        if match:
            return chinese.format(*match.groups())
    return text


def _commands(ctx: Any) -> list[str]:
    command = getattr(ctx, "command", None)
    commands = getattr(command, "commands", None)
    return sorted(commands) if isinstance(commands, dict) else []


def _is(error: Any, name: str) -> bool:
    return any(cls.__name__ == name for cls in type(error).__mro__)


def usage_message(error: Any, command: str | None = None) -> str:
    """One Chinese line for a Click usage error, with the way out. `command` names the command
    typed, for errors Click raises without its context (an option's misuse)."""
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) or (f"kxdt {command}" if command else "kxdt")
    help_hint = f"用 {path} --help 查看用法"
    if _is(error, "NoSuchOption"):
        close = list(getattr(error, "possibilities", None) or [])
        guess = f"，你是不是要用 {'、'.join(close)}？" if close else "。"
        return f"没有 {error.option_name} 这个选项{guess}{help_hint}"
    if _is(error, "MissingParameter"):
        param = error.param
        opts = [o for o in (getattr(param, "opts", None) or []) if o.startswith("-")]
        if opts:
            return f"缺少选项 {opts[0]}：{help_hint}"
        name = getattr(param, "metavar", None) or (getattr(param, "name", None) or "").upper() or "参数"
        return f"缺少参数 {name}：{help_hint}"
    if _is(error, "BadParameter"):
        param = error.param
        hint = getattr(error, "param_hint", None) or (param.opts[0] if getattr(param, "opts", None) else None)
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        name = f"{hint} " if hint else ""
        return f"{name}的值不对：{_value_message(error.message)}。{help_hint}"
    message = str(getattr(error, "message", error))
    unknown = re.search(r"No such command '(.+?)'", message) or re.search(r"没有命令 '(.+?)'", message)
    if unknown:
        typo = unknown.group(1)
        close = difflib.get_close_matches(typo, _commands(ctx), n=2, cutoff=0.5)
        guess = f"，你是不是要用 {'、'.join(close)}？" if close else "。"
        return f"没有“{typo}”这个命令{guess}用 kxdt --help 查看全部命令"
    needs_value = re.match(r"Option '(.+?)' requires (?:an? (?:argument|value)|(\d+) (?:arguments|values))", message)
    if needs_value:
        count = needs_value.group(2)
        return f"选项 {needs_value.group(1)} 后面要跟{count + ' 个值' if count else '一个值'}。{help_hint}"
    no_value = re.match(r"Option '(.+?)' does not take a value", message)
    if no_value:
        return f"选项 {no_value.group(1)} 是开关，不跟值（不要写成 {no_value.group(1)}=…）。{help_hint}"
    takes = re.match(r"Argument '(.+?)' takes (\d+) values", message)
    if takes:
        return f"参数 {takes.group(1)} 要跟 {takes.group(2)} 个值。{help_hint}"
    extra = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if extra:
        return f"多余的参数：{extra.group(1)}（一个选项只跟一个值，要给几个值就把选项写几次）。{help_hint}"
    if message.startswith(("Missing command", "缺少命令")):
        return f"缺少命令：{help_hint}"
    return f"用法不对：{_value_message(message)}。{help_hint}"
