"""Start-up (#22): plugins.yaml read in one walk reads as the slow path read it; a bot on
SQLite starts without PostgreSQL's dialect, and PostgreSQL still gets every schema option."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
import yaml

from huzhu.core import config_yaml
from huzhu.core.config import loads
from huzhu.core.config_yaml import MAX_DEPTH, YamlProblem
from huzhu.core.storage import schema
from huzhu.testing import registry_with
from tests.sample_plugins import Echo, Keyword

TEXTS = [
    "defaults:\n  plugins: {keyword: {word: x}}\ngroups:\n  'qq:1': {language: en}\n",
    "a: [yes, 'yes', 20:00, '20:00', 1, '1', null, ~, '', 1.5, 0x10, -.inf]\nb: {c: d, c: e}\n",
    "a:\n  b: 1\n  01: 2\n  1: 3\nc: [x, {d: [1, 2]}]\n",  # 1 and 01: equal numbers
    "a: 1\nb:\n  c: 2\na: 3\nb: {c: 4}\n",  # repeated keys at two levels
    "a: !!str 12\nb: 2024-01-02\nb: 3\n",  # a tag and a date, and a repeated key
    "a: {x: 1}\nb:\n  <<: {x: 2, y: 3}\n  z: 4\n",  # a merge key
    "base: &b {x: 1}\nuse: *b\nuse: {y: 2}\n",  # an anchor
    "? [1, 2]\n: x\n",  # a complex key: refused as before
    "",
    "# nothing\n",
    "just a string\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_read_gives_what_parse_and_line_map_give(text):
    try:
        node, data = config_yaml.parse(text)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            config_yaml.read(text)
        return
    lines, dups = config_yaml.line_map(node) if node is not None else ({}, [])
    got, got_dups, got_lines = config_yaml.read(text)
    assert got == data and type(got) is type(data)
    assert [(p, n) for p, n, _ in got_dups] == [(p, n) for p, n, _ in dups]
    assert [config_yaml.construct(h) for *_, h in got_dups] == [
        config_yaml.construct(h) for *_, h in dups
    ]
    assert got_lines() == lines


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 3])
@pytest.mark.parametrize("shape", ["[{}]", "{{a: {}}}", "[x, {}]"])
def test_read_refuses_what_parse_refuses_with_the_same_line(depth, shape):
    inner = "1"
    for _ in range(depth):
        inner = shape.format(inner)
    text = "top: 0\nv:\n  " + inner + "\n"
    try:
        _, expected = config_yaml.parse(text)
        refused = None
    except YamlProblem as exc:
        refused = (exc.line, exc.en)
    if refused is None:
        assert depth <= MAX_DEPTH and config_yaml.read(text)[0] == expected
        return
    with pytest.raises(YamlProblem) as got:
        config_yaml.read(text)
    assert (got.value.line, got.value.en) == refused


def test_equal_valid_blocks_share_one_validated_block_and_a_bad_id_is_still_reported():
    block = "{language: en, plugins: {keyword: {word: spam}}}"
    text = (
        f'groups:\n  "qq:1": {block}\n  "qq:2": {block}\n  "qq:x": {block}\n'
        '  "qq:3": {language: en, plugins: {keyword: {wrod: spam}}}\n'
        '  "qq:4": {language: en, plugins: {keyword: {wrod: spam}}}\n'
    )
    result = loads(text, registry_with([Keyword(), Echo()]), file="p.yaml")
    groups = result.config.groups
    assert groups["qq:1"] is groups["qq:2"] and groups["qq:1"].language == "en"
    assert result.broken_groups == {"qq:x", "qq:3", "qq:4"}
    assert [e.line for e in result.errors] == [4, 5, 6]


PROBE = """
import asyncio, sys
from huzhu.core.engine import Engine

async def main():
    engine = Engine.from_settings(config_path=None, data_dir=sys.argv[1])
    await engine.start()
    await engine.close()

asyncio.run(main())
print(sorted(m for m in sys.modules if m.startswith("sqlalchemy.dialects.postgresql")))
"""


def test_a_bot_on_sqlite_starts_without_postgresql_s_dialect(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_postgresql_still_creates_the_partial_index_of_open_findings():
    statements: list[str] = []
    engine = sa.create_mock_engine(
        "postgresql+psycopg2://",
        lambda sql, *a, **k: statements.append(str(sql.compile(dialect=engine.dialect))),
    )
    schema.collusion_findings.create(engine, checkfirst=False)
    (index,) = (s for s in statements if "uq_collusion_open" in s)
    assert index.strip() == (
        "CREATE UNIQUE INDEX uq_collusion_open ON collusion_findings (group_id, key)"
        " WHERE status = 'open'"
    )
    sqlite = sa.create_mock_engine(
        "sqlite://",
        lambda sql, *a, **k: statements.append(str(sql.compile(dialect=sqlite.dialect))),
    )
    statements.clear()
    schema.collusion_findings.create(sqlite, checkfirst=False)
    assert any(s.strip().endswith("WHERE status = 'open'") for s in statements if "uq_" in s)


def test_upsert_on_postgresql_imports_its_dialect_when_it_runs():
    from sqlalchemy.dialects import postgresql

    from huzhu.core.storage import repo

    executed: list[str] = []

    class Conn:
        dialect = postgresql.dialect()

        def execute(self, stmt):
            executed.append(str(stmt.compile(dialect=self.dialect)))

    values = {"group_id": "qq:1", "namespace": "n", "key": "k", "value": 1, "updated_at": 0.0}
    repo.upsert(Conn(), schema.kv, values, ["group_id", "namespace", "key"])
    assert "ON CONFLICT (group_id, namespace, key) DO UPDATE SET value = " in executed[0]
