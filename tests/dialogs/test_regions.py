"""Reading where an applicant works: typed text to official division names, or choices."""

from __future__ import annotations

import pytest

from dialogs.regions import (
    Place,
    RegionMatch,
    cities_of,
    counties_of,
    is_known,
    match_region,
    provinces,
)

DETAILED = ("山西省", "吉林省", "河南省")
HENAN_CITIES = {
    "郑州": "郑州市", "开封": "开封市", "洛阳": "洛阳市", "平顶山": "平顶山市", "安阳": "安阳市",
    "鹤壁": "鹤壁市", "新乡": "新乡市", "焦作": "焦作市", "濮阳": "濮阳市", "许昌": "许昌市",
    "漯河": "漯河市", "三门峡": "三门峡市", "南阳": "南阳市", "商丘": "商丘市", "信阳": "信阳市",
    "周口": "周口市", "驻马店": "驻马店市", "济源": "济源市",
}


def where(match: RegionMatch) -> tuple[str | None, str | None, str | None]:
    return match.province, match.city, match.county


def test_city_and_county_separated_by_a_space() -> None:
    assert where(match_region("洛阳 西工区")) == ("河南省", "洛阳市", "西工区")


def test_county_alone_infers_city_and_province() -> None:
    match = match_region("洛龙")
    assert where(match) == ("河南省", "洛阳市", "洛龙区")
    assert not match.ambiguous and not match.fuzzy


@pytest.mark.parametrize("text", ["河南洛阳市洛龙区", "河南洛阳洛龙区", "河南省洛阳市洛龙区"])
def test_several_levels_in_one_string_without_separators(text: str) -> None:
    assert where(match_region(text)) == ("河南省", "洛阳市", "洛龙区")


def test_levels_may_come_in_any_order() -> None:
    assert where(match_region("洛龙区 洛阳 河南")) == ("河南省", "洛阳市", "洛龙区")


def test_city_and_county_short_forms_together() -> None:
    assert where(match_region("长春朝阳")) == ("吉林省", "长春市", "朝阳区")
    assert where(match_region("晋中 榆次")) == ("山西省", "晋中市", "榆次区")


def test_province_short_name_gets_its_suffix() -> None:
    assert where(match_region("河南")) == ("河南省", None, None)


@pytest.mark.parametrize(("text", "province"), [
    ("北京", "北京市"), ("新疆", "新疆维吾尔自治区"), ("内蒙古", "内蒙古自治区"),
    ("广西壮族自治区", "广西壮族自治区"), ("香港", "香港特别行政区"), ("陕西省", "陕西省"),
])
def test_other_provinces_are_known_by_name(text: str, province: str) -> None:
    assert where(match_region(text)) == (province, None, None)


@pytest.mark.parametrize(("short", "official"), sorted(HENAN_CITIES.items()))
def test_every_henan_city_resolves_from_its_short_name(short: str, official: str) -> None:
    match = match_region(short)
    assert (match.province, match.city) == ("河南省", official)
    assert not match.ambiguous


def test_county_found_in_several_places_offers_candidates() -> None:
    match = match_region("朝阳区")
    assert match.ambiguous and match.county == "朝阳区"
    assert match.province is None and match.city is None
    assert Place("吉林省", "长春市", "朝阳区") in match.candidates
    assert Place("北京市", None, "朝阳区") in match.candidates


def test_gulou_is_ambiguous_until_the_province_is_known() -> None:
    assert Place("河南省", "开封市", "鼓楼区") in match_region("鼓楼").candidates
    assert where(match_region("鼓楼区", province="河南省")) == ("河南省", "开封市", "鼓楼区")


def test_known_province_restricts_the_reading() -> None:
    assert len(match_region("铁西区").candidates) > 1
    match = match_region("铁西区", province="吉林省")
    assert where(match) == ("吉林省", "四平市", "铁西区")
    assert not match.ambiguous


