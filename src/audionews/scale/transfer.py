"""How bytes travel between a build and its workers: inline in the task messages (base64), or
through `[scale] store`, a folder every worker sees or an fsspec URL (a reference travels)."""

from __future__ import annotations

import base64
import posixpath
import uuid
from typing import Any

from ..errors import AudionewsError

ClipRef = dict[str, str]  # {"b64": data} or {"at": name in the store}


class Transfer:
    def __init__(self, store: str) -> None:
        self.fs: Any = None
        self.local = False
        if store:
            import fsspec
            from fsspec.implementations.local import LocalFileSystem

            self.fs, self.root = fsspec.core.url_to_fs(store)
            self.local = isinstance(self.fs, LocalFileSystem)

    def _path(self, name: str) -> str:
        return posixpath.join(self.root, name)

    def has(self, name: str) -> bool:
        return self.fs is not None and self.fs.exists(self._path(name))

    def ship(self, name: str, data: bytes) -> ClipRef:
        if self.fs is None:
            return {"b64": base64.b64encode(data).decode("ascii")}
        path = self._path(name)
        if self.local:  # complete or absent for every reader: written aside, then renamed
            self.fs.makedirs(posixpath.dirname(path), exist_ok=True)
            aside = f"{path}.{uuid.uuid4().hex}.tmp"
            self.fs.pipe_file(aside, data)
            self.fs.mv(aside, path)
        else:  # an object store's put is atomic
            self.fs.pipe_file(path, data)
        return {"at": name}

    def reference(self, name: str) -> ClipRef:
        return {"at": name}

    def fetch(self, ref: ClipRef) -> bytes:
        if "b64" in ref:
            return base64.b64decode(ref["b64"])
        if self.fs is None:
            raise AudionewsError(f"a worker used the store {ref['at']!r}, but this build has no [scale] store")
        return bytes(self.fs.cat_file(self._path(ref["at"])))

    def remove(self, name: str) -> None:
        if self.fs is not None and self.fs.exists(self._path(name)):
            self.fs.rm(self._path(name), recursive=True)


def clip_name(key: str) -> str:
    """A clip's name in the store: the clip cache's own layout, so a shared cache folder serves."""
    return f"clips/{key[:2]}/{key}.pcm"
