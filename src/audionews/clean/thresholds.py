"""Every number the cleaner decides by, named once (issue 14 tunes them on real pages).

Lengths are in content characters (letters, digits and Han characters: what a listener would
hear), so punctuation and spaces never push a line over a limit.
"""

from __future__ import annotations

# -- single-line rules: a line longer than this is prose, not the junk the rule names ---------
MENU_LABEL_MAX = 8  # one entry of a menu (`首页`, `国际新闻`)
NAV_PART_MAX = 8  # one part of a breadcrumb or a `|`-separated menu line
NAV_PARTS_MIN = 3  # parts that make a line a menu
LOGIN_WIDGET_MAX = 16
SHARE_PROMPT_MAX = 24
COMMENT_COUNT_MAX = 24
IMAGE_CAPTION_MAX = 40
CAPTION_SENTENCE_MAX = 120  # a caption sentence ending in its picture's credit
STRONG_SPAM_LINE_MAX = 40
CONTINUE_READING_MAX = 40
REPORTER_LINE_MAX = 40  # `本报记者 王晓明 / 文`
DATED_ITEM_MAX = 50  # a related headline with its date glued on
GLUED_HEADLINE_MIN = 6  # content characters in one of several headlines pasted into a line
GLUED_HEADLINES_MIN = 3
COPYRIGHT_MAX = 80
BYLINE_MAX = 120  # a line of labelled fields (`来源：… 作者：… 时间：…`)
SHORT_BYLINE_MAX = 30  # a single labelled field, or a bare date line
DATE_LINE_WORDS_MAX = 6  # characters besides the date itself (`发布`, `星期三`)
TITLE_MAX = 48  # a title or a section heading

# -- spam ----------------------------------------------------------------------------------
SPAM_HITS_IN_SENTENCES = 4  # spam words in a line with sentence punctuation
SPAM_HITS_IN_KEYWORDS = 2  # ... in a list of short keywords
SPAM_HITS_ELSEWHERE = 3
KEYWORD_LIST_PARTS_MIN = 4
KEYWORD_PART_MAX = 14
KEYWORD_UNDERSCORES_MIN = 3  # `词_词_词_词`: SEO keyword stuffing whatever the words

# -- runs of lines ---------------------------------------------------------------------------
MENU_RUN_MIN = 3  # short labels in a row that make a menu
BODY_LINES_BEFORE_END = 2  # body lines before a byline can mark the article's end
ALT_TEXT_WORDS = 3  # Latin words in a line of alt text
CAPTION_UNDER_ALT_MAX = 20  # a sentence under a picture's alt text this short is its caption
CAPTION_PHRASE_MAX = 10  # `熊猫馆前的排队人群。`: a one-phrase sentence alone is a caption...
SCENE_CAPTION_PROSE_MIN = 2  # ...when the page has this many lines of sentences besides
FURNITURE_BREAK = 3  # menu or widget lines that part two runs of sentences
HEADLINE_FURNITURE_MIN = 10  # content characters in another story's headline
PROSE_MIN = 10  # content characters in a line of sentences (the body is where these are)
SAID_MIN = 6  # content characters in a question or a quote that stands alone
TITLE_SEARCH_LINES = 12  # lines before the body that may hold the title
BYLINE_LOOKAHEAD = 4  # captions and short labels between a headline and its byline
TITLE_LATE_PROSE = 3  # ...or, shown twice, among its first lines of sentences
TITLE_WRAPPER_MAX = 4  # content characters around a title shown again as a sentence (`标题。`)
TITLE_MIN_CHARS = 8  # a headline is at least this long...
TITLE_SHORT_CHARS = 6  # ...and a line shorter than this is a label, not a headline
TITLE_FULL_HAN = 10  # Han characters in a headline that says something (not a name alone)

# -- the page as a whole -------------------------------------------------------------------
CHINESE_PAGE_MIN_HAN = 20  # a page with this many Han characters is measured in Han characters
MIN_ARTICLE_CHARS = 40  # an article has at least this much text, in at least one sentence
WRAP_SHARE = 0.9  # lines at least this share of the longest width are hard-wrapped
WRAP_MIN_CHARS = 20
