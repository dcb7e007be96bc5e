"""Every hookspec is documented in docs/hooks.md with its exact signature (datasette's test_docs)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pluggy

from huzhu.core import hookspecs

DOC = (Path(__file__).resolve().parents[1] / "docs" / "hooks.md").read_text(encoding="utf-8")


def _specs() -> list[str]:
    return [
        name
        for name, obj in vars(hookspecs).items()
        if inspect.isfunction(obj) and hasattr(obj, "huzhu_spec")
    ]


def test_every_hookspec_is_documented_with_its_signature():
    names = _specs()
    assert len(names) == 12
    for name in names:
        signature = name + str(inspect.signature(getattr(hookspecs, name))).replace("'", "")
        assert f"## {name}\n" in DOC, f"{name} has no section in docs/hooks.md"
        assert signature in DOC, (
            f"docs/hooks.md shows a different signature for {name}: {signature}"
        )


def test_docs_name_no_hook_that_does_not_exist():
    documented = set(re.findall(r"^## (\w+)$", DOC, flags=re.M))
    assert documented == set(_specs())


def test_each_spec_docstring_says_how_it_is_called():
    kinds = ("Verdicts, all collected", "Broadcast", "First result wins", "Contribution")
    for name in _specs():
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert doc.startswith(kinds), f"{name}'s docstring must open with how it is called"
    assert isinstance(hookspecs.hookimpl, pluggy.HookimplMarker)
