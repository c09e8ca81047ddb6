"""Rules about how a question is worded: negative stems, grammatical cues, double-barrelled statements."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizkit.casehints import CaseHints
from quizkit.lint.registry import Finding, LintContext, question_rule
from quizkit.lint.words import plain
from quizkit.model import AnyQuestion, MultipleAnswer, MultipleChoice, TrueFalse

_NEGATIVE = re.compile(
    r"\b(not|never|except|least|cannot|can't|doesn't|don't|isn't|aren't|wasn't|weren't|didn't)\b",
    re.IGNORECASE,
)
_NEGATIVE_HINTS = ("not", "never", "except", "least", "n't")
"""_NEGATIVE cannot match a text without one of these ('cannot' has 'not')."""
_ASKS = re.compile(
    r"\b(which|what|who|where|when|select|choose|pick|identify)\b|^(name|list)\b", re.IGNORECASE
)
"""A word that asks: a question word, or an instruction ('Name the person ...')."""
_TRAILING_EXCEPT = re.compile(r"\b(except)\W*$", re.IGNORECASE)
"""A stem to complete: 'All of these are named in Article B except'."""
_EMPHASIS = re.compile(
    r"\*\*(.+?)\*\*|\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)|<(?:b|strong|em|i|u)>(.+?)</", re.DOTALL
)


def _emphasised_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _EMPHASIS.finditer(text)]


def unemphasised_negative(prompt: str) -> str | None:
    """The first negative word ('not', 'except', 'least') that picks the answer, if it is not emphasised."""
    if not (CaseHints(prompt).any(_NEGATIVE_HINTS) and _NEGATIVE.search(prompt)):
        return None
    prompt = plain(prompt)
    spans = _emphasised_spans(prompt)
    ask = _ASKS.search(prompt)
    if ask is None:
        trailing = _TRAILING_EXCEPT.search(prompt)
        return trailing[1] if trailing is not None and _unemphasised(trailing, spans, 1) else None
    for match in _NEGATIVE.finditer(prompt):
        word = match.group()
        if match.start() < ask.start() and word.lower() not in ("except", "least"):
            continue
        if re.search(r"\b(?:at|the very) $", prompt[: match.start()].lower()) or (
            word.lower() == "not" and re.match(r"\s+only\b", prompt[match.end() :])
        ):
            continue  # 'at least', 'not only ... but'
        if word.lower() not in ("except", "least") and not _selects(prompt, ask.end(), match.start()):
            continue
        if _unemphasised(match, spans):
            return word
    return None


def _unemphasised(found: re.Match[str], spans: list[tuple[int, int]], group: int = 0) -> bool:
    """The word `found` is neither in capitals nor inside one of the emphasised `spans`."""
    start, end = found.span(group)
    return not found[group].isupper() and not any(a <= start and end <= b for a, b in spans)


def _selects(prompt: str, ask_end: int, at: int) -> bool:
    """'Which of these is not ...' / 'What does the article not say?': the negative is in the
    clause that asks, not in a quotation or a later sentence."""
    between = prompt[ask_end:at]
    return not re.search(r"[.?!;:\"\u201c\u201d]", between) and len(between.split()) <= 8


@question_rule(
    "negative-stem",
    types=(MultipleChoice, MultipleAnswer),
    rationale="Students read past a small 'not' or 'except' and answer the opposite question; if a "
    "stem must be negative, the negative word is in capitals (NOT), which every handout and quiz "
    "package shows as written (**not**, *not* and _not_ pass too, but print their marks).",
    fail="""
- id: lanes-not-said
  type: multiple_choice
  prompt: Which of these does the article not report?
  choices:
    - text: The lanes' opening date
      correct: true
    - text: The council's vote
    - text: The street where the lanes go
""",
    passes="""
- id: lanes-not-said
  type: multiple_choice
  prompt: Which of these does the article NOT report?
  choices:
    - text: The lanes' opening date
      correct: true
    - text: The council's vote
    - text: The street where the lanes go
