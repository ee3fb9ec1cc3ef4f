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
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return from_wire(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_wire(args[0], v) for v in data)
        return tuple(from_wire(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        return [from_wire(args[0], v) for v in data]
    if origin is dict:
        return {from_wire(args[0], k): from_wire(args[1], v) for k, v in data.items()}
    if kind is Any or kind is object:
        return data
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        # a field missing from `data` takes its default (a record written before it existed); a
        # missing field without one is a TypeError from the constructor
        given = (f for f in dataclasses.fields(kind) if f.init and f.name in data)
        return kind(**{f.name: from_wire(hints[f.name], data[f.name]) for f in given})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is Path:
        return Path(data)
    if kind is bytes:
        return base64.b64decode(data)
    if kind is np.ndarray:
        return np.frombuffer(base64.b64decode(data), dtype=np.int16)
    if kind is float and isinstance(data, int):
        return float(data)
    return data
