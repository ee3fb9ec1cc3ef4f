"""Front matter: the `---` fenced YAML at the top of an article file.

Written with PyYAML's safe dumper (every value a string, quoted whenever YAML would read it as
anything else) and read with PyYAML's base loader, which gives every scalar back as the string
it was written as (`yes`, `null` and `2024-01-01` stay text): what `fetch` writes, the build
reads back exactly. Hand-written front matter reads as it always did: a block that is not valid
YAML (`title: 时间: 下午3点`) line by line as `key: value`, and a plain value YAML would cut short
(`title: #热点# 新闻`, a comment to YAML) as written.
"""

from __future__ import annotations

import yaml

FENCE = "---"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Timestamp(str):
    """A date written as a YAML timestamp (`published: 2024-01-01T00:00:00+00:00`, unquoted)
    when it has that form; quoted like any other text when it does not."""


class _Dumper(yaml.SafeDumper):
    pass


def _timestamp(dumper: yaml.SafeDumper, value: Timestamp) -> yaml.ScalarNode:
    if dumper.resolve(yaml.ScalarNode, str(value), (True, False)) == _TIMESTAMP:
        return dumper.represent_scalar(_TIMESTAMP, str(value))
    return dumper.represent_str(str(value))


_Dumper.add_representer(Timestamp, _timestamp)


class FrontMatterError(Exception):
    """A front matter line that is neither YAML nor `key: value`; str() says which."""


def dump_front_matter(fields: dict[str, str]) -> str:
    """`---`, one `key: value` line per non-empty field (in the given order), `---`."""
    kept = {key: value for key, value in fields.items() if value}
    body = yaml.dump(kept, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 30)
    return f"{FENCE}\n{body}{FENCE}\n"


def load_front_matter(lines: list[str], keys: frozenset[str] | set[str]) -> dict[str, str]:
    """The fields named in `keys` (lower-cased) from the lines between the fences."""
    raw = "\n".join(lines)
    try:
        parsed = yaml.load(raw, Loader=yaml.BaseLoader) if raw.strip() else {}
    except yaml.YAMLError:
        parsed = None
    if isinstance(parsed, dict) and all(isinstance(k, str) for k in parsed):
        found = {k.strip().lower(): v for k, v in parsed.items()}
        if all(isinstance(v, str) for k, v in found.items() if k in keys):
            # on one line, as values always were (a block scalar or an escaped "\n" would not be)
            fields = {k: " ".join(v.splitlines()).strip() for k, v in found.items() if k in keys}
            return fields | _as_written(lines, keys)
    return _line_by_line(lines, keys)


def _as_written(lines: list[str], keys: frozenset[str] | set[str]) -> dict[str, str]:
    """Hand-written plain values YAML would cut short: `title: #热点# 新闻` or `title: 第1期 #热点`
    (a comment to YAML), `&`, `*` or `!` first (an anchor, an alias, a tag). Kept as written, as
    they always were; the dumper quotes all of these, so what `fetch` writes never lands here."""
    kept = {}
    for line in lines:
        key, sep, value = line.partition(":")
        value = value.strip()
        if sep and key == key.strip() and key.lower() in keys and _cut_short(value):
            kept[key.lower()] = value
    return kept


def _cut_short(value: str) -> bool:
    plain = bool(value) and value[0] not in "'\"|>"
    return plain and (value.startswith(("#", "&", "*", "!")) or " #" in value)


def _line_by_line(lines: list[str], keys: frozenset[str] | set[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise FrontMatterError(f"front matter line is not 'key: value': {line.strip()[:40]}")
        key = key.strip().lower()
        if key in keys:
            fields[key] = _scalar(value.strip())
    return fields


def _scalar(value: str) -> str:
    """A value quoted as a whole (`"a: b"`, `'it''s'`) unquoted by YAML's rules; else as written."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        try:
            parsed = yaml.load(value, Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            return value
        if isinstance(parsed, str):
            return parsed
    return value
