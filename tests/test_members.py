"""Members as the platforms know them: names and roles from the platform's directory.

The engine asks a platform's member directory (registered by the bridge; here
a fake one) for names and roles it has not seen in chat, with a timeout, and
never fails: an id is the last resort for a name; an unanswerable rank check
fails closed.
"""

from __future__ import annotations

import asyncio

from huzhu.core import Member, Reply, Role
from huzhu.core.engine import Engine
from huzhu.core.schedule.pacing import OFFLINE_RETRY_MIN
from huzhu.core.storage import requests as requests_store

GROUP = "qq:1000"


class Directory:
    """A platform's member directory: answers from ``people``, counts the questions."""

    def __init__(self, **people: tuple[str, Role]) -> None:
        self.people = {f"qq:{k[1:]}": Member(f"qq:{k[1:]}", *v) for k, v in people.items()}
        self.asked: list[str] = []
        self.fail = False
        self.delay = 0.0

    async def __call__(self, group_id: str, member_id: str) -> Member | None:
        self.asked.append(member_id)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise ConnectionError("the platform is away")
        if member_id.endswith("404"):
            return None  # the platform would not say
        return self.people.get(member_id, Member(member_id))  # anyone else: a nameless member


async def test_display_names_come_from_chat_the_database_and_the_platform(huzhu_group):
    group = await huzhu_group()
    engine = group.engine
    directory = Directory(u5=("老王", Role.OWNER))
    engine.set_directory("qq", directory)

    await group.say("你好", by="qq:7", name="小明")
    assert await engine.display_name(GROUP, "qq:7") == "小明"  # seen in chat: nobody asked
    assert await engine.display_name(GROUP, "qq:5") == "老王"  # asked once, then cached
    assert await engine.display_name(GROUP, "qq:5") == "老王"
    assert engine.member_name(GROUP, "qq:5") == "老王"  # the sync name for hot paths too
    assert directory.asked == ["qq:5"]
    # no name to be had: the id, and the platform is not asked again at once
    for _ in range(2):
        assert await engine.display_name(GROUP, "qq:9") == "qq:9"
        assert await engine.display_name(GROUP, "qq:404") == "qq:404"
    assert directory.asked == ["qq:5", "qq:9", "qq:404"]

    # a platform that fails or hangs: the id, quickly, never an error
    directory.fail = True
    assert await engine.display_name(GROUP, "qq:11") == "qq:11"
    directory.fail, directory.delay = False, 60.0
    directory.people["qq:12"] = Member("qq:12", "慢吞吞")
    started = asyncio.get_running_loop().time()
    assert await engine.display_name(GROUP, "qq:12") == "qq:12"
    assert asyncio.get_running_loop().time() - started < 5

    # names are stored: a member seen in chat keeps theirs after a restart, and a
    # name the platform told replaces a stale one
    await group.say("在吗", by="qq:5", name="")
    await engine.flush_members()
    assert await engine.db.read(lambda c: requests_store.member_name(c, GROUP, "qq:5")) == "老王"
    restarted = Engine(engine.db, registry=engine.registry)  # empty caches, the same database
    assert await restarted.display_name(GROUP, "qq:7") == "小明"
    assert await restarted.display_name(GROUP, "qq:5") == "老王"


async def test_a_rank_check_asks_the_platform_and_fails_closed(huzhu_group, huzhu_clock):
    group = await huzhu_group()
    engine = group.engine
    # no directory (the console, the official QQ bot): what was seen in chat, else a member
    assert await engine.known_role(GROUP, "qq:5") is Role.MEMBER
    await group.say("我是管理", by="qq:6", role=Role.ADMIN)
    assert await engine.known_role(GROUP, "qq:6") is Role.ADMIN

    directory = Directory(u5=("老王", Role.OWNER), u8=("小兵", Role.MEMBER))
    engine.set_directory("qq", directory)
    assert await engine.known_role(GROUP, "qq:5") is Role.OWNER
    assert await engine.known_role(GROUP, "qq:8") is Role.MEMBER
    assert await engine.known_role(GROUP, "qq:6") is Role.ADMIN  # seen just now: not asked
    assert directory.asked == ["qq:5", "qq:8"]
    assert await engine.known_role(GROUP, "qq:5") is Role.OWNER  # cached
    assert directory.asked == ["qq:5", "qq:8"]

    # the platform cannot answer: at least an admin, so only owners act on them
    assert await engine.known_role(GROUP, "qq:404") is Role.ADMIN
    directory.fail = True
    assert await engine.known_role(GROUP, "qq:30") is Role.ADMIN
    huzhu_clock.advance("11m")  # roles seen or told go stale: asked again, still failing
    assert await engine.known_role(GROUP, "qq:5") is Role.OWNER
    assert await engine.known_role(GROUP, "qq:8") is Role.ADMIN


