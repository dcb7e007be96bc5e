"""One simulated group, played message by message through the real engine.

The world is the platform: it keeps the group's timeline (what members can
see), carries out the engine's actions (replies appear, deleted messages
vanish, muted members cannot post), and keeps the ground truth the bot never
sees — who really clicked which link, and when a request really completed.
Agents only learn about requests by reading: the timeline, mentions, private
notes, and the bot's answers to their commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count

from huzhu.core.clock import ManualClock
from huzhu.core.engine import Engine
from huzhu.core.events import (
    Action,
    Capabilities,
    DeleteMessage,
    Kick,
    Member,
    MessageEvent,
    Mute,
    NotifyAdmins,
    PrivateMessage,
    PrivateNotes,
    Reply,
    Role,
)
from huzhu.simulate.agents import Agent, Kind
from huzhu.simulate.streams import Streams

GROUP = "qq:1"
CAPS = Capabilities(platform="qq", delete=True, mute=True, kick=True, private_message=True)
#: how long a share link stays open on the shopping platform
EXPIRY = 24 * 3600
#: the shopping platform's own limit on helps per member per day
DAILY_HELP_CAP = 3
#: messages a member reads when they come online (about two screens)
SCREEN = 20
#: helps one member gives in one session at most
HELPS_PER_SESSION = 3
#: a visit lasts about this long: a private message that arrives meanwhile pops up as a phone
#: notification (QQ temporary sessions, Telegram chats), so the member reads it a minute later
#: instead of at their next visit; group messages do not pop up (help groups are muted)
NOTICED_WITHIN = 5 * 60
NOTICE_DELAY = 60
CHAT = [
    "谢谢大家", "在吗", "好的", "互助互助", "今天砍到了，感谢！", "👍", "有人拼团吗", "收到",
    "哈哈", "早上好", "这个活动还有几天", "刚砍完", "晚上好", "大家辛苦了",
]  # fmt: skip
BURSTS = ["便宜好货看我头像", "走过路过帮帮忙", "免费领水果啦"]
ADS = ["加微信领红包，兼职日结", "刷单返利，日结300，加 微 信 了解", "返利群招人，代助收费"]
SCAMS = [
    "拼多多官方助力通道 https://yangkeduo.com.help-{n}.cn/login 登录即可领现金",
    "代砍需要先交{n}元押金，砍成全额退还，私聊我",
    "助力要验证身份，把你收到的验证码发我就行，{n}秒搞定",
    "帮你代砍，发一下身份证号和银行卡号给我，第{n}单",
]
_SEQ = re.compile(r"#(\d+)")
#: the admin who answers the bot's collusion reviews (``/复核 N 撤销``) at the next tick
ADMIN = Member("qq:admin", "管理员", Role.ADMIN)
_REVIEW = re.compile(r"/复核 (\d+) 撤销")
_OWN = re.compile(r"^(?:📣 求助|✅ 求助) #(\d+)")
#: where a 先助人后求助 refusal lists the requests to help first
SUGGESTED = "可以先帮这些"
#: the bot telling members it takes help commands privately (its private answers, and the
#: announcements of a group that answers privately)
PRIVATE_HINT = "私聊我发"


@dataclass(slots=True)
class SimRequest:
    """A share link someone posted, with what really happened to it."""

    owner: Agent
    needed: int
    posted_at: float
    message_id: str
    seq: int | None = None
    helpers: set[str] = field(default_factory=set)
    completed_at: float | None = None
    #: helpers who reported (/已助) and are not yet confirmed
    reported: list[str] = field(default_factory=list)
    #: colluders who claimed it (without helping)
    claimed: set[str] = field(default_factory=set)
    #: the owner's 信用分 tier when they posted ("" without the reputation plugin)
    tier: str = ""
    #: which of the owner's wishes to ask it is (its index in ``agent.asks``)
    wish: int = 0

    @property
    def deadline(self) -> float:
        return self.posted_at + EXPIRY

    def open(self, now: float) -> bool:
        return self.completed_at is None and now < self.deadline


@dataclass(slots=True)
class Post:
    """A message in the group as members see it."""

    id: str
    at: float
    author: Agent | None  # None: the bot
    text: str
    seqs: tuple[int, ...] = ()
    request: SimRequest | None = None
    scam: bool = False
    deleted_at: float | None = None


@dataclass
class Tally:
    """What the group saw, for the metrics."""

    member_messages: int = 0
    bot_messages: int = 0
    asks_refused: int = 0
    #: messages members sent the bot privately, and the bot's private messages
    private_messages: int = 0
    #: private assignment notes read on a notification, during the visit they arrived in
    noticed: int = 0
    #: group messages by kind ("member:/已助", "member:chat", "bot:announce", "bot:/队列" …)
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        """One more group message of ``kind``."""
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


def member_kind(text: str) -> str:
    """What a member's group message is, for the tally: its command, or chat, or other."""
    if text.startswith("/"):
        return "member:" + text.split(maxsplit=1)[0]
    if text == "已助":
        return "member:已助(reply)"
    if text.startswith("帮我砍一刀"):
        return "member:ask"
    return "member:chat" if text in CHAT else "member:other"


