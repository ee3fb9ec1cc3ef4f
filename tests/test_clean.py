"""Cleaning: golden pages (raw page + expected JSON) through the `clean --json` contract, and
one test per named rule."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from audionews.clean import rules as R
from audionews.clean import strip_site_suffix
from audionews.clean.meta import lead_credit, parse_date, parse_labeled_fields, reporter_name, trailing_credit
from audionews.clean.text import drop_pinyin_glosses, full_width_punctuation, split_merged_paragraphs, strip_jammer
from audionews.ingest import decode
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data" / "clean"
CASES = sorted(p for p in DATA.iterdir() if not p.name.endswith(".expected.json"))
FIELDS = ("title", "author", "editor", "source", "published", "script")


def fold(text: str | None) -> str | None:
    """Punctuation width aside (the seed's expected form keeps the page's ASCII commas)."""
    return None if text is None else unicodedata.normalize("NFKC", text).replace(" ", "")


def test_corpus_covers_both_scripts_and_every_input_kind():
    assert len(CASES) >= 13
    scripts = {json.loads(p.with_name(p.stem + ".expected.json").read_text())["script"] for p in CASES}
    assert scripts == {"traditional", "simplified"}
    assert {p.suffix for p in CASES} == {".txt", ".html", ".md"}


@pytest.mark.parametrize("page", CASES, ids=lambda p: p.stem)
def test_golden_page(page: Path):
    expected = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
    run = run_cli("clean", page, "--json")
    assert run.code == 0, run.stderr
    got = json.loads(run.stdout)
    for field in FIELDS:
        assert fold(got[field]) == fold(expected[field]), field
    assert [fold(p) for p in got["paragraphs"]] == [fold(p) for p in expected["paragraphs"]]
    assert [fold(h) for h in got["headings"]] == [fold(h) for h in expected["headings"]]


def _width_folded(value: object) -> object:
    """Full-width punctuation as half-width (NFKC), nothing else: the seed's expected form keeps
    the page's ASCII commas, which we make full-width for the voice."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value)
    if isinstance(value, list):
        return [_width_folded(v) for v in value]
    return value


def test_seed_matches_the_users_expected_form_exactly_but_for_punctuation_width():
    expected = json.loads((DATA / "seed_jilin_traditional.expected.json").read_text(encoding="utf-8"))
    got = json.loads(run_cli("clean", DATA / "seed_jilin_traditional.txt", "--json").stdout)
    for field in (*FIELDS, "paragraphs", "headings"):
        assert _width_folded(got[field]) == _width_folded(expected[field]), field
    assert got["published"] == "2022-04-19T08:48:00+08:00"
    assert "，" in got["paragraphs"][0] and "," not in got["paragraphs"][0]  # made full-width


def test_explain_names_the_rule_for_every_removed_line():
    run = run_cli("clean", DATA / "seed_jilin_traditional.txt", "--explain")
    assert run.code == 0
    for rule in ("keyword_spam", "byline", "nav_menu", "spider_pool"):
        assert rule in run.stdout
    assert "line    1" in run.stdout and "line    5" in run.stdout and "line   50" in run.stdout  # page lines


def test_encodings_are_detected():
    for name, encoding in (
        ("gbk_encoded_simplified.txt", "gb18030"),
        ("big5_encoded_traditional.txt", "big5"),
        ("utf16_pinyin_pipes_simplified.txt", "utf-16"),
    ):
        text, found = decode((DATA / name).read_bytes(), DATA / name)
        assert found.replace("-", "_").startswith(encoding.replace("-", "_")), (name, found)
        assert "新" in text or "聞" in text