async def test_an_admin_cannot_warn_an_owner_the_platform_knows(huzhu_group):
    group = await huzhu_group()
    group.engine.set_directory("qq", Directory(u5=("老王", Role.OWNER)))
    await group.push("/警告 @qq:5 捣乱", by="qq:2", role=Role.ADMIN, mentions=["qq:5"])
    assert "是群主，不能处置" in group.pop()
    await group.push("/警告 @qq:9 刷屏", by="qq:2", role=Role.ADMIN, mentions=["qq:9"])
    assert "第 1 次违规" in group.pop()


async def test_a_message_delivered_twice_is_handled_once(huzhu_group):
    from huzhu.core.events import MessageEvent
    from huzhu.testing import FULL_CAPS

    group = await huzhu_group()
    event = MessageEvent(
        group_id=GROUP, sender=Member("qq:2", "管理", Role.ADMIN), text="/警告 @qq:9 刷屏",
        message_id="m-1", mentions=("qq:9",), caps=FULL_CAPS,
    )  # fmt: skip
    first = await group.engine.handle_message(event)
    assert any("第 1 次违规" in a.text for a in first if isinstance(a, Reply))
    assert await group.engine.handle_message(event) == []
    # the same message id in another group is another message
    other = MessageEvent(
        group_id="qq:2000", sender=event.sender, text="/警告 @qq:9 刷屏",
        message_id="m-1", mentions=("qq:9",), caps=FULL_CAPS,
    )  # fmt: skip
    assert await group.engine.handle_message(other)


async def test_a_due_post_waits_for_a_connected_account(huzhu_group, huzhu_clock):
    """No account serves the group when the post is due: kept, sent once one is back."""
    group = await huzhu_group(
        "defaults:\n  posting: {quiet_hours: 'off', max_per_hour: 0, max_delay: 1h}\n"
    )
    engine = group.engine
    online = {"now": False}
    engine.pacer.reachable = lambda gid: online["now"]
    await engine.schedule(GROUP).at(huzhu_clock.time() + 60, "deliver", {
        "type": "Reply", "group_id": GROUP, "text": "今晚八点开团",
    })  # fmt: skip
    huzhu_clock.advance("1m")
    assert await engine.tick() == []
    huzhu_clock.advance(OFFLINE_RETRY_MIN)
    assert await engine.tick() == []  # still nobody
    online["now"] = True
    huzhu_clock.advance("15m")
    (post,) = await engine.tick()
    assert isinstance(post, Reply) and post.text == "今晚八点开团"
    huzhu_clock.advance("15m")
    assert await engine.tick() == []

    # past max_delay it is dropped, not kept for ever
    online["now"] = False
    await engine.schedule(GROUP).at(huzhu_clock.time() + 60, "deliver", {
        "type": "Reply", "group_id": GROUP, "text": "过时的提醒",
    })  # fmt: skip
    for _ in range(12):
        huzhu_clock.advance("15m")
        assert await engine.tick() == []
    online["now"] = True
    huzhu_clock.advance("15m")
    assert await engine.tick() == []
    assert engine.pacer.dropped == 1


async def test_a_member_with_no_name_is_looked_up_once_per_miss_ttl(huzhu_group, monkeypatch):
    group = await huzhu_group()
    engine = group.engine
    reads: list[str] = []
    real_name, real_first = requests_store.member_name, requests_store.first_seen

    def name_read(conn, group_id, member_id):
        reads.append(f"name {member_id}")
        return real_name(conn, group_id, member_id)

    def first_read(conn, group_id, member_id):
        reads.append(f"first {member_id}")
        return real_first(conn, group_id, member_id)

    monkeypatch.setattr(requests_store, "member_name", name_read)
    monkeypatch.setattr(requests_store, "first_seen", first_read)
    # no directory, nothing stored, never seen: the id, and the database is asked once
    for _ in range(3):
        assert await engine.display_name(GROUP, "qq:8") == "qq:8"
    assert reads == ["name qq:8"]
    # a name seen in chat meanwhile wins at once
    await group.say("我叫小李", by="qq:8", name="小李")
    assert await engine.display_name(GROUP, "qq:8") == "小李"
    # a first sighting, once stored, is read once: it never changes
    await engine.flush_members()
    reads.clear()
    first = [await engine.first_seen(GROUP, "qq:8") for _ in range(3)]
    assert first[0] is not None and first == [first[0]] * 3 and reads == ["first qq:8"]
