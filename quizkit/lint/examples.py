"""The example article that every rule's PASS and FAIL example is written against, and the bank
files an example makes (the tests check each example; the documentation prints them)."""

from __future__ import annotations

from typing import Any

import yaml

SOURCE_ID = "council"
SOURCE = """\
---
title: Council votes for bus lanes
outlet: Riverside Gazette
author: Dana Ortiz
published: 2025-03-04
kind: news
---
Council votes for bus lanes
The city council voted 7-2 on Tuesday to build bus lanes on Main Street.
Mayor Ana Lee said the lanes would cut bus journeys by ten minutes.
Shop owners said they feared losing parking spaces, and two asked for a delay.
Work is expected to start in June and to cost $4 million, the council said.
"""
DEFAULT_EVIDENCE = [
    {"source": SOURCE_ID, "quote": line} for line in SOURCE.split("---\n")[2].splitlines()[1:]
]
"""Each sentence of the article after its headline."""
DEFAULT_EXPLANATION = "The article reports it."


def example_files(questions: str) -> dict[str, str]:
    """bank.yaml and the source file for an example (`questions:` entries as YAML).

    Questions without `evidence` or `explanation` get the default ones, so that an example shows
    only what its rule is about; an example that has both is written exactly as given.
    """
    entries: list[dict[str, Any]] = yaml.safe_load(questions)
    if all("evidence" in q and "explanation" in q for q in entries):
        body = "\n".join(f"  {line}" if line else line for line in questions.strip("\n").splitlines())
    else:
        filled = [{**q, "evidence": q.get("evidence", DEFAULT_EVIDENCE),
                   "explanation": q.get("explanation", DEFAULT_EXPLANATION)} for q in entries]  # fmt: skip
        body = yaml.safe_dump(filled, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")
        body = "\n".join(f"  {line}" for line in body.splitlines())
    return {"bank.yaml": f"title: Lint example\nquestions:\n{body}\n", f"sources/{SOURCE_ID}.txt": SOURCE}
