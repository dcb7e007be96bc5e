"""入群审核 (join screening): decide join requests before a scammer is inside.

Off by default. With ``mode: answer`` an applicant whose answer contains one
of ``answers`` (compared after folding case, full-width forms and spaces, as
the content plugin compares words) is let in; ``manual`` asks the admins
(``/批准`` ``/拒绝``); ``approve_all`` lets everyone in who passes the
checks. In every mode, applicants on the group's ``blocklist``, those removed
here for a SEVERE verdict (a scam) within ``remember``, and accounts below
``min_level`` / ``min_account_days`` (where the platform reports them) are
refused. The reason an applicant sees never names an internal rule.

A crash or time-out decides nothing: the core then leaves the request to the
admins and never approves on its own. An approved member starts as a new
member (first seen at the approval), so ``anti_scam.strict_new_members``
applies from then on.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from huzhu.core import (
    Arg,
    Catalog,
    DecideJoin,
    Duration,
    GroupContext,
    Invocation,
    JoinRequest,
    NotifyAdmins,
    PluginConfig,
    PluginMeta,
    Role,
    hookimpl,
)
from huzhu.core.identity import alliances
from huzhu.core.requests.links import fold

#: how long a request waiting for /批准 stays answerable (QQ forgets them after about a week)
PENDING_FOR = 7 * 86400


class Config(PluginConfig):
    """Settings of the join plugin."""

    #: answer: check the applicant's answer; manual: admins decide; approve_all: let in who passes
    mode: Literal["answer", "manual", "approve_all"] = "manual"
    #: the question shown to a refused applicant (set the same question in the QQ group settings)
    question: str = ""
    #: accepted answers; an answer containing one of them (after folding) passes
    answers: tuple[str, ...] = ()
    #: with mode answer: a wrong answer is refused (refuse) or handed to the admins (manual)
    wrong_answer: Literal["refuse", "manual"] = "refuse"
    #: member ids refused on sight (``qq:123`` or bare ``123`` for this group's platform)
    blocklist: tuple[str, ...] = ()
    #: refuse who was removed here for a scam (SEVERE verdict) within this long
    remember: Duration = 90 * 86400
    #: minimum account level where the platform reports it (QQ 等级; 0: not checked)
    min_level: int = Field(default=0, ge=0, le=100)
    #: minimum account age in days where the platform reports it (0: not checked)
    min_account_days: int = Field(default=0, ge=0, le=10_000)

    @field_validator("answers")
    @classmethod
    def _answers(cls, answers: tuple[str, ...]) -> tuple[str, ...]:
        if any(not fold(a) for a in answers):
            raise ValueError("答案不能为空")
        return answers


TEXTS = Catalog(
    {
        "zh": {
            "refuse_blocked": "抱歉，你不符合本群的入群要求。",
            "refuse_answer": "答案不正确，请重新申请并回答：{question}",
            "refuse_answer_noq": "答案不正确，请看清入群问题后重新申请。",
            "refuse_level": "你的账号等级太低，暂时不能加入本群。",
            "refuse_age": "你的账号注册时间太短，暂时不能加入本群。",
            "refuse_admin": "管理员没有通过你的入群申请。",
            "ask_admins": "入群申请 #{n}：{member}（回答：{answer}）{why}\n通过请发 /批准 {n}，拒绝请发 /拒绝 {n} [理由]。",
            "why_wrong": "。答案与设置的不符",
            "approved": "已批准 {member} 入群（#{n}）。",
            "refused": "已拒绝 {member} 的入群申请（#{n}）。",
            "no_pending": "没有待处理的入群申请 #{n}。发送 /入群申请 查看列表。",
            "pending_header": "待处理的入群申请（/批准 编号 或 /拒绝 编号）：",
            "pending_line": "#{n} {member}：{answer}",
            "pending_none": "当前没有待处理的入群申请。",
            "cannot": "机器人无法在此平台处理入群申请，请在群设置里手动审核。",
        },
        "en": {
            "refuse_blocked": "Sorry, you do not meet this group's requirements.",
            "refuse_answer": "Wrong answer. Please apply again and answer: {question}",
            "refuse_answer_noq": "Wrong answer. Please read the question and apply again.",
            "refuse_level": "Your account level is too low to join this group for now.",
            "refuse_age": "Your account is too new to join this group for now.",
            "refuse_admin": "The admins did not accept your request to join.",
            "ask_admins": "Join request #{n}: {member} (answer: {answer}){why}\nApprove with /approve {n}, refuse with /reject {n} [reason].",
            "why_wrong": ". The answer does not match",
            "approved": "Approved {member} (#{n}).",
            "refused": "Refused {member}'s request (#{n}).",
            "no_pending": "There is no waiting join request #{n}. Send /joins for the list.",
            "pending_header": "Waiting join requests (/approve N or /reject N):",
            "pending_line": "#{n} {member}: {answer}",
            "pending_none": "No join requests are waiting.",
            "cannot": "The bot cannot decide join requests on this platform; please review them in the group settings.",
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "mode": "审核方式",
    "question": "入群问题",
    "answers": "正确答案",
    "wrong_answer": "答错怎么办",
    "blocklist": "黑名单",
    "remember": "记住诈骗移出记录多久",
    "min_level": "最低账号等级",
    "min_account_days": "账号最少注册天数",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "mode": "screening",
    "question": "join question",
    "answers": "accepted answers",
    "wrong_answer": "on a wrong answer",
    "blocklist": "blocklist",
    "remember": "how long scam removals are remembered",
    "min_level": "lowest account level",
    "min_account_days": "account age in days at least",
}

__plugin_meta__ = PluginMeta(
    name="join",
    title="入群审核",
    title_en="join screening",
    aliases=("入群", "审核入群"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="入群审核：按答案、黑名单和诈骗记录自动审批入群申请，或交给管理员 /批准 /拒绝",
    description_en="join screening: approve or refuse join requests by answer, blocklist and scam record, or ask the admins",
    usage="/入群申请 · /批准 编号 · /拒绝 编号 [理由]",
    config=Config,
    default_enabled=False,
    texts=TEXTS,
)


def _ids(ctx: GroupContext, raw: tuple[str, ...]) -> set[str]:
    platform = ctx.group_id.partition(":")[0]
    return {x if ":" in x else f"{platform}:{x}" for x in (s.strip() for s in raw) if x}


def _answer_only(text: str) -> str:
    """QQ sends ``问题：…\\n答案：…``; only the answer counts."""
    for mark in ("答案：", "答案:", "Answer:"):
        if mark in text:
            return text.rsplit(mark, 1)[1]
    return text


def answer_matches(answer: str, accepted: tuple[str, ...]) -> bool:
    """Whether ``answer`` contains one of ``accepted`` after folding (``砍 价`` matches ``砍价``)."""
    folded = fold(_answer_only(answer))
    return any(fold(a) in folded for a in accepted)


def _refuse(ctx: GroupContext, req: JoinRequest, rule: str, key: str, **kw: Any) -> DecideJoin:
    return DecideJoin(ctx.group_id, req.request_id, req.applicant.id, False, ctx.t(key, **kw), rule)


async def _check(ctx: GroupContext, cfg: Config, req: JoinRequest) -> DecideJoin | None:
    """A refusal that applies in every mode, or None."""
    who = req.applicant.id
    if who in _ids(ctx, cfg.blocklist):
        return _refuse(ctx, req, "join.blocklist", "refuse_blocked")
    assert ctx.data is not None
    removed = await ctx.data.severe_removal(who, ctx.clock.time() - cfg.remember)
    if removed is not None:
        return _refuse(ctx, req, "join.removed_for_scam", "refuse_blocked")
    # the alliance's blocklist: removed for a scam in an allied group (any bound account)
    if await alliances.removal_elsewhere(ctx.data.engine, ctx.group_id, who) is not None:
        return _refuse(ctx, req, "join.alliance", "refuse_blocked")
    if cfg.min_level and req.account_level is not None and req.account_level < cfg.min_level:
        return _refuse(ctx, req, "join.level", "refuse_level")
    if (
        cfg.min_account_days
        and req.account_age_days is not None
        and req.account_age_days < cfg.min_account_days
    ):
        return _refuse(ctx, req, "join.account_age", "refuse_age")
    return None


@hookimpl
async def join_requested(ctx: GroupContext, request: JoinRequest) -> Any:
    """Decide a join request, or hand it to the admins."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    if not request.caps.can("join_requests"):
        return NotifyAdmins(ctx.group_id, ctx.t("cannot"))
    refusal = await _check(ctx, cfg, request)
    if refusal is not None:
        return refusal
    approve = DecideJoin(ctx.group_id, request.request_id, request.applicant.id, True, "", "join")
    if cfg.mode == "approve_all":
        return approve
    if cfg.mode == "answer":
        if answer_matches(request.answer, cfg.answers):
            return DecideJoin(ctx.group_id, request.request_id, request.applicant.id, True, "",
                              "join.answer")  # fmt: skip
        if cfg.wrong_answer == "refuse":
            key = "refuse_answer" if cfg.question else "refuse_answer_noq"
            return _refuse(ctx, request, "join.answer", key, question=cfg.question)
        return await _ask_admins(ctx, request, ctx.t("why_wrong"))
    return await _ask_admins(ctx, request, "")


