"""Named rules that decide which lines of a scraped page are junk.

Single-line rules look at one line; run rules look at a line and its neighbours. Each returns
the rule name for a line it removes, so `clean --explain` can say why a line went.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import thresholds as T
from .meta import LABEL_TO_FIELD as _LABEL_FIELD
from .meta import LABELED_FIELD, parse_date, parse_labeled_fields
from .text import CJK, SENTENCE_END, content_chars, has_cjk

SPAM_WORDS = (
    "成人",
    "精品",
    "久久",
    "亚洲",
    "亞洲",
    "欧美",
    "歐美",
    "日韩",
    "日韓",
    "国产",
    "國產",
    "一区",
    "一區",
    "二区",
    "二區",
    "三区",
    "三區",
    "色情",
    "黄色",
    "黃色",
    "毛片",
    "无码",
    "無碼",
    "伦理",
    "倫理",
    "激情",
    "天堂",
    "博彩",
    "娱乐城",
    "娛樂城",
    "赌场",
    "賭場",
    "百家乐",
    "百家樂",
    "彩票",
    "棋牌",
    "老虎机",
    "老虎機",
    "六合彩",
    "时时彩",
    "時時彩",
    "在线观看",
    "在線觀看",
    "免费视频",
    "免費視頻",
    "波多野",
    "蜜桃",
    "av",
    "AV",
    "黄片",
    "黃片",
    "午夜",
    "福利视频",
    "福利視頻",
    "开户",
    "開戶",
    "菠菜",
    "真人视讯",
    "真人視訊",
    "高清无码",
    "一级",
    "一級",
    "葡京",
    "威尼斯人",
    "澳门",
    "澳門",
    "皇冠",
    "体育投注",
)
# words that condemn a short unpunctuated line on their own: gambling-site brands and calls
# to sign up, which no headline uses
STRONG_SPAM_WORDS = (
    "彩神",
    "网投",
    "網投",
    "官方入口",
    "登录平台",
    "登錄平台",
    "注册送",
    "註冊送",
    "体育投注",
    "體育投注",
    "真人视讯",
    "真人視訊",
    "百家乐",
    "百家樂",
    "娱乐城",
    "娛樂城",
)


def has_strong_spam(text: str) -> bool:
    return any(w in text for w in STRONG_SPAM_WORDS)


_SENTENCE_PUNCT = re.compile(f"[{SENTENCE_END}]")
_SPLIT_KEYWORDS = re.compile(r"[_|｜,，、/\s]+")


def spam_hits(line: str) -> int:
    return sum(line.count(w) for w in SPAM_WORDS)


def _short(line: str, limit: int) -> bool:
    return content_chars(line) <= limit


def is_spider_pool(line: str) -> bool:
    return "蜘蛛池" in line or line.startswith(("友情链接", "友情鏈接"))


def is_keyword_spam(line: str) -> bool:
    """Runs of short phrases joined by _ | , or spaces, stuffed with spam vocabulary."""
    if _short(line, T.STRONG_SPAM_LINE_MAX) and has_strong_spam(line):
        # a labelled byline still carries the page's date; its spam source is dropped later
        return not _SENTENCE_PUNCT.search(line) and not LABELED_FIELD.match(line)
    if _SENTENCE_PUNCT.search(line):
        return spam_hits(line) >= T.SPAM_HITS_IN_SENTENCES
    parts = [p for p in _SPLIT_KEYWORDS.split(line) if p]
    if len(parts) >= T.KEYWORD_LIST_PARTS_MIN and max(map(len, parts)) <= T.KEYWORD_PART_MAX:
        return spam_hits(line) >= T.SPAM_HITS_IN_KEYWORDS or line.count("_") >= T.KEYWORD_UNDERSCORES_MIN
    return spam_hits(line) >= T.SPAM_HITS_ELSEWHERE


def is_nav_menu(line: str) -> bool:
    """`首页 | 新闻 | 体育` or breadcrumbs `首页 > 新闻 > 正文`, `当前位置：...`."""
    if line.startswith(("当前位置", "當前位置", "您的位置", "你的位置", "您现在的位置")):
        return True
    for sep in (">", "›", "»", "|", "｜", "/", "·"):
        parts = [p.strip() for p in line.split(sep)]
        if len(parts) >= T.NAV_PARTS_MIN and all(0 < content_chars(p) <= T.NAV_PART_MAX for p in parts):
            return not _SENTENCE_PUNCT.search(line)
    return False


_LOGIN = re.compile(r"^(登录|登錄|注册|註冊|退出|我的账户|我的帳戶|会员中心|會員中心|客户端|客戶端|APP下载|App下载)")


def is_login_widget(line: str) -> bool:
    return _short(line, T.LOGIN_WIDGET_MAX) and _LOGIN.search(line) is not None


_SHARE = re.compile(
    r"分享到|分享至|分享：|分享:|微信|微博|扫一扫|掃一掃|二维码|二維碼|QR|朋友圈|QQ空间|QQ空間"
    r"|点赞|點讚|點贊|收藏|打印本页|列印|关闭窗口|關閉窗口|举报|舉報|^\+1$|^赞\s*\d*$|^讚\s*\d*$"
    r"|分享功能|进行分享|進行分享|^分享$|^打印$|^列印$|^TOP$|^回到顶部$|^回到頂部$"
)


def is_share_prompt(line: str) -> bool:
    return _short(line, T.SHARE_PROMPT_MAX) and not _SENTENCE_PUNCT.search(line) and _SHARE.search(line) is not None


_CAPTION = re.compile(
    r"^[（(]?\s*(图|圖|图片|圖片|摄影|攝影|视频|視頻|图文|圖文)\s*[/／:：]"
    r"|图片来源|圖片來源|图片由|圖片由|^资料图|^資料圖|资料图片|資料圖片|供圖$|供图$"
    r"|[（(][^（）()]{0,30}(摄|攝)[）)]$"
)
# A caption may be a whole sentence when it ends with the picture's credit, or is marked by
# the ▲ that news sites put under photos.
# a photographer's credit closing a caption: `李信君摄`, `新华社记者张春雷摄`
PHOTO_CREDIT_TAIL = f"\\s*(?:\\S{{0,6}}?(?:记者|記者))?[{CJK}]{{2,4}}\\s?(?:摄|攝)$"
_CAPTION_CREDIT = re.compile(
    r"^[▲△■◆↑]|^(?:图|圖)\s*[①-⑳\d一二三四五六七八九十]+\s*[:：]"
    r"|[（(][^（）()]{0,30}(摄|攝|图片来源|圖片來源|示意圖|示意图|圖／|圖/|图／|图/|截图|截圖|提供)[^（）()]{0,30}[）)]$"
    r"|(摄|攝)\s*[:：／/]\s*\S{2,12}$|(?:\s|发|發)[^\s。，,]{2,4}\s(摄|攝)$"
    r"|(?:图|圖)\s*[/／]\s*[^\s/／。，,]{2,12}$|(?:记者|記者)\s*[^\s。，,]{2,4}\s*(?:摄|攝)$"
    r"|(?:本文图片|本文圖片)\S{0,12}\s*\S{2,4}$"
    f"|[。）)]{PHOTO_CREDIT_TAIL}"  # `…脱粒。李信君摄`
)
_CAPTION_PHRASE = re.compile(f"^[{CJK}A-Za-z0-9·“”「」]+。$")
_SCENE = re.compile(
    r"(现场|現場|人群|画面|畫面|合影|留念|一角|全景|外景|景象|场景|場景|资料图|資料圖|照片|风光|風光)。$"
)
_VERB_MARK = re.compile("[了是在有将將会會说說要把被]")


def is_scene_phrase(line: str) -> bool:
    """`事故现场。`, `熊猫馆前的排队人群。`: a noun phrase with a full stop, as under a photo;
    `图书馆今天重新开放。` says something happened, so it is a sentence."""
    if not (_CAPTION_PHRASE.match(line) and _short(line, T.CAPTION_PHRASE_MAX)):
        return False
    return bool(_SCENE.search(line)) or ("的" in line and not _VERB_MARK.search(line))


_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|bmp|svg)$", re.IGNORECASE)


_ROLE_AND_NAME = re.compile(
    f"^[{CJK}]{{0,10}}(台长|臺長|局长|局長|主任|院长|院長|经理|經理|总监|總監|负责人|負責人|发言人|發言人|教授|医生|醫生"
    f"|医师|醫師|处长|處長|站长|站長|所长|所長|队长|隊長|书记|書記|市长|市長|县长|縣長|主席|董事长|董事長)[{CJK}]{{2,3}}$"
)


def is_image_caption(line: str) -> bool:
    if _IMAGE_FILE.match(line):
        return True
    if _ROLE_AND_NAME.match(line.strip()):  # `市气象台台长周鑫`: who is speaking in the picture
        return True
    if _short(line, T.CAPTION_SENTENCE_MAX) and _CAPTION_CREDIT.search(line):
        return True
    return _short(line, T.IMAGE_CAPTION_MAX) and not _SENTENCE_PUNCT.search(line) and _CAPTION.search(line) is not None


_COPYRIGHT = re.compile(
    r"版权所有|版權所有|copyright|©|ICP备|ICP證|ICP证|未经授权|未經授權|禁止转载|禁止轉載"
    r"|不得转载|不得轉載|违法和不良信息|網站地圖|网站地图|联系我们|聯絡我們|聯繫我們|关于我们|關於我們"
    r"|广告服务|廣告服務|免责声明|免責聲明|转载请注明|轉載請註明|轉載請注明|转载请保留"
    r"|转载此文|轉載此文|如有侵权|如有侵權|侵犯了您的合法权益|版权归原作者|版權歸原作者",
    re.IGNORECASE,
)


def is_copyright(line: str) -> bool:
    return _short(line, T.COPYRIGHT_MAX) and _COPYRIGHT.search(line) is not None


_PAGINATION = re.compile(
    r"^(【\d+】\s*)+$|^(上一页|下一页|上一頁|下一頁|首页|尾页|末页|首頁|尾頁)"
    r"|^[\d\s]+(下一页|下一頁)$|^第\s*\d+\s*[页頁]|^共\s*\d+\s*[页頁]"
)


def is_pagination(line: str) -> bool:
    return _PAGINATION.search(line) is not None


_CONTINUE = re.compile(
    r"請繼續往下閱讀|请继续往下阅读|继续阅读|繼續閱讀|展开全文|展開全文|阅读全文|閱讀全文"
    r"|下载APP|下載APP|打开APP|打開APP|点击查看|點擊查看|更多精彩|扫码下载|掃碼下載|点击进入|點擊進入"
    r"|^更多.{1,12}(報導|报道|報道|新聞|新闻)$|^看更多|^(以下为正文|以下為正文|正文如下)[:：]?$"
    r"|加入.{0,12}(LINE|Line|line|微信|官方帳號|官方账号).{0,4}好友|点我加入|點我加入|追蹤.{0,10}(粉絲團|粉丝团)|订阅我们|訂閱我們|扫码即可|掃碼即可",
    re.IGNORECASE,
)


_TEASER_END = re.compile(
    r"(read more|Read more|阅读全文|閱讀全文|全文>>|详全文|詳全文|更多>>)\s*[>»]*\s*$"
    r"|[・·|｜]\s*\d+\s*(分鐘|分钟|小時|小时|天)前\s*$"  # `…三立新聞網 setn.com ・ 1 天前`
)
# a call for letters or tips: an address to write to is never the story
_CONTACT_PROMO = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|(歡迎|欢迎|請|请).{0,10}(投稿|投書|投书|來稿|来稿|爆料)|(投稿|來稿|来稿|爆料)(熱線|热线|信箱|方法)"
)


def is_continue_reading(line: str) -> bool:
    """`请继续往下阅读…`, an app prompt, or another story's teaser ending in `read more`."""
    if _short(line, T.CONTINUE_READING_MAX) and _CONTINUE.search(line) is not None:
        return True
    return bool(_TEASER_END.search(line) or (_short(line, T.COPYRIGHT_MAX) and _CONTACT_PROMO.search(line)))


