"""The pytest plugin of ``huzhu.testing`` (entry point ``pytest11``): fixtures for plugin tests.

Any project with huzhu installed gets these fixtures without a conftest::

    async def test_my_rule(huzhu_group):
        group = await huzhu_group(make_config({"my_rule": {"limit": 3}}))
        await group.push("...", by="qq:42")
        assert "..." in group.pop()

Async fixtures need ``pytest-asyncio`` (the scaffold's test extra installs it);
without it only ``huzhu_clock`` and ``huzhu_config`` are available. The heavy
imports happen inside the fixtures, so merely having huzhu installed does not
slow down other projects' test runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from huzhu.core.clock import ManualClock
    from huzhu.core.engine import Engine
    from huzhu.testing import FakeGroup

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - the kit's async fixtures need it
    pytest_asyncio = None


@pytest.fixture
def huzhu_clock() -> ManualClock:
    """A clock that moves only when the test says so (``advance("10m")``, ``set("2026-03-02 21:30")``)."""
    from huzhu.core.clock import ManualClock

    return ManualClock()


@pytest.fixture
def huzhu_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a ``plugins.yaml``: ``huzhu_config(text)`` or ``huzhu_config(plugins={...}, groups={...})``."""
    from huzhu.testing import make_config

    counter = iter(range(10_000))

    def factory(text: str | None = None, /, **kwargs: Any) -> Path:
        path = tmp_path / f"plugins-{next(counter)}.yaml"
        path.write_text(text if text is not None else make_config(**kwargs), encoding="utf-8")
        return path

    return factory


if pytest_asyncio is not None:

    @pytest_asyncio.fixture
    async def huzhu_engine(
        tmp_path: Path, huzhu_clock: ManualClock
    ) -> AsyncIterator[Callable[..., Any]]:
        """Start engines on temporary SQLite files; all are closed after the test.

        ``await huzhu_engine(yaml_text, plugins=[my_module], builtins=True)``.
        """
        from huzhu.testing import make_engine

        engines: list[Engine] = []
        counter = iter(range(10_000))

        async def factory(yaml_text: str | None = None, **kwargs: Any) -> Engine:
            kwargs.setdefault("clock", huzhu_clock)
            data_dir = kwargs.pop("data_dir", tmp_path / f"huzhu-{next(counter)}")
            engine = await make_engine(data_dir, yaml_text, **kwargs)
            engines.append(engine)
            return engine

        yield factory
        for engine in engines:
            await engine.close()

    @pytest_asyncio.fixture
    async def huzhu_group(huzhu_engine: Callable[..., Any]) -> Callable[..., Any]:
        """A ``FakeGroup`` on a fresh engine: ``await huzhu_group(yaml_text, plugins=[...])``."""
        from huzhu.testing import FULL_CAPS, FakeGroup

        async def factory(
            yaml_text: str | None = None,
            *,
            group: str = "qq:1000",
            plugins: Iterable[Any] = (),
            caps: Any = FULL_CAPS,
            **kwargs: Any,
        ) -> FakeGroup:
            engine = await huzhu_engine(yaml_text, plugins=plugins, **kwargs)
            return FakeGroup(engine, group, caps)

        return factory