# ---------------------------------------------------------------- manual review
async def _ask_admins(ctx: GroupContext, req: JoinRequest, why: str) -> NotifyAdmins:
    n = int(await ctx.kv.get("next", 0)) + 1
    await ctx.kv.set("next", n)
    await ctx.kv.set(
        f"pending:{n}",
        {"request_id": req.request_id, "user_id": req.applicant.id, "name": req.applicant.display,
         "answer": req.answer[:200], "at": ctx.clock.time()},
    )  # fmt: skip
    pending = list(await ctx.kv.get("pending", []))
    await ctx.kv.set("pending", [*pending, n][-50:])
    return NotifyAdmins(
        ctx.group_id,
        ctx.t("ask_admins", n=n, member=req.applicant.display, answer=req.answer[:100] or "—",
              why=why),
    )  # fmt: skip


async def _take(inv: Invocation) -> tuple[int, dict[str, Any] | None]:
    ctx, n = inv.ctx, inv.args["id"]
    entry = await ctx.kv.get(f"pending:{n}")
    if entry is not None:
        await ctx.kv.delete(f"pending:{n}")
        pending = [x for x in await ctx.kv.get("pending", []) if x != n]
        await ctx.kv.set("pending", pending)
        if ctx.clock.time() - entry["at"] > PENDING_FOR:
            return n, None  # the platform has forgotten it by now
    return n, entry