_COMMENTS = re.compile(r"评论\s*[（(]?\d+|評論\s*[（(]?\d+|\d+\s*条评论|\d+\s*則留言|^\d+\s*人(参与|參與|阅读|閱讀)")


def is_comment_count(line: str) -> bool:
    return _short(line, T.COMMENT_COUNT_MAX) and _COMMENTS.search(line) is not None


_TRACKING = re.compile(r"^[a-f0-9]{16,}$|^https?://\S+$|utm_[a-z]+=|^www\.\S+$", re.IGNORECASE)


def is_noise(line: str) -> bool:
    """Punctuation-only lines, bare URLs, tracking ids."""
    return content_chars(line) == 0 or _TRACKING.search(line) is not None


_REPORTER_LINE = re.compile(
    r"^(?:本报|本報|文|图文|圖文)?\s*(?:特派)?(?:记者|記者)\s*\S{2,5}\s*[／/\\]|^(?:文|图文|圖文)\s*[／/|｜]\s*[^。，,]{2,12}$"
)
_DESK_LINE = re.compile(
    r"^\S{2,6}\s*[／/\\]\s*\S{0,4}(综合|綜合)?(报道|報導|報道)$|^\S{2,4}\s*(报道|報導|報道)\s*[／/]\s*\S{2,6}$"
)
_ORG = r"\S{1,8}?(?:新聞|新闻|网|網|报|報|社|台|臺|電視|电视)"
_REPORTER_ONLY = re.compile(  # `记者 吴頔`, `澎湃新聞記者鞏漢語`
    f"^(?:本报|本報|特派|{_ORG})?(?:记者|記者)\\s*[:：]?\\s*[{CJK}·]{{2,4}}(?:[、 ][{CJK}·]{{2,4}}){{0,3}}$"
)

