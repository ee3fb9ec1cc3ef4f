"""feedparser.parse for a fetched body, without its guess that text is UTF-8 read as Latin-1.

feedparser (6.0.x, `_FeedParserMixin.pop`) re-decodes every element's text whenever its parser
was told the document is "utf-8": text made only of Latin-1 characters whose bytes happen to be
UTF-8 is "repaired", so a title, author or link `Â¡` (or `&#194;&#161;`) comes out as `¡`,
silently. There is no option to switch this off, and feedparser.parse always names the encoding
"utf-8" after converting the body to it. So this is feedparser.parse for bytes, step by step,
with the one difference that the parsers are told "utf8": the same codec for every decode they
do, but not the name that guess tests for. Its windows-1252 mapping of C1 control characters
(U+0080-U+009F) stays: that one is applied whatever the encoding."""

from __future__ import annotations

import contextlib
import io
import xml.sax

import feedparser
from feedparser.api import PREFERRED_XML_PARSERS, LooseFeedParser, StrictFeedParser
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype
from feedparser.util import FeedParserDict

# what the body is in once convert_to_utf8 is done; any spelling but "utf-8" skips the guess
_UTF8 = "utf8"


def parse(body: bytes) -> FeedParserDict:
    """What feedparser.parse(body) returns for a body with no HTTP headers, its text as sent."""
    result = FeedParserDict(bozo=False, entries=[], feed=FeedParserDict(), headers={})
    if not body:
        return result
    data = convert_to_utf8({}, body, result)
    use_strict = bool(result["encoding"])  # no encoding that decodes it: straight to the loose parser
    result["version"], data, entities = replace_doctype(data)
    parser: StrictFeedParser | LooseFeedParser
    if use_strict:
        parser = StrictFeedParser("", None, _UTF8)
        _configure(parser)
        sax = xml.sax.make_parser(PREFERRED_XML_PARSERS)
        sax.setFeature(xml.sax.handler.feature_namespaces, 1)
        with contextlib.suppress(xml.sax.SAXNotSupportedException):  # never fetch an external DTD or entity
            sax.setFeature(xml.sax.handler.feature_external_ges, 0)
        sax.setContentHandler(parser)
        sax.setErrorHandler(parser)
        source = xml.sax.xmlreader.InputSource()
        source.setByteStream(io.BytesIO(data))
        try:
            sax.parse(source)
        except xml.sax.SAXException as exc:
            result["bozo"] = 1
            result["bozo_exception"] = parser.exc or exc
            use_strict = False
    if not use_strict:
        parser = LooseFeedParser("", None, _UTF8, entities)
        _configure(parser)
        parser.feed(data.decode("utf-8", "replace"))
    result["feed"] = parser.feeddata
    result["entries"] = parser.entries
    result["version"] = result["version"] or parser.version
    result["namespaces"] = parser.namespaces_in_use
    return result


def _configure(parser: StrictFeedParser | LooseFeedParser) -> None:
    # feedparser's own defaults, as feedparser.parse applies them
    parser.resolve_relative_uris = feedparser.RESOLVE_RELATIVE_URIS
    parser.sanitize_html = feedparser.SANITIZE_HTML
