"""Cheap tests that rule a case-blind pattern out before it runs: it needs one of its words."""

from __future__ import annotations

import re

_OTHER_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
"""A word character beyond ASCII that is no digit: every letter a case-blind pattern might fold."""


class CaseHints:
    """A text's lower case, to ask whether a case-blind pattern could match it at all.

    A pattern made of ASCII words can match only where the lower-case text holds one of them.
    That holds only for text whose letters are all ASCII: a case-blind pattern also takes some
    other letters for ASCII ones ('ſ' for 's', 'K' for 'k'), so for any other text every pattern
    may match.
    """

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.sure = text.isascii() or not _OTHER_LETTER.search(text)

    def any(self, words: tuple[str, ...]) -> bool:
        """The text may hold a match: it has one of these words (in lower case), or cannot be told."""
        if not self.sure:
            return True
        lower = self.lower
        for word in words:  # noqa: SIM110 - a loop is faster than any() over a generator here
            if word in lower:
                return True
        return False
