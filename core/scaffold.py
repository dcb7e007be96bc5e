"""``huzhu new-plugin NAME``: write a ready-to-install plugin package.

The package has a pyproject with the ``huzhu`` entry point, a module with one
``check_message`` rule and a Config, texts in Chinese and English, and a test
that uses the testing kit (``huzhu.testing``) and passes as written.
"""

from __future__ import annotations

import re
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "huzhu-{dist}"
version = "0.1.0"
description = "{name}: a huzhu rule plugin"
requires-python = ">=3.11"
dependencies = ["huzhu"]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-asyncio>=0.24"]

# huzhu finds the plugin through this entry point; the name is the one owners
# use in plugins.yaml.
[project.entry-points.huzhu]
{name} = "{module}"

[tool.setuptools]
packages = ["{module}"]

[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "session"
asyncio_default_test_loop_scope = "session"
"""

MODULE = '''\
"""{name}: removes messages that contain a listed word (change this to your rule)."""

from __future__ import annotations

from pydantic import Field

from huzhu.core import (
    Catalog,
    GroupContext,
    MessageEvent,
    PluginConfig,
    PluginMeta,
    Severity,
    SeverityLevel,
    Verdict,
    hookimpl,
)


class Config(PluginConfig):
    """Settings owners write under ``plugins: {{{name}: {{...}}}}`` in plugins.yaml."""

    #: words that are not allowed in this group
    words: list[str] = Field(default_factory=lambda: ["示例违禁词"])
    #: minor: one strike on the group's ladder; severe: several at once; review: admins look
    severity: SeverityLevel = Severity.MINOR


TEXTS = Catalog(
    {{
        "zh": {{
            "rule_{name}": "{name} 规则",
            "blocked": "消息含有不允许的词「{{word}}」，已撤回。",
        }},
        "en": {{
            "rule_{name}": "{name} rule",
            "blocked": "Your message contained the word \\u201c{{word}}\\u201d and was removed.",
        }},
    }}
)

__plugin_meta__ = PluginMeta(
    name="{name}",
    description="{name}：消息含有列出的词时撤回并记一次违规",
    description_en="{name}: removes messages containing a listed word",
    config=Config,
    default_enabled=False,  # owners switch it on per group in plugins.yaml
    texts=TEXTS,
)


@hookimpl
def check_message(ctx: GroupContext, event: MessageEvent) -> Verdict | None:
    """Flag the first listed word found in the message."""
    config: Config = ctx.config  # type: ignore[assignment]
    for word in config.words:
        if word and word in event.text:
            return Verdict(
                rule="{name}",
                severity=config.severity,
                reason=ctx.t("blocked", word=word),
                evidence={{"word": word}},
                remove=True,
            )
    return None
'''

TEST = '''\
"""Tests for {name}, using the fixtures huzhu ships (huzhu.testing, loaded by pytest)."""

from huzhu.core import DeleteMessage
from huzhu.testing import make_config


async def test_a_listed_word_is_removed(huzhu_group):
    group = await huzhu_group(make_config({{"{name}": {{"words": ["广告"]}}}}))
    await group.push("看看我的广告", by="qq:42")
    assert "广告" in group.pop()
    assert group.actions(DeleteMessage)


async def test_other_messages_pass(huzhu_group):
    group = await huzhu_group(make_config({{"{name}": {{"words": ["广告"]}}}}))
    await group.push("谢谢大家帮忙", by="qq:42")
    assert group.pending() == [] and not group.actions(DeleteMessage)


async def test_off_unless_enabled(huzhu_group):
    group = await huzhu_group(make_config(groups={{"qq:other": {{"plugins": {{"{name}": True}}}}}}))
    await group.push("示例违禁词", by="qq:42")  # group qq:1000 did not enable it
    assert not group.actions(DeleteMessage)
'''

README = """\
# huzhu-{dist}

A rule plugin for [huzhu](https://github.com/huzhu). Install it into the same
environment as huzhu and enable it for a group in `plugins.yaml`:

```sh
pip install -e '.[test]'
python -m pytest
```

```yaml
groups:
  "qq:123456":
    plugins:
      {name}: {{words: [广告, 加微信]}}
```
"""


def new_plugin(name: str, parent: str | Path = ".", *, force: bool = False) -> Path:
    """Write the package ``huzhu-<name>/`` under ``parent``; return its folder."""
    name = name.strip().replace("-", "_").lower()
    if not NAME.match(name):
        raise ValueError(
            f"plugin name {name!r}: use 2-40 lower-case letters, digits and _, starting with a letter"
        )
    dist = name.replace("_", "-")
    module = f"huzhu_{name}"
    root = Path(parent) / f"huzhu-{dist}"
    if root.exists() and any(root.iterdir()) and not force:
        raise FileExistsError(f"{root} already exists and is not empty (use --force to overwrite)")
    values = {"name": name, "dist": dist, "module": module}
    files = {
        root / "pyproject.toml": PYPROJECT,
        root / module / "__init__.py": MODULE,
        root / "tests" / f"test_{name}.py": TEST,
        root / "README.md": README,
    }
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root
