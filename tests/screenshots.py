"""Labelled app screenshots rendered with Pillow, for the evidence tests and ``bench/ocr.py``.

Each picture imitates a phone screenshot of an app pop-up: a status bar with a
clock, the app's header, the pop-up's headline and body, a button. Variants
imitate what happens to a screenshot in a chat: scaled down, JPEG-compressed,
cropped, dark mode. Needs a CJK font: WenQuanYi Micro Hei (Debian
``fonts-wqy-microhei``, installed by ``.ci/run``) or Noto Sans CJK.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@cache
def font_path() -> str:
    """The first CJK font found; a clear error when there is none."""
    for path in FONTS:
        if Path(path).exists():
            return path
    raise RuntimeError(
        "no CJK font for the evidence screenshots: apt-get install fonts-wqy-microhei "
        "(.ci/run does)"
    )


@dataclass(frozen=True, slots=True)
class Shot:
    """A labelled screenshot: what it shows and what the judge must say."""

    name: str
    expected: str  # success | failure | unknown
    platform: str
    lines: tuple[str, ...]


#: the labelled set: success, failure and unrelated pictures of the three platforms
SHOTS: tuple[Shot, ...] = (
    Shot(
        "pdd-bargain-ok",
        "success",
        "pdd",
        ("拼多多", "砍价免费拿", "已帮好友砍掉0.58元", "继续砍价"),
    ),
    Shot(
        "pdd-boost-ok", "success", "pdd", ("拼多多", "助力成功", "你已成功为好友助力", "我知道了")
    ),
    Shot(
        "pdd-cash-ok",
        "success",
        "pdd",
        ("拼多多 天天领现金", "助力成功", "已帮好友提现0.3元", "我也要领"),
    ),
    Shot("pdd-group-ok", "success", "pdd", ("拼多多", "拼团成功", "商家正在备货", "查看订单")),
    Shot("jd-farm-ok", "success", "jd", ("京东", "东东农场", "助力成功", "好友获得10g水滴")),
    Shot("tb-farm-ok", "success", "taobao", ("淘宝", "芭芭农场", "助力成功", "谢谢你的帮忙")),
    Shot(
        "pdd-used-up", "failure", "pdd", ("拼多多", "今日助力次数已用完", "明天再来吧", "我知道了")
    ),
    Shot("pdd-ended", "failure", "pdd", ("拼多多", "砍价免费拿", "活动已结束", "去看看别的")),
    Shot("jd-self", "failure", "jd", ("京东", "不能为自己助力", "分享给好友吧")),
    Shot("tb-busy", "failure", "taobao", ("淘宝", "助力失败", "活动太火爆，请稍后再试")),
    Shot("pdd-group-full", "failure", "pdd", ("拼多多", "该团已满员", "去看看其他团")),
    Shot("pdd-again", "failure", "pdd", ("拼多多", "你已经帮好友助力过了", "我知道了")),
    Shot("chat", "unknown", "", ("今天天气不错", "晚上一起吃饭吗", "好的")),
    Shot(
        "pdd-rules",
        "unknown",
        "pdd",
        ("拼多多", "活动规则", "好友助力成功后可获得现金奖励", "每人每天可助力3次"),
    ),
    Shot("jd-orders", "unknown", "jd", ("京东", "我的订单", "待收货", "全部订单")),
)

VARIANTS = ("plain", "scaled", "jpeg", "cropped", "dark")


def render(
    shot: Shot, variant: str = "plain", width: int = 720, clock: str = "12:34", seed: int = 0
) -> bytes:
    """The screenshot as PNG (JPEG for the ``jpeg`` variant) bytes."""
    dark = variant == "dark"
    bg, fg, card = ("#121212", "#eeeeee", "#2a2a2a") if dark else ("#f2f2f2", "#222222", "#ffffff")
    height = int(width * 1.35)
    image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(font_path(), width // 30)
    big = ImageFont.truetype(font_path(), width // 16)
    mid = ImageFont.truetype(font_path(), width // 24)
    draw.text((width // 24, width // 60), clock, font=small, fill=fg)
    draw.text((width - width // 5, width // 60), "5G 87%", font=small, fill=fg)
    rng = random.Random(seed or hash(shot.name) & 0xFFFF)
    # the page behind the pop-up: some coloured blocks, like product tiles
    for i in range(6):
        x, y = (i % 2) * width // 2 + 10, height // 3 + (i // 2) * height // 6
        colour = tuple(rng.randrange(60, 200) for _ in range(3))
        draw.rectangle((x, y, x + width // 2 - 20, y + height // 7), fill=colour)
    if shot.lines:
        draw.text((width // 24, width // 10), shot.lines[0], font=mid, fill="#e02e24")
    top, left = height // 4, width // 10
    draw.rounded_rectangle((left, top, width - left, top + height // 2), radius=24, fill=card)
    y = top + width // 14
    for i, line in enumerate(shot.lines[1:]):
        font = big if i == 0 else mid
        box = draw.textbbox((0, 0), line, font=font)
        draw.text(((width - (box[2] - box[0])) // 2, y), line, font=font, fill=fg)
        y += (box[3] - box[1]) + width // 14
    image = _variant(image, variant)
    buf = io.BytesIO()
    if variant == "jpeg":
        image.save(buf, "JPEG", quality=35)
    else:
        image.save(buf, "PNG")
    return buf.getvalue()


def _variant(image: Image.Image, variant: str) -> Image.Image:
    w, h = image.size
    if variant == "scaled":
        return image.resize((w * 3 // 4, h * 3 // 4), Image.Resampling.BILINEAR)
    if variant == "cropped":
        return image.crop((0, h // 20, w, h - h // 12))
    return image


def photo(seed: int = 1, width: int = 480) -> bytes:
    """A picture with no text at all (a gradient with noise), as PNG bytes."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, width), "#000000")
    draw = ImageDraw.Draw(image)
    for y in range(0, width, 8):
        colour = (y * 255 // width, rng.randrange(256), 255 - y * 255 // width)
        draw.rectangle((0, y, width, y + 8), fill=colour)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def by_name(name: str) -> Shot:
    """The labelled shot called ``name``."""
    return next(s for s in SHOTS if s.name == name)
