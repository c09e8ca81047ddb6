"""Pause Python's garbage collector around work that allocates much and frees little."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No collection inside the block (loading a bank, starting a quiz, laying out a PDF).

    Such work creates many objects that all stay alive until it ends, so the collector's passes
    find nothing to free and only cost time; it runs as usual again afterwards. What the block
    made is moved straight to the oldest generation (freeze, then unfreeze), which only a full
    collection looks at: else the next young collection would go through all of it, to find it
    still alive (about 0.1 s after loading a 10,000-question bank). Anything frozen before (no
    part of quizkit freezes) goes back to the oldest generation too.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_AT_EXIT: list[bool] = []


def no_collection_at_exit() -> None:
    """Let the collections Python runs as the process ends skip everything still alive then.

    A command's checked bank lives until the process ends, and those collections would go
    through all of it only to find it alive (about 0.1 s for a 10,000-question bank). Frozen
    (gc.freeze) at exit, it is freed as before, without them.
    """
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)