# --- one test per rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "junk", "prose"),
    [
        (R.is_spider_pool, "主站蜘蛛池模板: 男人天堂网站 | 天天碰", "蜘蛛是一种节肢动物，善于结网。"),
        (
            R.is_keyword_spam,
            "欧美成人在线免费视频_久久精品亚洲一区_日本久久一区二区_成年国产",
            "亚洲杯足球赛今晚开幕，日韩两队将在首场比赛中相遇。",
        ),
        (R.is_keyword_spam, "澳門葡京娛樂城 | 百家樂真人視訊 | 線上老虎機 | 體育投注開戶", "澳門今年旅遊業恢復明顯。"),
        (R.is_nav_menu, "首页 | 新闻 | 财经 | 体育 | 娱乐", "他说：“先看新闻，再看体育。”"),
        (R.is_nav_menu, "首頁 > 新聞 > 社會", "氣溫 > 30度時，請注意防暑。"),
        (R.is_nav_menu, "当前位置：首页 > 新闻 > 正文", "目前的位置很好，交通方便。"),
        (R.is_login_widget, "登录 注册", "登录平台需要实名认证，这一规定下月起实施。"),
        (R.is_share_prompt, "分享到： 微信 微博 QQ空间", "他在微信上分享了自己的经历，引起很多网友共鸣和讨论。"),
        (R.is_share_prompt, "扫一扫 用手机看新闻", "工作人员扫一扫二维码就能查验，整个过程不到一分钟，效率明显提高。"),
        (R.is_share_prompt, "+1", "比去年增加了1个百分点。"),
        (R.is_image_caption, "圖/台視新聞", "圖書館今天重新開放。"),
        (R.is_image_caption, "（图片来源：视觉中国）", "图片来源于网络的说法并不准确，记者进行了核实。"),
        (R.is_image_caption, "资料图", "资料显示，该公司成立于1998年。"),
        (R.is_image_caption, "1.jpg", "文件大小为1兆。"),
        (R.is_image_caption, "（新华社记者 李贺 摄）", "（新华社记者李贺）记者今天获悉，项目已经完工。"),
        (R.is_copyright, "版权所有 © 台湾日报 未经授权禁止转载", "他表示将依法维护自己的著作权。"),
        (R.is_copyright, "京ICP备12345678号", "备案工作已经完成。"),
        (R.is_pagination, "【1】【2】", "【新华时评】坚持发展不动摇"),
        (R.is_pagination, "上一页 下一页", "这一页历史不能忘记。"),
        (
            R.is_continue_reading,
            "請繼續往下閱讀...",
            "請大家繼續關注後續報導，我們會持續更新。記者將在現場為您帶來最新消息和現場畫面。",
        ),
        (
            R.is_continue_reading,
            "下载APP，阅读更多精彩内容",
            "新版APP下载量突破一亿次，成为今年最受欢迎的应用之一，开发团队表示将继续优化功能。",
        ),
        (R.is_comment_count, "评论(3)", "评论员文章指出，要坚持问题导向。"),
        (R.is_noise, "a3f9c2d81e7b4f0aa3f9c2d81e7b4f0a", "编号为A3的展位最受欢迎。"),
        (R.is_noise, "https://auto.example.com/news/1.html?utm_source=wechat", "详情可登录官网查询。"),
        (R.is_noise, "……", "好。"),
        (
            R.is_byline,
            "作者:韓雪潔   更新時間:2022-04-19 08:48   來源:吉林日報—大吉網",
            "作者在书中写道：时间是最好的老师。",
        ),
        (R.is_byline, "[责任编辑:张雪] 【纠错】", "编辑部收到了很多读者来信。"),
        (R.is_byline, "（记者陈志明／台北报导）", "记者陈志明在现场看到，排队的民众很多。"),
        (R.is_byline, "2023年3月5日", "2023年3月5日，全国人大会议在北京开幕。"),
        (R.is_related_header, "相关新闻", "相关新闻报道引起了广泛关注。"),
        (R.is_dated_list_item, "一季度汽车出口同比增长70%06-08", "一季度汽车出口同比增长70%，表现亮眼。"),
        (
            R.is_tagged_list_item,
            "- [ 03-29]两车相撞三辆违停车成被告",
            "[图]两车相撞后，三辆违停车的车主成了被告，法院判决他们承担责任。",
        ),
        (R.is_tagged_list_item, "3小時前", "3小時前，警方接獲報案。"),
        (R.is_image_caption, "▲氣象署大雨特報地圖。（圖／氣象署提供）", "氣象署今天發布大雨特報地圖，提醒民眾注意。"),
        (
            R.is_image_caption,
            "全国政协会议在北京开幕，外交部长面对中外记者的围追采访。 中新社发 毛建军 摄",
            "摄影记者毛建军说，他在会场外等了三个小时。",
        ),
        (R.is_image_caption, "網友供圖", "網友供圖片給警方，協助調查。"),
        (R.is_keyword_spam, "彩神88-彩神88", "彩票中心今天公布了本期开奖结果，一等奖空缺。"),
        (R.is_share_prompt, "请使用浏览器分享功能进行分享", "他说，这次分享会让大家受益匪浅。"),
        (R.is_summary_box, "核心提示：中共十八大新闻中心7日举行首场新闻发布会。", "会上，发言人回答了记者提问。"),
        (R.is_related_header, "接上文:【新闻大家谈】专访廖天琪", "接上文所说，这一政策仍有争议。"),
        (
            R.is_continue_reading,
            "最HOT話題在這!想跟上時事,快點我加入TVBS新聞LINE好友!",
            "他加入這個團隊已經十年，成為好友。",
        ),
        (R.is_comment_section, "張貼留言", "他在留言板上張貼留言，呼籲大家關注此事。"),
        (R.is_byline, "生活中心／綜合報導", "生活中心今天開幕，綜合報導指出人潮眾多。"),
        (R.is_byline, "文／記者 王小明", "文化部今天公布名单，记者王小明获奖。"),
        (R.is_image_caption, "總統府外今天聚集大批民眾。圖/台視新聞", "圖書館今天重新開放，民眾排隊入館。"),
        (R.is_image_caption, "图①：徐汇区启动立功竞赛活动，近400名代表承诺。傅国林", "图书馆今天重新开放。"),
        (R.is_image_caption, "台東縣宣布綠島鄉停止上班、停止上課。(氣象局提供)", "資料由氣象局提供，民眾可上網查詢。"),
        (
            R.is_continue_reading,
            "上報歡迎各界投書，來稿請寄至editor@upmedia.mg，並請附上真實姓名。",
            "他說，歡迎各界監督，政府會持續公開資訊。",
        ),
        (
            R.is_continue_reading,
            "鳳凰颱風來勢洶洶，速度明顯加快。三立新聞網 setn.com ・ 1 天前",
            "颱風一天前登陸，今天已出海。",
        ),
        (R.is_byline, "更新11:25", "更新後的系統在11:25上線，運作正常。"),
        (R.is_byline, "记者 吴頔", "记者吴頔在现场看到，市民排起长队。"),
        (R.is_byline, "澎湃新聞記者鞏漢語", "我是一名記者鞏漢語"),
        (R.is_scene_phrase, "熊猫馆前的排队人群。", "图书馆今天重新开放。"),
        (R.is_image_caption, "市气象台台长周鑫", "市气象台台长周鑫说，气温将继续下降。"),
        (R.is_image_caption, "村民将晾晒好的玉米进行脱粒。李信君摄", "李信君说，他摄影多年。"),
        (R.is_byline, "責編 李炎 終審 劉力華", "責編李炎說，稿件已經審完。"),
        (
            R.is_copyright,
            "声明：转载此文是出于传递更多信息之目的。若有来源标注错误或侵犯了您的合法权益，请联系我们。",
            "他说，转载他人文章要注明来源。",
        ),
        (R.is_copyright, "转载请注明地址:http://www.example.com/4172.html", "他说，转载的消息已经核实。"),
        (R.is_continue_reading, "以下为正文", "以下为正在施工的路段，请绕行。"),
        (
            R.is_image_caption,
            "9月1日早上，孩子們蹦蹦跳跳進校園。 本文圖片澎湃新聞記者 鞏漢語",
            "本文圖片由讀者提供，孩子們蹦蹦跳跳進校園。",
        ),
        (R.is_image_caption, "民眾排隊領取物資。記者林敬旻攝", "記者林敬旻攝影多年，作品曾多次獲獎。"),
        (R.is_continue_reading, "更多三立新聞網報導", "更多民眾前往現場，三立新聞網記者報導。"),
        (
            R.is_glued_headlines,
            "台股收盤上漲百點外資大舉買超 新北捷運環狀線今天通車人潮湧現 颱風假明天是否停班停課各縣市公告 立法院今天三讀通過預算案",
            "台股收盤上漲百點，外資大舉買超，新北捷運環狀線今天通車，人潮湧現。",
        ),
    ],
)
def test_rule_removes_junk_and_keeps_prose(rule, junk, prose):
    assert rule(junk), junk
    assert not rule(prose), prose