_SPACED_CREDITS = re.compile(
    f"^(?:(?:编辑|編輯|责编|責編|责任编辑|責任編輯|终审|終審|审核|審核|校对|校對)\\s+[{CJK}·]{{2,4}}(?:\\s+[{CJK}·]{{2,4}})*\\s*)+$"
)
_UPDATED_AT = re.compile(r"^(更新|更新時間|更新时间|發布|发布|發佈)\s*[:：]?\s*\d{1,2}:\d{2}$")
_CREDIT_ONLY = re.compile(r"^[（(\[【]\s*[^（）()\[\]【】]{1,40}[）)\]】]$")


def is_byline(line: str) -> bool:
    """A meta line: `作者:X 更新時間:Y 來源:Z`, `责任编辑：X`, `(記者 X)`, or a bare date line."""
    if _CREDIT_ONLY.match(line) and (LABELED_FIELD.search(line) or re.search("记者|記者|责编|責編|供稿", line)):
        return True
    if _short(line, T.REPORTER_LINE_MAX) and _DESK_LINE.match(line):  # 生活中心／綜合報導, 彭佳芸 報導 / 台北市
        return True
    if _UPDATED_AT.match(line) or _REPORTER_ONLY.match(line):  # `更新11:25`, `记者 吴頔`
        return True
    if _SPACED_CREDITS.match(line):  # `編輯 王嬋 賈同嶺`, `責編 李炎 終審 劉力華`
        return True
    labels = LABELED_FIELD.findall(line)
    if labels and _SENTENCE_PUNCT.search(line) and not parse_labeled_fields(line):
        labels = []  # `記者：林太，想問…?`: a transcript's speaker, not a byline
    if any(_LABEL_FIELD.get(label) == "picture" for label in labels):
        return False  # `圖片來源：自由亞洲電台` credits a photo: a caption
    if labels and all(_LABEL_FIELD.get(label) == "published" for label in labels) and not parse_date(line):
        labels = []  # `影響時間：24日上午至24日晚上` is text about a time, not a dateline
    if labels and content_chars(line) <= T.BYLINE_MAX:
        starts = LABELED_FIELD.match(line) is not None
        if len(labels) >= 2 or starts or _short(line, T.SHORT_BYLINE_MAX):
            return not (_SENTENCE_PUNCT.search(line) and len(labels) < 2 and not starts)
    if _short(line, T.REPORTER_LINE_MAX) and not _SENTENCE_PUNCT.search(line) and _REPORTER_LINE.match(line):
        return True
    if parse_date(line) and _short(line, T.SHORT_BYLINE_MAX) and not _SENTENCE_PUNCT.search(line):
        # a date with at most a word or two beside it (发布, 星期三); a headline with a date
        # glued on is a related-news item, not a byline
        rest = re.sub(r"[\d\-/.:年月日时時分\s]", "", line)
        return len(rest) <= T.DATE_LINE_WORDS_MAX
    return False