def test_ambiguity_inside_one_province_keeps_the_shared_province() -> None:
    match = match_region("城区")
    assert (match.province, match.city, match.county) == ("山西省", None, "城区")
    assert {c.city for c in match.candidates} == {"阳泉市", "晋城市"}


def test_county_outside_the_known_city_returns_nothing() -> None:
    assert not match_region("安阳县", city="洛阳市").found
    assert not match_region("郑州", province="吉林省").found


def test_known_city_brings_its_province() -> None:
    assert where(match_region("西工", city="洛阳市")) == ("河南省", "洛阳市", "西工区")


def test_one_wrong_character_is_tolerated_in_longer_names() -> None:
    match = match_region("洛扬市")
    assert (match.province, match.city) == ("河南省", "洛阳市")
    assert match.fuzzy
    assert where(match_region("河南洛阳西公区")) == ("河南省", "洛阳市", "西工区")


def test_typo_in_a_two_character_name_is_not_guessed() -> None:
    assert not match_region("洛扬").found


def test_exact_name_is_preferred_over_a_one_character_neighbour() -> None:
    shanxi = match_region("陕西省")  # one character from 山西省
    assert where(shanxi) == ("陕西省", None, None) and not shanxi.fuzzy
    assert where(match_region("宜阳县")) == ("河南省", "洛阳市", "宜阳县")  # one from 安阳县


@pytest.mark.parametrize("text", [
    "", "   ", "。。。", "你好", "asdf", "12345", "luoyang", "我要申请五一劳动奖章", "不知道",
])
def test_text_that_is_not_a_place_returns_nothing(text: str) -> None:
    match = match_region(text)
    assert match == RegionMatch()
    assert not match.found


def test_contradicting_places_return_nothing() -> None:
    assert not match_region("洛阳开封").found
    assert not match_region("长春西工区").found


def test_name_of_a_province_and_its_city_means_the_province_until_it_is_known() -> None:
    assert where(match_region("吉林")) == ("吉林省", None, None)
    assert where(match_region("吉林", province="吉林省")) == ("吉林省", "吉林市", None)


def test_name_of_a_city_and_its_county_means_the_city_until_it_is_known() -> None:
    assert where(match_region("安阳")) == ("河南省", "安阳市", None)
    assert where(match_region("安阳", city="安阳市")) == ("河南省", "安阳市", "安阳县")


@pytest.mark.parametrize(("text", "county"), [
    ("瀍河", "瀍河回族区"), ("瀍河区", "瀍河回族区"), ("管城", "管城回族区"),
    ("前郭", "前郭尔罗斯蒙古族自治县"), ("伊通", "伊通满族自治县"), ("长白", "长白朝鲜族自治县"),
])
def test_ethnic_names_accept_their_short_forms(text: str, county: str) -> None:
    assert match_region(text).county == county


def test_autonomous_prefecture_accepts_its_short_form() -> None:
    assert where(match_region("延边")) == ("吉林省", "延边朝鲜族自治州", None)


@pytest.mark.parametrize(("text", "county"), [
    ("吉利区", "孟津区"), ("孟津县", "孟津区"), ("偃师市", "偃师区"), ("长垣县", "长垣市"),
])
def test_former_names_map_to_the_current_division(text: str, county: str) -> None:
    assert match_region(text).county == county


def test_jiyuan_is_complete_when_named() -> None:
    assert where(match_region("济源示范区")) == ("河南省", "济源市", "济源市")
    assert counties_of("河南省", "济源市") == ("济源市",)


def test_changbaishan_and_meihekou_are_city_level_units_as_in_the_notices() -> None:
    assert where(match_region("长白山")) == ("吉林省", "长白山管委会", None)
    assert where(match_region("梅河口")) == ("吉林省", "梅河口市", "梅河口市")
    assert "梅河口市" not in counties_of("吉林省", "通化市")