def test_prose_is_sentences_not_headlines():
    assert R.is_prose("警方表示，今日下午近4時接獲報案。")
    assert not R.is_prose("查資料有罪？六名香港記者親述調查報導的風險與地雷")  # one ? is a headline
    assert not R.is_prose("市建局向 1,700 名宏福苑業主發放樓宇更新全額資助")  # 1,700 is a number
    assert not R.is_prose("短句，好。")  # too short to be a line of sentences


def test_forum_jammer_text_is_removed_and_words_are_not():
    assert (
        strip_jammer("1 o' c$ z2 J( O; Y警方到場後，發現高男。% v8 Q% o1 z( J) e! j1 `8 }") == "警方到場後，發現高男。"
    )
    assert strip_jammer("記者 A B C D E 說") == "記者 A B C D E 說"
    assert strip_jammer("GDP 增长 3 % 左右") == "GDP 增长 3 % 左右"


def test_datelines_name_the_source():
    assert lead_credit("厦门日报讯(记者 邬秀君)昨日上午九点")[1] == {"source": "厦门日报"}
    assert lead_credit("【看中国2019年9月16日讯】香港反送中运动持续")[1] == {
        "source": "看中国",
        "published": "2019年9月16日",
    }
    assert lead_credit("新华社北京1月11日电(记者 成欣)针对")[1] == {"source": "新华社"}
    assert lead_credit("【新唐人北京时间2021年09月24日讯】 大家好")[1]["source"] == "新唐人"
    assert lead_credit("(德国之声中文网)德国《明镜周刊》最新一期")[1] == {"source": "德国之声中文网"}
    text, found = lead_credit("自由時報  2023/08/06 30歲高姓男子，今日上午")
    assert text == "30歲高姓男子，今日上午" and found == {"source": "自由時報", "published": "2023/08/06"}
    assert lead_credit("昨日上午九点，记者在现场看到")[1] == {}
    assert lead_credit("【記者 Anasha 南投報導】 竹山鎮籐湖社區")[1] == {"author": "Anasha"}
    assert lead_credit("【本報訊】昨晨近11時半")[1] == {}
    assert lead_credit("人民网威海9月16日电(刘祺)眼下，正值秋收季节")[1] == {"source": "人民网", "author": "刘祺"}
    assert lead_credit("新华社北京1月11日电(记者 成欣)针对")[1] == {"source": "新华社"}


