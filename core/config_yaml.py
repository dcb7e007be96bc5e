"""Reading ``plugins.yaml`` safely: bounded size, bounded alias expansion, line numbers.

The file is parsed once (libyaml when PyYAML has it) into a node tree, which
gives every value its line, and the data. Before anything walks the data the
tree's expanded size is counted, each node once, so an alias bomb (a few lines
that expand to a billion values) is refused in microseconds instead of
blocking the bot; a file over ``MAX_BYTES`` is refused before it is read.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from huzhu.core.durations import Sexagesimal, TooLongNumber

YamlPath = tuple[str | int, ...]

#: a plugins.yaml with 10,000 groups is ~2 MB; anything this big is a mistake or an attack
MAX_BYTES = 16 * 1024 * 1024
#: values after expanding aliases; shared blocks (``<<: *common``) stay far below
MAX_EXPANDED = 2_000_000
#: nesting; the file's real structure is 6 levels deep
MAX_DEPTH = 64
#: digits of a number; anything longer is a typo (and Python refuses 4,300+ digits)
MAX_DIGITS = 30


class YamlProblem(Exception):
    """The file cannot be used at all; ``line`` is 1-based or None."""

    def __init__(self, line: int | None, zh: str, en: str) -> None:
        super().__init__(en)
        self.line, self.zh, self.en = line, zh, en

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.en if lang == "en" else self.zh


_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR = yaml.ScalarNode
_DEFAULT_TAGS = {
    yaml.SequenceNode: _BASE.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _BASE.DEFAULT_MAPPING_TAG,
}
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$")


class Loader(_BASE):  # type: ignore[misc,valid-type]
    """libyaml's safe loader with bounded numbers and ``20:00`` remembered as written."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """An int, refusing absurdly long ones (with their line)."""
        text = str(node.value)
        if len(text.replace("_", "")) > MAX_DIGITS + 2:
            return TooLongNumber(len(text))  # type: ignore[return-value]  # validation says so
        value = super().construct_yaml_int(node)
        if ":" in text and _SEXAGESIMAL.match(text.strip()):
            return Sexagesimal(value, text.strip())
        return value

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        #: a plain scalar's tag by its text (10,000 groups repeat the same few keys and values)
        self._tags: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """A node's tag; a plain scalar's depends on its text alone, so each text is resolved
        once per file. The same tags as ``BaseResolver.resolve`` (this loader has no path
        resolvers), without its work for every node: libyaml asks for each of them."""
        if kind is _SCALAR:
            if implicit[0]:
                tag = self._tags.get(value)
                if tag is None:
                    tag = self._tags[value] = super().resolve(kind, value, implicit)
                return tag
            return self.DEFAULT_SCALAR_TAG
        return _DEFAULT_TAGS[kind]

    # no path resolvers (asserted below): libyaml's calls for every node need do nothing
    descend_resolver = staticmethod(operator.is_)  # (parent, index) → ignored
    ascend_resolver = staticmethod(tuple)  # () → ignored

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        """A float, refusing absurdly long ones."""
        if len(str(node.value)) > MAX_DIGITS + 10:
            return TooLongNumber(len(str(node.value)))
        return super().construct_yaml_float(node)


assert not Loader.yaml_path_resolvers, "resolve/descend_resolver above assume none"
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)


def tree_size(root: yaml.Node) -> int:
    """How many nodes a tree without aliases has; refuses one nested too deeply.

    ``expanded_size`` for a file with no anchor (no ``&``), where no node has two
    parents: one cheap walk, no bookkeeping of nodes already counted.
    """
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    pop, push, mapping, sequence = stack.pop, stack.append, yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = pop()
        count += 1
        if depth > MAX_DEPTH:
            raise _too_deep(node)
        if node.__class__ is mapping:
            for key, value in node.value:
                push((key, depth + 1))
                push((value, depth + 1))
        elif node.__class__ is sequence:
            for item in node.value:
                push((item, depth + 1))
    if count > MAX_EXPANDED:
        raise _too_big(root)
    return count


