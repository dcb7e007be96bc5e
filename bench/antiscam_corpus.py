"""A labelled corpus for the anti_scam plugin, built by the project (deterministic for a seed).

Each item is (text, expected, category): expected is what the group should see
happen — ``allow``, ``review`` (admins asked) or ``block`` (removed or punished).
Categories: share (legitimate share texts of every format), chatter (ordinary
group talk, with prices, dates, order numbers), lookalike_number (numbers that
look like personal data but are not), scam (scam phrases), link_trick
(malicious links), shortener, pii.
"""

from __future__ import annotations

import random
import string

from stdnum import luhn
from stdnum.cn import ric

Item = tuple[str, str, str]


def _code(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _id_number(rng: random.Random) -> str:
    region = rng.choice(["110105", "310104", "440305", "330106", "510107", "420102"])
    year = rng.randint(1950, 2005)
    body = (
        f"{region}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return body + ric.calc_check_digit(body + "0")  # it expects a placeholder check digit


def _card(rng: random.Random) -> str:
    body = rng.choice(["622202", "622848", "621700", "436742", "625807"]) + "".join(
        rng.choice(string.digits) for _ in range(rng.choice([9, 10, 12]))
    )
    return body + luhn.calc_check_digit(body)


def _spaced(number: str, rng: random.Random) -> str:
    sep = rng.choice(["", " ", "-"])
    if not sep:
        return number
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def shares(rng: random.Random) -> list[Item]:
    out = []
    for _ in range(40):
        gid = rng.randint(10**9, 10**12)
        out += [
            (f"帮我砍一刀，就差一点点了！https://mobile.yangkeduo.com/bargain.html?goods_id={gid}&share_uin={_code(rng, 12)}&refer_share_channel=qq", "allow", "share"),
            (f"【淘宝】假一赔四 https://m.tb.cn/h.{_code(rng, 7)}?tk={_code(rng, 11)} CZ{rng.randint(1000, 9999)} 「夏季新款 女装连衣裙」\n点击链接直接打开 或者 淘宝搜索直接打开", "allow", "share"),
            (f"{rng.randint(1, 9)}￥{_code(rng, 11)}￥/ 复制这段描述，打开手机淘宝，帮我助力一下吧", "allow", "share"),
            (f"【京东】https://u.jd.com/{_code(rng, 7)} 京东红包，快来帮我助力领现金！", "allow", "share"),
            (f"{rng.randint(10, 29)}:/！{_code(rng, 12)}！ 快来和我一起瓜分红包", "allow", "share"),
            (f"https://p.pinduoduo.com/{_code(rng, 8)} 拼团还差1人，快来！", "allow", "share"),
            (f"#小程序://拼多多/{_code(rng, 8)} 帮我点一下，谢谢老铁", "allow", "share"),
            (f"ｈｔｔｐｓ：／／ｍｏｂｉｌｅ．ｙａｎｇｋｅｄｕｏ．ｃｏｍ／ｐｉｎｃａｒｄ＿ａｓｋ．ｈｔｍｌ？ｇｏｏｄｓ＿ｉｄ＝{gid} 帮我点点", "allow", "share"),
            (f"复制打开淘宝 ({_code(rng, 11)}) 帮我助力 https://m.tb.cn/h.{_code(rng, 7)}", "allow", "share"),
            (f"京东极速版 https://item.m.jd.com/product/{gid}.html 帮忙砍一刀 需要3人", "allow", "share"),
            (f"https://mobile.yangkeduo.com/pincard_ask.html?__rp_name=brand_amazing_price_group&_pdd_tc=ffffff&group_order_id={gid}&_x_share_id={_code(rng, 20)}", "allow", "share"),
        ]  # fmt: skip
    return out


CHATTER = """已助 谢谢 谢谢大家 好的 收到 在吗 早上好 晚安 已助 #12 已帮 已砍 互助互助 帮了，麻烦回一下
还差一刀，谁来帮帮我 我先去帮几个 刚才那个链接打不开 换一个试试 今天砍价的人好多 加油！
这个活动明天截止 拼团成功了，谢谢各位 我的押金退了吗 微信转账给你了 中午吃什么 哈哈哈哈 👍👍
群主辛苦了 新人报到，请多关照 怎么发求助？ /帮助 /队列 /我的 这个砍价要多少人 还差0.5元
下单后48小时内发货 支付宝付款可以吗 这个优惠券能用吗 领了 红包已领 天气好热 周末愉快
有没有人帮我看看这个怎么用 刚下班 在地铁上 晚点帮 已经帮你砍了 互相帮助 大家加油 我也在砍
这个商品价格 29.9 元 昨天 19:30 开始的活动 2024-06-18 大促 12月31号截止 订单号 190507-070101238553922
商品编号 100012043978 快递单号 SF1234567890123 已发货 运单 YT5837261849302 退款到账了 客服说明天发货
我加了群规里的管理员 验证码收到了但是没填 帮我看下我的验证码怎么没收到 手机没电了 电话打不通
有人用京东吗 淘宝更便宜 拼多多砍价真难 助力值怎么算 /排行 第一次来 谢谢群主 1 2 3 好嘞 ok
帮我点一下好吗 在的 已点 点了 已经点了哦 等下帮你 我也差一个 我的还差两个 求助 求帮砍
官方说活动延期了 客服回复了吗 平台规则改了 退款多久到账 物流好慢 这个店铺靠谱吗 质量不错
价格 ¥59.00 满300减50 优惠 20 元 第 3 名 共 128 人 10086 12315 客服热线 400-800-8888
今天是 20240618 版本 v1.2.3 e.g. 例如 a.b 文件 report.pdf 看 www.baidu.com 搜一下 github.com
我们小区团购 菜价涨了 孩子放假了 学习打卡 早起第 30 天 步数 20000 加班到 10 点 工资还没发"""


def chatter() -> list[Item]:
    return [(w, "allow", "chatter") for w in CHATTER.split()] + [
        ("谢谢大家的帮忙，我的砍价成功了，明天还会发新的，希望大家继续互助", "allow", "chatter"),
        ("请大家注意，不要把验证码发给别人，有人冒充客服骗钱", "allow", "chatter"),
        ("群规说了先助人后求助，我先帮了三个", "allow", "chatter"),
        ("我在淘宝买了个手机壳，才 9.9 元包邮", "allow", "chatter"),
        ("昨天的订单 4938271650392817 已经收到了", "allow", "chatter"),
        ("刚刚帮了 #3 #4 #5，麻烦确认一下", "allow", "chatter"),
    ]


def lookalike_numbers(rng: random.Random) -> list[Item]:
    out = []
    for _ in range(30):
        ident = _id_number(rng)
        bad = ident[:-1] + ("0" if ident[-1] != "0" else "1")  # wrong check digit
        card = _card(rng)
        bad_card = card[:-1] + str((int(card[-1]) + 1) % 10)
        out += [
            (f"商品编号 {rng.randint(10**11, 10**12 - 1)}", "allow", "lookalike_number"),
            (f"订单号 {rng.randint(100000, 999999)}-{rng.randint(10**14, 10**15 - 1)}", "allow", "lookalike_number"),
            (f"编号 {bad}", "allow", "lookalike_number"),
            (f"流水号 {bad_card}", "allow", "lookalike_number"),
            (f"价格 {rng.randint(1, 999)}.{rng.randint(0, 99):02d} 元，{rng.randint(2020, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 截止", "allow", "lookalike_number"),
            (f"https://mobile.yangkeduo.com/goods.html?goods_id=1{rng.randint(3, 9)}{rng.randint(10**8, 10**9 - 1)} 帮我砍", "allow", "lookalike_number"),
        ]  # fmt: skip
    return out


def scams(rng: random.Random) -> list[Item]:
    texts = """先交20元押金才能帮你助力成功
需要先付保证金，扫码支付后马上到账
助力成功后提现需要先交50元解冻费
把收到的验证码发给我一下，帮你助力
你的验证码告诉我，我帮你点
收到的短信码截图发过来就行
拼多多官方客服：你的账户异常，点击链接申请退款
我是淘宝客服，你的订单理赔需要联系我qq
京东工作人员：账户被冻结，下载会议共享屏幕解冻
代助 砍价 5元一单 包成功
有偿助力，付费助力，价格私聊
刷单返利群，日结佣金
兼职日结，躺赚每天三百
加我薇信 abc12345 详聊砍价
扣扣 1234 5678 9 私聊带你砍
+v: wxid_abc123 详聊
加我qq 87654321 私聊给你助力
想快速成功的滴滴我 微信 kanjia888
需要身份证和银行卡号发我，帮你实名提现
先转账 10 元会员费，保证砍成功
助力需要先充值 30 元激活费
账号密码发给我，我帮你登录助力""".splitlines()
    disguised = [
        "加 我 威 信 k a n 1 2 3 4 5 6 私 聊",
        "代 助 收 费 ， 一 刀 一 元",
        "先 交 押 金 才 能 帮 你 砍",
        "验 证 码 发 给 我",
        "加我 V 信：zhuli_2024，带你躺赚",
    ]
    return [(t, "block", "scam") for t in texts + disguised]


def link_tricks(rng: random.Random) -> list[Item]:
    hosts = [
        "https://mobile.yangkeduo.com@evil-login.cn/bargain.html",
        "http://192.168.1.8/pdd/login",
        "http://0x7f000001/jd",
        "https://yangkedu0.com/bargain.html?goods_id=1",
        "https://yangkeduo-vip.com/help",
        "https://уangkeduo.com/help",
        "http://xn--angkeduo-wch.com/x",
        "https://mobile.yangkeduo.com.evil.cn/bargain.html",
        "pinduoduo.secure-login.top/kanjia",
        "https://pinduoduo.cn/login",
        "https://pinduoduoo.com/kanjia",
        "https://pin-duo-duo.net/help",
        "https://mobile.yangkeduo.com/x?launch_url=http%3A%2F%2Fevil.cn%2Fa",
        "https://mobile.yangkeduo.com/x?url=https://pdd-help.top/login",
        "https://taoba0.com/login",
        "https://tmall-vip.top/",
        "https://jingd0ng.com/help",
        "https://jd-kefu.com/refund",
        "https://m.taobao.com.verify-account.cc/",
        "https://item.jd.com/1.html?redirect=http%3A%2F%2F10.0.0.1%2Fx",
        "yangkeduo(.)com.evil(.)cn/a",
        "ｈｔｔｐｓ：／／ｙａｎｇｋｅｄｕ０．ｃｏｍ／ａ",
        "https://yangke\u200bduo.com.evil.cn/",
    ]
    out = []
    for h in hosts:
        out.append((f"帮我砍一刀 {h}", "block", "link_trick"))
        out.append((f"{h}\n快来帮我助力，谢谢", "block", "link_trick"))
    out.append(
        (
            "砍价链接 https://mobile.yangke\nduo.com.evil.cn/bargain.html 帮我点",
            "block",
            "link_trick",
        )
    )
    return out


def shorteners() -> list[Item]:
    return [(f"帮我点一下 {u}", "review", "shortener")
            for u in ["http://t.cn/A6abcdE", "https://url.cn/5xYzAb", "dwz.cn/abcd", "https://bit.ly/3xyzAB", "suo.im/5abcd"]]  # fmt: skip


def pii_items(rng: random.Random) -> list[Item]:
    out = []
    for _ in range(10):
        ident, card = _id_number(rng), _card(rng)
        mobile = "1" + rng.choice("3456789") + "".join(rng.choice(string.digits) for _ in range(9))
        out += [
            (f"我的身份证号 {_spaced(ident, rng)}，帮我看看能不能实名", "block", "pii"),
            (f"卡号 {_spaced(card, rng)} 转给我", "block", "pii"),
            (f"有事打我电话 {mobile[:3]} {mobile[3:7]} {mobile[7:]}", "block", "pii"),
            (f"我的验证码是 {rng.randint(100000, 999999)}", "block", "pii"),
        ]
    return out


def corpus(seed: int = 2026) -> list[Item]:
    """The whole corpus."""
    rng = random.Random(seed)
    return [*shares(rng), *chatter(), *lookalike_numbers(rng), *scams(rng), *link_tricks(rng), *shorteners(),
            *pii_items(rng)]  # fmt: skip
