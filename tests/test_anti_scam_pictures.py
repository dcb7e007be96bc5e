"""anti_scam pictures: QR codes judged like links, the text in pictures read within a budget."""

from __future__ import annotations

import asyncio
import io

import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from huzhu.core import DeleteMessage, NotifyAdmins, Role
from huzhu.core.media import qr
from huzhu.core.media.ocr import read_sync
from huzhu.plugins.anti_scam import pictures
from huzhu.testing import FakeGroup, of_type, text
from tests.image_server import ImageServer, Served
from tests.screenshots import font_path

YAML = """
defaults:
  commands: {rate: 1000}
  plugins:
    flood: false
    anti_scam: {strict_new_members: 0, pictures_per_minute: 1}
"""
OFFICIAL = "https://mobile.yangkeduo.com/bargain.html?goods_id=538194720193&share_uin=QwErTy"
LOOKALIKE = "https://yangkedu0.com/bargain.html?goods_id=1"
WECHAT_FRIEND = "https://u.wechat.com/MHxQabcdEFgh1234"
PAYMENT = "wxp://f2f0Xx1abcdEFGhijkLMNop"
SCAM_LINES = ("您好，我是京东客服，您的订单", "质检不合格，要给您退款理赔。", "请下载腾讯会议与我屏幕共享，",
              "把资金转到我们的清算账户核验。")  # fmt: skip


def qr_png(data: str) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="png", scale=5, border=4)
    return out.getvalue()


def text_png(lines: tuple[str, ...]) -> bytes:
    font = ImageFont.truetype(font_path(), 26)
    image = Image.new("RGB", (520, 60 + 44 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 30 + 44 * i), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def ocr_reads() -> list[bytes]:
    """OCR in this process, its model loaded once here; the pictures it was asked to read."""
    read_sync(text_png(("预热",)))
    return []


@pytest.fixture
def reader(monkeypatch, ocr_reads):
    monkeypatch.setattr(pictures, "BUDGET", 30.0)  # a loaded test machine reads slowly
    cache: dict[bytes, tuple[str, ...]] = {}

    async def read(data: bytes) -> tuple[str, ...]:
        ocr_reads.append(data)
        if data not in cache:
            cache[data] = (await asyncio.to_thread(read_sync, data)).lines
        return cache[data]

    monkeypatch.setattr(pictures, "reader", read)
    ocr_reads.clear()
    return ocr_reads


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PAYMENT, "payment"),
        ("https://qr.alipay.com/fkx12345abcde", "payment"),
        (WECHAT_FRIEND, "contact"),
        ("https://qm.qq.com/cgi-bin/qm/qr?k=abcdef", "contact"),
        ("https://weixin.qq.com/g/AbCdEf", "contact"),
        (OFFICIAL, "link"),
        ("6901234567892", "text"),
    ],
)
def test_decoded_kinds(content, expected):
    [code] = qr.decode(qr_png(content))
    assert code.text == content and code.format == "QRCode"  # micro=False above
    assert qr.kind(code.text) == expected


async def test_qr_codes_are_judged_like_links(engine_factory, reader):
    engine = await engine_factory(YAML)
    engine.caller.timeout = 60.0
    g = FakeGroup(engine, "qq:1")
    async with ImageServer() as srv:
        url = {name: srv.add(f"/{name}.png", Served(qr_png(content)))
               for name, content in [("official", OFFICIAL), ("fake", LOOKALIKE),
                                     ("friend", WECHAT_FRIEND), ("pay", PAYMENT)]}  # fmt: skip

        assert not of_type(await g.say("", by="qq:5", images=[url["official"]]), DeleteMessage)

        fake = await g.say("", by="qq:6", images=[url["fake"]])
        assert of_type(fake, DeleteMessage)
        assert "图片里：yangkedu0.com 冒充拼多多官方网址" in text(fake), text(fake)

        friend = await g.say("看图", by="qq:7", images=[url["friend"]])
        assert of_type(friend, DeleteMessage)
        assert "微信加好友或加群的码" in text(friend), text(friend)

        pay = await g.say("", by="qq:8", images=[url["pay"]])
        assert not of_type(pay, DeleteMessage) and of_type(pay, NotifyAdmins)
        assert "收款码" in text(pay)
        by_admin = await g.say("", by="qq:9", role=Role.ADMIN, images=[url["pay"]])
        assert not of_type(by_admin, NotifyAdmins) and not of_type(by_admin, DeleteMessage)
        assert all(h.endswith(".png") for h in srv.hits)


async def test_text_in_a_picture_is_read_within_the_budget(engine_factory, reader):
    engine = await engine_factory(YAML)
    engine.caller.timeout = 60.0  # OCR on a loaded test machine may take longer than a chat's 5 s
    g = FakeGroup(engine, "qq:1")
    scam = text_png(SCAM_LINES)
    async with ImageServer() as srv:
        first = srv.add("/a.png", Served(scam))
        second = srv.add("/b.png", Served(scam))
        actions = await g.say("", by="qq:5", images=[first])
        assert of_type(actions, DeleteMessage)
        assert "这张图片里的文字" in text(actions) and "谨防冒充客服" in text(actions), text(
            actions
        )
        assert len(reader) == 1
        # the group's budget is one picture a minute: the next one is not read …
        assert not of_type(await g.say("", by="qq:6", images=[second]), DeleteMessage)
        assert len(reader) == 1
        # … until the minute has passed
        engine.clock.advance(61)
        assert of_type(await g.say("", by="qq:7", images=[second]), DeleteMessage)
        assert len(reader) == 2


async def test_a_picture_that_cannot_be_fetched_loses_nothing(engine_factory, reader):
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    async with ImageServer() as srv:
        big = srv.add("/big.png", Served(b"\x89PNG\r\n\x1a\n" + b"0" * (pictures.MAX_BYTES + 10)))
        page = srv.add("/page", Served(b"<html></html>", "text/html"))
        actions = await g.say("帮我砍一刀 https://yangkedu0.com/x", by="qq:5", images=[big, page])
    assert of_type(actions, DeleteMessage)  # the text is still judged
    assert reader == []


async def test_a_slow_picture_does_not_hold_the_message(engine_factory, reader, monkeypatch):
    monkeypatch.setattr(pictures, "BUDGET", 0.5)
    engine = await engine_factory(YAML)
    g = FakeGroup(engine, "qq:1")
    async with ImageServer() as srv:
        slow = srv.add("/slow.png", Served(qr_png(LOOKALIKE), drip=0.05))
        start = asyncio.get_running_loop().time()
        actions = await g.say("帮我砍一刀 https://yangkedu0.com/x", by="qq:5", images=[slow])
        assert asyncio.get_running_loop().time() - start < 3
    assert of_type(actions, DeleteMessage) and reader == []


async def test_scan_image_judges_a_picture_file(ocr_reads):
    from huzhu.core.scan import scan_images

    found = await scan_images(
        [("a.png", qr_png(LOOKALIKE)), ("b.png", qr_png(OFFICIAL))], config=None
    )
    assert [(r["file"], r["verdict"]) for r in found] == [("a.png", "block"), ("b.png", "allow")]
    assert "冒充拼多多官方网址" in found[0]["reasons"][0]
    assert not qr.LOCAL  # the bytes are not kept
