"""What a feed says about an entry, made fit for an article's front matter: text on one line
without control characters, a URL the build accepts, a date as ISO 8601 in UTC."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

# the same rule the build applies to a front matter `url:` (clean/fields.py), and no controls
_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# removed from titles and names: controls (NUL, BEL, ESC), lone surrogates, private use,
# unassigned code points, and the bidi and zero-width formatting characters (Cf)
_DROPPED = frozenset(("Cc", "Cs", "Co", "Cn", "Cf"))


class BadValue(Exception):
    """A value the article file cannot carry as it is; str() says why."""


def one_line(text: str) -> str:
    """Whitespace runs (newlines, tabs) as one space; control and formatting characters dropped."""
    kept = "".join(" " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) not in _DROPPED)
    return re.sub(r" +", " ", kept).strip()


def body_text(text: str) -> str:
    """An article's text without the control characters that make a file "binary" for the build."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))


def checked_url(url: str) -> str:
    """`url` as it is when it can be fetched and written; BadValue otherwise (a newline in it,
    a broken IPv6 literal, no host, not http(s))."""
    if not _HTTP_URL.match(url) or any(unicodedata.category(c) in ("Cc", "Cs", "Cf") for c in url):
        raise BadValue(f"not an http(s) URL that can be fetched: {url[:80]!r}")
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # both raise ValueError on `[::1` or port 99999
    except ValueError as exc:
        raise BadValue(f"not a URL that can be fetched ({exc}): {url[:80]!r}") from None
    if not host:
        raise BadValue(f"no host in the URL: {url[:80]!r}")
    return url


def joined(base: str, link: str) -> str:
    """`link` as it is when absolute (urljoin would drop an empty `;` from it), else against `base`."""
    return link if _SCHEME.match(link) else urljoin(base, link)


def utc_iso(moment: datetime) -> str | None:
    """ISO 8601 in UTC; None when the moment falls outside years 1-9999 once in UTC."""
    try:
        return moment.astimezone(UTC).isoformat()
    except (OverflowError, ValueError):
        return None


def struct_date(stamp: tuple[int, ...] | None) -> str | None:
    """feedparser's parsed date (a UTC `struct_time`): read as UTC, never as local time."""
    if not stamp:
        return None
    try:
        return datetime(*stamp[:6], tzinfo=UTC).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def text_date(text: object) -> str | None:
    """A JSON Feed date (RFC 3339) in UTC; None when absent or unreadable."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:  # no offset: left as stated, as the build reads it (China time)
        return moment.isoformat()
    return utc_iso(moment)


def short(reason: object, limit: int = 120) -> str:
    """An exception's message (often the server's own words) on one line, cut to `limit`."""
    return one_line(str(reason))[:limit] or type(reason).__name__
