"""``huzhu evidence FILE… [--json]``: judge screenshot files the way the bot does."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from huzhu.core.media.fetch import MAX_BYTES, looks_like_image
from huzhu.core.media.ocr import Unreadable
from huzhu.core.trust.proof import judge_bytes


def judge_file(path: str) -> dict[str, object]:
    """``{"file", "result", "platform", "activity", "words", "hash"}`` for one file.

    Raises ``OSError`` or :class:`Unreadable` (with the reason) when the file
    cannot be read as a picture.
    """
    data = Path(path).read_bytes()
    if len(data) > MAX_BYTES:
        raise Unreadable(f"larger than {MAX_BYTES // (1024 * 1024)} MB, the bot's limit")
    if not looks_like_image(data):
        raise Unreadable("not a PNG, JPEG, GIF, WebP or BMP picture")
    verdict, phash = judge_bytes(data)
    return {
        "file": path,
        "result": verdict.result,
        "platform": verdict.platform,
        "activity": verdict.activity,
        "words": list(verdict.words),
        "hash": phash,
    }


def run(
    files: list[str], as_json: bool, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Judge each file; exit 0 whatever the results, 1 when a file could not be read."""
    out, err = out or sys.stdout, err or sys.stderr
    status = 0
    for path in files:
        try:
            found = judge_file(path)
        except (OSError, Unreadable) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"{path}: cannot read: {reason}", file=err)
            status = 1
            continue
        if as_json:
            print(json.dumps(found, ensure_ascii=False), file=out)
        else:
            words = "、".join(found["words"]) or "-"  # type: ignore[arg-type]
            where = " ".join(str(found[k]) for k in ("platform", "activity") if found[k]) or "-"
            print(f"{path}: {found['result']} ({where}) {words} {found['hash']}", file=out)
    return status
