"""The national standards the forms' boxes follow, as outside facts (the notices rely on them
without listing them): the 56 ethnic groups (GB/T 3304-1991 《中国各民族名称的罗马字母拼写法和
代码》) and the political statuses (GB/T 4762-1984 《政治面貌代码》)."""

from __future__ import annotations

ETHNICITY_SOURCE = "GB/T 3304-1991《中国各民族名称的罗马字母拼写法和代码》"
ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)
COMMON_ETHNIC_GROUPS = ("汉族", "回族", "满族", "蒙古族", "壮族", "朝鲜族")
"""Offered as buttons; any other group is typed (“土家”, “土家族”)."""

POLITICAL_SOURCE = "GB/T 4762-1984《政治面貌代码》"
POLITICAL_STATUSES = (
    "中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员",
    "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众",
)
COMMON_POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "群众")
POLITICAL_ALIASES = {"党员": "中共党员", "共产党员": "中共党员", "预备党员": "中共预备党员",
                     "团员": "共青团员", "无党派": "无党派人士", "九三学社": "九三学社社员"}
POLITICAL_EN = {"中共党员": "CPC member", "中共预备党员": "CPC probationary member",
                "共青团员": "Communist Youth League member", "群众": "No party affiliation"}


def ethnic_group(text: str) -> str | None:
    """The standard name for what was typed (“汉” → 汉族), or None."""
    word = text.strip()
    for name in ETHNIC_GROUPS:
        if word in (name, name.removesuffix("族")):
            return name
    return None


def political_status(text: str) -> str | None:
    word = text.strip()
    if word in POLITICAL_STATUSES:
        return word
    return POLITICAL_ALIASES.get(word)
