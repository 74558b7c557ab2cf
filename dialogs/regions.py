"""Where does the applicant work? Free text in, official division names out.

People type places the way they say them ("洛阳 西工区", "洛龙", "长春朝阳", "河南洛阳市洛龙区"),
but the packet has to reach the right county office, so the answer is always an official name
with its suffix, or, when the text fits several places, a list to choose from: never a guess.
The data (dialogs/data/regions.yaml) holds 山西, 吉林 and 河南 down to county level, the other
provinces by name, and a few homonyms elsewhere so a name like 朝阳区 is not taken as unique.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Suffixes whose removal gives the short form people type; the ethnic part goes with them.
_SUFFIX = re.compile(
    r"^(?P<stem>.+?)(?P<ethnic>(?:蒙古族|朝鲜族|土家族|苗族|维吾尔|回族|满族|壮族)*)"
    r"(?P<suffix>特别行政区|自治区|自治州|自治县|省|市|州|区|县)$"
)
# Words around a place name in a chat answer ("我在洛阳工作"); they carry no place.
_FILLERS = frozenset(
    {"中华人民共和国", "中国", "我在", "我是", "来自", "工作", "上班", "在", "的", "人"}
)
_MAX_TEXT = 32  # longer answers are sentences, not places
_KEEP = 24  # readings kept per position: enough for real ambiguity, bounded for odd input


@dataclass(frozen=True)
class Place:
    """One interpretation: official names from the top down; deeper levels may be unknown."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def label(self) -> str:
        """What to show on a choice button: "河南省洛阳市西工区", "北京市朝阳区"."""
        return "".join(name for name in (self.province, self.city, self.county) if name)


@dataclass(frozen=True)
class RegionMatch:
    """The best reading of a text: the levels all readings agree on, plus the readings if several.

    `fuzzy` says a typo was forgiven, so the dialog should confirm before saving.
    """

    province: str | None = None
    city: str | None = None
    county: str | None = None
    candidates: tuple[Place, ...] = ()
    fuzzy: bool = False

    @property
    def found(self) -> bool:
        return bool(self.province or self.city or self.county or self.candidates)

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


_Piece = tuple[int, frozenset[Place] | None, int]  # end, places (None: filler word), typos
_Reading = tuple[tuple[int, int, int], frozenset[Place]]  # (typos, filler chars, names), places


@dataclass(frozen=True)
class _Data:
    rank: dict[Place, int]  # every place the data knows, in data order
    index: dict[str, frozenset[Place]]  # what people type -> the places it may name
    counties: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]  # and zones
    fuzzy_keys: tuple[str, ...]
    longest: int  # characters in the longest key, plus one for a typo


def _short_forms(name: str) -> set[str]:
    """The forms of an official name people type without its suffix: 洛龙, 瀍河, 瀍河区, 延边."""
    match = _SUFFIX.match(name)
    if not match or len(match["stem"]) < 2:
        return set()
    forms = {match["stem"]}
    if match["ethnic"] and match["suffix"] != "自治区":
        forms.add(match["stem"] + match["suffix"][-1])
    return forms


def _entries(items: list[Any]) -> list[tuple[str, list[str]]]:
    """YAML entries are a bare name or {name, aliases}."""
    return [(i, []) if isinstance(i, str) else (i["name"], i.get("aliases", [])) for i in items]


@cache
def _data() -> _Data:
    """Load and index the YAML once; it ships inside the package."""
    raw = yaml.safe_load(
        resources.files("dialogs").joinpath("data/regions.yaml").read_text(encoding="utf-8")
    )
    index: dict[str, set[Place]] = {}
    rank: dict[Place, int] = {}
    counties: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def add(place: Place, name: str, aliases: list[str], derive: bool = True) -> None:
        for known in (Place(place.province), Place(place.province, place.city), place):
            rank.setdefault(known, len(rank))
        for key in {name, *aliases, *(_short_forms(name) if derive else ())}:
            index.setdefault(key, set()).add(place)

    for prov in raw["provinces"]:
        province = prov["name"]
        add(Place(province), province, prov.get("aliases", []))
        for city in prov.get("cities", []):
            name, own = city["name"], _entries(city["counties"])
            zones = _entries(city.get("zones", []))
            counties[province, name] = (tuple(c for c, _ in own), tuple(z for z, _ in zones))
            # A county-level unit treated as a city (济源市) is complete when named.
            itself = name if counties[province, name][0] == (name,) else None
            add(Place(province, name, itself), name, city.get("aliases", []))
            for county, aliases in own:
                add(Place(province, name, county), county, aliases)
            for zone, aliases in zones:
                add(Place(province, name, zone), zone, aliases, derive=False)
    for hom in raw["homonyms"]:
        levels = [hom["name"]] if hom.get("level") == "city" else [hom.get("city"), hom["name"]]
        add(Place(hom["province"], *levels), hom["name"], [])
    return _Data(rank, {key: frozenset(places) for key, places in index.items()}, counties,
                 tuple(sorted(key for key in index if len(key) >= 3)),
                 max(map(len, [*index, *_FILLERS])) + 1)


