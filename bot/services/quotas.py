"""How many packets an office may recommend for a programme, read from the pack's quotas.

A county office takes the pack's `per_county` limit (灵活就业之星 ≤2, 技能创业之星 5, 长春 3); a
city office its own row of a `per_city` table (河南's 附件1); a unit named in a `per_unit`
row (长春's 驻长技工院校...) that row. Jilin's notices give only a ratio (150%-200%) of an
allocation sent later: with the allocation recorded, the ratio becomes a minimum and a maximum;
without it the dashboard shows the rule and enforces nothing it cannot know.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from eligibility.model import ChainLevel, Programme


@dataclass(frozen=True)
class Quota:
    """`maximum` / `minimum` are None when the notice sets none for this office."""

    maximum: int | None
    minimum: int | None
    text: str


def office_parts(office: str) -> list[str]:
    return [part for part in office.split("/") if part]


def quota_for(programme: Programme, office: str, allocation: int | None = None,
              level: ChainLevel | None = None) -> Quota:
    """The quota of `office` (a key like 河南省/洛阳市/洛龙区, or a unit's name) for what it
    recommends upward. With `level`, only the quota scopes the pack's chain gives that level
    apply (the city's 附件1 row binds the city, not its counties)."""
    parts = office_parts(office)
    quotas = [q for q in programme.quotas if level is None or q.scope in level.quotas]
    depth = "county" if len(parts) >= 3 else "city" if len(parts) == 2 else "unit"
    if level is not None:
        depth = level.id
    for quota in quotas:
        if quota.scope == "per_unit" and quota.unit and quota.unit in office and quota.count:
            return Quota(quota.count, None, f"{quota.unit}推荐不超过{quota.count}名")
    for quota in quotas:
        if quota.scope == "ratio" and quota.ratio_min and quota.ratio_max:
            low, high = int(quota.ratio_min * 100), int(quota.ratio_max * 100)
            if allocation is None:
                return Quota(None, None, f"申报数量为分配名额的{low}%-{high}%（分配名额待录入）")
            return Quota(math.floor(allocation * quota.ratio_max),
                         math.ceil(allocation * quota.ratio_min),
                         f"分配名额{allocation}名，申报{math.ceil(allocation * quota.ratio_min)}"
                         f"-{math.floor(allocation * quota.ratio_max)}名（{low}%-{high}%）")
    if depth == "county":
        for quota in quotas:
            if quota.scope == "per_county" and quota.count:
                return Quota(quota.count, None, f"每个县（市、区）不超过{quota.count}名")
    if depth == "city":
        for quota in quotas:
            if quota.scope == "per_city" and len(parts) >= 2 and quota.unit == parts[1] \
                    and quota.count:
                return Quota(quota.count, None, f"{parts[1]}分配名额{quota.count}名")
    if level is not None and level.decides:
        for quota in quotas:
            if quota.scope == "total" and quota.count:
                return Quota(quota.count, None, f"全{_area(level.id)}共{quota.count}名")
    if allocation is not None:
        return Quota(allocation, None, f"分配名额{allocation}名")
    return Quota(None, None, "通知未规定本级名额")


def _area(level: str) -> str:
    return {"province": "省", "city": "市"}.get(level, "")