def _too_deep(node: yaml.Node) -> YamlProblem:
    return YamlProblem(
        node.start_mark.line + 1,
        f"嵌套太深（超过 {MAX_DEPTH} 层）",
        f"nested too deeply (more than {MAX_DEPTH} levels)",
    )


def expanded_size(root: yaml.Node) -> int:
    """How many nodes the tree has with every alias expanded (each node visited once)."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    # iterative post-order walk: (node, depth, children done?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1
            for child in _children(node):
                total += size[id(child)]
                if total > MAX_EXPANDED:
                    raise _too_big(root)
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise YamlProblem(
                node.start_mark.line + 1,
                "别名（*名字）指向了包含它自己的内容，展开没有尽头",
                "an alias (*name) refers to a value that contains it; it never ends",
            )
        if depth > MAX_DEPTH:
            raise _too_deep(node)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node) if id(c) not in size)
    return size[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_big(root: yaml.Node) -> YamlProblem:
    return YamlProblem(
        root.start_mark.line + 1,
        f"别名（*名字）展开后超过 {MAX_EXPANDED:,} 个值，疑似“别名炸弹”，已拒绝",
        f"aliases (*name) expand to more than {MAX_EXPANDED:,} values (an alias bomb?); refused",
    )


def read_text(path: str | Path) -> str:
    """The file's text, refusing files over ``MAX_BYTES`` before reading them."""
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(
            None,
            f"文件太大（{size // 1024 // 1024} MB，最多 {MAX_BYTES // 1024 // 1024} MB）",
            f"the file is too big ({size // 1024 // 1024} MB; at most {MAX_BYTES // 1024 // 1024} MB)",
        )
    return Path(path).read_text(encoding="utf-8")


def parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, from one bounded parse.

    Raises ``yaml.YAMLError`` for a syntax error and ``YamlProblem`` for a file
    too big, too deep or with aliases that expand without bound.
    """
    loader = _loader(text)
    try:
        node = loader.get_single_node()
        return node, None if node is None else _data(loader, node, "&" not in text)
    finally:
        loader.dispose()


def read(text: str) -> tuple[Any, list[Duplicate], Callable[[], dict[YamlPath, int]]]:
    """The data of ``plugins.yaml``, its duplicate keys, and a function giving each YAML
    path's 1-based line (``line_map``'s), from one bounded parse.

    A plain tree (no anchor, tag, merge key or repeated key: nearly every file) is
    read in one walk and its node tree not kept: the line numbers, needed only to
    report a problem, are worked out again from the text on the first call. Raises
    as ``parse`` does.
    """
    loader = _loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [], dict
        tree = "&" not in text
        if tree:
            try:
                data, repeated = _plain_walk(loader, node)
            except _NotPlain:
                pass  # a merge key, a tag, a date …: read as ``parse`` reads it
            except _Refused:
                tree_size(node)  # raises the problem with the line it always gave
                raise AssertionError("tree_size accepted what the walk refused") from None
            else:
                if not repeated:
                    return data, [], functools.partial(_lines_of, text)
                lines, dups = line_map(node)
                return data, dups, lambda: lines
        data = _data(loader, node, tree)
    finally:
        loader.dispose()
    lines, dups = line_map(node)
    return data, dups, lambda: lines


def _loader(text: str) -> Any:
    if len(text) > MAX_BYTES:
        raise YamlProblem(None, "文件太大", "the file is too big")
    return Loader(text)


def _data(loader: Any, node: yaml.Node, tree: bool) -> Any:
    """The data of a composed document, its size checked first; ``tree``: no anchor
    in the text (an alias needs one), so no node has two parents."""
    (tree_size if tree else expanded_size)(node)
    try:
        if tree:
            try:
                return _tree_data(loader, node)
            except _NotPlain:
                pass  # a merge key, a tag, a date …: the full constructor reads it
        return loader.construct_document(node)
    except RecursionError:
        raise YamlProblem(node.start_mark.line + 1, "嵌套太深", "nested too deeply") from None


def _lines_of(text: str) -> dict[YamlPath, int]:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return line_map(node)[0] if node is not None else {}


class _Refused(Exception):
    """Too deep or too big: ``tree_size`` says so with its line."""


def _plain_walk(loader: Any, root: yaml.Node) -> tuple[Any, bool]:
    """``tree_size`` and ``_tree_data`` in one walk, and whether a mapping repeats a key
    (then ``line_map`` finds the duplicates: it compares keys as written)."""
    constructors = loader.yaml_constructors
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    count = 1
    duplicate = False

    def walk(node: yaml.Node, depth: int) -> Any:
        nonlocal count, duplicate
        if depth > MAX_DEPTH:
            raise _Refused
        kind = node.__class__
        if kind is scalar:
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag not in _PLAIN_SCALARS:
                raise _NotPlain
            return constructors[tag](loader, node)
        if kind is mapping and node.tag == _MAP:
            count += 2 * len(node.value)
            if count > MAX_EXPANDED:
                raise _Refused
            out = {}
            depth += 1  # of the children
            if depth > MAX_DEPTH and node.value:
                raise _Refused
            for key_node, value_node in node.value:
                if key_node.__class__ is not scalar:
                    raise _NotPlain  # a complex key: the constructor explains why not
                # strings (most keys and values) read here: ~200,000 calls fewer for 10,000 groups
                key = key_node.value if key_node.tag == _STR else walk(key_node, depth)
                if key in out:
                    duplicate = True
                if value_node.__class__ is scalar and value_node.tag == _STR:
                    out[key] = value_node.value
                else:
                    out[key] = walk(value_node, depth)
            return out
        if kind is sequence and node.tag == _SEQ:
            count += len(node.value)
            if count > MAX_EXPANDED:
                raise _Refused
            depth += 1
            if depth > MAX_DEPTH and node.value:
                raise _Refused
            return [
                item.value if item.__class__ is scalar and item.tag == _STR else walk(item, depth)
                for item in node.value
            ]
        raise _NotPlain

    return walk(root, 0), duplicate


class _NotPlain(Exception):
    """The tree has something ``_tree_data`` leaves to the full constructor."""


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_PLAIN_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null"))


def _tree_data(loader: Any, node: yaml.Node) -> Any:
    """What ``construct_document`` makes of a tree (no aliases) of maps, lists, strings,
    numbers, booleans and nulls, without its per-node bookkeeping (10,000 groups are
    ~200,000 nodes); raises ``_NotPlain`` for anything else."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            raise _NotPlain
        return loader.yaml_constructors[node.tag](loader, node)
    if kind is yaml.MappingNode and node.tag == _MAP:
        out = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _NotPlain  # a complex key: the constructor explains why not
            out[_tree_data(loader, key_node)] = _tree_data(loader, value_node)
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_tree_data(loader, item) for item in node.value]
    raise _NotPlain


def safe_value(text: str) -> Any:
    """One value typed by an admin (``/配置``), read as plugins.yaml would read it."""
    _, data = parse(text)
    return data


#: a duplicate key: its path, the line of the later key, and the value it hides
Duplicate = tuple[YamlPath, int, yaml.Node]


