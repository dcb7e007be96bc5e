"""Each member's own random streams, so what members want is the same in every configuration.

One shared stream would be consumed in a different order under each plugin
configuration (a refusal, a reply or a 派单 note changes who draws next), so
the size of the 40th request would differ between ``rules+queue`` and
``rules+queue+dispatch`` and the comparison would carry that noise. Here every
draw comes from a stream of its own, seeded by (run seed, member, purpose):
a member's chat, spam, scams and the size of each wish to ask are identical in
every configuration; decisions that depend on what the bot shows them (which
requests they see, whether they confirm) still differ, as they should, but no
longer shift anyone else's draws.
"""

from __future__ import annotations

import random

#: how many helps a request needs, and how often
NEEDED = ((1, 0.25), (3, 0.35), (5, 0.25), (10, 0.15))


class Streams:
    """``streams.of(member, purpose)``: a ``random.Random`` of its own for each pair."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._streams: dict[tuple[str, str], random.Random] = {}
        self._needs: dict[str, list[int]] = {}

    def of(self, member: str, purpose: str) -> random.Random:
        """The stream ``member`` draws ``purpose`` from (made on first use, then continued)."""
        stream = self._streams.get((member, purpose))
        if stream is None:
            # a str seed is hashed with SHA-512: stable across processes and Python builds
            stream = random.Random(f"{self.seed}/{member}/{purpose}")
            self._streams[(member, purpose)] = stream
        return stream

    def needed(self, member: str, wish: int) -> int:
        """How many helps ``member``'s ``wish``-th wish to ask needs (0-based), in any config."""
        needs = self._needs.setdefault(member, [])
        if wish >= len(needs):
            stream = self.of(member, "needed")
            sizes, weights = [n for n, _ in NEEDED], [w for _, w in NEEDED]
            while len(needs) <= wish:
                needs.append(stream.choices(sizes, weights)[0])
        return needs[wish]
