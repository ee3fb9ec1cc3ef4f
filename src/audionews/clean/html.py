"""HTML pages: the article body and its section headings, plus the page's own metadata.

trafilatura finds the body; its XML output keeps paragraphs and headings apart. On some
layouts it collapses the article into one block; then the page's own block elements are
walked instead (the line rules remove the furniture either way).
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from .text import strip_invisible

_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "blockquote", "pre", "td")
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_FURNITURE = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
)


@dataclass(frozen=True)
class HtmlExtract:
    lines: tuple[str, ...]
    heading_lines: frozenset[int]
    title: str | None
    author: str | None
    published: str | None
    source: str | None


def _text(el: lxml.etree._Element) -> str:
    return " ".join(
        strip_invisible(el.text_content() if hasattr(el, "text_content") else "".join(el.itertext())).split()
    )


def _from_trafilatura(html: str) -> tuple[list[str], set[int]]:
    xml = trafilatura.extract(
        html, favor_recall=True, output_format="xml", include_comments=False, include_tables=False, include_images=False
    )
    if not xml:
        return [], set()
    root = lxml.etree.fromstring(xml.encode("utf-8"))
    lines, headings = [], set()
    for el in root.iter("head", "p", "item", "quote"):
        text = " ".join("".join(el.itertext()).split())
        if not text:
            continue
        if el.tag == "head" and el.get("rend", "h2") != "h1":
            headings.add(len(lines))
        lines.append(text)
    return lines, headings


def _walk(tree: lxml.html.HtmlElement) -> tuple[list[str], set[int]]:
    for el in tree.iter(*_FURNITURE):
        el.drop_tree()
    lines, headings = [], set()
    containers = (*_BLOCKS, "div")
    for el in tree.iter(*containers):
        if any(parent.tag in _BLOCKS for parent in el.iterancestors()):
            continue  # its text is already in the enclosing block
        if el.tag == "div" and any(child.tag in containers for child in el.iterdescendants()):
            continue  # only leaf divs carry text of their own (bylines, share bars)
        text = _text(el)
        if not text:
            continue
        if el.tag in _HEADINGS:
            headings.add(len(lines))
        lines.append(text)
    return lines, headings


def extract_html(html: str) -> HtmlExtract:
    lines, headings = _from_trafilatura(html)
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        tree = None
    if tree is not None and len(lines) <= 1 and len(tree.findall(".//p")) >= 3:
        lines, headings = _walk(tree)
    meta = trafilatura.extract_metadata(html)
    return HtmlExtract(
        lines=tuple(lines),
        heading_lines=frozenset(headings),
        title=(meta.title if meta else None) or None,
        author=(meta.author if meta else None) or None,
        published=(meta.date if meta else None) or None,
        source=(meta.sitename if meta else None) or None,
    )
