"""A question about one document by name (“登记表要咋交”, “廉洁自律证明找谁开”): that document.

The answer to “登记表怎么交” is not the route of the whole application but what the notice says
about the 登记表: its format, stamp, copies and note (加盖公章并扫描成PDF版). A document is named
when the question and the document's name share one of the words applicants use for documents.
A question about the form of the material (“正文用啥字体”, “单面还是双面”, “要原件吗”) is
answered with the notice's own clauses on it (“正文3号仿宋字”, “正反打印”, “身份证复印件”), those
about the document the question names first.
"""

from __future__ import annotations

import re

from dialogs.faq.entries import general
from dialogs.faq.generated import spec_text
from dialogs.i18n import t
from eligibility.model import Document, Programme

# The words a document goes by, longest first (申报材料册 before 材料).
HANDLES = ("申报材料册", "无犯罪记录", "廉洁自律", "营业执照", "毕业证", "身份证", "登记表",
           "推荐表", "申报表", "汇总表", "事迹材料", "推荐报告", "档案袋", "照片", "电子版",
           "佐证材料", "荣誉证书", "职业资格", "技能等级证", "公示截图")
_CONTENTS = re.compile(r"(?:主要)?包括[^。；]*")
_PROGRAMME_NAME = re.compile(r"^.*?[”」]")


def named_document(programme: Programme, question: str) -> Document | None:
    """The applicant's document the question names, if exactly one does."""
    words = [h for h in HANDLES if h in question]
    if not words:
        return None
    found = [d for d in programme.documents if any(w in d.name for w in words)]
    mine = [d for d in found if d.kind != "report" and "推荐单位提交" not in d.name] or found
    return mine[0] if len(mine) == 1 or (mine and words[0] in mine[0].name) else None


def document_answer(programme: Programme, document: Document, locale: str) -> str:
    """One or two sentences: the document with its requirements, then its note."""
    name = document.name if locale != "en" else document.name_en
    spec = spec_text(document, locale)
    text = t(locale, "faq.d.document", name=name, spec=spec)
    contents = _CONTENTS.search(re.sub(r"\s+", "", document.source))
    if contents and locale != "en":  # what it must hold, in the notice's words
        text += contents.group(0).rstrip("。") + "。"
    if document.note and locale != "en":
        text += document.note.rstrip("。") + "。"
    return text


_CLAUSE = re.compile(r"[。；;\n]|……")


def _clauses(programme: Programme) -> list[tuple[str, str]]:
    """Every clause of the notice the pack quotes on the material: (document name, clause)."""
    quoted = [(d.name, d.source) for d in programme.documents]
    quoted += [(programme.form.title, line) for line in programme.form.instructions]
    quoted += [("", programme.submission.source)]
    found = [(name, part.strip()) for name, text in quoted
             for part in _CLAUSE.split(re.sub(r"\s+", "", text)) if part.strip()]
    return list(dict.fromkeys(found))


def shared_length(question: str, name: str) -> int:
    """The longest stretch the question shares with a document's name (事迹, 登记表)."""
    return max((size for size in range(len(name), 1, -1)
                for start in range(len(name) - size + 1)
                if name[start:start + size] in question), default=0)


def format_clauses(programme: Programme, question: str, limit: int = 2) -> list[str]:
    """The notice's clauses that answer a question on the form of the material (字体, 正反打印,
    PDF, 复印件), those of the document the question names first."""
    asked = question.lower()
    wanted = [w for key, words in general().format_words.items() if key in asked for w in words]
    if not wanted:
        return []
    hits = [(name, clause) for name, clause in _clauses(programme)
            if any(w in clause for w in wanted)]
    hits.sort(key=lambda hit: -shared_length(question, hit[0]) - shared_length(question, hit[1]))
    return list(dict.fromkeys(clause for _, clause in hits))[:limit]
