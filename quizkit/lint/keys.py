"""Rules across a bank's keys: positions in bank order, and which kind of option is always right."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from quizkit.lint.registry import Finding, LintContext, bank_rule
from quizkit.lint.words import plain
from quizkit.model import MultipleAnswer, MultipleChoice, TrueFalse, letter

MIN_CHOICE_ITEMS = 6
MIN_PATTERN_ITEMS = 3
MIN_TRUE_FALSE = 4
_AT_QUESTIONS = ("questions",)


def _ids(questions: list[str], limit: int = 6) -> str:
    shown = ", ".join(questions[:limit])
    return shown + (f" and {len(questions) - limit} more" if len(questions) > limit else "")


def _lopsided(questions: list[MultipleChoice]) -> tuple[int, int, str] | None:
    """The letter most keys of `questions` are at, how many, and the spread, when that is most of
    them (and they are enough to tell)."""
    if len(questions) < MIN_CHOICE_ITEMS:
        return None
    counts = Counter([[c.correct for c in q.choices].index(True) for q in questions])
    position, most = counts.most_common(1)[0]
    if most * 2 <= len(questions):
        return None
    return position, most, ", ".join(f"{letter(i)} {counts[i]}" for i in sorted(counts))


@bank_rule(
    "unbalanced-keys",
    rationale="Whenever choices are not shuffled (`shuffle: false`, `--no-shuffle`) students see keys "
    "in bank order: one letter holding most keys, or 'select all' keys always first, is a pattern "
    "they learn. The questions with `shuffle: false`, in that order on every form, are counted on "
    "their own too.",
    fail="""
- id: q1
  type: multiple_choice
  prompt: How did the council vote?
  choices:
    - {text: 7-2, correct: true}
    - {text: 5-4}
    - {text: 9-0}
- id: q2
  type: multiple_choice
  prompt: On which day was the vote?
  choices:
    - {text: Tuesday, correct: true}
    - {text: Monday}
    - {text: Friday}
- id: q3
  type: multiple_choice
  prompt: Where will the lanes go?
  choices:
    - {text: Main Street, correct: true}
    - {text: Mill Road}
    - {text: High Street}
- id: q4
  type: multiple_choice
  prompt: What will the work cost?
  choices:
    - {text: $4 million, correct: true}
    - {text: $7 million}
    - {text: $2 million}
- id: q5
  type: multiple_choice
  prompt: When is work expected to start?
  choices:
    - {text: June, correct: true}
    - {text: March}
    - {text: May}
- id: q6
  type: multiple_choice
  prompt: Who feared losing parking?
  choices:
    - {text: Shop owners, correct: true}
    - {text: Bus drivers}
    - {text: The mayor}
""",
    passes="""
- id: q1
  type: multiple_choice
  prompt: How did the council vote?
  choices:
    - {text: 7-2, correct: true}
    - {text: 5-4}
    - {text: 9-0}
- id: q2
  type: multiple_choice
  prompt: On which day was the vote?
  choices:
    - {text: Monday}
    - {text: Tuesday, correct: true}
    - {text: Friday}
- id: q3
  type: multiple_choice
  prompt: Where will the lanes go?
  choices:
    - {text: Mill Road}
    - {text: High Street}
    - {text: Main Street, correct: true}
- id: q4
  type: multiple_choice
  prompt: What will the work cost?
  choices:
    - {text: $4 million, correct: true}
    - {text: $7 million}
    - {text: $2 million}
- id: q5
  type: multiple_choice
  prompt: When is work expected to start?
  choices:
    - {text: March}
    - {text: June, correct: true}
    - {text: May}
- id: q6
  type: multiple_choice
  prompt: Who feared losing parking?
  choices:
    - {text: Bus drivers}
    - {text: The mayor}
    - {text: Shop owners, correct: true}
