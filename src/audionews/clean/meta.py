"""Metadata from bylines and credit lines: author, editor, source, publication time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ..cjk import HAN

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "editor": ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "主编", "主編", "值班编辑"),
    "author": ("作者", "记者", "記者", "撰文", "撰稿", "文字"),
    "source": (
        "来自",
        "來自",
        "文章来源",
        "文章來源",
        "新闻来源",
        "新聞來源",
        "来源",
        "來源",
        "出处",
        "出處",
        "稿源",
        "转自",
        "轉自",
    ),
    "published": (
        "更新时间",
        "更新時間",
        "发表时间",
        "發表時間",
        "发布时间",
        "發布時間",
        "發佈時間",
        "发布日期",
        "發布日期",
        "日期",
        "时间",
        "時間",
        "发表于",
        "發表於",
    ),
    # a photo's credit, not the story's: the line is a caption
    "picture": ("图片来源", "圖片來源", "图片提供", "圖片提供"),
    # `資料來源：氣象署` names where the figures came from, not who published the story
    "ignore": (
        "点阅率",
        "點閱率",
        "访问量",
        "訪問量",
        "阅读量",
        "閱讀量",
        "点击量",
        "點擊量",
        "资料来源",
        "資料來源",
        "数据来源",
        "數據來源",
        "浏览",
        "瀏覽",
        "阅读",
        "閱讀",
        "点击",
        "點擊",
        "评论",
        "評論",
        "字号",
        "字體",
        "字体",
    ),
}
LABEL_TO_FIELD = {label: f for f, labels in FIELD_LABELS.items() for label in labels}
_LABELS_RE = "|".join(sorted(LABEL_TO_FIELD, key=len, reverse=True))
# `責任編輯/陳盈真`: Taiwanese sites put a slash where others put a colon
LABELED_FIELD = re.compile(f"({_LABELS_RE})\\s*(?:[:：]|[／/](?=\\S))\\s*")
_DATE_PATTERNS = [
    # 2022-04-19 08:48(:00), 2022/4/19 8:48, 2022.04.19
    re.compile(
        r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
        r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    ),
    # 2019年06月15日08:18
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
        r"(?:\s*(?P<H>\d{1,2})[:：时時](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
    ),
    # 02.09.2022  22:23 (day first)
    re.compile(
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})"
        r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    ),
]
# Taiwan's Minguo years: 民國111年4月19日, 中華民國91年3月19日, 111年4月19日 (year 1912 = 民國1)
_ROC_DATE = re.compile(
    r"(?:(?:中華)?民[國国]\s*(?=\d{2,3}年)|(?<!\d)(?=1\d{2}年))(?P<y>\d{2,3})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?P<H>\d{1,2})[:：时時](?P<M>\d{2}))?"
)
ROC_EPOCH = 1911
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")


def parse_date(text: str) -> datetime | None:
    """The first date (and time) in `text`, timezone-aware; Asia/Shanghai when none is given."""
    text = text.strip()
    try:
        iso = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if _OFFSET.search(text) or iso.tzinfo:
            return iso
        return iso.replace(tzinfo=CHINA_TZ)
    except ValueError:
        pass
    for pattern in (*_DATE_PATTERNS, _ROC_DATE):
        m = pattern.search(text)
        if not m:
            continue
        parts = {k: int(v) for k, v in m.groupdict().items() if v is not None}
        if pattern is _ROC_DATE:
            parts["y"] += ROC_EPOCH
        try:
            return datetime(
                parts["y"],
                parts["m"],
                parts["d"],
                parts.get("H", 0),
                parts.get("M", 0),
                parts.get("S", 0),
                tzinfo=CHINA_TZ,
            )
        except ValueError:
            continue
    return None


# `作者：小编`, `作者:admin`, `作者:上海要闻`: a site's placeholder or a column, not a person
NOT_A_PERSON = re.compile(
    r"^(小编|小編|admin|佚名|本站|本网|本網|编辑部|編輯部)$|(要闻|要聞|新闻|新聞|频道|頻道|中心|网|網|报|報)$", re.I
)


NAME_FIELD_MAX = 24  # characters in an author or editor field: names, not sentences


def _clean_value(field: str, value: str) -> str:
    value = value.strip(" \t|｜/,，;；")
    if field == "source":  # `来源:某网2024-03-06 17:48`, `來源: 紐約時報 於 2025-…`: no date
        value = re.sub(r"\s*(?:[於于]\s*)?(?:19|20)\d{2}\s*[-/.年].*$", "", value)
    if field in ("author", "editor"):
        # "韓雪潔 攝影" or "张三 李四" -> keep names, drop trailing role words
        value = re.sub(r"\s*(摄影|攝影|摄|攝|报道|報道|報導|综合报道|綜合報導)[。.]?$", "", value)
        # `記者:林太，想問…` is an interviewer speaking in a transcript, not a byline
        if NOT_A_PERSON.search(value) or re.search("[，。？！,?!]", value) or len(value) > NAME_FIELD_MAX:
            return ""
    return value.strip()


def parse_labeled_fields(line: str) -> dict[str, str]:
    """`作者:X   更新時間:Y   來源:Z` -> {"author": X, "published": Y, "source": Z}."""
    found: dict[str, str] = {}
    matches = list(LABELED_FIELD.finditer(line))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        field = LABEL_TO_FIELD[m.group(1)]
        value = _clean_value(field, line[m.end() : end])
        value = re.split(r"[\]】）)\[【（(]", value)[0].strip()
        if field == "source":
            value = re.split(
                r"\s{2,}|\s[|｜]\s|\s+(?=记者|記者|作者|编辑|編輯|摄影|攝影|发表|發表|评论|評論|字体|字體|分享)", value
            )[0].strip()
        if value and field not in ("ignore", "picture") and field not in found:
            found[field] = value
    return found


_REPORTER = re.compile(
    rf"(?:记者|記者)\s*[:：]?\s*([{HAN}·]{{2,5}}?(?:[、 ][{HAN}·]{{2,4}})*)"
    r"(?=[／/\\\s）)]|报道|報導|報道|摄|攝|$)"
)


_NAMES = f"[{HAN}·]{{2,5}}?(?:[、 ][{HAN}·]{{2,4}})*"
_WRITER = re.compile(rf"^(?:文|图文|圖文|撰文)\s*[／/|｜:：]\s*(?:本报|本報)?(?:记者|記者)?\s*({_NAMES})(?=[\s/／]|$)")


_ROLE_AFTER_NAMES = re.compile(r"\s*(通讯员|通訊員|实习生|實習生|实习记者|實習記者|摄影|攝影|编辑|編輯).*$")


def reporter_name(text: str) -> str | None:
    """`記者陳志明／台北報導`, `（记者王晓明）`, `记者 李四 摄`, `文／李四` -> the name;
    `记者 李磊 通讯员 马俊海` -> `李磊` (a correspondent is credited, not the reporter)."""
    m = _REPORTER.search(text) or _WRITER.search(text.strip())
    return _ROLE_AFTER_NAMES.sub("", m.group(1)).strip() or None if m else None


_CREDIT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "editor",
        re.compile(r"[（(\[【]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]?\s*([^）)\]】]{1,20})[）)\]】]\s*$"),
    ),
    ("author", re.compile(r"[（(]\s*[^（）()\s]{0,8}?(?:记者|記者)\s*[:：]?\s*([^）)]{1,30})[）)]\s*$")),
    # `（中央社）`, `(新华社)`: the agency the story came from
    ("source", re.compile(r"[（(]\s*([^（）()\s\d]{1,6}(?:社|网|網))\s*[）)]\s*$")),
    # `…的应对措施。 徐欢`: the reporter's name after the last sentence
    ("author", re.compile(f"(?<=[。！？”])\\s+([{HAN}]{{2,3}})\\s*$")),
]


def trailing_credit(paragraph: str) -> tuple[str, str | None, str | None]:
    """Strip a trailing `(記者 X)` / `(责编：X)` / `[责任编辑:X]` / `【纠错】` from a paragraph."""
    text = re.sub(r"\s*【纠错】\s*$|\s*【糾錯】\s*$", "", paragraph)
    for field, pattern in _CREDIT_PATTERNS:
        m = pattern.search(text)
        if m:
            return text[: m.start()].rstrip(), field, m.group(1).strip()
    return text, None, None


# Where a wire story names its source in its first words: `【看中国2019年9月16日讯】`,
# `厦门日报讯`, `臺海網7月13日訊`, `新华社北京1月11日电`, `【now新聞台】`; and a repost's
# `自由時報  2023/08/06 ` glued to the first paragraph.
_LEAD_DATE = r"(?P<date>(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
_CLOCK = r"(?:北京时间|北京時間|台北時間|香港時間|当地时间|當地時間)?"
_LEAD_PATTERNS = (
    re.compile(
        rf"^[【\[](?P<src>[^【】\[\]\d]{{2,16}}?){_CLOCK}\s*{_LEAD_DATE}?\s*(?:讯|訊|报道|報道|報導|电|電)?[】\]]"
    ),
    re.compile(rf"^[（(](?P<src>[^（）()\d]{{2,12}}?(?:网|網|社|台|臺|报|報)){_LEAD_DATE}?[）)]"),
    re.compile(rf"^(?P<src>[^\s\d【】（()）]{{2,10}}?){_LEAD_DATE}?\s*(?:讯|訊)(?![息號号])"),
    re.compile(rf"^(?P<src>[^\s\d【】（()）]{{1,8}}?(?:社|网|網))[^\s\d，,。]{{0,4}}?{_LEAD_DATE}\s*(?:电|電)"),
)
_LEAD_REPOST = re.compile(
    r"^(?P<src>\S{2,8}?(?:报|報|网|網|社|台|臺|新闻|新聞))\s+(?P<date>(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})\s+"
)


_REPORTER_LEAD = re.compile(r"^(?:记者|記者)\s*(\S+?)\s*(?:\S{2,3})?$")
_OWN_PAPER = re.compile(r"^本(报|報|台|臺|网|網|刊|站)")  # `【本報訊】` names no one


# `人民网威海9月16日电(刘祺)`: the reporter in brackets right after a wire dateline
_DATELINE_NAME = re.compile(f"[电電]\\s*[（(](?!记者|記者)([{HAN}·]{{2,4}}(?:[ 、][{HAN}·]{{2,4}})*)[）)]")


def lead_credit(paragraph: str) -> tuple[str, dict[str, str]]:
    """(paragraph, fields) from a dateline or source tag opening the first paragraph. The
    dateline stays in the text, as a newsreader reads it; a repost's glued `source date` goes."""
    m = _LEAD_REPOST.match(paragraph)
    if m:
        return paragraph[m.end() :], {"source": m.group("src"), "published": m.group("date")}
    for pattern in _LEAD_PATTERNS:
        m = pattern.match(paragraph)
        if m and _REPORTER_LEAD.match(m.group("src")):  # `【記者 Anasha 南投報導】`: a byline
            return paragraph, {"author": _REPORTER_LEAD.match(m.group("src")).group(1)}
        if m and not _OWN_PAPER.match(m.group("src")):
            found = {"source": m.group("src").strip()}
            date = m.group("date")
            if date and "年" in date:
                found["published"] = date
            named = _DATELINE_NAME.search(paragraph[: m.end() + 20])
            if named:
                found["author"] = named.group(1)
            return paragraph, found
    return paragraph, {}


# `责任编辑：孙欣祺`, `責編 李炎 終審 劉力華`: the responsible editor, a colon or only a space after
_RESPONSIBLE_EDITOR = re.compile(
    f"(?:责任编辑|責任編輯|责编|責編)\\s*[:：/／]?\\s*([{HAN}·]{{2,4}}(?:[、 ][{HAN}·]{{2,4}})*?)"
    r"(?=\s+(?:终审|終審|审核|審核|校对|校對)|\s*$|[\]】）)])"
)


def responsible_editor(line: str) -> str | None:
    """The responsible editor (责任编辑), who outranks a plain 编辑 on the same page."""
    m = _RESPONSIBLE_EDITOR.search(line)
    return m.group(1).strip() if m else None
