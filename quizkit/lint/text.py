"""Rules about the text as typed: hand-written line references, values cut short by a YAML comment."""

from __future__ import annotations