""",
)
def unbalanced_keys(context: LintContext) -> Iterator[Finding]:
    """Key positions in bank order are unbalanced."""
    questions = [q for q in context.bank.questions if "unbalanced-keys" not in q.lint_ignore]
    single = [q for q in questions if isinstance(q, MultipleChoice)]
    fixed = [q for q in single if not q.shuffle]  # in this order on every form, shuffled or not
    for group, which, when in (
        (single, "multiple-choice keys", "whenever choices are not shuffled"),
        (fixed, "keys of multiple-choice questions with `shuffle: false`", "on every form"),
    ):
        found = _lopsided(group)
        if found is not None:
            position, most, spread = found
            yield Finding(
                f"{most} of {len(group)} {which} are {letter(position)} in bank order ({spread}); "
                f"students see this order {when}",
                _AT_QUESTIONS,
                "move some keys to other letters",
            )
            break
    several = [q for q in questions if isinstance(q, MultipleAnswer)]
    if len(several) >= MIN_PATTERN_ITEMS:
        keyed = [[c.correct for c in q.choices] for q in several]
        for side, flags in (("first", keyed), ("last", [k[::-1] for k in keyed])):
            if all(all(f[: sum(f)]) for f in flags):
                yield Finding(
                    f"all {len(several)} multiple-answer questions list their keys {side} in bank order; "
                    "students see this order whenever choices are not shuffled",
                    _AT_QUESTIONS,
                    "mix keyed and unkeyed choices",
                )
                break
    binary = [q for q in questions if isinstance(q, TrueFalse)]
    if len(binary) >= MIN_TRUE_FALSE and len({q.answer for q in binary}) == 1:
        way = "true" if binary[0].answer else "false"
        yield Finding(
            f"all {len(binary)} true/false keys are {way}; a student who answers '{way}' throughout "
            "gets them all",
            _AT_QUESTIONS,
        )


_SCEPTICAL = re.compile(
    r"^(?:(?:the |this )?(?:[a-z]+(?: [a-z])?|none of them) )?"  # 'the column', 'article b', 'they'
    r"(?:does not|doesn't|do not|don't|did not|didn't|never|cannot|can't) "
    r"(?:say|state|tell|give|name|mention|report|specify|identify|quote|explain|show|know)"
    r"|^not (?:stated|given|said|mentioned|reported|specified|named|known|clear|enough information)\b"
    r"|^(?:none|neither) of (?:the|them|these)\b"
    r"|^(?:neither|no) (?:article|outlet|source|text|report)s? (?:says|states|gives|names|mentions|reports)\b"
    r"|^no (?:article|outlet|source|one|such|figure|date|number|name|quote|evidence|details?|"
    r"information|data|mention|record)\b"
    r"|^(?:it |you |one |a reader )?(?:cannot|can't) (?:tell|be determined|be told|know|say)\b"
    r"|^(?:nothing|none|nobody|no one|unclear|unknown|not stated)\b(?!-)"
    r"|^(?:it|this|that)(?: is|'s| was) (?:not|never) (?:stated|given|said|mentioned|reported|specified|"
    r"named|known|clear|made clear)\b"
    r"|^no\b(?![\s-]+[a-z])"  # 'No', 'No.', 'No, it does not'; 'No appointment to be had' is an answer
)


_SCEPTICAL_HINT = re.compile("no|n't|never|neither|unclear")
"""_SCEPTICAL cannot match a text without one of these ('not', 'none', 'cannot', 'unknown' have 'no')."""


def is_sceptical(text: str) -> bool:
    """An answer of absence: 'The article does not say', 'Not stated', 'None of the articles', 'No'."""
    if text.isascii() and not _SCEPTICAL_HINT.search(text.lower()):
        return False  # ASCII differs from its normalised form only in case and spacing: no hint, no match
    return bool(_SCEPTICAL.match(plain(text).lower().strip()))  # every pattern is anchored at the start


MIN_SCEPTICAL = 5
MIN_SCEPTICAL_KEYS = 4
SCEPTICAL_SHARE = 0.6
"""A sceptical option is keyed by chance about one time in three or four."""


@bank_rule(
    "sceptical-key",
    rationale="When 'the article does not say', 'none' or 'No' is almost always the key, students "
    "learn to pick the sceptical option; use it as a distractor too.",
    fail="""
- id: q1
  type: multiple_choice
  prompt: Who chairs the council?
  choices:
    - {text: The article does not say, correct: true}
    - {text: Mayor Ana Lee of Riverside}
    - {text: Dana Ortiz of the Gazette}
- id: q2
  type: multiple_choice
  prompt: How many buses use Main Street?
  choices:
    - {text: Forty}
    - {text: Not stated, correct: true}
    - {text: Twelve}
- id: q3
  type: multiple_choice
  prompt: Did any bus driver speak?
  choices:
    - {text: 'Yes, one'}
    - {text: 'Yes, two'}
    - {text: 'No', correct: true}
- id: q4
  type: multiple_choice
  prompt: Which article gives the lanes' length?
  choices:
    - {text: None of the articles, correct: true}
    - {text: The Riverside Gazette}
    - {text: The council's own notice}
- id: q5
  type: multiple_choice
  prompt: Who will build the lanes?
  choices:
    - {text: The city's own road crews}
    - {text: Nothing says who, correct: true}
    - {text: A firm from out of town}
""",
    passes="""
- id: q1
  type: multiple_choice
  prompt: Who chairs the council?
  choices:
    - {text: The article does not say, correct: true}
    - {text: Mayor Ana Lee of Riverside}
    - {text: Dana Ortiz of the Gazette}
- id: q2
  type: multiple_choice
  prompt: How did the council vote?
  choices:
    - {text: The article does not say}
    - {text: 7-2, correct: true}
    - {text: 5-4}
- id: q3
  type: multiple_choice
  prompt: Did any bus driver speak?
  choices:
    - {text: 'Yes, one'}
    - {text: 'Yes, two'}
    - {text: 'No', correct: true}
- id: q4
  type: multiple_choice
  prompt: When will work start?
  choices:
    - {text: Not stated}
    - {text: In June, correct: true}
    - {text: In May}
- id: q5
  type: multiple_choice
  prompt: Who spoke for the shops?
  choices:
    - {text: Not stated}
    - {text: The mayor}
    - {text: Shop owners, correct: true}
""",
)
def sceptical_key(context: LintContext) -> Iterator[Finding]:
    """Sceptical options ('does not say', 'No', 'Nothing') are almost always the key."""
    keyed: list[str] = []
    total = 0
    for question in context.bank.questions:
        if (
            not isinstance(question, MultipleChoice | MultipleAnswer)
            or "sceptical-key" in question.lint_ignore
        ):
            continue
        for choice in question.choices:
            if is_sceptical(choice.text):
                total += 1
                if choice.correct:
                    keyed.append(question.id)
    if total >= MIN_SCEPTICAL and len(keyed) >= max(MIN_SCEPTICAL_KEYS, SCEPTICAL_SHARE * total):
        yield Finding(
            f"{len(keyed)} of {total} options like 'does not say', 'none' or 'No' are keys "
            f"({_ids(list(dict.fromkeys(keyed)))}); students learn to pick the sceptical answer",
            _AT_QUESTIONS,
            "use such an option as a distractor where the article does answer",
        )