def test_menu_item_and_title_like():
    assert R.is_menu_item("國際新聞") and not R.is_menu_item("國際新聞，今日要點。")
    assert R.is_title_like("乡村振兴带火农家乐") and not R.is_title_like("今年以来，我市大力发展乡村旅游。")


def test_metadata_fields():
    assert parse_labeled_fields("作者：何静 | 来源：科技日报 | 时间：2021-08-03") == {
        "author": "何静",
        "source": "科技日报",
        "published": "2021-08-03",
    }
    assert parse_labeled_fields("2022/09/28 22:05 來源：台灣日報 記者陳志明／台北報導")["source"] == "台灣日報"
    assert reporter_name("記者陳志明／台北報導") == "陳志明"
    assert reporter_name("新华社北京4月5日电（记者王晓明）记者5日从") == "王晓明"
    assert reporter_name("记者 李磊 通讯员 马俊海") == "李磊"
    assert parse_labeled_fields("2009年09月27日 22:24 來源:中國新聞網 發表評論")["source"] == "中國新聞網"
    assert parse_labeled_fields("来自:解放日报 作者:上海要闻 访问量:1138") == {"source": "解放日报"}  # a column
    assert parse_labeled_fields("作者：小编  发布时间：2024-07-10") == {"published": "2024-07-10"}
    assert parse_labeled_fields("責任編輯/陳盈真") == {"editor": "陳盈真"}
    assert parse_labeled_fields("記者:林太，想問港珠澳大橋其實是否本月底開通？") == {}  # a transcript's speaker
    assert parse_labeled_fields("記者: 報導。") == {}
    assert parse_labeled_fields("文章來源: 紐約時報 於 2025-05-09 20:02:31") == {"source": "紐約時報"}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022-04-19 08:48", "2022-04-19T08:48:00+08:00"),
        ("发表时间: 2019年06月15日08:18", "2019-06-15T08:18:00+08:00"),
        ("02.09.2022  22:23", "2022-09-02T22:23:00+08:00"),
        ("更新時間:2022-04-19 08:48", "2022-04-19T08:48:00+08:00"),
        ("2023年3月5日", "2023-03-05T00:00:00+08:00"),
        ("2023-04-05T10:32:00+00:00", "2023-04-05T10:32:00+00:00"),
        ("中華民國91年3月19日星期二", "2002-03-19T00:00:00+08:00"),
        ("發布時間：112年05月03日 14:20", "2023-05-03T14:20:00+08:00"),
    ],
)
def test_dates(text, iso):
    assert parse_date(text).isoformat() == iso