class World:
    """The platform around one group; ``await world.session(agent)`` plays one visit."""

    def __init__(
        self,
        engine: Engine,
        clock: ManualClock,
        agents: list[Agent],
        seed: int,
        *,
        managed: bool,
        queue: bool,
    ) -> None:
        self.engine, self.clock = engine, clock
        #: each member's own random streams (how many helps each wish needs is drawn there too):
        #: what members want is the same in every configuration
        self.streams = Streams(seed)
        self.agents = {a.id: a for a in agents}
        self.by_name = {a.name: a for a in agents}
        self.managed, self.queue = managed, queue
        self.timeline: list[Post] = []
        self.posts: dict[str, Post] = {}
        self.requests: list[SimRequest] = []
        self.by_seq: dict[int, SimRequest] = {}
        self.by_owner: dict[str, list[SimRequest]] = {}
        self.inbox: dict[str, list[Post]] = {}
        self.scams: list[Post] = []
        self.tally = Tally()
        self._ids = count(1)
        self._links = count(10_000_000)
        self._wish: dict[str, int] = {}
        #: reviews the bot asked the admin about, answered at the next tick
        self._reviews: list[int] = []
        #: filled in at the end of a run: members the bot flagged, and the net credit of each help
        #: in the ledger as (claim id, helper id, request seq, 助力值)
        self.flagged: set[str] = set()
        self.credit: list[tuple[int, str, int, int]] = []
        #: seqs each agent was asked to help privately (派单), so they answer there
        self._asked: dict[str, set[int]] = {}
        #: what caused the bot's next group messages, for the tally ("/求助", "tick" …)
        self._cause = "tick"
        #: members the bot told that it takes help commands privately: they send them there
        self.told_private: set[str] = set()
        #: each member's last visit (start, helps given in it), and the private notes that
        #: reached members during a visit: member → when they read them (a notification)
        self._visit: dict[str, tuple[float, int]] = {}
        self._noticed: dict[str, float] = {}

    # ------------------------------------------------------------ the platform
    @property
    def now(self) -> float:
        return self.clock.time()

    async def send(
        self, agent: Agent, text: str, *, reply_to: str | None = None
    ) -> list[Action] | None:
        """``agent`` posts ``text``; None when the platform does not let them (muted, kicked)."""
        if agent.kicked or agent.muted_until > self.now:
            return None
        post = Post(str(next(self._ids)), self.now, agent, text)
        self._add(post)
        self.tally.member_messages += 1
        kind = member_kind(text)
        self.tally.count(kind)
        self._cause = kind.removeprefix("member:")
        event = MessageEvent(
            group_id=GROUP,
            sender=Member(agent.id, agent.name, Role.MEMBER),
            text=text,
            message_id=post.id,
            reply_to=reply_to,
            caps=CAPS,
        )
        actions = await self.engine.handle_message(event)
        self.apply(actions)
        return actions

    async def send_private(self, agent: Agent, text: str) -> list[Action] | None:
        """``agent`` writes to the bot privately (a temporary session); None: not taken."""
        if agent.kicked:
            return None
        self.tally.private_messages += 1
        self._cause = "private:" + text.split(maxsplit=1)[0]
        actions = await self.engine.handle_private(Member(agent.id, agent.name), text)
        if actions:
            self.apply(actions)
        return actions

    async def tick(self) -> None:
        """The engine's periodic work (expiry, reminders, dispatch) at the current time."""
        await self._read_noticed()
        await self._answer_reviews()
        self._cause = "tick"
        actions = await self.engine.tick()
        self.apply(actions)
        for action in actions:
            if isinstance(action, NotifyAdmins):
                self._reviews += [int(n) for n in _REVIEW.findall(action.text)]

    async def _answer_reviews(self) -> None:
        """The admin takes the bot's word on each review (the worst case for a false alarm)."""
        reviews, self._reviews = self._reviews, []
        for number in reviews:
            post = Post(str(next(self._ids)), self.now, None, f"/复核 {number} 撤销")
            self._add(post)
            self.tally.member_messages += 1
            self.tally.count("member:/复核")
            self._cause = "/复核"
            event = MessageEvent(
                group_id=GROUP, sender=ADMIN, text=post.text, message_id=post.id, caps=CAPS
            )
            self.apply(await self.engine.handle_message(event))

    def _add(self, post: Post) -> None:
        self.timeline.append(post)
        self.posts[post.id] = post

    def apply(self, actions: list[Action]) -> None:
        """Do what the bot asked: post, tell privately, delete, mute, kick."""
        for action in actions:
            if isinstance(action, Reply | NotifyAdmins):
                post = Post(f"b{next(self._ids)}", self.now, None, action.text)
                post.seqs = tuple(int(s) for s in _SEQ.findall(action.text))
                self._add(post)
                self.tally.bot_messages += 1
                announce = action.text.startswith("📣 求助")
                cause = f"tick:{action.text[:2]}" if self._cause == "tick" else self._cause
                self.tally.count("bot:announce" if announce else f"bot:{cause}")
                for member in getattr(action, "mention", ()):
                    self.inbox.setdefault(member, []).append(post)
            elif isinstance(action, PrivateMessage):
                self._tell(action.user_id, action.text)
            elif isinstance(action, PrivateNotes):
                # a QQ group through OneBot: temporary sessions reach every member
                for user_id, text, _ in action.notes:
                    self._tell(user_id, text)
            elif isinstance(action, DeleteMessage):
                post = self.posts.get(action.message_id)
                if post is not None and post.deleted_at is None:
                    post.deleted_at = self.now
                    if post.author is not None:
                        self._penalised(post.author)
            elif isinstance(action, Mute):
                agent = self.agents.get(action.user_id)
                if agent is not None:
                    agent.muted_until = self.now + action.seconds
                    if action.seconds > 0:
                        self._penalised(agent)
            elif isinstance(action, Kick):
                agent = self.agents.get(action.user_id)
                if agent is not None:
                    agent.kicked = True
                    self._penalised(agent)

    def _tell(self, user_id: str, text: str) -> None:
        note = Post(f"p{next(self._ids)}", self.now, None, text)
        if PRIVATE_HINT in text:  # from now on they send help commands privately, as told
            self.told_private.add(user_id)
        if text.startswith("📌"):  # an assignment: the requests in it are for this member
            note.seqs = tuple(int(s) for s in _SEQ.findall(text))
        self.tally.private_messages += 1
        self.inbox.setdefault(user_id, []).append(note)
        visit = self._visit.get(user_id)
        if note.seqs and visit and self.now - visit[0] <= NOTICED_WITHIN:
            self._noticed.setdefault(user_id, self.now + NOTICE_DELAY)

    async def _read_noticed(self) -> None:
        """Members read the private notes that popped up during their visit, and help at their
        kind's rate (within the visit's helps)."""
        due = [m for m, at in self._noticed.items() if at <= self.now]
        for member in due:
            del self._noticed[member]
            agent = self.agents[member]
            inbox = self.inbox.pop(member, [])
            if agent.kicked or not agent.kind.legit:
                continue
            self.tally.noticed += 1
            asked = self._asked.setdefault(member, set())
            found = [r for post in inbox for r in self._requests_in(post, agent)]
            asked.update(r.seq for r in found if r.seq is not None)
            start, helps = self._visit[member]
            rate = (
                agent.profile.help_rate_asking if self._asking(agent) else agent.profile.help_rate
            )
            done = await self._help(agent, found, rate, HELPS_PER_SESSION - helps)
            self._visit[member] = (start, helps + done)

    def _penalised(self, agent: Agent) -> None:
        if agent.kind.legit:
            agent.punished = True

    # ------------------------------------------------------------ what members do
    async def session(self, agent: Agent) -> None:
        """One visit: read, confirm, help, ask, chat — as the agent's kind does."""
        if agent.kicked:
            return
        await self._read_noticed()
        kind, profile = agent.kind, agent.profile
        rng = self.streams.of(agent.id, "session")  # spam, scams, chat: the same in every config
        start = self.now
        self._visit[agent.id] = (start, 0)
        self._noticed.pop(agent.id, None)  # read now, with the rest of the visit
        inbox = self.inbox.pop(agent.id, [])
        if kind is Kind.SPAMMER:
            if rng.random() < profile.burst_rate:
                text = rng.choice(BURSTS)
                for _ in range(6):
                    await self.send(agent, text)
                    self.clock.now += 2
            if rng.random() < profile.ad_rate:
                await self.send(agent, rng.choice(ADS))
        elif kind is Kind.COLLUDER:
            await self._collude(agent)
        elif kind is Kind.SCAMMER:
            if rng.random() < profile.scam_rate:
                text = rng.choice(SCAMS).format(n=rng.randrange(10, 999))
                before = len(self.timeline)
                await self.send(agent, text)
                if len(self.timeline) > before:
                    post = self.timeline[before]
                    post.scam = True
                    self.scams.append(post)
        else:
            await self._confirm(agent)
            wish = self._current_wish(agent)
            rate = profile.help_rate_asking if self._asking(agent) else profile.help_rate
            if rate > 0:
                done = await self._help(agent, await self._candidates(agent, inbox, rate), rate)
                self._visit[agent.id] = (start, done)
            if wish is not None:
                await self._ask(agent)
        if rng.random() < profile.chat_rate:
            await self.send(agent, rng.choice(CHAT))

    async def _collude(self, agent: Agent) -> None:
        """Ask when they wish; claim every open request of their ring without clicking, and the
        ring-mate (sitting next to them) confirms within seconds."""
        if self._current_wish(agent) is not None:
            await self._ask(agent)
        if not self.managed:
            return
        for req in self._mates_requests(agent):
            await self._fake_claim(agent, req)

    def _mates_requests(self, agent: Agent) -> list[SimRequest]:
        """The requests of ``agent``'s ring-mates, in the ring's order."""
        return [r for m in agent.ring if m != agent.id for r in self.by_owner.get(m, ())]

    async def _fake_claim(self, agent: Agent, req: SimRequest) -> bool:
        """``agent`` claims a ring-mate's request without clicking; the mate confirms within
        seconds. True when the fake help was confirmed."""
        if req.seq is None or not req.open(self.now) or agent.id in req.claimed:
            return False
        req.claimed.add(agent.id)
        said = await self.say(agent, f"/已助 {req.seq}")
        if said is None or not any("已记录" in getattr(a, "text", "") for a in said):
            return False
        self.clock.now += self.streams.of(agent.id, "claim").uniform(3, 15)
        return await self.say(req.owner, f"/确认 {req.seq}") is not None

    async def _ring_posted(self, req: SimRequest) -> None:
        """A colluder's request is up: the ring-mates beside them claim it at once (the farm)."""
        for mate_id in req.owner.ring:
            mate = self.agents[mate_id]
            if mate is not req.owner and not mate.kicked:
                await self._fake_claim(mate, req)

    async def _pass_help_first(self, agent: Agent, suggested: list[SimRequest]) -> bool:
        """The least a colluder does to pass 先助人后求助: a fake claim on a ring-mate's open
        request, else one real help of a request the refusal suggested (counted once its
        requester confirms). True when they may ask again at once."""
        for req in self._mates_requests(agent):
            if await self._fake_claim(agent, req):
                return True
        await self._help(agent, [r for r in suggested if self.can_help(agent, r)][:1], 1.0)
        return False

    async def say(self, agent: Agent, text: str) -> list[Action] | None:
        """A help command: privately once the bot told the agent it takes them there, else in
        the group."""
        if agent.id in self.told_private:
            if agent.muted_until > self.now and text.startswith("/求助"):
                return None  # muted: they wait to ask, as in the group
            actions = await self.send_private(agent, text)
            if actions is not None:
                return actions
            # not taken (the bot knows no group of theirs yet, and says to use the group)
        return await self.send(agent, text)

    def _asking(self, agent: Agent) -> bool:
        """About to ask, or with a request open (先助人后求助: they help more then)."""
        return self._current_wish(agent) is not None or any(
            r.open(self.now) for r in self.by_owner.get(agent.id, ())
        )

    def _current_wish(self, agent: Agent) -> float | None:
        i = self._wish.get(agent.id, 0)
        while i < len(agent.asks) and self.now - agent.asks[i] > EXPIRY:
            i += 1  # wanted to ask a day ago and never managed: the link is gone
        self._wish[agent.id] = i
        if i < len(agent.asks) and agent.asks[i] <= self.now:
            return agent.asks[i]
        return None

    async def _confirm(self, agent: Agent) -> None:
        if not self.managed:
            return
        for req in self.by_owner.get(agent.id, ()):
            if (
                req.reported
                and req.seq is not None
                and self.streams.of(agent.id, "confirm").random() < agent.profile.confirm_rate
            ):
                req.reported.clear()
                await self.say(agent, f"/确认 {req.seq}")

    async def _candidates(self, agent: Agent, inbox: list[Post], rate: float) -> list[SimRequest]:
        """Requests the agent can see now: mentions first, then the queue, then the screen."""
        seen: list[SimRequest] = []
        asked = self._asked.setdefault(agent.id, set())
        for post in inbox:
            found = self._requests_in(post, agent)
            if post.id.startswith("p"):
                asked.update(r.seq for r in found if r.seq is not None)
            seen += found
        # in a queued group, a member who wants to help and sees little on screen asks for
        # the queue (the rules tell them to)
        few = sum(1 for p in self.timeline[-SCREEN:] if p.request is not None or p.seqs) < 3
        if self.queue and few and self.streams.of(agent.id, "look").random() < 0.5:
            before = len(self.timeline)
            answer = await self.say(agent, "/队列")
            if answer is not None:
                texts = [p.text for p in self.timeline[before + 1 :] if p.author is None]
                texts += [a.text for a in answer if isinstance(a, PrivateMessage)]
                for text in texts:
                    if text.startswith("📋"):
                        seen += [self.by_seq[int(s)] for s in _SEQ.findall(text)
                                 if int(s) in self.by_seq]  # fmt: skip
        screen = [p for p in self.timeline[-SCREEN * 2 :] if p.deleted_at is None][-SCREEN:]
        for post in reversed(screen):
            seen += self._requests_in(post, agent)
            if post.author is None and PRIVATE_HINT in post.text:
                self.told_private.add(agent.id)  # an announcement asks helpers to answer privately
        unique: dict[int, SimRequest] = {}
        for req in seen:
            unique.setdefault(id(req), req)
        return list(unique.values())

    def _requests_in(self, post: Post, agent: Agent) -> list[SimRequest]:
        if post.request is not None:
            return [post.request]
        if post.author is None and post.seqs:
            if post.id.startswith("p"):  # a private assignment: all of it is for this agent
                return [self.by_seq[s] for s in post.seqs if s in self.by_seq]
            if post.text.startswith("📌"):  # 派单: only the items assigned to this agent, by name
                mine = [
                    s
                    for s, who in re.findall(r"#(\d+) → ([^\n#；]+)", post.text)
                    if agent.name in re.split(r"[、\s]+", who.strip())
                ]
                return [self.by_seq[int(s)] for s in mine if int(s) in self.by_seq]
            return [self.by_seq[s] for s in post.seqs if s in self.by_seq]
        return []

    def can_help(self, agent: Agent, req: SimRequest) -> bool:
        """The shopping platform's rules: not your own, once per request, a daily cap."""
        day = int(self.now // 86400)
        return (
            req.owner is not agent
            and req.open(self.now)
            and agent.id not in req.helpers
            and agent.helps_today.get(day, 0) < DAILY_HELP_CAP
        )

    async def _help(
        self,
        agent: Agent,
        candidates: list[SimRequest],
        rate: float,
        limit: int = HELPS_PER_SESSION,
    ) -> int:
        helped = 0
        for req in candidates:
            if helped >= limit:
                break
            if not self.can_help(agent, req):
                continue
            agent.chances += 1
            if self.streams.of(agent.id, "help").random() >= rate:
                continue
            agent.chance_helps += 1
            helped += 1
            self._click(agent, req)
            if self.managed and req.seq is not None:
                # asked privately, they answer the bot's note there (as the note tells them)
                privately = req.seq in self._asked.get(agent.id, ())
                say = self.send_private if privately else self.say
                said = await say(agent, f"/已助 {req.seq}")
                if said is not None and any("已记录" in getattr(a, "text", "") for a in said):
                    req.reported.append(agent.id)
            elif self.streams.of(agent.id, "help").random() < 0.7:
                await self.send(agent, "已助", reply_to=req.message_id)
        return helped

    def _click(self, agent: Agent, req: SimRequest) -> None:
        """The help itself, on the shopping platform: the ground truth."""
        day = int(self.now // 86400)
        agent.helps_today[day] = agent.helps_today.get(day, 0) + 1
        agent.helps += 1
        req.helpers.add(agent.id)
        if len(req.helpers) >= req.needed and req.completed_at is None:
            req.completed_at = self.now

    def _link(self, agent: Agent) -> str:
        n = next(self._links)
        return f"https://mobile.yangkeduo.com/bargain.html?goods_id={n}&share_uin={agent.name}"

    async def _ask(self, agent: Agent, retry: bool = True) -> None:
        # the size of this wish (its index in agent.asks): the same in every configuration
        wish = self._wish.get(agent.id, 0)
        needed = self.streams.needed(agent.id, wish)
        link = self._link(agent)
        text = f"/求助 {link} 需要{needed}人" if self.managed else f"帮我砍一刀 {link}"
        before = len(self.timeline)
        actions = await (self.say(agent, text) if self.managed else self.send(agent, text))
        if actions is None:
            return  # muted: the wish waits for the next visit
        # the member's own message, or (sent privately) the bot's announcement in the group
        post = self.timeline[before] if len(self.timeline) > before else None
        seq = None
        for action in actions:
            match = _OWN.match(getattr(action, "text", ""))
            if match:
                seq = int(match.group(1))
        if self.managed and seq is None:
            self.tally.asks_refused += 1
            refusal = " ".join(getattr(a, "text", "") for a in actions)
            if retry and "先助人后求助" in refusal:
                # the refusal lists requests to help first: the agent does, at their rate (the
                # list, not the refusal's other numbers: a help of theirs awaiting /确认)
                listed = refusal.partition(SUGGESTED)[2]
                suggested = [
                    self.by_seq[int(s)] for s in _SEQ.findall(listed) if int(s) in self.by_seq
                ]
                if agent.kind is Kind.COLLUDER:  # farmers do the minimum, then farm
                    if await self._pass_help_first(agent, suggested):
                        await self._ask(agent, retry=False)
                elif await self._help(agent, suggested, agent.profile.help_rate_asking):
                    await self._ask(agent, retry=False)
            return
        if post is None:
            return  # accepted privately, yet no announcement reached the group (not expected)
        req = SimRequest(
            agent, needed, self.now, post.id, seq, tier=await self._tier(agent.id), wish=wish
        )
        post.request = req  # the link is in the member's own message (or its announcement)
        self.requests.append(req)
        self.by_owner.setdefault(agent.id, []).append(req)
        if seq is not None:
            self.by_seq[seq] = req
        self._wish[agent.id] = self._wish.get(agent.id, 0) + 1
        if agent.kind is Kind.COLLUDER:
            await self._ring_posted(req)

    async def _tier(self, member: str) -> str:
        """The member's 信用分 tier now (reputation plugin), for the by-tier figures."""
        if "reputation" not in self.engine.resolver.group(GROUP).enabled:
            return ""
        return (await self.engine.context(GROUP).data.standing(member)).tier

    def visible_minutes(self, post: Post, end: float) -> float:
        """How long a message stayed up (a day at most: by then it has scrolled away)."""
        gone = post.deleted_at if post.deleted_at is not None else end
        return max(0.0, min(gone, post.at + 86400) - post.at) / 60
