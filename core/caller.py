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
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from huzhu.core import metrics
from huzhu.core.context import GroupContext
from huzhu.core.plugin import PluginRegistry, accepts

log = logging.getLogger("huzhu.hooks")

#: builds the context of (group_id, plugin); None when the plugin must not run there
ContextFactory = Callable[[str, str], GroupContext | None]
#: (hook, enabled set) pairs remembered; more distinct sets than this start the cache afresh
_ENABLED_CACHE = 4096
#: (hook, group, enabled set) plans remembered with their contexts; more start afresh
_BOUND_CACHE = 65_536
#: the settings object a group's contexts were made for (the engine's resolved settings):
#: while it is the same object, so are the group's contexts
SettingsOf = Callable[[str], object]


@dataclass(frozen=True, slots=True)
class _Impl:
    plugin: str
    func: Callable[..., Any]
    argnames: tuple[str, ...]
    is_async: bool
    #: ``argnames`` but ``ctx``, as a set: when a call's keywords are exactly these, they
    #: are passed on as they are (no dictionary built per implementation)
    rest: frozenset[str] = frozenset()
    #: ``argnames`` but ``ctx``, in order, when the function takes them as its leading
    #: positional parameters (``ctx`` first if it takes it): a call whose keywords come in
    #: this order passes them by position, no dictionary built; else None
    order: tuple[str, ...] | None = None
    #: whether ``ctx`` is among ``argnames``
    takes_ctx: bool = False


