"""Frozen dataclasses as JSON and back: what a build sends its workers (scale/) and the
manifest's records (publish/records.py).

Celery tasks carry JSON only (a pickle from the broker would run whatever whoever can write to
Redis put there), so a render job travels as plain data and is rebuilt with its types from the
dataclasses' own annotations: nested dataclasses, tuples, lists, dicts, optional values, enums,
datetimes, paths, bytes (base64) and int16 PCM arrays (base64).
"""

from __future__ import annotations

import base64
import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np


def to_wire(value: Any) -> Any:
    """A JSON-serialisable form of `value` (decoded again by `from_wire` with its type)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, np.ndarray):
        return base64.b64encode(value.astype(np.int16).tobytes()).decode("ascii")
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_wire(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_wire(kind: Any, data: Any) -> Any:
    """`data` (from `to_wire`) as a value of type `kind`."""
    return _decoder(kind)(data)


Decode = Callable[[Any], Any]


@cache
def _decoder(kind: Any) -> Decode:
    """The function that decodes `kind`, worked out once per type: a manifest or a cache of a
    thousand articles decodes the same few types tens of thousands of times."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(v) for v in data)
        parts = tuple(_decoder(a) for a in args)
        return lambda data: tuple(d(v) for d, v in zip(parts, data, strict=True))
    if origin is list:
        item = _decoder(args[0])
        return lambda data: [item(v) for v in data]
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])
        return lambda data: {key(k): value(v) for k, v in data.items()}
    if kind is Any or kind is object:
        return _same
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return _LEAVES.get(kind, _same)


def _dataclass_decoder(kind: type) -> Decode:
    hints = _hints(kind)
    wanted = [(f.name, hints[f.name]) for f in dataclasses.fields(kind) if f.init]

    def decode(data: Any) -> Any:
        # a field missing from `data` takes its default (a record written before it existed); a
        # missing field without one is a TypeError from the constructor
        return kind(**{name: _decoder(hint)(data[name]) for name, hint in wanted if name in data})

    return decode


def _same(data: Any) -> Any:
    return data


def _float(data: Any) -> Any:
    return float(data) if isinstance(data, int) else data


_LEAVES: dict[Any, Decode] = {
    datetime: datetime.fromisoformat,
    Path: Path,
    bytes: base64.b64decode,
    np.ndarray: lambda data: np.frombuffer(base64.b64decode(data), dtype=np.int16),
    float: _float,
}