def test_trailing_credits_leave_the_paragraph():
    assert trailing_credit("成为拉动经济增长的主要动力。（责编：赵磊）") == (
        "成为拉动经济增长的主要动力。",
        "editor",
        "赵磊",
    )
    assert trailing_credit("开展探测。[责任编辑:吴刚]")[2] == "吴刚"
    assert trailing_credit("首日搭乘人次破十萬。(記者 陳志明)")[1:] == ("author", "陳志明")
    assert trailing_credit("尚在調查中。(新民晚報記者 徐馳)")[1:] == ("author", "徐馳")
    assert trailing_credit("仍在調查中。(中央社)")[1:] == ("source", "中央社")
    assert trailing_credit("做好应对措施。 徐欢") == ("做好应对措施。", "author", "徐欢")


def test_text_repairs():
    assert full_width_punctuation("疫情防控,發放蔬菜包;好") == "疫情防控，發放蔬菜包；好"
    assert full_width_punctuation("共1,000人,增长") == "共1,000人，增长"
    assert drop_pinyin_glosses("鎮(zhèn)江古城") == "鎮江古城"
    assert split_merged_paragraphs("第一段。   第二段。") == ["第一段。", "第二段。"]
    glued = "。 ".join(["记者在现场看到路面上有一片血迹，外卖包装纸被来回经过的车辆碾压"] * 9) + "。"
    assert len(split_merged_paragraphs(glued)) == 9  # a whole article on one line
    assert len(split_merged_paragraphs("她叫廖天琪。 她的父亲是国民政府少将。")) == 1  # one paragraph
    assert split_merged_paragraphs("記者林雪娟/台南報導 國民黨總統參選人今天到台南參拜。")[0] == "記者林雪娟/台南報導"
    paragraph = "多伦多动物园的熊猫馆十八日上午正式对公众开放，当天看熊猫的市民络绎不绝，园方只好限制入场人数。"
    assert len(split_merged_paragraphs(f"{paragraph} {paragraph} {paragraph}")) == 3  # each paragraph-sized


