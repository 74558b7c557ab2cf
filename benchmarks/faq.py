"""FAQ: top-1 accuracy on the labelled test set, and match time with 2,000 entries.

Accuracy: every phrasing in tests/dialogs/faq_questions.yaml is asked through `dialogs.faq.ask`
(with its context programme, on the set's date); top-1 counts the expected entry matched, `fact`
counts answers carrying the expected fact. The reviewers' batches
(tests/dialogs/faq_reviewer_*.yaml) name a programme and facts instead of our entries:
`reviewer` counts answers carrying any of the facts and answers about that programme.
Speed: a matcher of 2,000 entries (the real ones plus entries built from every sentence of the
packs: criteria, documents, form fields, timeline, office checks, three phrasings each) answers
the test questions; the baseline is rapidfuzz's
plain `extractOne` with `fuzz.ratio` over the same phrasings, the naive way to do it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from dialogs import faq
from dialogs.faq.entries import general
from dialogs.faq.matching import Matcher
from eligibility import programmes

TESTS = Path(__file__).resolve().parent.parent / "tests/dialogs"
QUESTIONS = TESTS / "faq_questions.yaml"
ENTRIES = 2000


def labelled() -> dict[str, Any]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


def accuracy(section: str = "questions") -> dict[str, Any]:
    """Top-1 and fact accuracy over one section of the labelled set, with the misses named."""
    data = labelled()
    top1 = facts = 0
    misses = []
    for item in data[section]:
        context = [item["context"]] if item.get("context") else []
        answer = faq.ask(item["q"], today=data["today"], context=context)
        hit = answer.matched == item["matched"]
        carried = answer.text is not None and str(item["fact"]) in answer.text
        top1 += hit
        facts += carried
        if not (hit and carried):
            misses.append({"q": item["q"], "expected": item["matched"], "got": answer.matched})
    total = len(data[section])
    return {"questions": total, "top1": top1 / total, "fact": facts / total, "misses": misses}


def batches() -> list[str]:
    """The reviewer batches there are (`a`, `b`, ...), from tests/dialogs/faq_reviewer_*.yaml."""
    return sorted(path.stem.removeprefix("faq_reviewer_")
                  for path in TESTS.glob("faq_reviewer_*.yaml"))


def reviewer(batch: str) -> dict[str, Any]:
    """Fact-carrying over one reviewer batch (`a`, `b`, ..., tests/dialogs/faq_reviewer_*.yaml).

    The reviewer names the programme and the facts (any one will do), not our entries: an
    answer counts when it carries a fact; `programme` counts answers about the right programme.
    A `context` question is asked as from an applicant whose current application is that
    programme."""
    data = yaml.safe_load((TESTS / f"faq_reviewer_{batch}.yaml").read_text(encoding="utf-8"))
    carried = right = 0
    misses = []
    for item in data["questions"]:
        context = [item["programme"]] if item["context"] else []
        answer = faq.ask(item["q"], today=data["today"], context=context)
        fact = answer.text is not None and any(str(f) in answer.text for f in item["facts"])
        about = answer.programme == item["programme"]
        carried += fact
        right += about
        if not fact:
            misses.append({"q": item["q"], "facts": item["facts"], "got": answer.matched,
                           "programme": answer.programme == item["programme"]})
    total = len(data["questions"])
    return {"questions": total, "fact": carried / total, "programme": right / total,
            "misses": misses}


def _sentences() -> list[str]:
    out: list[str] = []
    for p in programmes():
        out += [c.text for c in p.criteria] + [d.name for d in p.documents]
        out += [f.label for f in p.form.fields] + [e.what for e in p.timeline]
        out += [c.text for c in p.office_checks]
    return list(dict.fromkeys(s for s in out if len(s) >= 4))


def big_matcher(entries: int = ENTRIES) -> Matcher:
    pairs = list(faq.phrasings())
    real = len({key for key, _ in pairs})
    sentences = _sentences()
    for i in range(entries - real):
        text = sentences[i % len(sentences)][:40]
        variant = i // len(sentences)
        key = f"synthetic:{i}"
        pairs += [(key, f"{text}{'吗' if variant % 2 else ''}"), (key, f"请问{text}"),
                  (key, f"{text}是什么意思{variant or ''}")]
    return Matcher(pairs, general().synonyms)


def _time(call: Any, questions: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            call(question)
            samples.append(time.perf_counter() - start)
    return sorted(samples)


def run(rounds: int = 5) -> dict[str, Any]:
    matcher = big_matcher()
    questions = [item["q"] for item in labelled()["questions"]]
    ours = _time(lambda q: matcher.best(q), questions, rounds)
    texts = matcher.texts
    base = _time(lambda q: process.extractOne(q, texts, scorer=fuzz.ratio), questions, rounds)
    p50 = statistics.median(ours)
    result = {
        "name": f"FAQ match ({len(set(matcher.keys))} entries)",
        "phrasings": len(texts),
        "p50_us": p50 * 1e6,
        "p99_us": ours[int(len(ours) * 0.99) - 1] * 1e6,
        "baseline_p50_us": statistics.median(base) * 1e6,
        "ratio_p50": p50 / statistics.median(base),
    }
    result["accuracy"] = accuracy()
    result["second_batch"] = accuracy("second_batch")
    result["blind"] = accuracy("blind")
    return result


if __name__ == "__main__":
    outcome = run()
    for section in ("accuracy", "second_batch", "blind"):
        score = outcome.pop(section)
        print(f"{section}: top-1 {score['top1']:.1%}, answer carries the fact "
              f"{score['fact']:.1%}, on {score['questions']} labelled phrasings")
        for miss in score["misses"]:
            print("  miss:", miss)
    for batch in batches():
        score = reviewer(batch)
        print(f"reviewer batch {batch}: answer carries the fact {score['fact']:.1%}, about the "
              f"right programme {score['programme']:.1%}, on {score['questions']} phrasings")
        for miss in score["misses"]:
            print("  miss:", miss)
    print(outcome)
