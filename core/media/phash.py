"""Perceptual hashes of pictures, to recognise the same screenshot posted twice.

Library: ``imagehash`` (``phash``: a 64-bit DCT hash of a 32x32 grey image).
Why it: it is the reference implementation everyone compares against, small,
maintained, built on Pillow, numpy and scipy that huzhu already has, and the
DCT hash survives exactly what happens to a re-posted screenshot (rescaling by
the chat app, JPEG recompression, a slightly different crop or brightness)
while two different screenshots land far apart. Average and difference hashes
are faster but confuse pictures that share a layout; ``phash`` is the one its
author recommends for near-duplicate detection.

A screenshot of the same app page by two different members can still hash
close (same layout, only a name and an amount differ), so the trust layer
never relies on this hash alone: see ``huzhu.core.trust.evidence.is_reuse``.
"""

from __future__ import annotations

from typing import Any

#: hashes at most this many bits apart (of 64) are "the same picture"
NEAR = 8


def perceptual_hash(image: Any) -> str:
    """The 64-bit DCT hash of a Pillow image, as 16 hex digits."""
    import imagehash  # imported on first use: it pulls in scipy and PyWavelets

    return str(imagehash.phash(image, hash_size=8))


def distance(a: str, b: str) -> int:
    """How many bits two hashes differ in (64 when either is malformed)."""
    import imagehash

    try:
        return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b)
    except (ValueError, TypeError):
        return 64
