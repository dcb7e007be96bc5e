"""A plugin module as a third-party package would ship it (loaded through a fake entry point)."""

from huzhu.core import MessageEvent, PluginMeta, Severity, Verdict, hookimpl

__plugin_meta__ = PluginMeta(name="keywordish", description="third-party sample")


@hookimpl
def check_message(event: MessageEvent) -> Verdict | None:
    """Flag a magic word."""
    return Verdict("keywordish", Severity.MINOR, "no") if "xyzzy" in event.text else None
