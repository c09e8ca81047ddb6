"""`quizkit claims`: read a bank's articles, rank the candidates, and print them as text, YAML or JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.authoring.article_claims import article_candidates
from quizkit.authoring.claims import Article, Candidate, split_article
from quizkit.authoring.cross_claims import cross_candidates
from quizkit.banklayout import SOURCES_DIR, bank_paths
from quizkit.diagnostics import Diagnostic, display_path, format_text, plural
from quizkit.errors import BankError
from quizkit.loading import load_sources
from quizkit.model import letter

ONCE = "with no time frame"
"""A finding worth one question per article however many sentences repeat the figure."""
LIMIT = 30
"""Candidates kept per article (and across articles): the best first."""
REPEAT = 0.88
"""Each further candidate of the same kind in an article counts for this much less, so that the
first ten show several kinds of moment rather than ten loaded words."""


@dataclass
class ClaimsReport:
    """The ranked candidates of each article, those across articles, and problems with the sources."""

    folder: Path
    articles: list[tuple[Article, list[Candidate]]] = field(default_factory=list)
    across: list[Candidate] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_claims(path: Path | str, limit: int = LIMIT) -> ClaimsReport:
    """The candidate teachable moments in the articles of the bank at `path` (bank.yaml is not read)."""
    folder, _ = bank_paths(Path(path))
    report = ClaimsReport(folder)
    sources = load_sources(folder, report.diagnostics)
    details = "\n".join(format_text(d) for d in report.diagnostics)
    errors = sum(d.is_error for d in report.diagnostics)
    if errors:  # an article left out would shift every later article's letter
        raise BankError(
            f"{display_path(folder / SOURCES_DIR)}: {plural(errors, 'error')} in the articles; "
            "fix them first, no candidates listed",
            details,
        )
    if not sources:
        raise BankError(f"{display_path(folder / SOURCES_DIR)}: no articles to read (sources/*.txt)", details)
    ordered = sorted(sources.values(), key=lambda s: s.path)
    articles = [split_article(source, letter(i)) for i, source in enumerate(ordered)]
    for article in articles:
        report.articles.append((article, rank(article_candidates(article), limit)))
    report.across = rank(cross_candidates(articles), limit)
    return report


def rank(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """Best first: one candidate per quote and kind, each repeat of a kind counting for less."""
    kept: dict[tuple[str, str, int, str], Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: -c.score):
        key = (candidate.detector, candidate.letter, candidate.line, candidate.quotes[0].text)
        if key in kept:  # one sentence, two findings of a kind: one question can ask both
            first = kept[key]
            if candidate.why not in first.why:
                first.why += f"; also {candidate.why}"
                first.score = min(first.score + 0.05, 0.99)
            continue
        kept[key] = candidate
    findings: dict[tuple[str, str], Candidate] = {}  # a figure's missing time frame: asked once
    for candidate in kept.values():
        findings.setdefault((candidate.detector, candidate.why), candidate)
    kept = {k: c for k, c in kept.items() if ONCE not in c.why or findings[(c.detector, c.why)] is c}
    seen: dict[str, int] = {}
    weighted: list[tuple[float, int, Candidate]] = []
    for order, candidate in enumerate(kept.values()):
        repeats = seen.get(candidate.detector, 0)
        seen[candidate.detector] = repeats + 1
        weighted.append((candidate.score * REPEAT**repeats, order, candidate))
    weighted.sort(key=lambda w: (-w[0], w[1]))
    return [c for _, _, c in weighted[:limit]]


def _stub_id(candidate: Candidate, taken: set[str]) -> str:
    base = f"{candidate.letter.lower()}{candidate.line}-{candidate.detector}"
    base = re.sub(r"[^a-z0-9-]", "-", base)
    name, count = base, 2
    while name in taken:
        name, count = f"{base}-{count}", count + 1
    taken.add(name)
    return name


PROMPTS = {
    "headline-vs-body": "Compare the headline with the first sentences of Article {letter}'s body. Do they say the same?",  # noqa: E501
    "hedged-vs-definitive": "How sure is the wording in Article {letter}, line {line}? Is it a promise, a goal, or something already done?",  # noqa: E501
    "quantity": "What would you need to know to judge the figure in Article {letter}, line {line}?",
    "magnitude": "Compare the sizes of the two figures quoted from Article {letter}. How do they relate?",
    "internal-consistency": "Does Article {letter} agree with itself about the size of the deal?",
    "attribution": "Who is the source of the words in Article {letter}, line {line}, and how does the article know them?",  # noqa: E501
    "loaded-language": "Which words in Article {letter}, line {line} are the writer's judgment rather than a fact? Rewrite the sentence neutrally.",  # noqa: E501
    "interpretation": "Which part of Article {letter}, line {line} is reported fact, and which is the writer's interpretation?",  # noqa: E501
    "relative-date": "When exactly did this happen? What does Article {letter}, line {line} leave you to work out?",  # noqa: E501
    "named-in-most": "Compare how the articles word the same topic. Which is the most certain, which the most cautious, and which article leaves it out?",  # noqa: E501
    "preview": "Was Article {letter}, line {line} written before or after the event? Which words show it?",
    "page-residue": "Which of these lines of Article {letter} belong to the article ({lines})? What are the others, and how can you tell?",  # noqa: E501
    "same-figure-wording": "The articles give the same figure with different verbs. Place each wording on a ladder from intention to completed act.",  # noqa: E501
    "omission": "Which article leaves out a figure that the others report, and what might explain it?",
    "single-source": "Only one article gives this figure. How could you check it?",
    "shared-quotation": "The same words appear in two articles. Which article names where they come from, and what is the original source?",  # noqa: E501
}  # fmt: skip


def stubs(report: ClaimsReport) -> list[dict[str, object]]:
    """Each candidate as an essay question stub: a draft prompt, its evidence, its skills."""
    taken: set[str] = set()
    out: list[dict[str, object]] = []
    groups = [candidates for _, candidates in report.articles] + [report.across]
    for candidates in groups:
        for candidate in candidates:
            lines = ", ".join(dict.fromkeys(f"line {q.line}" for q in candidate.quotes))
            prompt = PROMPTS[candidate.detector].format(
                letter=candidate.letter, line=candidate.line, lines=lines
            )
            out.append(
                {
                    "comment": f"{candidate.letter}:{candidate.line} [{candidate.detector}] {candidate.why}",
                    "id": _stub_id(candidate, taken),
                    "prompt": prompt,
                    "evidence": [{"source": q.source, "quote": q.text} for q in candidate.quotes],
                    "skills": candidate.skills,
                }
            )
    return out


def as_json(report: ClaimsReport) -> str:
    """The report as JSON: one object per candidate, articles in packet order, then those across."""

    def one(candidate: Candidate, group: str) -> dict[str, object]:
        return {
            "group": group,
            "article": candidate.letter,
            "line": candidate.line,
            "detector": candidate.detector,
            "skills": candidate.skills,
            "score": round(candidate.score, 3),
            "why": candidate.why,
            "quotes": [
                {"source": q.source, "article": q.letter, "line": q.line, "text": q.text}
                for q in candidate.quotes
            ],
        }

    rows = [one(c, article.letter) for article, candidates in report.articles for c in candidates]
    rows += [one(c, "across") for c in report.across]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def as_text(report: ClaimsReport) -> str:
    """The report for reading: each article's candidates, best first, then those across articles."""
    from quizkit.templating import render

    return render("claims/claims.txt.jinja", articles=report.articles, across=report.across)


def as_yaml(report: ClaimsReport) -> str:
    """The candidates as question stubs ready to paste under `questions:` in bank.yaml."""
    from quizkit.templating import render

    quoted = [
        {
            **stub,
            "prompt": yaml_string(str(stub["prompt"])),
            "evidence": [
                {"source": yaml_string(e["source"]), "quote": yaml_string(e["quote"])}
                for e in stub["evidence"]  # type: ignore[attr-defined]
            ],
        }
        for stub in stubs(report)
    ]
    return render("claims/stubs.yaml.jinja", stubs=quoted)
