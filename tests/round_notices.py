"""A next year's notice for the tests: 河南“灵活就业之星” 2025, written the way such notices are.

It repeats the 2024 plan (notice 001) with new dates for the whole chain, one more place per
county and one changed document, so the tests see what an office sees: the quotes that no longer
appear, the tool's proposals where only the digits moved, and the one document it cannot guess.
"""

from __future__ import annotations

from eligibility.loader import notices_dir
from eligibility.rounds import build, differences, draft
from eligibility.rounds.model import Decision, RoundFile

PID = "henan-flexible-star"

OLD_DOCUMENT = "(五)个人无犯罪记录证明(可通过网上获取的，仅提供系统查询截图)。"
NEW_DOCUMENT = "(五)户籍所在地公安机关出具的个人无犯罪记录证明原件。"
CHANGES = [
    ("2023年12月27.日", "2024年12月26.日"),
    ("2024年1月15日", "2025年1月15日"),
    ("2024年1月25日", "2025年1月24日"),
    ("2024年2月5日", "2025年2月7日"),
    ("选送对象数量不超过2人", "选送对象数量不超过3人"),
    (OLD_DOCUMENT, NEW_DOCUMENT),
]


def henan_flexible_2025() -> str:
    """The 2024 notice's header and 灵活就业之星 plan, changed as `CHANGES` says."""
    text = (notices_dir() / "001_939444c5833de5ff.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    plan = lines[lines.index("河南省“灵活就业之星”选树活动工作方案"):]
    header = ["河南省人力资源和社会保障厅",
              "关于印发《河南省“灵活就业之星”选树活动工作方案》的通知",
              "各省辖市、济源示范区人力资源社会保障局：", " 2023年12月27.日", ""]
    out = "\n".join(header + plan) + "\n"
    for before, after in CHANGES:
        assert before in out, before
        out = out.replace(before, after)
    return out


def settle(round_file: RoundFile) -> RoundFile:
    """What the office does with the draft: confirm each proposal, re-quote the document the
    tool could not, and say why the new header lines state no rule."""
    documents = build.pack_raw(PID)["documents"]
    certificate = next(d for d in documents if d["id"] == "no_criminal_record_certificate")
    certificate |= {"name": "户籍所在地公安机关出具的个人无犯罪记录证明原件",
                    "source": NEW_DOCUMENT, "note": "新通知要求原件，不再接受网上查询截图。"}
    certificate["spec"] = {"formats": ["paper", "pdf", "jpeg", "png"]}
    listed = differences.differences(round_file, draft.previous_notice(None, PID))
    headers = [d.now for d in listed if d.kind == "new_line" and d.now != NEW_DOCUMENT]
    review = [d.model_copy(update={"settled": True}) for d in round_file.review]
    review += [Decision(line=line, settled=True, note="通知标题和主送单位，不是条件")
               for line in headers]
    return round_file.model_copy(update={"documents": [certificate], "review": review})