def line_map(node: yaml.Node) -> tuple[dict[YamlPath, int], list[Duplicate]]:
    """Each YAML path's 1-based line, and every duplicate key with the value it hides."""
    out: dict[YamlPath, int] = {}
    dups: list[Duplicate] = []
    stack: list[tuple[yaml.Node, YamlPath]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        out.setdefault(path, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in current.value:
                key = key_node.value
                if not isinstance(key, str):
                    continue  # a complex key: the constructor has refused it already
                if key in seen:
                    dups.append(((*path, key), key_node.start_mark.line + 1, seen[key]))
                seen[key] = value_node
                out[(*path, key)] = key_node.start_mark.line + 1
                stack.append((value_node, (*path, key)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(current.value))
    dups.sort(key=lambda d: d[1])
    return out, dups


def construct(node: yaml.Node) -> Any:
    """The data of one node (e.g. a value hidden by a duplicate key)."""
    loader = Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


#: a key written with a full-width colon (``per_day：3``), maybe after a list dash, full-width
#: spaces or quotes; keys of plugins.yaml are ASCII (``qq:123`` ids are quoted)
_FULL_COLON = re.compile(
    r"^([ \t\u3000]*(?:-[ \t\u3000]+)?)([\"'“”]?[A-Za-z_][\w.-]*[\"'“”]?)[ \t\u3000]*：",
    re.M | re.A,
)
#: indentation holding a full-width space before a key
_FULL_SPACE = re.compile(
    r"^[ \t]*\u3000[ \t\u3000]*(?:-[ \t\u3000]+)?[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[:：]",
    re.M | re.A,
)
#: a line opening a block of text (``text: |``): what follows, indented deeper, is text
_BLOCK_OPENER = re.compile(r"[:-][ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$")
#: a value (or a key) in full-width quotes: “20:00”, ‘qq:1’
_FULL_QUOTES = re.compile(
    r"^[ \t]*(?:-[ \t]+)?(?:[“‘][^\n”’]*[”’]|[A-Za-z_][\w.-]*)[ \t]*:[ \t]+[“‘][^\n]*[”’][ \t]*(?:#.*)?$"
    r"|^[ \t]*(?:-[ \t]+)?[“‘][^\n”’]*[”’][ \t]*:",
    re.M,
)


def full_width(text: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Full-width punctuation typed where YAML needs ASCII (a Chinese input method's 「：」,
    「　」, 「“”」): (errors, warnings) as (1-based line, zh, en). A full-width colon after
    a key or a full-width space in the indentation breaks the file's structure (libyaml
    then complains about a later line, in other words); a value in full-width quotes
    keeps the quotes as part of the text, which is seldom meant."""
    errors: list[tuple[int, str, str]] = []
    warnings: list[tuple[int, str, str]] = []
    if "：" in text:
        for m in _FULL_COLON.finditer(text):
            if _in_text_block(text, m.start()):
                continue  # a rules text may say 「QQ：12345」
            key = m.group(2).strip("\"'“”")
            line = text.count("\n", 0, m.start()) + 1
            errors.append((line, f"「{key}」后面是全角冒号「：」，要用半角冒号加空格：{key}: …（切换到英文输入法再打冒号）",
                           f"{key!r} is followed by a full-width colon '：'; write an ASCII colon and a space: {key}: …"))  # fmt: skip
    if "\u3000" in text:
        for m in _FULL_SPACE.finditer(text):
            if _in_text_block(text, m.start()):
                continue  # a paragraph of a rules text opens with 「　　」
            line = text.count("\n", 0, m.start()) + 1
            errors.append((line, "缩进里有全角空格「　」，缩进只能用半角空格（切换到英文输入法）",
                           "the indentation holds a full-width space (U+3000); indent with ASCII spaces"))  # fmt: skip
    if "“" in text or "‘" in text:
        for m in _FULL_QUOTES.finditer(text):
            if _in_text_block(text, m.start()):
                continue
            line = text.count("\n", 0, m.start()) + 1
            warnings.append((line, '这一行用了全角引号“ ”（或 ‘ ’）：它们会被当成文字的一部分；要加引号请用半角 " "',
                             "this line uses full-width quotes “ ” (or ‘ ’): they become part of the text; quote with ASCII \" \""))  # fmt: skip
    errors.sort()
    return errors, warnings


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u3000"))


def _in_text_block(text: str, start: int) -> bool:
    """Whether the line at ``start`` lies in a block of text (``text: |``): the nearest
    line above it indented less opens one."""
    end = text.find("\n", start)
    own = _indent(text[start : end if end >= 0 else len(text)])
    pos = start
    while pos > 0:
        prev = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev : pos - 1]
        pos = prev
        stripped = line.strip(" \t\u3000")
        if not stripped or stripped.startswith("#"):
            continue
        if _indent(line) < own:
            return _BLOCK_OPENER.search(line) is not None
    return False