def test_site_suffix():
    assert strip_site_suffix("长江经济带生态环境持续改善_新华网") == "长江经济带生态环境持续改善"
    assert strip_site_suffix("标题 - 新浪新闻") == "标题"
    assert strip_site_suffix("长江经济带生态环境持续改善-新华网") == "长江经济带生态环境持续改善"
    assert strip_site_suffix("上海-北京高铁提速") == "上海-北京高铁提速"
    assert strip_site_suffix("[轉貼] 恍神自撞？汽車翻覆 駕駛送醫") == "恍神自撞？汽車翻覆 駕駛送醫"
    assert strip_site_suffix("網媒記者太子站外涉行為不檢被捕 (21:21)") == "網媒記者太子站外涉行為不檢被捕"
    assert strip_site_suffix("专访郭嘉铨：无惧抹黑丨香港一线") == "专访郭嘉铨：无惧抹黑"
    assert (
        strip_site_suffix("危急關頭迸發最暖心力量 ——吉林省疫情防控綜述")
        == "危急關頭迸發最暖心力量 ——吉林省疫情防控綜述"
    )


def test_a_page_that_is_mostly_junk_is_refused(tmp_path):
    page = tmp_path / "stub.txt"
    junk = "\n".join(["相关新闻", *(f"某某新闻标题第{i}条2022-04-{i + 10:02d}" for i in range(12))])
    page.write_text(f"短标题\n\n一句话。\n{junk}\n版权所有 未经授权禁止转载\n", encoding="utf-8")
    run = run_cli("clean", page, "--json")
    assert run.code == 2 and "stub.txt" in run.stderr and "not an article: only" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_explain_says_why_a_page_was_refused(tmp_path):
    page = tmp_path / "index.txt"
    page.write_text("\n".join(f"- [{i:02d}-01]某某新闻标题第{i}条" for i in range(5)), encoding="utf-8")
    run = run_cli("clean", page, "--explain")
    assert run.code == 2 and "not an article" in run.stderr
    assert "removed 5 lines" in run.stdout and run.stdout.count("related_list") == 5


def test_a_page_that_is_mostly_junk_but_holds_an_article_publishes(tmp_path):
    """Refusal is about what is left, not about how much went: 40 junk lines around a short
    story still publish the story."""
    page = tmp_path / "links.txt"
    junk = "\n".join(f"- [{i:02d}-01]某某新闻标题第{i}条" for i in range(40))
    story = "市政府今天宣布，全市公交线路下月起延长运营时间，末班车推迟到晚上十一点。市民普遍表示欢迎。"
    page.write_text(f"{junk}\n公交延长运营时间\n{story}\n{junk}\n", encoding="utf-8")
    run = run_cli("clean", page, "--json")
    assert run.code == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["title"] == "公交延长运营时间" and got["paragraphs"] == [story]


def test_a_list_of_headlines_is_not_an_article(tmp_path):
    page = tmp_path / "index.txt"
    page.write_text("\n".join(f"某某城市第{i}条新闻标题很长很长" for i in range(30)), encoding="utf-8")
    run = run_cli("clean", page, "--json")
    assert run.code == 2 and "not an article: no sentence" in run.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (bytes(range(256)) * 8, "not a text file"),
        ("……！？".encode(), "has no readable text"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, content, reason):
    page = tmp_path / "bad.txt"
    page.write_bytes(content)
    run = run_cli("clean", page, "--json")
    assert run.code == 2 and run.stdout == ""
    assert "bad.txt" in run.stderr and reason in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_a_lead_that_contains_the_title_is_the_story_not_the_title_again(tmp_path):
    """The front matter names the title; a first paragraph that says it in a sentence is the
    lead (it was dropped as a repeated title), while the title shown again with a tag is not."""
    lead = "今天上午，市政府召开新闻发布会，介绍了全市经济运行情况。"
    body = "前三季度，全市地区生产总值同比增长百分之五点五。"
    for shown_again, paragraphs in (("", [lead, body]), ("【独家】市政府召开新闻发布会\n\n", [lead, body])):
        page = tmp_path / "a.md"
        page.write_text(f"---\ntitle: 市政府召开新闻发布会\n---\n{shown_again}{lead}\n\n{body}\n", encoding="utf-8")
        run = run_cli("clean", page, "--json")
        assert run.code == 0, run.stderr
        assert json.loads(run.stdout)["paragraphs"] == paragraphs