def test_filler_words_around_a_place_are_ignored() -> None:
    assert where(match_region("我在郑州工作")) == ("河南省", "郑州市", None)


def test_punctuation_and_full_width_characters_are_ignored() -> None:
    assert where(match_region("河南，洛阳。西工区！")) == ("河南省", "洛阳市", "西工区")
    assert where(match_region("（晋中）　榆次")) == ("山西省", "晋中市", "榆次区")


def test_development_zones_match_but_stay_out_of_county_lists_unless_asked() -> None:
    zone = "长春净月高新技术产业开发区"
    assert where(match_region("净月区")) == ("吉林省", "长春市", zone)
    assert zone not in counties_of("吉林省", "长春市")
    assert zone in counties_of("吉林省", "长春市", include_zones=True)


def test_changchun_counties_are_complete() -> None:
    assert set(counties_of("吉林省", "长春市")) == {
        "南关区", "宽城区", "朝阳区", "二道区", "绿园区", "双阳区", "九台区", "榆树市", "德惠市",
        "公主岭市", "农安县",
    }


def test_jinzhong_counties_are_complete() -> None:
    assert set(counties_of("山西省", "晋中市")) == {
        "榆次区", "太谷区", "介休市", "榆社县", "左权县", "和顺县", "昔阳县", "寿阳县", "祁县",
        "平遥县", "灵石县",
    }


def test_luoyang_reflects_the_2021_changes() -> None:
    luoyang = counties_of("河南省", "洛阳市")
    assert {"孟津区", "偃师区", "瀍河回族区"} <= set(luoyang)
    assert not {"吉利区", "孟津县", "偃师市"} & set(luoyang)


def test_choice_lists_cover_detailed_provinces_only() -> None:
    assert set(cities_of("河南省")) == set(HENAN_CITIES.values())
    assert len(cities_of("山西省")) == 11
    assert cities_of("江苏省") == ()
    assert counties_of("河南省", "长春市") == ()


def test_is_known_checks_the_whole_path() -> None:
    assert is_known("河南省", "洛阳市", "西工区")
    assert is_known("河南省")
    assert is_known("北京市", None, "朝阳区")
    assert not is_known("吉林省", "洛阳市", "西工区")
    assert not is_known("河南省", "洛阳市", "吉利区")
    assert not is_known(None, "洛阳市")


@pytest.mark.parametrize("text", ["洛阳 西工区", "朝阳", "鼓楼区", "西安", "城区", "净月", "济源"])
def test_everything_match_region_returns_is_known(text: str) -> None:
    match = match_region(text)
    for place in match.candidates or (Place(match.province, match.city, match.county),):
        assert is_known(place.province, place.city, place.county)


def test_data_has_all_34_provincial_divisions_once() -> None:
    assert len(provinces()) == 34 == len(set(provinces()))


def test_data_has_the_official_number_of_county_level_divisions() -> None:
    counts = {p: sum(len(counties_of(p, c)) for c in cities_of(p)) for p in DETAILED}
    # 河南 157 and 吉林 60 count 济源 and 梅河口 once each, as their own county-level unit.
    assert counts == {"河南省": 157, "吉林省": 60, "山西省": 117}


def test_no_duplicate_city_in_a_province_or_county_in_a_city() -> None:
    for province in DETAILED:
        assert len(cities_of(province)) == len(set(cities_of(province)))
        for city in cities_of(province):
            names = counties_of(province, city, include_zones=True)
            assert len(names) == len(set(names)), city


def test_every_name_has_a_proper_suffix() -> None:
    for province in provinces():
        assert province.endswith(("省", "市", "自治区", "特别行政区")), province
        for city in cities_of(province):
            assert city.endswith(("市", "州", "管委会")), city
            for county in counties_of(province, city):
                assert county.endswith(("区", "县", "市")), county
            for zone in set(counties_of(province, city, True)) - set(counties_of(province, city)):
                assert zone.endswith(("新区", "开发区")), zone
