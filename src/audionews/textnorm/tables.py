"""The words and signs the rules look for: units, currencies, signs, and the words around a number that
say what kind of number it is (a quantity, a code, a number that is dialled, a score)."""

from __future__ import annotations

import re

from ..cjk import HAN

# measure words after which 2 is read 两 (两个人, not 二个人)
LIANG_BEFORE = (
    "[个位名支条件种项次天人架台辆家所座块张本只头匹周岁倍层间栋户份批艘列场轮届杯碗双对套枚颗根把道步片类款部段笔处"
    "起例篇首句门扇盘期米克吨元斤胜败负平冠亚升降金银铜]|小时|分钟|公里|千克|公斤|平方|立方|毫升|美元|欧元|英镑|港元|日元|持平"
)
# after these a number is a quantity, never a code read digit by digit
MEASURE_AFTER = "人个元次万亿吨件辆台名户家所头只条张份块米克天位项股架艘岁年月日号倍"
UNITS: dict[str, str] = {
    "km/h": "公里每小时",
    "m/s": "米每秒",
    "km²": "平方千米",
    "km2": "平方千米",
    "m²": "平方米",
    "m2": "平方米",
    "cm²": "平方厘米",
    "m³": "立方米",
    "m3": "立方米",
    "cm³": "立方厘米",
    "㎡": "平方米",
    "㎞": "公里",
    "㎏": "千克",
    "km": "公里",
    "kg": "千克",
    "cm": "厘米",
    "mm": "毫米",
    "μm": "微米",
    "nm": "纳米",
    "mg": "毫克",
    "μg": "微克",
    "ml": "毫升",
    "mL": "毫升",
    "kWh": "千瓦时",
    "kW": "千瓦",
    "MW": "兆瓦",
    "GW": "吉瓦",
    "mAh": "毫安时",
    "GHz": "吉赫兹",
    "MHz": "兆赫兹",
    "kHz": "千赫兹",
    "Hz": "赫兹",
    "dB": "分贝",
    "kcal": "千卡",
    "ms": "毫秒",
    "ha": "公顷",
    "t": "吨",
    "g": "克",
    "m": "米",
    "L": "升",
    "l": "升",
    "h": "小时",
    "s": "秒",
    "W": "瓦",
    "V": "伏",
    "℃": "摄氏度",
    "°C": "摄氏度",
    "℉": "华氏度",
    "°F": "华氏度",
    "°": "度",
}
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# money written before the number ($5) or as a code around it (CNY 5, 5USD)
CURRENCY_SIGNS = {
    "US$": "美元",
    "HK$": "港元",
    "NT$": "新台币",
    "A$": "澳元",
    "C$": "加元",
    "S$": "新加坡元",
    "¥": "元",
    "￥": "元",
    "$": "美元",
    "€": "欧元",
    "£": "英镑",
    "₩": "韩元",
    "₹": "卢比",
    "₽": "卢布",
}
CURRENCY_CODES = {
    "CNY": "人民币",
    "RMB": "人民币",
    "USD": "美元",
    "HKD": "港元",
    "EUR": "欧元",
    "GBP": "英镑",
    "JPY": "日元",
    "TWD": "新台币",
    "AUD": "澳元",
    "CAD": "加元",
    "SGD": "新加坡元",
    "KRW": "韩元",
    "CHF": "瑞士法郎",
}
SIGN_RE = "|".join(re.escape(s) for s in sorted(CURRENCY_SIGNS, key=len, reverse=True))
CURRENCY_CODE_RE = "|".join(CURRENCY_CODES)
SIGNS = {
    "±": "正负",
    "≤": "小于等于",
    "≥": "大于等于",
    "≠": "不等于",
    "≈": "约等于",
    "×": "乘",
    "÷": "除以",
    "→": "到",
    "‰": "",  # handled with its number; a stray one is dropped
}
ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10, "Ⅺ": 11, "Ⅻ": 12}
ROMAN.update({chr(ord(k) + 16): v for k, v in list(ROMAN.items())})  # ⅰ..ⅻ
ROMAN_ASCII = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11, "XII": 12}

# words before a number that make it a code read digit by digit
CODE_BEFORE = (
    r"(?:波音|空客|邮编|邮政编码|编号|代码|代号|车次|航班号?|房间号?|工号|学号|账号|帐号|批号|型号|证号|QQ号?|微信号)"
)
# ... and the ones where 1 is said 幺, as in phone numbers
CALL_BEFORE = (
    r"(?:尾号|电话|热线|拨打|致电|拨|呼叫|号码|手机号?|短信|联系电话|咨询电话|举报电话|服务电话|客服|专线|传真|联系方式"
    r"|服务台|总机|通知)"
)
CALL_AFTER = (
    rf"(?:[{HAN}]{{0,4}}热线|打个?电话|电话|打来|来电|来咨询|咨询|求助|报警|报案|急救|派员|出警|举报|开头|打头)"
)
# what may stand between 电话 and its number: a colon, 为/是, quotes, a page's mask (客服***:95588)
CALL_GAP = r"(?:[:：为是\s*＊“”\"「」]|号码)*"
# numbers dialled by their shape alone: service lines (95588, 96xxx), public hotlines (12345, 12319, 12122),
# carriers (10086), 400/800 lines
SERVICE_NUMBER = r"9[56](?!000)\d{3}|12[1-3](?!00)\d{2}|100(?:86|10|16|50|60)"
EMERGENCY_NUMBER = r"110|119|120|122|999|112|911"
# counted things: a number right before one of these is a quantity, whatever its shape
COUNTED = "个人次件条名位家户万亿千百元米吨岁年月日天辆台份例套克斤亩倍余多场项股只所号"
SCORE_BEFORE = (
    r"(?:比分[^\d]{0,4}|以|战胜|击败|负于|不敌|战平|逆转|爆冷|大胜|小胜|惜败|完胜|力克|零封"
    r"|打成|战成|总比分|大比分|总分)"
)
# what follows a score in a match report (2-1击败, 5-3领先, 3-3的平局)
SCORE_AFTER = (
    r"(?:战胜|击败|取胜|获胜|胜出|胜|负(?!责)|输给|输|赢|领先|落后|战平|打平|平(?!方|米)|逆转|告负|完胜|横扫|拿下|送蛋|收官|力克|淘汰"
    r"|晋级|的比分|的总比分|的大比分|的平局|的成绩|的胜利)"
)
# units a quantity is counted per (元/股, 微克/立方米, 元/平方米/月); 年, 月 and 日 only after the slash (PER_TARGET)
PER_UNIT = (
    r"(?:平方米|平方公里|平方千米|立方米|千瓦时|公里|千米|千克|公斤|毫克|微克|毫升|小时|分钟|人次|美元|港元|欧元|日元|英镑"
    r"|[元克斤吨米升次人台辆件度天户股亩份头只箱桶袋张杯瓶盒包套间位场块周秒])"
)
PER_TARGET = rf"(?:{PER_UNIT}|[年月日])"
# Latin names whose number is a count or a tier, not a code (WTA1000, Top10)
LATIN_COUNTS = ("WTA", "ATP", "Top", "TOP", "top", "ITF")