async def _decide(inv: Invocation, approve: bool) -> Any:
    n, entry = await _take(inv)
    ctx = inv.ctx
    if entry is None:
        return ctx.t("no_pending", n=n)
    reason = "" if approve else (inv.args.get("reason") or ctx.t("refuse_admin"))[:100]
    decision = DecideJoin(ctx.group_id, entry["request_id"], entry["user_id"], approve, reason,
                          "join.admin")  # fmt: skip
    assert ctx.data is not None
    await ctx.data.audit(inv.event.sender.id, "join:" + ("approve" if approve else "refuse"),
                         entry["user_id"], {"rule": "join.admin", "reason": reason})  # fmt: skip
    return [
        decision,
        inv.reply(ctx.t("approved" if approve else "refused", member=entry["name"], n=n)),
    ]


async def approve(inv: Invocation) -> Any:
    """/批准 <编号>: let a waiting applicant in."""
    return await _decide(inv, True)


async def reject(inv: Invocation) -> Any:
    """/拒绝 <编号> [理由]: refuse a waiting applicant (the reason is shown to them)."""
    return await _decide(inv, False)


async def waiting(inv: Invocation) -> str:
    """/入群申请: the requests waiting for an admin."""
    ctx = inv.ctx
    lines = []
    for n in await ctx.kv.get("pending", []):
        entry = await ctx.kv.get(f"pending:{n}")
        if entry is not None and ctx.clock.time() - entry["at"] <= PENDING_FOR:
            lines.append(
                ctx.t("pending_line", n=n, member=entry["name"], answer=entry["answer"] or "—")
            )
    if not lines:
        return ctx.t("pending_none")
    return "\n".join([ctx.t("pending_header"), *lines])


@hookimpl
def register_commands(register) -> None:  # type: ignore[no-untyped-def]
    """Add /批准, /拒绝 and /入群申请 (admins)."""
    number = Arg("id", "int", label="申请编号", label_en="request number")
    reason = Arg("reason", "text", optional=True, label="理由", label_en="reason")
    register("批准", approve, aliases=("approve",), summary="批准一条入群申请",
             summary_en="approve a join request", args=(number,), permission=Role.ADMIN,
             examples=("/批准 3",))  # fmt: skip
    register("拒绝", reject, aliases=("reject",), summary="拒绝一条入群申请（理由会告诉申请人）",
             summary_en="refuse a join request (the reason is shown to the applicant)",
             args=(number, reason), permission=Role.ADMIN, examples=("/拒绝 3 答非所问",))  # fmt: skip
    register("入群申请", waiting, aliases=("joins",), summary="查看待处理的入群申请",
             summary_en="list waiting join requests", permission=Role.ADMIN)  # fmt: skip
