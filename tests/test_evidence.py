"""Screenshot evidence: the table, reuse, the claim policy over the core, ``huzhu evidence``."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Awaitable, Callable

import pytest
from PIL import Image

from huzhu.core import Claim, HelpRequest, PluginMeta, Violation, hookimpl
from huzhu.core.events import NotifyAdmins
from huzhu.core.media.ocr import Reading, read_sync
from huzhu.core.media.phash import perceptual_hash
from huzhu.core.storage import requests as store
from huzhu.core.storage.schema import claim_evidence
from huzhu.core.trust.evidence import Fingerprint, is_reuse, judge, line_digests
from huzhu.core.trust.report import run as run_cli
from huzhu.testing import FakeGroup, text
from tests.image_server import ImageServer, Served
from tests.screenshots import by_name, photo, render

PDD = "https://mobile.yangkeduo.com/bargain.html?goods_id={n}"
YAML = """
defaults:
  commands: {rate: 1000, work_rate: 1000}
  requests: {max_open: 10}
groups:
  "qq:9":
    requests: {evidence: required}
  "qq:8":
    requests: {evidence: off}
"""
WIDTH = 400  # small pictures read faster; the benchmark uses phone sizes


@pytest.fixture(scope="module")
def reader() -> Callable[[bytes], Awaitable[Reading]]:
    """OCR in this process, once per picture: the model loads once for the session."""
    seen: dict[bytes, Reading] = {}

    async def read(data: bytes) -> Reading:
        if data not in seen:
            seen[data] = await asyncio.to_thread(read_sync, data)
        return seen[data]

    return read


# ------------------------------------------------------------ the table, without OCR


@pytest.mark.parametrize(
    ("lines", "result", "platform", "activity", "words"),
    [
        (
            ["拼多多", "砍价免费拿", "已帮好友砍掉 0.58 元"],
            "success",
            "pdd",
            "砍价",
            ("已帮好友砍掉…元",),
        ),
        (["京东", "东东农场", "助力成功"], "success", "jd", "助力", ("助力成功",)),
        (["淘宝", "芭芭农场", "助力成功！"], "success", "taobao", "助力", ("助力成功",)),
        (["拼多多", "拼团成功"], "success", "pdd", "拼团", ("拼团成功",)),
        (["拼多多", "今日助力次数已用完"], "failure", "pdd", "助力", None),
        (["助力成功", "今日助力次数已用完"], "failure", "", "助力", None),  # failure wins
        (["京东", "不能为自己助力"], "failure", "jd", "助力", ("不能为自己助力",)),
        (["活动已结束"], "failure", "", "", ("活动已结束",)),
        # success words in a rule, a question or the negative are not success
        (["活动规则", "好友助力成功后可获得现金奖励"], "unknown", "", "现金", ()),
        (["我助力成功了吗？"], "unknown", "", "助力", ()),
        (["未助力成功"], "failure", "", "助力", None),
        (["晚上吃什么"], "unknown", "", "", ()),
    ],
)
def test_the_table(lines, result, platform, activity, words):
    found = judge(lines)
    assert (found.result, found.platform, found.activity) == (result, platform, activity)
    if words is not None:
        assert found.words == words
    assert not any(ch.isdigit() for w in found.words for ch in w)  # never a number
    assert bool(found.reason[0]) == (result == "failure")


def test_reuse_needs_the_same_picture_and_the_same_text():
    shot = by_name("pdd-boost-ok")

    def fp(data: bytes, clock: str = "12:34", text: tuple[str, ...] = shot.lines) -> Fingerprint:
        lines = (clock, *text)
        return Fingerprint(
            perceptual_hash(Image.open(io.BytesIO(data)).convert("RGB")), line_digests(lines)
        )

    original = render(shot, width=WIDTH)
    assert is_reuse(fp(original), fp(render(shot, "jpeg", width=WIDTH)))
    assert is_reuse(fp(original), fp(render(shot, "scaled", width=WIDTH)))
    # another member's screenshot of the same pop-up: another clock, so other text
    other = render(shot, width=WIDTH, clock="12:41")
    assert not is_reuse(fp(original), fp(other, "12:41"))
    # another app's success screen: laid out alike (close hashes), but other text
    jd = by_name("jd-farm-ok")
    assert not is_reuse(fp(original), fp(render(jd, width=WIDTH), text=jd.lines))


# ------------------------------------------------------------ the policy over the core


class Seen:
    __plugin_meta__ = PluginMeta(name="seen", description="", default_enabled=True)

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.violations: list[Violation] = []

    @hookimpl
    def help_claimed(self, request: HelpRequest, claim: Claim) -> None:
        self.claims.append(claim)

    @hookimpl
    def help_confirmed(self, claim: Claim) -> None:
        self.claims.append(claim)

    @hookimpl
    def violation_detected(self, violation: Violation) -> None:
        self.violations.append(violation)


async def _evidence_rows(engine):
    return await engine.db.read(
        lambda c: [dict(r._mapping) for r in c.execute(claim_evidence.select())]
    )


async def test_claims_with_screenshots(engine_factory, reader):
    seen = Seen()
    engine = await engine_factory(YAML, plugins=[seen])
    engine.evidence.reader = reader
    g = FakeGroup(engine, "qq:1")
    async with ImageServer() as srv:
        pic = {
            name: srv.add(f"/{name}", Served(render(by_name(name), width=WIDTH)))
            for name in ("pdd-boost-ok", "pdd-used-up", "chat", "jd-farm-ok", "pdd-bargain-ok")
        }
        reused = srv.add(
            "/reused", Served(render(by_name("pdd-boost-ok"), "jpeg", width=WIDTH), "image/jpeg")
        )
        for n in range(1, 6):
            await g.say(f"/求助 {PDD.format(n=n)}", by="qq:10", name="小红")

        # success: confirmed at once, ledger written, the claim's evidence kept and shown to plugins
        ok = text(await g.say("/已助 1", by="qq:20", name="小明", images=[pic["pdd-boost-ok"]]))
        assert (
            "小明 对 #1 的助力截图显示「助力成功、你已成功为好友助力」" in ok and "已自动确认" in ok
        ), ok
        assert "小红：不用再确认了" in ok
        ledger = await engine.db.read(lambda c: store.ledger_entries(c, "qq:1"))
        assert sorted((r["member"], r["delta"]) for r in ledger) == [("qq:10", -1), ("qq:20", 1)]
        [c] = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 1))
        assert c.status == "confirmed"
        assert [(x.status, x.evidence.result) for x in seen.claims] == [
            ("pending", "success"),
            ("confirmed", "success"),
        ]
        assert seen.claims[0].evidence.platform == "pdd" and len(seen.claims[0].evidence.hash) == 16
        [row] = await _evidence_rows(engine)
        assert row["result"] == "success" and row["source"] == "ocr" and row["phash"]
        assert not any(ch.isdigit() for w in row["words"] for ch in w)

        # the same helper sending the same picture again for the same request is no reuse
        again = text(await g.say("/已助 1", by="qq:20", name="小明", images=[pic["pdd-boost-ok"]]))
        assert "#1 已结束" in again and not seen.violations  # told as before, never a violation

        # failure: refused with the reason read, nothing recorded
        bad = text(await g.say("/已助 2", by="qq:21", name="小刚", images=[pic["pdd-used-up"]]))
        assert (
            "小刚：你发的截图显示「助力次数已用完" in bad and "今天的助力次数已经用完了" in bad
        ), bad
        assert await engine.db.read(lambda c: store.claims_of(c, "qq:1", 2)) == []

        # unknown: the claim is left for the requester, as without a picture
        unsure = text(await g.say("/已助 2", by="qq:22", images=[pic["chat"]]))
        assert "已记录你对 #2 的助力" in unsure and "截图没能认出助力结果" in unsure
        [c] = await engine.db.read(lambda c: store.claims_of(c, "qq:1", 2))
        assert c.status == "pending"

        # the same screenshot (recompressed) on another request by another member: fake help
        fake = await g.say("/已助 3", by="qq:23", name="小李", images=[reused])
        assert "这张截图之前已在 #1 的已助里用过" in text(fake), text(fake)
        [notice] = [a for a in fake if isinstance(a, NotifyAdmins)]
        assert "小李 对 #3 的已助用了重复的截图，和 小明 对 #1 的已助截图相同" in notice.text
        assert await engine.db.read(lambda c: store.claims_of(c, "qq:1", 3)) == []
        assert [v.verdict.rule for v in seen.violations] == ["requests.fake_evidence"]

        # a picture alone right after /已助 is that claim's screenshot
        await g.say("/已助 4", by="qq:24")
        late = text(await g.say("", by="qq:24", images=[pic["jd-farm-ok"]]))
        assert "对 #4 的助力截图显示「助力成功」，已自动确认" in late, late
        # a failure picture after /已助 refuses that claim
        await g.say("/已助 3", by="qq:27", name="小王")
        late_bad = text(await g.say("", by="qq:27", name="小王", images=[pic["pdd-used-up"]]))
        assert (
            "小王：你补发的截图显示「助力次数已用完」" in late_bad
            and "小红：这条不用再确认了" in late_bad
        )
        assert [
            c.status for c in await engine.db.read(lambda c: store.claims_of(c, "qq:1", 3))
        ] == ["denied"]
        # … and nothing happens after the window
        await g.say("/已助 3", by="qq:25")
        engine.clock.advance(121)
        assert await g.say("", by="qq:25", images=[pic["pdd-bargain-ok"]]) == []

        # a picture alone in reply to the announcement claims it
        replied = text(await g.say("", by="qq:26", reply_to="1", reply_text="📣 求助 #5｜拼多多·砍价",
                                   images=[pic["pdd-bargain-ok"]]))  # fmt: skip
        assert "#5 的助力截图显示「已帮好友砍掉…元」，已自动确认" in replied, replied

    # required: /已助 without a picture is refused with how to attach one
    r = FakeGroup(engine, "qq:9")
    await r.say(f"/求助 {PDD.format(n=9)}", by="qq:10")
    need = text(await r.say("/已助 1", by="qq:20", name="小明"))
    assert "小明：本群报已助要附上助力成功的截图" in need and "/已助 1" in need
    assert await engine.db.read(lambda c: store.claims_of(c, "qq:9", 1)) == []

    # off (a bare YAML off): pictures are not looked at, the claim is as it always was
    o = FakeGroup(engine, "qq:8")
    await o.say(f"/求助 {PDD.format(n=8)}", by="qq:10")
    plain = text(await o.say("/已助 1", by="qq:20", images=["http://127.0.0.1:9/never.png"]))
    assert "已记录你对 #1 的助力" in plain and "截图" not in plain


def test_cli(tmp_path, capsys):
    good = tmp_path / "ok.png"
    good.write_bytes(render(by_name("pdd-boost-ok"), width=WIDTH))
    noise = tmp_path / "noise.png"
    noise.write_bytes(photo())
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    assert run_cli([str(good), str(noise)], True) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["file"], o["result"], o["platform"]) for o in out] == [
        (str(good), "success", "pdd"), (str(noise), "unknown", ""),
    ]  # fmt: skip
    assert set(out[0]) == {"file", "result", "platform", "activity", "words", "hash"}
    assert run_cli([str(fake), str(tmp_path / "missing.png")], True) == 1
    err = capsys.readouterr().err
    assert (
        "fake.png: cannot read: not a PNG" in err
        and "missing.png: cannot read: No such file" in err
    )
