"""Pausing the garbage collector around work that allocates much and frees little."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

from quizkit.gcpause import gc_paused


class _Node:
    """A container the collector tracks (and can put in a cycle)."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _in_generation(value: object, generation: int) -> bool:
    return any(found is value for found in gc.get_objects(generation=generation))


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer pause decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_inside_a_collector_already_off_leaves_it_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_made_goes_to_the_oldest_generation_unscanned() -> None:
    with gc_paused():
        kept = [_Node() for _ in range(1000)]
        assert _in_generation(kept[0], 0)
    assert gc.get_count()[0] < 100  # no young collection has to go through the thousand nodes
    assert _in_generation(kept[0], 2)
    assert not _in_generation(kept[0], 0)


def test_cycles_the_block_left_behind_are_still_collected() -> None:
    with gc_paused():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
    assert gone() is not None  # a cycle: only the collector frees it
    gc.collect()
    assert gone() is None


def test_what_is_alive_at_exit_is_frozen_before_the_last_collections() -> None:
    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "from quizkit.gcpause import no_collection_at_exit\n"
        "kept = [[] for _ in range(1000)]\n"
        "no_collection_at_exit()\n"
        "no_collection_at_exit()\n"
        "print('frozen before exit:', gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "frozen before exit: False\nfrozen at exit: True\n"
    assert done.stderr == ""
