"""The one caller that awaits every hook implementation.

pluggy has no async support, so pluggy holds the registrations and their
order (``tryfirst`` / ``trylast``) and this caller runs them: it skips plugins
disabled for the group, passes each its own context (config, store), enforces
a timeout, and isolates exceptions — one plugin's failure is logged with the
plugin, hook and group, and the others still run.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from huzhu.core import metrics
from huzhu.core.context import GroupContext
from huzhu.core.plugin import PluginRegistry, accepts

log = logging.getLogger("huzhu.hooks")

#: builds the context of (group_id, plugin); None when the plugin must not run there
ContextFactory = Callable[[str, str], GroupContext | None]


@dataclass(frozen=True, slots=True)
class _Impl:
    plugin: str
    func: Callable[..., Any]
    argnames: tuple[str, ...]
    is_async: bool


class HookCaller:
    """Calls hooks the core's way; see the module docstring."""

    def __init__(
        self, registry: PluginRegistry, contexts: ContextFactory, timeout: float = 5.0
    ) -> None:
        self.registry = registry
        self.contexts = contexts
        self.timeout = timeout
        self._impls: dict[str, tuple[_Impl, ...]] = {}
        self._generation = -1
        #: (plugin, hook) → failures, for the operator and tests
        self.failures: Counter[tuple[str, str]] = Counter()

    def impls(self, hook: str) -> tuple[_Impl, ...]:
        """Implementations of ``hook`` in call order (pluggy's order: tryfirst … trylast)."""
        if self._generation != self.registry.generation:
            self._impls.clear()
            self._generation = self.registry.generation
        cached = self._impls.get(hook)
        if cached is None:
            caller = getattr(self.registry.pm.hook, hook)
            names = tuple(caller.spec.argnames) if caller.spec else ()
            cached = tuple(
                _Impl(
                    plugin=impl.plugin_name,
                    func=impl.function,
                    argnames=accepts(impl.function, names),
                    is_async=inspect.iscoroutinefunction(impl.function),
                )
                # pluggy stores impls first-called-last; reverse to call order
                for impl in reversed(caller.get_hookimpls())
            )
            self._impls[hook] = cached
        return cached

    def implemented_by(self, hook: str, enabled: frozenset[str]) -> bool:
        """True when any plugin in ``enabled`` implements ``hook``."""
        return any(i.plugin in enabled for i in self.impls(hook))

    async def collect(
        self, hook: str, group_id: str, enabled: frozenset[str], **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call every enabled implementation; return (plugin, result) for non-None results."""
        out: list[tuple[str, Any]] = []
        call = metrics.hook_call(self._call)  # metrics: timed in one round of SAMPLE_EVERY
        for impl in self.impls(hook):
            if impl.plugin not in enabled:
                continue
            ok, result = await call(impl, hook, group_id, kwargs)
            if ok and result is not None:
                out.append((impl.plugin, result))
        return out

    async def first(self, hook: str, group_id: str, enabled: frozenset[str], **kwargs: Any) -> Any:
        """Call implementations in order until one returns a non-None result."""
        call = metrics.hook_call(self._call)  # metrics: timed in one round of SAMPLE_EVERY
        for impl in self.impls(hook):
            if impl.plugin not in enabled:
                continue
            ok, result = await call(impl, hook, group_id, kwargs)
            if ok and result is not None:
                return result
        return None

    async def _call(
        self, impl: _Impl, hook: str, group_id: str, kwargs: dict[str, Any]
    ) -> tuple[bool, Any]:
        ctx = self.contexts(group_id, impl.plugin)
        if ctx is None:
            return False, None
        args = {name: (ctx if name == "ctx" else kwargs[name]) for name in impl.argnames}
        try:
            if impl.is_async:
                async with asyncio.timeout(self.timeout):
                    return True, await impl.func(**args)
            result = impl.func(**args)
            if result is not None and inspect.isawaitable(result):
                async with asyncio.timeout(self.timeout):
                    result = await result
            return True, result
        except TimeoutError:
            self.failures[(impl.plugin, hook)] += 1
            log.error(
                "plugin %s timed out in hook %s for group %s (limit %.1fs)",
                impl.plugin,
                hook,
                group_id,
                self.timeout,
            )
        except Exception:
            self.failures[(impl.plugin, hook)] += 1
            log.exception("plugin %s raised in hook %s for group %s", impl.plugin, hook, group_id)
        return False, None


def flatten(results: list[tuple[str, Any]], kind: type | tuple[type, ...]) -> list[tuple[str, Any]]:
    """Turn hook results (an item, an iterable of items, or None) into (plugin, item) pairs of ``kind``."""
    out: list[tuple[str, Any]] = []
    for plugin, result in results:
        items: Iterable[Any] = (result,) if isinstance(result, kind) else result
        try:
            for item in items:
                if isinstance(item, kind):
                    out.append((plugin, item))
                else:
                    log.error("plugin %s returned %r, expected %s; ignored", plugin, item, kind)
        except TypeError:
            log.error("plugin %s returned %r, expected %s; ignored", plugin, result, kind)
    return out
