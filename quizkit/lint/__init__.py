"""Exam-design lints: rules that judge items the way an assessment reviewer would.

Each rule lives in the module of its family (options, stems, keys, support, leaks, text) and is
listed in quizkit.lint.registry; quizkit.lint.runner runs them after the evidence check.
"""

from __future__ import annotations

from quizkit.lint.runner import lint_bank

__all__ = ["lint_bank"]
