"""Wrong YAML types in any setting are validation errors with a line, never a crash (issue 16.1)."""

from __future__ import annotations

import pytest

from huzhu.core.config import Commands, Enforcement, Posting, Requests, loads
from huzhu.core.resolver import Resolver
from huzhu.testing import registry_with

#: what a careless owner leaves in plugins.yaml: blank, a list, a mapping, a word, a
#: 4,301-digit number, a boolean
BAD_VALUES = {
    "blank": "",
    "list": "[1]",
    "empty list": "[]",
    "mapping": "{a: 1}",
    "empty mapping": "{}",
    "word": "abc",
    "huge": "1" + "0" * 4300,
    "true": "true",
}
CORE_SECTIONS = {
    "enforcement": Enforcement,
    "commands": Commands,
    "requests": Requests,
    "posting": Posting,
}
REGISTRY = registry_with()


def _cases() -> list[tuple[str, str, str]]:
    """(yaml prefix path, setting, indent) for every setting of every built-in plugin and core section."""
    cases = []
    for name, plugin in sorted(REGISTRY.plugins.items()):
        for key in plugin.meta.config.model_fields:
            cases.append((f"plugins:\n    {name}:\n      ", key, f"plugins.{name}"))
    for section, model in CORE_SECTIONS.items():
        for key in model.model_fields:
            cases.append((f"{section}:\n    ", key, section))
    return cases


CASES = _cases()


def test_the_fuzz_covers_the_duration_settings_named_in_the_issue():
    covered = {f"{where}.{key}" for _, key, where in CASES}
    assert {"plugins.flood.window", "enforcement.decay", "requests.expiry"} <= covered
    assert {"plugins.reminder.expiring_before", "plugins.reminder.owe_at"} <= covered


@pytest.mark.parametrize("value", list(BAD_VALUES), ids=list(BAD_VALUES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_setting_survives_every_wrong_type(value, lang):
    crashed: list[str] = []
    for prefix, key, where in CASES:
        text = f"defaults:\n  {prefix}{key}: {BAD_VALUES[value]}\n"
        try:
            result = loads(text, REGISTRY, file="p.yaml", lang=lang)
            for err in result.errors:
                assert err.line is not None, err
                assert err.path.startswith(f"defaults.{where}.{key}") or err.path.startswith(
                    f"defaults.{where}"
                ), err
                assert "Traceback" not in err.message
                if lang == "zh":
                    assert "Input should" not in err.message and "Value error" not in err.message
                    assert len(err.message) < 400
                str(err)  # printing never fails (a 4,301-digit number would)
            if not result.errors:
                # accepted: the group's settings resolve without an exception
                Resolver(REGISTRY, result.config).group("qq:123456")
        except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes
            crashed.append(f"{where}.{key} = {value}: {type(exc).__name__}: {exc}"[:300])
    assert crashed == []


def test_a_blank_duration_is_an_error_with_its_line_not_a_crash():
    text = "defaults:\n  plugins:\n    flood:\n      window:\n  enforcement:\n    decay: [1]\n"
    errors = sorted(str(e) for e in loads(text, REGISTRY, file="p.yaml", lang="zh").errors)
    assert errors == [
        "p.yaml:4: defaults.plugins.flood.window: 应为时长，如 30s、10m、2h、1d、10分钟（现在是 null）",
        "p.yaml:6: defaults.enforcement.decay: 应为时长，如 30s、10m、2h、1d、10分钟（现在是 […]）",
    ]


def test_each_bad_expiry_and_reminder_duration_is_reported():
    text = (
        "defaults:\n  requests:\n    expiry: {砍价: [], 助力: abc}\n"
        "  plugins:\n    reminder:\n      confirm_after: {}\n"
    )
    errors = [str(e) for e in loads(text, REGISTRY, file="p.yaml", lang="zh").errors]
    assert any("requests.expiry" in e and "砍价" in e and "助力" in e for e in errors), errors
    assert any(e.startswith("p.yaml:6: defaults.plugins.reminder.confirm_after") for e in errors)