_RELATED = re.compile(
    r"^[【\[]?(相关新闻|相關新聞|相关阅读|相關閱讀|热点新闻|熱點新聞|热门推荐|熱門推薦|推荐阅读|推薦閱讀"
    r"|延伸阅读|延伸閱讀|猜你喜欢|猜你喜歡|热门文章|熱門文章|最新新闻|最新新聞|相关文章|相關文章"
    r"|热点推荐|熱點推薦|今日热点|今日熱點|精彩推荐|精彩推薦|更多新闻|更多新聞|热门新闻|熱門新聞|热读|熱讀"
    r"|相关报道|相關報導|相關報道|新闻排行|新聞排行|相关推荐|相關推薦|为你推荐|為你推薦|推荐|推薦)[】\]]?\s*[:：]?\s*$"
)


_SUMMARY_BOX = re.compile(r"^[【\[]?(核心提示|内容提要|內容提要|导读|導讀|摘要|编者按|編者按)[】\]]?\s*[:：]")


def is_summary_box(line: str) -> bool:
    """`核心提示：…`: the lead paragraph again, in a box above the article."""
    return _SUMMARY_BOX.match(line) is not None


_RELATED_LINK = re.compile(
    r"^[【\[]?(接上文|接上期|上接|相关链接|相關連結|相關連接|延伸阅读|延伸閱讀)[】\]]?\s*[:：]\s*\S"
)


