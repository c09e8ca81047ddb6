"""Rules comparing a key with the evidence it cites: a distractor that the evidence supports better."""

from __future__ import annotations
