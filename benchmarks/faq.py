"""FAQ: top-1 accuracy on the labelled test set, and match time with 2,000 entries.

Accuracy: every phrasing in tests/dialogs/faq_questions.yaml is asked through `dialogs.faq.ask`
(with its context programme, on the set's date); top-1 counts the expected entry matched, `fact`
counts answers carrying the expected fact. The reviewers' batches
(tests/dialogs/faq_reviewer_*.yaml) name a programme and facts instead of our entries:
`score_batch` counts answers carrying any of the facts, carrying one in their first two
sentences, and about the wrong programme. `python -m benchmarks.faq --batch FILE` scores a
batch file alone (a frozen blind batch is scored this way, once).
Speed: a matcher of 2,000 entries (the real ones plus entries built from every sentence of the
packs: criteria, documents, form fields, timeline, office checks, three phrasings each) answers
the test questions; the baseline is rapidfuzz's
plain `extractOne` with `fuzz.ratio` over the same phrasings, the naive way to do it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
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
        if item.get("clarify"):
            carried = bool(answer.clarify)
        else:
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


_SENTENCE = re.compile(r"[。！？!?\n]+")


def first_sentences(text: str, count: int = 2) -> str:
    """The first `count` sentences of an answer (split at 。！？ and line breaks)."""
    return "".join([part for part in _SENTENCE.split(text) if part.strip()][:count])


def score_batch(path: Path) -> dict[str, Any]:
    """Score one reviewer batch file (q, programme, context, facts; see faq_reviewer_a.yaml).

    `fact`: the answer the applicant first reads carries one of the facts; `first_two`: it does
    so in its first two sentences; `wrong_programme`: the answer is about another programme
    (an answer about no programme in particular, a cross-programme list, is not wrong, but
    seldom carries the fact in its first two sentences); `clarified`: the assistant asked which
    programme instead of answering (counted as not carrying the fact). A `context` question is
    asked as from an applicant whose current application is that programme."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = dt.date.fromisoformat(str(data["today"]))
    counts = {"fact": 0, "first_two": 0, "wrong_programme": 0, "programme": 0, "clarified": 0}
    misses = []
    for item in data["questions"]:
        context = [item["programme"]] if item.get("context") else []
        answer = faq.ask(item["q"], today=today, context=context)
        text = answer.text or ""
        facts = [str(f) for f in item["facts"]]
        fact = any(f in text for f in facts)
        early = any(f in first_sentences(text) for f in facts)
        wrong = answer.programme not in (None, item["programme"])
        counts["fact"] += fact
        counts["first_two"] += early
        counts["wrong_programme"] += wrong
        counts["programme"] += answer.programme == item["programme"]
        counts["clarified"] += bool(answer.clarify)
        if not early or wrong:
            misses.append({"q": item["q"], "facts": facts, "got": answer.matched,
                           "from": answer.programme_from, "fact": fact,
                           "wrong_programme": wrong, "clarify": list(answer.clarify)})
    total = len(data["questions"])
    return {"questions": total, **{k: v / total for k, v in counts.items()}, "misses": misses}


def reviewer(batch: str) -> dict[str, Any]:
    """`score_batch` on tests/dialogs/faq_reviewer_<batch>.yaml."""
    return score_batch(TESTS / f"faq_reviewer_{batch}.yaml")


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


def report(name: str, score: dict[str, Any]) -> None:
    print(f"{name}: {score['questions']} questions; carries the fact {score['fact']:.1%}, "
          f"in the first two sentences {score['first_two']:.1%}, about the wrong programme "
          f"{score['wrong_programme']:.1%} (right programme {score['programme']:.1%}, "
          f"asked which programme {score['clarified']:.1%})")
    for miss in score["misses"]:
        print("  miss:", miss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faq")
    parser.add_argument("--batch", type=Path, action="append", default=[],
                        help="score this reviewer batch file only (repeatable)")
    args = parser.parse_args(argv)
    if args.batch:
        for path in args.batch:
            report(str(path), score_batch(path))
        return 0
    outcome = run()
    for section in ("accuracy", "second_batch", "blind"):
        score = outcome.pop(section)
        print(f"{section}: top-1 {score['top1']:.1%}, answer carries the fact "
              f"{score['fact']:.1%}, on {score['questions']} labelled phrasings")
        for miss in score["misses"]:
            print("  miss:", miss)
    for batch in batches():
        report(f"reviewer batch {batch}", reviewer(batch))
    print(outcome)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