def is_related_header(line: str) -> bool:
    return _RELATED.match(line) is not None or _RELATED_LINK.match(line) is not None


_DATED_ITEM = re.compile(
    r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{1,2}|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2})\s*[)）\]]?$"
    r"|^[\[【(（]?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\]】)）]?\s"
)


_TAGGED_ITEM = re.compile(r"^(?:[-*•·]\s*)?[\[【][^\]】]{1,8}[\]】]\s*\S|^\d+\s*(小时|小時|分钟|分鐘|天)前$")


def is_tagged_list_item(line: str) -> bool:
    """`- [ 03-29]某某标题`, `[個唱]某某标题`, `3小時前`: entries of a list of other stories."""
    return _short(line, T.DATED_ITEM_MAX) and not _SENTENCE_PUNCT.search(line) and bool(_TAGGED_ITEM.search(line))


def is_glued_headlines(line: str) -> bool:
    """`標題一 標題二 標題三`: a run of other stories' headlines pasted into one line, with no
    punctuation between them, longer than any one headline."""
    if _SENTENCE_PUNCT.search(line) or re.search("[，,；;]", line) or content_chars(line) <= T.TITLE_MAX:
        return False
    chunks = [c for c in line.split() if content_chars(c) >= T.GLUED_HEADLINE_MIN]
    return len(chunks) >= T.GLUED_HEADLINES_MIN and all(has_cjk(c) for c in chunks)


def is_dated_list_item(line: str) -> bool:
    """A related-news title with its date glued on: `某某新闻标题2022-04-18`."""
    return _short(line, T.DATED_ITEM_MAX) and not _SENTENCE_PUNCT.search(line) and bool(_DATED_ITEM.search(line))


LineRule = Callable[[str], bool]

# Order matters only for which name --explain shows; every rule removes.
LINE_RULES: tuple[tuple[str, LineRule], ...] = (
    ("spider_pool", is_spider_pool),
    ("keyword_spam", is_keyword_spam),
    ("noise", is_noise),
    ("byline", is_byline),
    ("nav_menu", is_nav_menu),
    ("login_widget", is_login_widget),
    ("share_prompt", is_share_prompt),
    ("image_caption", is_image_caption),
    ("copyright", is_copyright),
    ("pagination", is_pagination),
    ("continue_reading", is_continue_reading),
    ("comment_count", is_comment_count),
    ("summary_box", is_summary_box),
    ("related_list", is_related_header),
    ("related_list", is_dated_list_item),
    ("related_list", is_tagged_list_item),
    ("related_list", is_glued_headlines),
)


def line_verdict(line: str) -> str | None:
    for name, rule in LINE_RULES:
        if rule(line):
            return name
    return None