""",
)
def negative_stem(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A negative stem without emphasis."""
    word = unemphasised_negative(question.prompt)
    if word is not None:
        yield Finding(
            f"the prompt asks a negative question ('{word}') without emphasis; write it in capitals, "
            f"{word.upper()}, so no student misses it",
            ("prompt",),
        )


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENDS_WITH_ARTICLE = re.compile(
    r"\b(?P<article>an?)\s*(?:_{2,}|\.\.\.|\[blank\])?\s*[.?:]?\s*$", re.IGNORECASE
)
_BLANK_AFTER_ARTICLE = re.compile(r"\b(?P<article>an?)\s+(?:_{2,}|\[blank\])", re.IGNORECASE)
_ENDS_WITH_VERB = re.compile(r"\b(?P<verb>is|was|are|were)\s*(?:_{2,}|\.\.\.)?\s*[.?:]?\s*$", re.IGNORECASE)
_VOWEL_BUT_CONSONANT = re.compile(r"^(?:uni|use|usu|uti|ure|eu|ewe|one\b|once\b|ubiq|u\.)")
_CONSONANT_BUT_VOWEL = re.compile(r"^(?:hour|honest|honou?r|heir)")
_PLURAL_START = _word_set("two three four five several many both some few these those")
_SINGULAR_START = _word_set("a an one")
_CUE_WORDS = _word_set("a an is was are were")
_HOW_MANY = re.compile(r"\bwhich (?P<number>two|three|four|five)\b", re.IGNORECASE | re.ASCII)  # not "fıve"
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _which_many(prompt: str) -> re.Match[str] | None:
    """'Which two ...': _HOW_MANY, tried only on a prompt that has 'which' (most have not)."""
    return _HOW_MANY.search(prompt) if CaseHints(prompt).any(("which",)) else None


def _sound(text: str) -> str | None:
    """'vowel' or 'consonant' for the sound a text starts with, when its spelling makes that clear."""
    word = plain(text).strip().lstrip("\"'(").split(" ", 1)[0]
    if not word or not word[0].isalpha():
        return None  # a number is read aloud
    letters = word.rstrip(".,;:!?)'\"").removesuffix("s")
    if len(letters) > 1 and letters.isupper():
        return _initialism_sound(letters)
    folded = word.lower()
    if folded[0] in "aeiou":
        return "consonant" if _VOWEL_BUT_CONSONANT.match(folded) else "vowel"
    if folded[0] == "h" and _CONSONANT_BUT_VOWEL.match(folded):
        return "vowel"
    return "consonant"


_LETTER_NAMES_WITH_A_VOWEL = frozenset("AEFHILMNORSX")
"""Letters whose names start with a vowel sound: 'an MP', 'an FBI report' (but 'a UN agency')."""


def _initialism_sound(letters: str) -> str | None:
    """The sound of an abbreviation said letter by letter: two letters, or three with no vowel in the
    middle. Others may be said as a word ('a SIM card', 'a NASA mission'): unclear."""
    if not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return None
    if len(letters) == 3 and letters[1] in "AEIOU":
        return None
    return "vowel" if letters[0] in _LETTER_NAMES_WITH_A_VOWEL else "consonant"


def _listed(indices: list[int]) -> str:
    names = [chr(ord("A") + i) for i in indices]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _split(texts: list[str], fits: object) -> tuple[list[int], list[int]]:
    yes: list[int] = []
    no: list[int] = []
    for index, text in enumerate(texts):
        verdict = fits(text)  # type: ignore[operator]
        if verdict is True:
            yes.append(index)
        elif verdict is False:
            no.append(index)
    return yes, no


