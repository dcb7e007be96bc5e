"""Setting values owners read and write in Chinese: 严重 for ``severe``, 每次 for
``per_request``, 拼多多 for ``pdd``, 不要 for ``false``, 0（不限）.

A setting that takes one of a few codes (a ``Literal``) shows each by its Chinese
name in a ``zh`` group, accepts that name (or the code) in ``/配置`` and in
``plugins.yaml``, and a wrong value is answered with every choice explained. The
names are the ``VOCABULARY``'s, which a field may override with ``Choices(...)``
in its annotation when a code means something else there (``review`` in
collusion: 复核). ``Zero("不限", "no limit")`` in a number's annotation says what
0 means. English groups see the codes.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from huzhu.core.i18n import join_clauses


@dataclass(frozen=True)
class Choice:
    """One value's Chinese name and what it does (zh, en)."""

    name: str
    explain: str = ""
    explain_en: str = ""


class Choices:
    """Annotation metadata: this field's own names for its values (``Choices(review=…)``)."""

    def __init__(self, **values: tuple[str, str, str] | Choice) -> None:
        self.values = {k: v if isinstance(v, Choice) else Choice(*v) for k, v in values.items()}

    def __repr__(self) -> str:
        return f"Choices({', '.join(self.values)})"


@dataclass(frozen=True)
class Zero:
    """Annotation metadata: what 0 means for a number or a duration (不限, 关)."""

    zh: str
    en: str


#: codes that mean the same wherever a setting takes them
VOCABULARY: dict[str, Choice] = {
    # how bad a verdict is (``Severity``)
    "info": Choice("仅记录", "只记进审计日志，不处理", "only recorded in the audit log"),
    "review": Choice("待审", "通知管理员，不记违规", "admins are told, no strike"),
    "minor": Choice("轻微", "记一次违规，按处罚阶梯处理", "one strike on the ladder"),
    "severe": Choice("严重", "一次就算 enforcement.severe_strikes 次违规，默认 3 次",
                     "counts as enforcement.severe_strikes strikes, 3 by default"),
    # 先助人后求助
    "per_request": Choice("每次", "每次求助前都要先助力 amount 次", "amount helps before each request"),
    "helps": Choice("累计", "累计助力满 amount 次后才能求助", "amount helps in total before asking"),
    "balance": Choice("助力值", "助力值不低于 amount 才能求助", "a help balance of at least amount"),
    # shopping platforms
    "pdd": Choice("拼多多"), "taobao": Choice("淘宝"), "jd": Choice("京东"),
    # where and how
    "private": Choice("私聊", "私聊告诉本人（平台不支持时在群里简短说明）", "told privately"),
    "group": Choice("群里", "在群里说", "said in the group"),
    "auto": Choice("自动", "开了派单就私聊回答，否则在群里", "privately where 派单 is on"),
    "on": Choice("开", "总是", "always"),
    "off": Choice("关", "不用", "never"),
    "optional": Choice("可选", "可以附截图，截图能直接确认", "a screenshot may confirm at once"),
    "required": Choice("必须", "/已助 必须附截图", "/helped needs a screenshot"),
    "defer": Choice("推迟", "推迟到可以发的时候", "posted later"),
    "drop": Choice("不发", "直接不发", "dropped"),
    "flag": Choice("提醒", "通知管理员并附上证据", "admins are told, with the evidence"),
    "mute": Choice("禁言", "禁言 mute_for 这么久", "muted for mute_for"),
    "kick": Choice("踢出", "移出本群", "removed from the group"),
    # anti_scam.shorteners: a link through an unknown shortener
    "block": Choice("拦截", "撤回并记一次违规", "removed, one strike"),
    "allow": Choice("放行", "不处理", "let through"),
    "reverse": Choice("撤销", "立即撤销这些助力并通知管理员", "the helps are reversed at once"),
    "answer": Choice("答题", "按答案自动审核", "the answer is checked"),
    "manual": Choice("人工", "交给管理员决定", "admins decide"),
    "approve_all": Choice("全部通过", "通过检查的都放进来", "everyone who passes is let in"),
    "refuse": Choice("拒绝", "答错就拒绝", "a wrong answer is refused"),
    "skip": Choice("跳过", "错过的就不发了", "a missed one is skipped"),
    "once": Choice("补发一次", "恢复后补发一次", "posted once when back"),
    "zh": Choice("中文"), "en": Choice("英文"),
    # 求助队列 order
    "fifo": Choice("先来先得", "按发布先后", "oldest first"),
    "round_robin": Choice("轮流", "每人轮流排到前面", "members take turns"),
    "owed_first": Choice("欠助优先", "帮过别人多的先被帮", "who helped most is helped first"),
    "anti_starvation": Choice("防冷落", "等太久的往前排", "long-waiting requests move up"),
    "finish_first": Choice("快完成的优先", "差得最少的先帮完", "closest to done first"),
    "reputation": Choice("信用优先", "信用分高的在前", "higher 信用分 first"),
    # shop effects
    "pin": Choice("置顶", "把进行中的求助置顶", "pins the member's open request"),
    "extra_request": Choice("多发一个", "今天多发一个求助", "one more request today"),
    "pass": Choice("免审券", "下一个被规则拦下的求助照常发布", "the next refused request is posted"),
    "custom": Choice("自定义", "由管理员发放", "handed out by an admin"),
}  # fmt: skip

