"""Model ↔ plain JSON-ready data (Decimal as strings, enums as values).

:func:`to_data` is what ``yusuan export`` writes; :func:`from_data` reads it back (typed by the
dataclasses' own annotations), so an exported model — or one written by another program to
the same contract — can be checked and published.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class ModelDataError(ValueError):
    """Data that does not fit the model; ``where`` is a JSON path such as ``tables[2].rows[0]``."""

    def __init__(self, where: str, detail: str) -> None:
        self.where = where
        self.detail = detail
        super().__init__(f"{where}: {detail}")


def to_data(obj: Any) -> Any:
    """Recursively convert dataclasses, tuples, Decimals and enums to JSON-ready values."""
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, Enum):
        return obj.value
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any, where: str = "") -> T:
    """Build a model dataclass from :func:`to_data` output; :class:`ModelDataError` naming the
    place when a value has the wrong type or a required field is missing.

    A decoder compiled once per type does the work; only when it meets bad data is the data
    walked again, slowly, to name the place."""
    try:
        return typing.cast(T, _decoder(typing.cast(Any, cls))(data))
    except (_Bad, ValueError, TypeError, ArithmeticError):
        return typing.cast(T, _value(cls, data, where or cls.__name__))


class _Bad(Exception):
    """Bad data met by a compiled decoder (located afterwards by :func:`_value`)."""


Decoder = Callable[[Any], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        nullable = len(members) < len(typing.get_args(tp))
        if len(members) == 1:
            inner = _decoder(members[0])
            return (lambda d: None if d is None else inner(d)) if nullable else inner
        options = [_decoder(a) for a in members]

        def union(d: Any) -> Any:
            if d is None and nullable:
                return None
            for option in options:
                try:
                    return option(d)
                except (_Bad, ValueError, TypeError, ArithmeticError):
                    continue
            raise _Bad

        return union
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def many(d: Any) -> Any:
                if not isinstance(d, list):
                    raise _Bad
                return tuple(item(x) for x in d)

            return many
        items = [_decoder(a) for a in args]

        def fixed(d: Any) -> Any:
            if not isinstance(d, list) or len(d) != len(items):
                raise _Bad
            return tuple(f(x) for f, x in zip(items, d, strict=True))

        return fixed
    if origin is frozenset:
        (arg,) = typing.get_args(tp)
        element = _decoder(arg)
        return lambda d: frozenset(element(x) for x in d) if isinstance(d, list) else _raise()
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        # field decoders are looked up when used: the model is recursive (a dataclass may hold its own kind)
        fields = [
            (
                f.name,
                hints[f.name],
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            )
            for f in dataclasses.fields(tp)
        ]
        cls = tp

        def record(d: Any) -> Any:
            if not isinstance(d, dict):
                raise _Bad
            kwargs = {}
            for name, hint, required in fields:
                if name in d:
                    kwargs[name] = _decoder(hint)(d[name])
                elif required:
                    raise _Bad
            return cls(**kwargs)

        return record
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if tp is Decimal:

        def decimal(d: Any) -> Any:
            if isinstance(d, bool) or not isinstance(d, (str, int, float)):
                raise _Bad
            value = Decimal(repr(d) if isinstance(d, float) else d)
            if not value.is_finite():
                raise _Bad
            return value

        return decimal
    if tp in (bool, str):
        return lambda d: d if type(d) is tp else _raise()
    if tp is int:
        return lambda d: d if type(d) is int else _raise()
    if tp is float:
        return lambda d: float(d) if type(d) in (int, float) else _raise()
    if tp is type(None):
        return lambda d: None if d is None else _raise()
    raise TypeError(f"no decoder for {tp!r}")


def _raise() -> Any:
    raise _Bad


def _value(tp: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        last: ModelDataError | None = None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _value(arg, data, where)
            except ModelDataError as exc:
                last = exc
        assert last is not None
        raise last
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list):
            raise ModelDataError(where, "应为列表")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], x, f"{where}[{i}]") for i, x in enumerate(data))
        if len(data) != len(args):
            raise ModelDataError(where, f"应有 {len(args)} 项，实有 {len(data)} 项")
        return tuple(
            _value(a, x, f"{where}[{i}]") for i, (a, x) in enumerate(zip(args, data, strict=True))
        )
    if origin is frozenset:
        if not isinstance(data, list):
            raise ModelDataError(where, "应为列表")
        (arg,) = typing.get_args(tp)
        return frozenset(_value(arg, x, f"{where}[{i}]") for i, x in enumerate(data))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(data, dict):
            raise ModelDataError(where, "应为对象（键: 值）")
        hints = _hints(tp)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = _value(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ModelDataError(where, f"缺少字段 {f.name}")
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = "、".join(str(m.value) for m in tp)
            raise ModelDataError(where, f"取值 {data!r} 无效（可用：{allowed}）") from None
    if tp is Decimal:
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            raise ModelDataError(where, f'应为数字（如 "1421.74"），实为 {data!r}')
        try:
            # a float (from YAML) by its shortest round-trip text: 1421.74, never 1421.7399…
            value = Decimal(repr(data) if isinstance(data, float) else data)
        except InvalidOperation:
            raise ModelDataError(where, f"不是数字：{data!r}") from None
        if not value.is_finite():
            raise ModelDataError(where, f"不是有限的数字：{data!r}")
        return value
    if tp is bool:
        if not isinstance(data, bool):
            raise ModelDataError(where, f"应为 true 或 false，实为 {data!r}")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ModelDataError(where, f"应为整数，实为 {data!r}")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise ModelDataError(where, f"应为数字，实为 {data!r}")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise ModelDataError(where, f"应为文字，实为 {data!r}")
        return data
    if tp is type(None):
        if data is not None:
            raise ModelDataError(where, "应为空（null）")
        return None
    raise ModelDataError(where, f"无法读取的类型 {tp!r}")