def _normalize(text: str) -> str:
    """Keep letters and digits only: spaces, punctuation and full-width forms carry no place."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()


def _merge(a: Place, b: Place) -> Place | None:
    """The place both describe, or None when they contradict each other (洛阳 + 长春)."""
    pairs = ((a.province, b.province), (a.city, b.city), (a.county, b.county))
    if any(x and y and x != y for x, y in pairs):
        return None
    return Place(*(x or y for x, y in pairs))


@lru_cache(maxsize=4096)
def _near(piece: str) -> frozenset[Place]:
    """Places whose name (3+ characters) is one edit away from `piece`: one wrong character."""
    hits = process.extract(piece, _data().fuzzy_keys, scorer=Levenshtein.distance,
                           score_cutoff=1, limit=None)
    return frozenset(place for key, _, _ in hits for place in _data().index[key])


def _options(text: str, start: int, fuzzy: bool) -> Iterator[_Piece]:
    """Place names and filler words that may start at `start`."""
    index = _data().index
    for end in range(start + 1, min(len(text), start + _data().longest) + 1):
        piece = text[start:end]
        if piece in index:
            yield end, index[piece], 0
        elif piece in _FILLERS:
            yield end, None, 0
        elif fuzzy and len(piece) >= 3 and (near := _near(piece)):
            yield end, near, 1


def _readings(text: str, root: Place, fuzzy: bool) -> list[_Reading]:
    """Every consistent way to split the whole text into place names and filler words.

    Cost orders readings: typos forgiven, then filler characters, then number of names, so
    "河南洛阳" beats nothing and an exact split beats any forgiving one.
    """
    memo: dict[int, list[_Reading]] = {}

    def rest(start: int) -> list[_Reading]:
        if start == len(text):
            return [((0, 0, 0), frozenset({root}))]
        if start not in memo:
            found = []
            for end, places, typos in _options(text, start, fuzzy):
                for (t, f, n), tail in rest(end):
                    if places is None:
                        found.append(((t, f + end - start, n), tail))
                        continue
                    merged = frozenset(m for a in places for b in tail if (m := _merge(a, b)))
                    if merged:
                        found.append(((t + typos, f, n + 1), merged))
            memo[start] = sorted(found, key=lambda r: r[0])[:_KEEP]
        return memo[start]

    return [reading for reading in rest(0) if reading[0][2] > 0]


def _settle(places: set[Place], root: Place) -> list[Place]:
    """Keep the readings worth offering, most official first.

    A reading that only repeats what is known gives way to one that adds to it (asked for the
    city in 吉林省, "吉林" means 吉林市); otherwise the wider reading wins over a narrower one
    inside it ("安阳" is 安阳市, and the county question will still offer 安阳县).
    """
    if len(places) > 1:
        places.discard(root)
    narrower = {p for p in places for q in places if q != p and _merge(p, q) == p}
    rank = _data().rank
    return sorted(places - narrower, key=lambda p: rank.get(p, len(rank)))


def match_region(text: str, province: str | None = None, city: str | None = None) -> RegionMatch:
    """Read `text` as a place, narrowed by the province and city the dialog already knows.

    Returns an empty RegionMatch for text that is not a place (or not one inside what is known),
    a full one when there is a single reading, and the shared levels plus `candidates` otherwise.
    """
    norm = _normalize(text)
    if not norm or len(norm) > _MAX_TEXT:
        return RegionMatch()
    if city and not province:  # a known city brings its province along
        owners = {prov for prov, known in _data().counties if known == city}
        province = owners.pop() if len(owners) == 1 else None
    root = Place(province, city)
    exact_exists = bool(_readings(norm, Place(), fuzzy=False))
    readings = _readings(norm, root, fuzzy=not exact_exists)
    if not readings:
        return RegionMatch()
    best = readings[0][0]
    places = _settle({p for cost, ps in readings if cost == best for p in ps}, root)
    shared = [
        values.pop() if len(values := {getattr(p, level) for p in places}) == 1 else None
        for level in ("province", "city", "county")
    ]
    candidates = tuple(places) if len(places) > 1 else ()
    return RegionMatch(*shared, candidates=candidates, fuzzy=best[0] > 0)


def provinces() -> tuple[str, ...]:
    """All 34 provincial-level divisions, in official order."""
    return tuple(p.province for p in _data().rank if p.city is None and p.county is None)


def cities_of(province: str) -> tuple[str, ...]:
    """City-level units of a detailed province (empty for the provinces held by name only)."""
    return tuple(city for prov, city in _data().counties if prov == province)


def counties_of(province: str, city: str, include_zones: bool = False) -> tuple[str, ...]:
    """County-level divisions of a city; functional zones (长春新区) only when asked for."""
    own, zones = _data().counties.get((province, city), ((), ()))
    return own + zones if include_zones else own


def is_known(province: str | None, city: str | None = None, county: str | None = None) -> bool:
    """Whether this combination names a place in the data, e.g. before trusting a saved answer."""
    return province is not None and Place(province, city, county) in _data().rank