#: switches as owners say them (plugins.yaml's true/false/yes/no/on/off work too)
YES = (
    "开",
    "是",
    "打开",
    "开启",
    "启用",
    "对",
    "要",
    "需要",
    "允许",
    "可以",
    "好",
    "行",
    "有",
    "真",
    "✓",
    "√",
)
NO = ("关", "否", "关闭", "禁用", "不", "不要", "不用", "不需要", "不允许", "不可以", "不行",
      "没有", "无", "假", "✗", "×")  # fmt: skip
SWITCH_WORDS = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}


#: each field's codes by its id (with the field, so the id is not reused): settings are
#: translated for every group block of plugins.yaml
_CODES: dict[int, tuple[Any, tuple[str, ...]]] = {}


def codes(field: Any) -> tuple[str, ...]:
    """The codes a ``Literal`` setting (or a list of them) takes, else ()."""
    hit = _CODES.get(id(field))
    if hit is not None and hit[0] is field:
        return hit[1]
    found = _codes(field)
    if len(_CODES) < 10_000:
        _CODES[id(field)] = (field, found)
    return found


def _codes(field: Any) -> tuple[str, ...]:
    annotation = getattr(field, "annotation", field)
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return tuple(str(a) for a in typing.get_args(candidate))
        for inner in typing.get_args(candidate):
            if typing.get_origin(inner) is typing.Literal:
                return tuple(str(a) for a in typing.get_args(inner))
    return ()


def _own(field: Any) -> dict[str, Choice]:
    for meta in getattr(field, "metadata", ()):
        if isinstance(meta, Choices):
            return meta.values
    return {}


def choice(field: Any, code: str) -> Choice | None:
    """What ``code`` is called for ``field``."""
    return _own(field).get(code) or VOCABULARY.get(code)


def name(field: Any, code: str, lang: str) -> str:
    """``code`` as a ``lang`` group reads it: 严重 / severe."""
    if lang == "en":
        return code
    found = choice(field, code)
    return found.name if found is not None else code


def to_code(field: Any, value: Any) -> Any:
    """A Chinese name (严重, 拼多多) written for a coded setting, as its code; else ``value``."""
    if not isinstance(value, str):
        return value
    word = value.strip()
    allowed = codes(field)
    if word in allowed:
        return word
    for code in allowed:
        found = choice(field, code)
        if found is not None and word == found.name:
            return code
    if word.lower() in allowed:
        return word.lower()
    return value


def explained(field: Any, lang: str) -> str:
    """Every choice, named and explained: 轻微（minor）：记一次违规…；严重（severe）：…"""
    parts = []
    for code in codes(field):
        found = choice(field, code)
        if found is None:
            parts.append(code)
        elif lang == "en":
            parts.append(f"{code} ({found.explain_en})" if found.explain_en else code)
        else:
            head = f"{found.name}（{code}）"
            parts.append(f"{head}：{found.explain}" if found.explain else head)
    return join_clauses(parts, lang)


def zero(field: Any) -> Zero | None:
    """What 0 means for ``field`` (None: nothing special)."""
    for meta in getattr(field, "metadata", ()):
        if isinstance(meta, Zero):
            return meta
    return None


#: words for 0 where 0 means "no limit" or "off" (a field marked ``Zero``), besides its own
ZERO_WORDS = frozenset({"不限", "无限", "不限制", "无限制", "没有限制", "unlimited", "no limit",
                        "关", "关闭", "不提醒", "不用", "off", "never"})  # fmt: skip


def is_zero_word(field: Any, word: str) -> bool:
    """True when ``word`` says 0 for ``field`` (不限 for a limit, 关 for a reminder)."""
    nothing = zero(field)
    if nothing is None:
        return False
    word = word.strip().lower()
    own = {nothing.zh, nothing.en.lower(), *nothing.zh.split("，"), *nothing.en.lower().split(": ")}
    return word in ZERO_WORDS or word in own


def translate(model: type[BaseModel], data: Any) -> Any:
    """Settings as written (``plugins.yaml``, a section set by ``/配置``) with Chinese names
    of coded values and switch words (不要) as the model takes them."""
    if not isinstance(data, dict):
        return data
    out = None
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            continue
        new = translate_value(field, value)
        if new is not value:
            if out is None:
                out = dict(data)
            out[key] = new
    return data if out is None else out


def translate_value(field: Any, value: Any) -> Any:
    """One value (see ``translate``); the same object when nothing changes."""
    inner = getattr(field, "annotation", None)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return translate(inner, value)
    if isinstance(value, str):
        word = value.strip()
        if word in SWITCH_WORDS and takes_bool(field):
            return SWITCH_WORDS[word]
        if is_zero_word(field, word):  # 不限 for a limit that shows 0（不限）, 关 for a reminder
            return 0
        if codes(field):
            code = to_code(field, value)
            return code if code != value else value
        return value
    if isinstance(value, list) and codes(field) and any(isinstance(v, str) for v in value):
        changed = [to_code(field, v) for v in value]
        return changed if changed != value else value
    return value


def takes_bool(field: Any) -> bool:
    """True when ``field`` holds a switch."""
    annotation = getattr(field, "annotation", None)
    return annotation is bool or bool in typing.get_args(annotation)