class HookCaller:
    """Calls hooks the core's way; see the module docstring."""

    def __init__(
        self,
        registry: PluginRegistry,
        contexts: ContextFactory,
        timeout: float = 5.0,
        settings_of: SettingsOf | None = None,
    ) -> None:
        self.registry = registry
        self.contexts = contexts
        #: without it, contexts are looked up on every call (nothing tells when they change)
        self.settings_of = settings_of
        self._bound: dict[
            tuple[str, str, frozenset[str]], tuple[object, tuple[tuple[_Impl, GroupContext], ...]]
        ] = {}
        self.timeout = timeout
        self._impls: dict[str, tuple[_Impl, ...]] = {}
        self._enabled: dict[tuple[str, frozenset[str]], tuple[_Impl, ...]] = {}
        self._generation = -1
        #: (plugin, hook) → failures, for the operator and tests
        self.failures: Counter[tuple[str, str]] = Counter()

    def impls(self, hook: str) -> tuple[_Impl, ...]:
        """Implementations of ``hook`` in call order (pluggy's order: tryfirst … trylast)."""
        if self._generation != self.registry.generation:
            self._impls.clear()
            self._enabled.clear()
            self._bound.clear()
            self._generation = self.registry.generation
        cached = self._impls.get(hook)
        if cached is None:
            caller = getattr(self.registry.pm.hook, hook)
            names = tuple(caller.spec.argnames) if caller.spec else ()
            cached = tuple(
                _Impl(
                    plugin=impl.plugin_name,
                    func=impl.function,
                    argnames=(argnames := accepts(impl.function, names)),
                    is_async=inspect.iscoroutinefunction(impl.function),
                    rest=frozenset(argnames) - {"ctx"},
                    order=_positional(impl.function, argnames),
                    takes_ctx="ctx" in argnames,
                )
                # pluggy stores impls first-called-last; reverse to call order
                for impl in reversed(caller.get_hookimpls())
            )
            self._impls[hook] = cached
        return cached

    def implemented_by(self, hook: str, enabled: frozenset[str]) -> bool:
        """True when any plugin in ``enabled`` implements ``hook``."""
        return bool(self.enabled_impls(hook, enabled))

    def enabled_impls(self, hook: str, enabled: frozenset[str]) -> tuple[_Impl, ...]:
        """The implementations of ``hook`` by plugins in ``enabled``, in call order.

        Computed once per (hook, set of enabled plugins) — groups share a handful of such
        sets — so a message does not walk every plugin's implementation to skip most.
        """
        if self._generation != self.registry.generation:
            self.impls(hook)  # clears both caches
        key = (hook, enabled)
        cached = self._enabled.get(key)
        if cached is None:
            cached = tuple(i for i in self.impls(hook) if i.plugin in enabled)
            if len(self._enabled) >= _ENABLED_CACHE:
                self._enabled.clear()
            self._enabled[key] = cached
        return cached

    def bound(
        self, hook: str, group_id: str, enabled: frozenset[str], settings: object = None
    ) -> tuple[tuple[_Impl, GroupContext], ...]:
        """The enabled implementations of ``hook`` in a group, each with its context, in call order.

        Remembered per (hook, group, enabled set) while the group's settings object and the
        registry stay the same (a reload or an override change makes new settings, hence new
        contexts), so a message neither looks up a context per plugin nor builds the list.
        ``settings``: the group's settings object (what ``settings_of`` gives) when the caller
        has it at hand.
        """
        if self._generation != self.registry.generation:
            self.impls(hook)  # clears the caches
        token = settings
        if token is None and self.settings_of is not None:
            token = self.settings_of(group_id)
        key = (hook, group_id, enabled)
        hit = self._bound.get(key)
        if hit is not None and hit[0] is token and token is not None:
            return hit[1]
        plan = []
        for impl in self.enabled_impls(hook, enabled):
            ctx = self.contexts(group_id, impl.plugin)
            if ctx is not None:
                plan.append((impl, ctx))
        out = tuple(plan)
        if token is not None:
            if len(self._bound) >= _BOUND_CACHE:
                self._bound.clear()
            self._bound[key] = (token, out)
        return out

    async def collect(
        self, hook: str, group_id: str, enabled: frozenset[str], **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call every enabled implementation; return (plugin, result) for non-None results."""
        plan = self.bound(hook, group_id, enabled)
        return await self.run(plan, hook, group_id, kwargs) if plan else []

    async def run(
        self,
        plan: tuple[tuple[_Impl, GroupContext], ...],
        hook: str,
        group_id: str,
        kwargs: dict[str, Any],
    ) -> list[tuple[str, Any]]:
        """``collect`` of a ``bound`` plan (the engine's message path has it at hand)."""
        out: list[tuple[str, Any]] = []
        # metrics: one round in SAMPLE_EVERY is timed, plugin by plugin (metrics.hook_call)
        timed = metrics.sampled()
        # the common round, inline: no coroutine per implementation, no timeout for a hook
        # that finishes without waiting (most do), the arguments passed by position
        order = tuple(kwargs)
        values = tuple(kwargs.values())
        for impl, ctx in plan:
            start = perf_counter() if timed else 0.0
            try:
                if impl.order == order:
                    result = impl.func(ctx, *values) if impl.takes_ctx else impl.func(*values)
                else:
                    result = impl.func(**_arguments(impl, kwargs, ctx))
                if impl.is_async:
                    try:
                        waiting = result.send(None)
                    except StopIteration as done:
                        result = done.value
                    else:
                        async with asyncio.timeout(self.timeout):
                            result = await finish_started(result, waiting)
                elif result is not None and inspect.isawaitable(result):
                    async with asyncio.timeout(self.timeout):
                        result = await result
            except Exception as exc:
                self._failed(impl, hook, group_id, exc)
                continue
            finally:
                if timed:
                    metrics.observe_hook(impl.plugin, hook, perf_counter() - start)
            if result is not None:
                out.append((impl.plugin, result))
        return out

    async def first(self, hook: str, group_id: str, enabled: frozenset[str], **kwargs: Any) -> Any:
        """Call implementations in order until one returns a non-None result."""
        call = metrics.hook_call(self._call)  # metrics: timed in one round of SAMPLE_EVERY
        for impl, ctx in self.bound(hook, group_id, enabled):
            ok, result = await call(impl, hook, group_id, kwargs, ctx)
            if ok and result is not None:
                return result
        return None

    def _begin(
        self, impl: _Impl, kwargs: dict[str, Any], ctx: GroupContext
    ) -> tuple[Any, Awaitable[Any] | None]:
        """Start one implementation: ``(result, None)`` when it finished without waiting (most
        hooks do), else ``(None, what is left to await)``, which the caller awaits under the
        timeout, so the timeout is armed only for a hook that suspends."""
        args = _arguments(impl, kwargs, ctx)
        if impl.is_async:
            coro = impl.func(**args)
            try:
                waiting = coro.send(None)
            except StopIteration as done:
                return done.value, None
            return None, finish_started(coro, waiting)
        result = impl.func(**args)
        if result is not None and inspect.isawaitable(result):
            return None, result
        return result, None

    async def _call(
        self, impl: _Impl, hook: str, group_id: str, kwargs: dict[str, Any], ctx: GroupContext
    ) -> tuple[bool, Any]:
        try:
            result, pending = self._begin(impl, kwargs, ctx)
            if pending is not None:
                async with asyncio.timeout(self.timeout):
                    result = await pending
            return True, result
        except Exception as exc:
            self._failed(impl, hook, group_id, exc)
        return False, None

    def _failed(self, impl: _Impl, hook: str, group_id: str, exc: Exception) -> None:
        """Count and log one implementation's failure (a timeout or an exception)."""
        self.failures[(impl.plugin, hook)] += 1
        if isinstance(exc, TimeoutError):
            log.error(
                "plugin %s timed out in hook %s for group %s (limit %.1fs)",
                impl.plugin,
                hook,
                group_id,
                self.timeout,
            )
        else:
            log.error(
                "plugin %s raised in hook %s for group %s",
                impl.plugin,
                hook,
                group_id,
                exc_info=exc,
            )


def _arguments(impl: _Impl, kwargs: dict[str, Any], ctx: GroupContext) -> dict[str, Any]:
    """The keyword arguments of one implementation: those of its parameters given, and ``ctx``."""
    if kwargs.keys() == impl.rest:  # the usual case: takes every keyword given
        return {"ctx": ctx, **kwargs} if impl.takes_ctx else kwargs
    return {name: (ctx if name == "ctx" else kwargs[name]) for name in impl.argnames}


def _positional(func: Callable[..., Any], argnames: tuple[str, ...]) -> tuple[str, ...] | None:
    """``_Impl.order``: ``argnames`` but ``ctx`` when ``func`` takes ``argnames`` as its leading
    positional parameters (``ctx`` first if among them) and needs no other; else None.

    Its own signature, not that of what it wraps: a decorator's ``wrapper(**kwargs)`` that
    names the wrapped function's parameters takes them by keyword only."""
    try:
        params = list(inspect.signature(func, follow_wrapped=False).parameters.values())
    except (TypeError, ValueError):
        return None
    rest = [n for n in argnames if n != "ctx"]
    wanted = (["ctx"] if "ctx" in argnames else []) + rest
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    lead = params[: len(wanted)]
    if [p.name for p in lead] != wanted or any(p.kind not in positional for p in lead):
        return None
    for p in params[len(wanted) :]:  # any other must have a default (or be *args / **kwargs)
        if p.default is p.empty and p.kind in (*positional, p.KEYWORD_ONLY):
            return None
    return tuple(rest)


async def finish_started(coro: Coroutine[Any, Any, Any], waiting: Any) -> Any:
    """Drive a coroutine that has already run its first step and suspended on ``waiting``
    (what it yielded: a future, or None for a bare yield) to its end, in the current task.

    Awaiting here is what the task would have done for it: a result resumes the
    coroutine, an exception (a cancellation by the caller's timeout too) is thrown
    into it where it waits.
    """
    while True:
        try:
            if waiting is None:
                await asyncio.sleep(0)
            else:
                # what the task does with a future it is handed: it awaits it afresh
                waiting._asyncio_future_blocking = False
                await waiting
        except BaseException as exc:
            try:
                waiting = coro.throw(exc)
            except StopIteration as done:
                return done.value
            continue
        try:
            waiting = coro.send(None)
        except StopIteration as done:
            return done.value


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