@question_rule(
    "grammatical-cue",
    types=(MultipleChoice, MultipleAnswer),
    rationale="A stem that ends in 'an', 'is' or 'are', or asks 'which two', fits only some options "
    "grammatically; students rule out the rest without knowing the answer.",
    fail="""
- id: lanes-kind
  type: multiple_choice
  prompt: The second line of the article is an
  choices:
    - text: account of the council's vote
      correct: true
    - text: quotation from the mayor
    - text: complaint from shop owners
""",
    passes="""
- id: lanes-kind
  type: multiple_choice
  prompt: What is the second line of the article?
  choices:
    - text: An account of the council's vote
      correct: true
    - text: A quotation from the mayor
    - text: A complaint from shop owners
""",
)
def grammatical_cue(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """'an' or 'is'/'are' before the options, or 'which two', that only some options fit."""
    assert isinstance(question, MultipleChoice | MultipleAnswer)
    prompt = plain(question.prompt)
    last = prompt.rstrip(" _.?:").rsplit(" ", 1)[-1].lower()
    if last not in _CUE_WORDS and "__" not in prompt and not _which_many(prompt):
        return  # the usual stem: a question, not a sentence to complete
    texts = [c.text for c in question.choices]
    article = _ENDS_WITH_ARTICLE.search(prompt) or _BLANK_AFTER_ARTICLE.search(prompt)
    if article is not None and article["article"] == "A" and prompt[: article.start()].strip():
        article = None  # 'according to Article A?': a label, not 'a' (which a stem writes in lower case)
    if article is not None:
        wanted = "vowel" if article["article"].lower() == "an" else "consonant"
        yes, no = _split(texts, lambda t: None if (s := _sound(t)) is None else s == wanted)
        if yes and no:
            yield Finding(
                f"'{article['article']}' before the options fits only choice{'s' if len(yes) > 1 else ''} "
                f"{_listed(yes)}; students can rule out the others by grammar alone",
                ("prompt",),
            )
            return
    verb = _ENDS_WITH_VERB.search(prompt)
    if verb is not None:
        plural = verb["verb"].lower() in ("are", "were")
        clash = _SINGULAR_START if plural else _PLURAL_START
        yes, no = _split(texts, lambda t: plain(t).lower().split(" ", 1)[0] not in clash)
        if yes and no:
            yield Finding(
                f"'{verb['verb']}' before the options fits only choice{'s' if len(yes) > 1 else ''} "
                f"{_listed(yes)}; students can rule out the others by grammar alone",
                ("prompt",),
            )
            return
    many = _which_many(prompt)
    if many is not None and isinstance(question, MultipleAnswer):
        wanted_count = _NUMBERS[many["number"].lower()]
        keyed = sum(c.correct for c in question.choices)
        if keyed != wanted_count:
            yield Finding(
                f"the prompt asks for {many['number'].lower()} but {keyed} choices are keyed",
                ("prompt",),
            )


_VERBS = _word_set(
    """
    is are was were has have had does did do will would can could should may might must says said quotes
    quoted names named reports reported states stated calls called gives gave cites cited uses used mentions
    mentioned claims claimed describes described includes included shows showed adds added agrees agreed
    pledged pledges announces announced invested invests attributes attributed denies denied confirms
    confirmed promised promises made makes prints printed writes wrote tells told credits credited
    identifies identified dates dated refers referred appears appeared comes came puts put welcomes
    welcomed reaffirms reaffirmed expects expected spoke met sent held kept paid sold began took won lost
    rose fell grew spent led built chose knew thought brought bought fought beat ran went got heard found
    struck drew became stood fled caught taught sought
    attend attends attended live lives lived remain remains remained belong belongs belonged oppose
    opposes opposed support supports supported believe believes believed
    emit emits emitted want wants wanted shrank shrinks grows owns owned seeks intends intended hoped
    """
)
_VERBS_BEFORE = _word_set("plans aims runs charges leads sets set cuts costs backs hopes needs buys")
"""Words that are verbs when an object or 'to' follows ('Amazon plans to buy vans', 'Jo Grady leads
the union') and often nouns otherwise ('three parking plans')."""
_OBJECT_STARTS = _word_set("to the a an its their his her our out up more less")
_REPORTING = _word_set(
    "say says said tell tells told report reports reported believe believes believed think thinks thought "
    "claim claims claimed state states stated write writes wrote argue argues argued expect expects "
    "expected fear fears feared show shows showed find finds found warn warns warned"
)
"""Verbs whose object may be a clause with a compound subject: 'said shops and cafes were struggling'."""
_FINITE = _word_set("is are was were shrank grew rose fell went ran began came spoke wrote became")
"""Verbs that make a claim of their own after any subject: 'and atypical contracts shrank'."""
_NOUN_TOO = _word_set("names quotes reports uses claims calls states promises pledges dates credits support")
_SUBJECT = _word_set(
    "it he she they we its the this that article outlet all both each most none some many few "
    "two three four five six seven eight nine ten"
)
"""Words a clause of its own can start with: 'and all three attend ...', 'and she said ...'."""
_AND = re.compile(r"([,;]?)\s+and\s+")
_QUOTED_TEXT = re.compile(r"\"[^\"]*\"|'[^']*'(?!\w)")


def _has_verb(words: list[str]) -> bool:
    return any(_verb_at(words, i) for i in range(len(words)))


def _verb_at(words: list[str], i: int) -> bool:
    w = words[i]
    if w in _VERBS or (w.endswith("ed") and len(w) > 4):
        return True
    return w in _VERBS_BEFORE and i + 1 < len(words) and words[i + 1] in _OBJECT_STARTS


def _reported_subject(left: list[str]) -> bool:
    """The last verb before 'and' reports ('Article B reports that Microsoft and Amazon have ...',
    'said shops and cafes were ...'): the 'and' joins the subjects of what it reports."""
    verbs = [w for i, w in enumerate(left) if _verb_at(left, i)]
    return bool(verbs) and verbs[-1] in _REPORTING


def _starts_clause(words: list[str], after_comma: bool, left: list[str]) -> bool:
    """The words after 'and' begin a claim of their own: a verb; a subject and its verb; or, after
    ', and' or '; and', any clause with a verb of its own."""
    if words[:1] and words[0] in ("also", "then", "later", "still"):
        words = words[1:]
    if not words:
        return False
    if words[0] in _VERBS:
        return not (
            words[0] in _NOUN_TOO and words[1:2] and words[1] in ("from", "of", "on", "about", "in", "for")
        )
    if after_comma:
        return _has_verb(words[:8])
    if (words[0] in _SUBJECT or words[0].istitle()) and _has_verb(words[1:4]):
        return not _reported_subject(left)
    # 'contracts grew and atypical contracts shrank', not 'said shops and cafes were struggling'
    return any(w in _FINITE for w in words[1:3]) and not _reported_subject(left)


@question_rule(
    "double-barrelled",
    types=(TrueFalse,),
    rationale="A true/false statement that joins two claims with 'and' is false when either is, so a "
    "student who knows one half cannot show it; ask each claim on its own.",
    fail="""
- id: lanes-two-claims
  type: true_false
  prompt: The council voted 7-2 for the lanes and the mayor said work would start in May.
  answer: false
""",
    passes="""
- id: lanes-one-claim
  type: true_false
  prompt: The council voted for bus lanes and parking spaces on Main Street.
  answer: false
""",
)
def double_barrelled(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """Two claims joined by 'and' in one true/false statement."""
    text = plain(question.prompt)
    if "and" not in text:
        return  # most statements make one claim
    text = _QUOTED_TEXT.sub(" quoted ", text)
    for match in _AND.finditer(text):
        left = text[: match.start()]
        words = re.findall(r"[\w'-]+", text[match.end() :])
        left_words = [w.lower() for w in re.findall(r"[\w'-]+", left)]
        if re.search(r"\b(?:both|between)\b[^,;]*$", left, re.IGNORECASE):
            continue  # 'both A and B', 'between A and B'
        right = [w if w.istitle() and i == 0 else w.lower() for i, w in enumerate(words[:8])]
        if _has_verb(left_words) and _starts_clause(right, bool(match.group(1)), left_words):
            yield Finding(
                "the statement joins two claims with 'and': it is false if either one is; "
                "make each claim its own question",
                ("prompt",),
            )
            return
