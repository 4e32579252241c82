"""Converting option values without pydantic.

Typer 0.29 converts every parameter's value through a pydantic `TypeAdapter`, which costs about
100 ms of imports on every command, more than kxdt's own work for most of them. kxdt's
parameters are all of a few plain types (str, int or float with a range, bool, Path, an Enum, lists and
optionals of these); `install()` gives Typer a converter for exactly those, answering in Chinese,
and leaves anything else to Typer's own. If Typer's internals are not as expected, nothing is
changed and Typer converts as before.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

Convert = Callable[[Any], Any]


def _bad(message: str) -> ValueError:
    return ValueError(message)


def _to_str(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _to_int(minimum: Any, maximum: Any) -> Convert:
    def convert(value: Any) -> int:
        if isinstance(value, bool):
            raise _bad(f"应为整数（收到“{value}”）")
        try:
            number = value if isinstance(value, int) else int(_to_str(value).strip())
        except ValueError:
            raise _bad(f"应为整数（收到“{value}”）") from None
        if minimum is not None and number < minimum:
            raise _bad(f"应不小于 {minimum}")
        if maximum is not None and number > maximum:
            raise _bad(f"应不大于 {maximum}")
        return number

    return convert


def _to_float(minimum: Any, maximum: Any) -> Convert:
    def convert(value: Any) -> float:
        if isinstance(value, bool):
            raise _bad(f"应为数字（收到“{value}”）")
        try:
            number = float(value) if isinstance(value, (int, float)) else float(_to_str(value).strip())
        except ValueError:
            raise _bad(f"应为数字（收到“{value}”）") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise _bad(f"应为数字（收到“{value}”）")
        if minimum is not None and number < minimum:
            raise _bad(f"应不小于 {minimum}")
        if maximum is not None and number > maximum:
            raise _bad(f"应不大于 {maximum}")
        return number

    return convert


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _to_str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on", "是"):
        return True
    if text in ("0", "false", "f", "no", "n", "off", "否"):
        return False
    raise _bad(f"“{value}”不是是/否")


def _to_path(value: Any) -> Path:
    return value if isinstance(value, Path) else Path(_to_str(value))


def _to_enum(enum: type[Enum]) -> Convert:
    def convert(value: Any) -> Enum:
        if isinstance(value, enum):
            return value
        for member in enum:
            if member.value == value or member.value == _to_str(value):
                return member
        choices = "、".join(str(m.value) for m in enum)
        raise _bad(f"“{value}”不在可选值 {choices} 之中")

    return convert


def _optional_inner(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return annotation


def leaf_converter(annotation: Any, info: Any) -> Convert | None:
    """A converter for one of kxdt's plain parameter types, or None for anything else."""
    annotation = _optional_inner(annotation)
    if annotation is str:
        return _to_str
    if annotation is bool:
        return _to_bool
    if annotation is int:
        return _to_int(getattr(info, "min", None), getattr(info, "max", None))
    if annotation is float:
        return _to_float(getattr(info, "min", None), getattr(info, "max", None))
    if annotation is Path:
        return _to_path
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _to_enum(annotation)
    return None


def converter(annotation: Any, info: Any) -> Convert | None:
    if any(getattr(info, name, None) for name in ("parser", "click_type", "exists", "resolve_path", "clamp")):
        return None  # what kxdt does not use is left to Typer
    if getattr(info, "min", None) is not None and _optional_inner(annotation) not in (int, float):
        return None
    inner = _optional_inner(annotation)
    if typing.get_origin(inner) is list:
        (item,) = typing.get_args(inner) or (str,)
        leaf = leaf_converter(item, info)
        if leaf is None:
            return None
        return lambda values: [leaf(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
    return leaf_converter(annotation, info)


def install() -> None:
    """Give Typer the plain converters (once; a no-op on a Typer without these internals)."""
    try:
        from typer import _coercion
        from typer import core as typer_core
        from typer._click.exceptions import BadParameter
    except ImportError:
        return
    original = getattr(_coercion, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "_kxdt", False):
        return
    if getattr(typer_core, "build_runtime_param", None) is not original:
        return

    @dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc, valid-type]
        convert: Convert = _to_str

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value)
            except ValueError as error:
                raise BadParameter(str(error), ctx=ctx, param=param) from None

    def build_runtime_param(descriptor: Any) -> Any:
        if getattr(descriptor, "file_annotation", None) is None:
            convert = converter(descriptor.annotation, descriptor.parameter_info)
            if convert is not None:
                return PlainRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                                         convert=convert)
        return original(descriptor)

    build_runtime_param._kxdt = True  # type: ignore[attr-defined]
    _coercion.build_runtime_param = build_runtime_param
    typer_core.build_runtime_param = build_runtime_param
