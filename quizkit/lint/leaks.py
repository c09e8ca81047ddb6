"""Rules about answers given away: a key printed in another question, or in the packet's headers."""

from __future__ import annotations