def is_menu_item(line: str) -> bool:
    """A short label with no punctuation: a menu entry when several stand in a row."""
    line = re.sub(r"^\s*[•·●▪‧*-]\s*", "", line)  # `• 首頁`: a bulleted menu
    return 0 < content_chars(line) <= T.MENU_LABEL_MAX and re.fullmatch(f"[{CJK}A-Za-z0-9 ]+", line) is not None


_COMMENT_SECTION = re.compile(
    r"^(留言|張貼留言|张贴留言|发表评论|發表評論|相关评论|相關評論|网友评论|網友評論|读者回响|讀者迴響|讀者回響"
    r"|心情版|看完这篇文章觉得|看完這篇文章覺得|我要评论|我要評論|評論區|评论区)\s*[:：]?$"
)


def is_comment_section(line: str) -> bool:
    """The header of the readers' comments: nothing after it is the article."""
    return _COMMENT_SECTION.match(line.strip()) is not None


LIST_ITEM = re.compile(r"^\s*(?:[＊*•·\-–]|\d{1,2}[.、)])\s*")  # `＊豪雨：…`, `1. …`
BULLET = re.compile(r"^\s*[＊*•·\-–]\s*")
LABELLED = re.compile("[:：]")  # `影響時間：…`: a labelled line, neither headline nor heading


def has_sentence(text: str) -> bool:
    """Any sentence or clause punctuation at all (`1,700` is a number): what an article has."""
    return _FULL_STOP.search(text) is not None or _CLAUSE.search(text) is not None or "！" in text or "？" in text


_FULL_STOP = re.compile("[。；;]")
_CLAUSE = re.compile(r"[，]|(?<!\d),|,(?!\d)")  # `1,700` is a number, not a clause
_QUESTION_OR_EXCLAMATION = re.compile("[！？!?]")


def is_prose(line: str) -> bool:
    """A line a person wrote as sentences: a full stop in it, or two questions or exclamations.
    A headline may have a comma or one question mark (`查資料有罪？六名記者…`,
    `從裁員90%員工到暫停新聞製作，川普政府下…`), so those make prose only past a headline's
    length."""
    chars = content_chars(line)
    if chars < T.PROSE_MIN:
        return False
    if _FULL_STOP.search(line) or len(_QUESTION_OR_EXCLAMATION.findall(line)) >= 2:
        return True
    return chars > T.TITLE_MAX and (
        _CLAUSE.search(line) is not None or _QUESTION_OR_EXCLAMATION.search(line) is not None
    )


_QUOTED_SENTENCE = re.compile(r"[。！？!?…][”」』\"']\s*$")  # `…的看法?”`
_SPEAKER = re.compile(f"^[{CJK}]{{2,8}}[:：]\\s*\\S")  # `彭大伟：对于…`, `停班停課：臺中市…`
_INTRODUCES = re.compile(r"[:：]\s*$")  # `以下是对话全文摘编：`


def is_sentence_like(line: str) -> bool:
    """Something said, though short or a question: a quoted sentence, a speaker's line in an
    interview, a line introducing what follows. Not a headline, not a promo's question."""
    if content_chars(line) < T.SAID_MIN:
        return False
    line = line.strip()
    short_sentence = _CLAUSE.search(line) is not None and line.endswith(("。", "！", "？"))  # `倉廩實，天下安。`
    return bool(_QUOTED_SENTENCE.search(line) or _SPEAKER.match(line) or _INTRODUCES.search(line) or short_sentence)


def is_doubled_caption(line: str) -> bool:
    """`沙頭角對開海面一個魚排起火。 沙頭角對開海面一個魚排起火。`: a caption printed twice."""
    parts = [p for p in re.split(r"\s+", line.strip()) if p]
    return len(parts) == 2 and parts[0] == parts[1] and _short(parts[0], T.IMAGE_CAPTION_MAX)


def is_title_like(line: str) -> bool:
    """Short, no sentence inside, not ending like prose: a title or a section heading."""
    if not has_cjk(line) and content_chars(line) < 3:
        return False
    if content_chars(line) > T.TITLE_MAX or "。" in line:
        return False
    return not line.rstrip("”」』\"' ").endswith(("。", "；", ";", "：", ":", "，", ",", "……", "…"))
