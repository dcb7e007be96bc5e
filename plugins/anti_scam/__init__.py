"""防骗 (anti_scam): link tricks, scam phrases and personal data, checked on every message.

* **Links** (``urls``): parsed the way a browser does; official links pass,
  link tricks are severe (``official.com@evil.cn``, IP hosts, look-alike and
  brand-as-subdomain domains, official links that jump to another site),
  unknown shorteners are held for review.
* **Phrases** (``phrases``): prepayment and deposits, verification-code and
  account requests, paid 代助 and 刷单, fake 客服, pulling members off the group.
* **Personal data** (``pii``): ID and bank card numbers, mobile numbers,
  verification codes, QQ/WeChat ids — removed with a friendly, masked notice,
  never punished, never stored or echoed.
* New members' first day is checked more strictly (``strict_new_members``).
* A message longer than ``SCAN_LIMIT`` characters (4,096: Telegram's own maximum,
  more than a member types) is removed unread, without a strike, and the member
  is asked to split it. Reading all of a 100 KB message held every group up for
  a tenth of a second; reading only its beginning would let a link at its end
  through. So the work per message is bounded and nothing goes unchecked.
* ``/举报`` (``/report``), sent as a reply, flags a message for the admins.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator

from huzhu.core import (
    Arg,
    Catalog,
    Duration,
    GroupContext,
    HelpRequest,
    Invocation,
    MessageEvent,
    NotifyAdmins,
    PluginConfig,
    PluginMeta,
    Severity,
    Verdict,
    hookimpl,
)
from huzhu.core.events import normalized
from huzhu.core.i18n import join_clauses, join_list
from huzhu.core.requests.links import PLATFORM_NAMES, PLATFORM_NAMES_EN, SCAN_LIMIT
from huzhu.plugins.anti_scam import english as english_reader
from huzhu.plugins.anti_scam import (
    notice,
    phrases,
    pictures,
    pii,
    recovery,
    scripts,
    urls,
    warning_frame,
)
from huzhu.plugins.anti_scam.phrases import DEFAULT_RULES, PhraseRule
from huzhu.plugins.anti_scam.textnorm import scan_view

_LEVEL = {"review": Severity.REVIEW, "minor": Severity.MINOR, "severe": Severity.SEVERE}
_RULE_IDS = frozenset(r.id for r in DEFAULT_RULES)
#: the reason key of each built-in rule's category (its own text says what it found)
_RULE_KEYS = {r.id: f"phrase_{r.category}" for r in DEFAULT_RULES}
#: longest stretch of a message the checks read at once (a 100 KB message is read in chunks)
CHUNK = 4000


class Config(PluginConfig):
    """Settings of anti_scam."""

    #: more domains this group treats as official (its own shop, a partner site)
    allow_domains: tuple[str, ...] = ()
    #: what to do with links through unknown shorteners (their target cannot be checked)
    shorteners: Literal["review", "block", "allow"] = "review"
    #: built-in phrase rules to switch off, by id
    disable_rules: tuple[str, ...] = ()
    #: the group's own phrase rules (same shape as the built-in ones)
    extra_rules: tuple[PhraseRule, ...] = ()
    #: remove messages with ID/bank card/mobile numbers, codes, QQ/WeChat ids (with a masked notice)
    pii: bool = True
    #: read long messages for scripted scams (fake 客服 refunds, loans, 公检法, a "boss" asking
    #: for money) and short messages for their openers ("我是王总，这是我新号"): confident ones
    #: are removed, likely ones are held for the admins' review
    scripts: bool = True
    #: pictures: QR codes are always decoded; the text of at most this many pictures a
    #: minute is read in this group (0: none; reading is the costly part)
    pictures_per_minute: int = Field(default=6, ge=0, le=600)
    #: for this long after a member is first seen: links to other sites are removed and
    #: minor phrase rules count as severe (0: no stricter checks)
    strict_new_members: Duration = 86400

    @field_validator("allow_domains")
    @classmethod
    def _domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(d.strip().lower().rstrip(".") for d in value if d.strip())

    @field_validator("disable_rules")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in _RULE_IDS]
        if unknown:
            raise ValueError(
                f"unknown rule {unknown[0]!r}; built-in rules: {', '.join(sorted(_RULE_IDS))}"
            )
        return value


TEXTS = Catalog(
    {
        "zh": {
            "rule_anti_scam.link": "禁止可疑链接",
            "rule_anti_scam.shortener": "短链接需审核",
            "rule_anti_scam.new_member_link": "新成员暂不能发站外链接",
            "rule_anti_scam.prepay": "谨防先交钱骗局",
            "rule_anti_scam.credential": "谨防索要验证码和账号",
            "rule_anti_scam.paid_help": "禁止有偿代助、刷单返利",
            "rule_anti_scam.impersonation": "谨防冒充客服",
            "rule_anti_scam.off_group": "禁止拉人私聊",
            "rule_anti_scam.loan_ad": "禁止贷款广告",
            "rule_anti_scam.other": "本群防骗规则",
            "rule_anti_scam.pii": "保护个人隐私",
            "rule_anti_scam.too_long": "消息不能太长",
            "rule_anti_scam.script": "谨防电信诈骗话术",
            "rule_anti_scam.payment_qr": "收款码需审核",
            "rule_anti_scam.recovery": "谨防“帮你追回损失”骗局",
            "rule_anti_scam.pitch": "谨防借提问、晒收益拉人",
            "rule_anti_scam.fake_notice": "谨防冒充官方的通知",
            "rule_anti_scam.dressed": "谨防扮成防骗提醒的骗局",
            "rule_anti_scam.qr_link": "二维码里的站外链接",
            "in_picture": "图片里：{reason}",
            # who a reason speaks of: the message itself, or the text read in its picture
            "subject": "这条消息",
            "subject_picture": "这张图片里的文字",
            # what the reasons say happened: removed (the core says 已撤回), or kept for the admins
            "kept": "。消息还在群里，没有撤回，也不计违规：若是骗局或广告，请手动撤回，需要时用 /警告；若没问题，不用处理。",
            "kept_retold": "。它像是在转述别人的话或提醒大家，所以没有撤回，也不计违规：是提醒就不用处理；若其实是骗局或广告，请手动撤回，需要时用 /警告。",
            "script_severe": "{subject}像{category}的骗局：{what}。{advice}",
            "script_review": "{subject}像{category}的骗局（{what}）",
            "script_severe_plain": "{subject}像{category}的骗局。{advice}",
            "script_review_plain": "{subject}像{category}的骗局",
            "advice": "任何人让你下载会议软件、共享屏幕、转账到“安全账户”或报验证码，都请立即停止，并告诉管理员。",
            "advice_kefu": "真正的退款、理赔都在平台里办，不用下载会议软件、共享屏幕，也不用转账。",
            "advice_loan": "正规贷款放款前不收任何费用，也不会让你“注销网贷账户”或“修复征信”。",
            "advice_police": "公安、法院不会在电话里或网上办案，更不会让你转账到“安全账户”。",
            "advice_boss": "领导或熟人找你要钱，先打电话或当面核实，再决定转不转账。",
            "advice_zhuli": "助力、砍价从来不需要身份证和银行卡。",
            "qr_payment": "图片里有收款码（群里互助不需要付钱）",
            "qr_contact": "图片里的二维码是{app}加好友或加群的码。请不要拉人私聊或进别的群，互助在本群进行。",
            "qr_foreign": "图片里的二维码指向 {host}，不是官方链接。求助请用 /求助 发官方链接。",
            "too_long": "这条消息有 {length} 个字，超过了 {limit} 字的上限，无法完成防骗检查。请分成几条发送。",
            "link_userinfo": "链接用「@」伪装了真实网址（实际是 {host}），这是钓鱼链接的常见手法。",
            "link_ip": "链接直接指向 IP 地址 {host}，不是官方网址。",
            "link_lookalike": "{host} 冒充{platform}官方网址，可能盗号。",
            "link_brand_subdomain": "{host} 把{platform}的名字放在别人的网址里冒充官方，可能盗号。",
            "link_nested": "官方链接里藏着跳转到 {detail} 的地址，可能是钓鱼链接。",
            "link_shortener": "短链接 {host} 看不出真实去向",
            "link_shortener_removed": "短链接 {host} 看不出真实去向，本群不收短链接。请改发完整的官方链接。",
            "new_member_link": "入群 {hours} 小时内不能发站外链接（{host}），求助请用 /求助 发官方链接。",
            # a phrase rule: what the message does, by the rule that fired, then why it is a scam
            "phrase_deposit": "{subject}要人先交押金、保证金或各种费用：先收钱的都是骗局，不要付。",
            "phrase_pay_to_help": "{subject}要人先付钱才给助力或砍价：先收钱的都是骗局，本群互助不收费。",
            "phrase_buy_help": "{subject}在卖助力、砍价（助力包、付费助力之类）：花钱买助力多半是骗局，本群也禁止有偿代助，互助都是免费的。",
            "phrase_code_request": "{subject}向人索要验证码或密码：这是盗号骗局，谁要都不要给。",
            "phrase_account_request": "{subject}向人索要身份证号、银行卡号或账号：这是盗号骗局，谁要都不要给。",
            "phrase_account_photo": "{subject}要人提供身份证、银行卡的照片或截图：这是盗号骗局，谁要都不要给。",
            "phrase_help_id_bank": "{subject}以助力、领红包为名要人的身份证和银行卡：助力从来不需要这些，不要给。",
            "phrase_screen_share": "{subject}要人共享屏幕或下载会议软件来办退款、助力或提现：对方会看到你的验证码和账户，这是骗局。",
            "phrase_paid_help": "{subject}是有偿代助、代砍的广告：本群禁止有偿代助，互助都是免费的。",
            "phrase_brushing": "{subject}是刷单、返利或兼职赚钱的广告：刷单返利是骗局，本群禁止。",
            "phrase_kefu": "{subject}自称客服或官方，说要退款、理赔或解冻，再让人加好友、点链接或下载软件：这是冒充客服的骗局，官方不会在群里联系你。",
            "phrase_kefu_contact": "{subject}自称客服或官方，说要退款、理赔或解冻，还留了私人联系方式：这是冒充客服的骗局，官方不会在群里联系你。",
            "phrase_cash_out": "{subject}是花呗、白条或信用卡套现、提额的广告，还留了联系方式：本群不许发这类广告，套现违规，也常是骗局。",
            "phrase_cash_out_invite": "{subject}是花呗、白条或信用卡套现的广告，让有需要的人私下联系：本群不许发这类广告，套现违规，也常是骗局。",
            "phrase_off_group": "{subject}留了QQ或微信号，拉人私聊：请不要拉人私聊或加好友，互助在群里进行。",
            "phrase_loan_ad": "{subject}是贷款广告（“不看征信、秒批”之类）：本群不许发贷款广告，这类贷款多是先收各种费用再消失的骗局。",
            # a group's own rule, by its category (its words are the group's own list)
            "phrase_prepay": "{subject}要人先交钱：要求先交押金、保证金或先付款的都是骗局。",
            "phrase_credential": "{subject}向人索要验证码、密码或账号信息：这是盗号骗局，谁要都不要给。",
            "phrase_impersonation": "{subject}冒充平台客服说要退款、理赔：这是骗局，官方不会在群里联系你。",
            "phrase_other": "{subject}用了本群防骗规则不允许的说法：{words}。",
            "recovery": "这条消息向被骗的人提供“追回损失”的门路，还要人联系、登记或交钱：这是专骗受害人的二次诈骗。被骗后只找110和当地派出所，追回不收任何费用，也不用加任何人。",
            "fake_notice": "这条消息冒充官方通知，要人{what}：银行、快递、学校和政府部门都不会这样要，请只在官方应用、官网或柜台办理。",
            "fake_notice_code": "报验证码",
            "fake_notice_account": "把钱转到个人账户或所谓的“安全、保护账户”",
            "fake_notice_link": "在陌生网址付款",
            "dressed": "这条消息扮成防骗提醒、案例或新闻，却要人{what}：真正的防骗提醒只会叫人别这样做。",
            "dressed_account": "把钱转进所谓的“安全、托管、专用账户”或个人账户",
            "dressed_code": "把验证码发给别人",
            "dressed_contact": "添加陌生的微信、企业微信或QQ群",
            "dressed_link": "点开陌生链接办理",
            "pii": "消息里有{items}。为保护你的隐私，请不要在群里发身份证号、银行卡号、手机号和验证码",
            "pii_in_picture": "图片里有{items}。为保护你的隐私，请不要在群里发身份证号、银行卡号、手机号和验证码",
            "pii_id_card": "身份证号（{masked}）",
            "pii_bank_card": "银行卡号（{masked}）",
            "pii_mobile": "手机号（{masked}）",
            "pii_code": "验证码（{masked}）",
            "pii_qq": "QQ 号（{masked}）",
            "pii_wechat": "微信号（{masked}）",
            "report_usage": "请「回复」要举报的消息，再发送 /举报 [原因]。",
            "report_sent": "已收到举报，管理员会尽快处理，谢谢你帮忙守护本群。",
            "report_notify": "举报：{reporter} 举报了 {author} 的消息「{text}」{reason}{auto}",
            "report_notify_unknown": "举报：{reporter} 举报了一条消息「{text}」{reason}{auto}",
            "report_reason": "，原因：{reason}",
            "report_auto": "。自动检测：{found}",
            **english_reader.TEXTS["zh"],
        },
        "en": {
            "rule_anti_scam.link": "no suspicious links",
            "rule_anti_scam.shortener": "short links are reviewed",
            "rule_anti_scam.new_member_link": "no outside links from new members",
            "rule_anti_scam.prepay": "beware of pay-first scams",
            "rule_anti_scam.credential": "never share codes or accounts",
            "rule_anti_scam.paid_help": "no paid help or order brushing",
            "rule_anti_scam.impersonation": "beware of fake customer service",
            "rule_anti_scam.off_group": "no pulling members into private chats",
            "rule_anti_scam.loan_ad": "no loan ads",
            "rule_anti_scam.other": "this group's anti-scam rules",
            "rule_anti_scam.pii": "protect personal data",
            "rule_anti_scam.too_long": "no over-long messages",
            "rule_anti_scam.script": "beware of scripted fraud",
            "rule_anti_scam.payment_qr": "payment codes are reviewed",
            "rule_anti_scam.recovery": "beware of 'we get your money back' scams",
            "rule_anti_scam.pitch": "beware of pitches dressed as questions or gains",
            "rule_anti_scam.fake_notice": "beware of fake official notices",
            "rule_anti_scam.dressed": "beware of scams dressed as warnings",
            "rule_anti_scam.qr_link": "outside links in QR codes",
            "in_picture": "In the picture: {reason}",
            "subject": "This message",
            "subject_picture": "The text in this picture",
            "kept": ". It is still in the group, not removed and no strike: if it is a scam or an ad, remove it by hand and /warn the sender if needed; if it is fine, nothing to do.",
            "kept_retold": ". It reads like someone retelling or warning others, so it was not removed and counts no strike: nothing to do if it is a warning; if it is a scam or an ad after all, remove it by hand and /warn if needed.",
            "script_severe": "{subject} reads like {category}: {what}. {advice}",
            "script_review": "{subject} reads like {category} ({what})",
            "script_severe_plain": "{subject} reads like {category}. {advice}",
            "script_review_plain": "{subject} reads like {category}",
            "advice": "Whoever asks you to install a meeting app, share your screen, move money to a 'safe account' or read out a code: stop and tell the admins.",
            "advice_kefu": "Real refunds and claims happen inside the platform: no meeting app, no screen sharing, no transfer.",
            "advice_loan": "A real lender charges nothing before paying out and never asks you to 'close a loan account' or 'repair your credit record'.",
            "advice_police": "The police and courts never handle a case by phone or online, and never ask you to move money to a 'safe account'.",
            "advice_boss": "When a boss or an acquaintance asks for money, call them or ask in person before you pay anything.",
            "advice_zhuli": "Help with a bargain never needs your ID or bank card.",
            "qr_payment": "The picture has a payment QR code (help here is free)",
            "qr_contact": "The QR code in the picture adds a {app} friend or joins a group. Please do not pull members into private chats or other groups; help happens here.",
            "qr_foreign": "The QR code in the picture goes to {host}, not an official site. Post requests with /post and an official link.",
            "too_long": "This message has {length} characters, more than the {limit} that can be checked. Please send it in several parts.",
            "link_userinfo": "The link hides its real address behind '@' (it goes to {host}), a common phishing trick.",
            "link_ip": "The link points at the IP address {host}, not an official site.",
            "link_lookalike": "{host} imitates {platform}'s official site and may steal accounts.",
            "link_brand_subdomain": "{host} puts {platform}'s name inside another site's address to look official.",
            "link_nested": "An official-looking link hides a jump to {detail}; it may be phishing.",
            "link_shortener": "The short link {host} hides where it goes",
            "link_shortener_removed": "The short link {host} hides where it goes, and this group takes no short links. Please post the full official link.",
            "new_member_link": "In your first {hours} hours here you cannot post links to other sites ({host}); post requests with /post.",
            "phrase_deposit": "{subject} asks for a deposit, a guarantee or a fee first: anyone who wants money first is running a scam; do not pay.",
            "phrase_pay_to_help": "{subject} wants money before helping with a bargain: that is a scam, and help here is free.",
            "phrase_buy_help": "{subject} sells help with bargains ('help packs', paid help): bought help is mostly a scam, and paid help is not allowed here; help is free.",
            "phrase_code_request": "{subject} asks for a verification code or a password: that is account theft; never give them.",
            "phrase_account_request": "{subject} asks for an ID, bank card or account number: that is account theft; never give them.",
            "phrase_account_photo": "{subject} asks for a photo or screenshot of an ID or bank card: that is account theft; never give them.",
            "phrase_help_id_bank": "{subject} wants an ID and a bank card for a bargain or a red packet: help never needs them; do not give them.",
            "phrase_screen_share": "{subject} wants you to share your screen or install a meeting app for a refund, help or a payout: they would see your codes and accounts; it is a scam.",
            "phrase_paid_help": "{subject} is an ad for paid help with bargains: paid help is not allowed here, help is free.",
            "phrase_brushing": "{subject} is an ad for order brushing, rebates or 'easy money' side jobs: they are scams and not allowed here.",
            "phrase_kefu": "{subject} claims to be customer service or an official, offers a refund, claim or unfreezing, then wants you to add them, click a link or install an app: fake customer service is a scam; platforms never contact you here.",
            "phrase_kefu_contact": "{subject} claims to be customer service or an official, offers a refund, claim or unfreezing, and leaves a private contact: fake customer service is a scam; platforms never contact you here.",
            "phrase_cash_out": "{subject} is an ad for cashing out or raising credit lines (Huabei, Baitiao, credit cards) with a contact: not allowed here, and often a scam.",
            "phrase_cash_out_invite": "{subject} is an ad for cashing out credit (Huabei, Baitiao, credit cards), inviting people to get in touch privately: not allowed here, and often a scam.",
            "phrase_off_group": "{subject} leaves a QQ or WeChat id to take members into private chats: please keep help in the group.",
            "phrase_loan_ad": "{subject} is a loan ad ('regardless of credit, approved in seconds'): no loan ads here; such loans are usually fee scams.",
            "phrase_prepay": "{subject} wants money first: anyone asking for a deposit or payment first is running a scam.",
            "phrase_credential": "{subject} asks for codes, passwords or account details: that is account theft; never give them.",
            "phrase_impersonation": "{subject} poses as a platform's customer service offering a refund or claim: a scam; platforms never contact you here.",
            "phrase_other": "{subject} uses words this group's anti-scam rules do not allow: {words}.",
            "recovery": "This message offers scam victims a way to 'get their money back' and wants them to get in touch, register or pay: that is a second scam aimed at victims. After a scam, go only to the police (110); getting money back costs nothing and needs no one to add.",
            "fake_notice": "This message poses as an official notice and asks you to {what}: banks, couriers, schools and government offices never ask that; use only their official app, website or counter.",
            "fake_notice_code": "give a verification code",
            "fake_notice_account": "move money to a personal or so-called 'safe' account",
            "fake_notice_link": "pay on an unknown website",
            "dressed": "This message dresses up as a scam warning, a case or news, yet asks you to {what}: a real warning only tells you not to.",
            "dressed_account": "move money into a so-called 'safe', escrow or special account, or a person's",
            "dressed_code": "send a verification code to someone",
            "dressed_contact": "add an unknown WeChat, enterprise WeChat or QQ group",
            "dressed_link": "open an unknown link",
            "pii": "it contains {items}. To protect your privacy, never post ID, bank card or phone numbers or codes here",
            "pii_in_picture": "the picture shows {items}. To protect your privacy, never post ID, bank card or phone numbers or codes here",
            "pii_id_card": "ID number {masked}",
            "pii_bank_card": "bank card number {masked}",
            "pii_mobile": "phone number {masked}",
            "pii_code": "verification code {masked}",
            "pii_qq": "QQ number {masked}",
            "pii_wechat": "WeChat id {masked}",
            "report_usage": "Reply to the message you want to report, then send /report [reason].",
            "report_sent": "Thanks, the admins will look at it.",
            "report_notify": 'Report: {reporter} reported a message by {author}: "{text}"{reason}{auto}',
            "report_notify_unknown": 'Report: {reporter} reported a message: "{text}"{reason}{auto}',
            "report_reason": ", reason: {reason}",
            "report_auto": ". Automatic check: {found}",
            **english_reader.TEXTS["en"],
        },
    }
)

#: the settings' names in /配置 and the web console (Chinese)
LABELS = {
    "allow_domains": "额外信任的网站",
    "shorteners": "未知短链接怎么办",
    "disable_rules": "关闭的内置话术规则",
    "extra_rules": "本群自己的话术规则",
    "pii": "撤回含身份证号等隐私的消息",
    "scripts": "识别诈骗话术",
    "pictures_per_minute": "每分钟最多识别几张图片",
    "strict_new_members": "新成员从严检查多久",
}

#: the settings' names for English groups (in /config and the web console)
LABELS_EN = {
    "allow_domains": "extra trusted sites",
    "shorteners": "unknown short links",
    "disable_rules": "built-in phrase rules turned off",
    "extra_rules": "this group's own phrase rules",
    "pii": "remove messages with ID numbers and other personal data",
    "scripts": "recognise scam scripts",
    "pictures_per_minute": "pictures read per minute at most",
    "strict_new_members": "how long new members get stricter checks",
}

__plugin_meta__ = PluginMeta(
    name="anti_scam",
    title="防骗",
    title_en="anti-scam",
    aliases=("反诈", "反诈骗", "防诈骗", "防诈", "防骗子"),
    labels=LABELS,
    labels_en=LABELS_EN,
    description="防骗：识别钓鱼/仿冒链接、先交钱/要验证码/代助刷单等话术，撤回含身份证号等隐私的消息，/举报",
    description_en="anti-scam: phishing and look-alike links, scam phrases, personal data removal, /report",
    usage="/举报（回复一条消息）",
    config=Config,
    default_enabled=True,
    texts=TEXTS,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the checks found, before it becomes a verdict."""

    rule: str
    severity: Severity
    key: str
    values: dict[str, Any]
    remove: bool


_group_rules: dict[tuple[tuple[str, ...], int], tuple[PhraseRule, ...]] = {}


def _rules(cfg: Config) -> tuple[PhraseRule, ...]:
    """The rule set of a group: the built-in rules, minus the disabled ones, plus its own."""
    if not cfg.disable_rules and not cfg.extra_rules:
        return DEFAULT_RULES
    key = (cfg.disable_rules, id(cfg.extra_rules))
    rules = _group_rules.get(key)
    if rules is None:  # one tuple per distinct setting, so the compiled automaton is reused
        rules = tuple(r for r in DEFAULT_RULES if r.id not in cfg.disable_rules) + cfg.extra_rules
        _group_rules[key] = rules
    return rules


def _chunks(view: str) -> list[str]:
    """Bounded pieces of a long text (overlapping, so nothing is cut in two unseen)."""
    if len(view) <= CHUNK:
        return [view]
    step = CHUNK - 200
    return [view[i : i + CHUNK] for i in range(0, len(view), step)]


#: the platforms and the international shops as a Chinese group names them
_SITE_NAMES_ZH = {**PLATFORM_NAMES, **urls.SITE_NAMES_ZH}


def scan(
    text: str,
    cfg: Config,
    *,
    strict: bool = False,
    lang: str = "zh",
    foreign: list[str] | None = None,
    limit: int | None = SCAN_LIMIT,
) -> list[Finding]:
    """Everything wrong with a message. ``strict``: the sender is a new member.
    ``foreign`` collects the hosts of ordinary other sites (what strictness would act on).
    A text longer than ``limit`` is not read: it is one finding that removes it
    (``limit=None`` reads any length, for the benchmark's baseline)."""
    if limit is not None and len(text) > limit:
        return [_too_long(len(text), limit)]
    view = scan_view(text)
    if limit is not None and len(view) > 2 * limit:  # a few characters that fold into many (﷽)
        return [_too_long(len(text), limit)]
    found: list[Finding] = []
    allow = frozenset(cfg.allow_domains)
    names = PLATFORM_NAMES_EN if lang == "en" else _SITE_NAMES_ZH
    seen_hosts: set[str] = set()
    analysed: set[str] = set()
    for piece in _chunks(view):
        rest: list[str] = []  # the text around the links: phrases and numbers are read there
        last = 0
        weblink = False  # a link that is not an official platform's
        for m in urls.finditer(piece):
            rest.append(piece[last : m.start()])
            last = m.end()
            link = m.group(0).rstrip(urls._TRAIL)
            if link in analysed:
                continue  # the same link again in one message: judged once
            analysed.add(link)
            for f in urls.analyse(link, allow):
                weblink = True
                if f.host in seen_hosts and f.kind == "foreign":
                    continue
                seen_hosts.add(f.host)
                values = {
                    "host": f.host,
                    "platform": names.get(f.platform, f.platform),
                    "detail": f.detail,
                }
                if f.kind == "shortener":
                    if cfg.shorteners != "allow":
                        level = Severity.REVIEW if cfg.shorteners == "review" else Severity.MINOR
                        found.append(Finding("anti_scam.shortener", level, "link_shortener", values,
                                             cfg.shorteners == "block"))  # fmt: skip
                elif f.kind == "foreign":
                    if foreign is not None:
                        foreign.append(f.host)
                    if strict:
                        values["hours"] = max(1, cfg.strict_new_members // 3600)
                        found.append(Finding("anti_scam.new_member_link", Severity.MINOR, "new_member_link",
                                             values, True))  # fmt: skip
                else:
                    found.append(
                        Finding("anti_scam.link", Severity.SEVERE, f"link_{f.kind}", values, True)
                    )
        rest.append(piece[last:])
        text_only = " ".join(rest)
        folded = phrases.fold(
            text_only
        )  # folded once: the phrase rules and the script check read it
        categories: dict[str, Finding] = {}
        for hit in phrases.match(text_only, _rules(cfg), folded=folded):
            level = _LEVEL[hit.rule.severity]
            if strict and level == Severity.MINOR:
                level = Severity.SEVERE
            old = categories.get(hit.rule.category)
            if old is None or level > old.severity:  # one finding per category, the worst rule's
                categories[hit.rule.category] = Finding(
                    f"anti_scam.{hit.rule.category}", level, f"phrase_{hit.rule.category}",
                    {"words": "、".join(dict.fromkeys(hit.words)), "phrase": hit.rule.id},
                    level >= Severity.MINOR,
                )  # fmt: skip
        found.extend(f for f in categories.values() if f not in found)
        if cfg.scripts and scripts.long_enough(folded, linked=last > 0):
            # the lines as sent: folded by the script reading only when it needs them
            lines = tuple(text_only.split("\n")) if "\n" in text_only else ()
            script = _script(folded, lang, linked=last > 0, weblink=weblink, lines=lines)
            if script is not None and script not in found:
                found.append(script)
        if english_reader.worth_reading(text_only):  # English or mixed wording, the same moves
            rules = {f.rule for f in found}
            found.extend(Finding(*e) for e in english_reader.read(text_only, lang, linked=weblink,
                         cfg=cfg) if e[0] not in rules)  # fmt: skip
        if cfg.pii:
            hits = pii.find(text_only)
            if hits:
                found.append(Finding("anti_scam.pii", Severity.INFO, "pii",
                                     {"hits": [(h.kind, h.masked) for h in hits]},
                                     not pii.forwarded_code(text_only, hits)))  # fmt: skip
    # an offer to get victims' money back, a forged notice: what they ask is never lowered
    posed = _posing(view, allow, lang)
    if posed:
        found.extend(f for f in posed if f not in found)
    # a warning, notice, group rule or retelling that names the tricks and gives no channel
    if not found:
        return found
    # …and a real notice's record (a bank's alert, money paid to your own account) asks nothing
    return notice.lower(warning_frame.lower(found, view, allow), view, allow)


#: a character each reader of ``_posing`` needs to find anything: ``recovery.offer`` (骗 騙 坑
#: 受害), ``notice.forged`` (请 需 须 必 請 須) and ``warning_frame.dressed_demand`` (its dress,
#: ``_DRESS``: 诈骗, 骗子, 被骗, 防骗, 反诈, 警情, 案例, 新闻, 通报, 提示, 注意, 谨防, 冒充, 盗刷,
#: 资金安全 …); a text with none of them is none of theirs (tests/test_anti_scam_gates.py)
_POSING_GATE = re.compile("[骗騙坑受请需须必請須诈詐被防反警案新通提注谨謹冒盗盜资資]")


def _posing(view: str, allow: frozenset[str], lang: str) -> list[Finding]:
    """A recovery offer to the group's victims (``recovery``: removed when it gives a way to
    reach someone or asks for something, else reviewed) and a forged official notice asking
    for a code, a transfer or a payment on a stranger's site (``notice.forged``: removed)."""
    if _POSING_GATE.search(view) is None:  # most chat and share texts: one search, no reader
        return []
    out = []
    offered = recovery.offer(view, allow)
    if offered is not None:
        level = Severity.SEVERE if offered.reached else Severity.REVIEW
        out.append(Finding("anti_scam.recovery", level, "recovery", {}, offered.reached))
    asked = notice.forged(view, allow)
    if asked is not None:
        what = TEXTS.get(lang, f"fake_notice_{asked[0]}")
        out.append(Finding("anti_scam.fake_notice", Severity.SEVERE, "fake_notice", {"what": what},
                           True))  # fmt: skip
    elif offered is None:
        # a demand of the reader dressed as a warning, a tip or a case (issue #21)
        demanded = warning_frame.dressed_demand(view, allow)
        if demanded is not None:
            what = TEXTS.get(lang, f"dressed_{demanded[0]}")
            out.append(Finding("anti_scam.dressed", Severity.SEVERE, "dressed", {"what": what},
                               True))  # fmt: skip
    return out


def _script(
    folded: str,
    lang: str,
    *,
    linked: bool = False,
    weblink: bool = False,
    lines: tuple[str, ...] = (),
) -> Finding | None:
    """A long scripted scam (客服退款, 网贷征信, 公检法, a "boss" asking for money), explained.
    ``linked``: the text carried a link (taken out of ``folded``), a way to reach the sender."""
    hit = scripts.judge(folded, linked=linked, weblink=weblink, lines=lines)
    if hit is None:
        return None
    name, what = scripts.describe(hit, lang)
    level = Severity.SEVERE if hit.severe else Severity.REVIEW
    values = {"category": name, "what": what, "kind": hit.category,
              "confidence": round(hit.probability, 3)}  # fmt: skip
    # a lure the writer offers in their own voice (想试的私聊我, 我拉你进去) is nobody's warning
    # or retelling: it is not lowered by the warning frame (recall12)
    rule = "anti_scam.pitch" if scripts.offered(hit) else "anti_scam.script"
    return Finding(rule, level, "script_severe" if hit.severe else "script_review",
                   values, hit.severe)  # fmt: skip


def _too_long(length: int, limit: int) -> Finding:
    # removed, never a strike: a long paste is not a scam; the member is asked to split it
    return Finding(
        "anti_scam.too_long", Severity.INFO, "too_long", {"length": length, "limit": limit}, True
    )


def to_verdict(ctx_t: Callable[..., str], finding: Finding, lang: str) -> Verdict:
    """A finding as the core's verdict, with its reason.

    A removed message's reason says what it is and why (the core says 已撤回 and how to
    appeal); a message kept for the admins' review says so, and what they may do."""
    values = dict(finding.values)
    picture = finding.key == "in_picture"  # a finding in a picture: said to be there
    key = values.pop("inner") if picture else finding.key
    reason = _said(ctx_t, key, values, lang, picture=picture, removed=finding.remove)
    if finding.severity == Severity.REVIEW and not finding.remove:
        kept = "kept_retold" if values.get("warning") else "kept"
        reason = reason.rstrip("。.") + ctx_t(kept)
    evidence = {"kinds": sorted({k for k, _ in values["hits"]})} if key == "pii" else values
    if picture:
        evidence = {**evidence, "picture": True}
    return Verdict(finding.rule, finding.severity, reason, evidence, remove=finding.remove)


def describe(ctx_t: Callable[..., str], finding: Finding, lang: str) -> str:
    """What a finding is, without what was done about it (/举报 tells the admins this)."""
    values = dict(finding.values)
    picture = finding.key == "in_picture"
    key = values.pop("inner") if picture else finding.key
    return _said(ctx_t, key, values, lang, picture=picture, removed=False)


def _said(
    ctx_t: Callable[..., str],
    key: str,
    values: dict[str, Any],
    lang: str,
    *,
    picture: bool,
    removed: bool,
) -> str:
    """A finding's reason, said to be in a picture when it was."""
    reason = _reason(ctx_t, key, values, lang, picture=picture, removed=removed)
    if picture and not key.startswith(("script_", "phrase_", "pii")):  # those name the picture
        reason = ctx_t("in_picture", reason=reason)
    return reason


def _reason(
    ctx_t: Callable[..., str],
    key: str,
    values: dict[str, Any],
    lang: str,
    *,
    picture: bool,
    removed: bool,
) -> str:
    """The sentence a finding's reason starts with (``removed``: the message goes)."""
    if key == "pii":
        items = join_list(
            (ctx_t(f"pii_{kind}", masked=masked) for kind, masked in values["hits"]), lang
        )
        return ctx_t("pii_in_picture" if picture else "pii", items=items)
    subject = ctx_t("subject_picture" if picture else "subject")
    if key.startswith("script_"):
        kind, what = values.get("kind", ""), values.get("what", "")
        plain = "" if what else "_plain"  # nothing to name: the kind of scam alone
        if removed:  # what to do when someone tries it on you, by the kind of scam
            advice = ctx_t(f"advice_{kind}" if TEXTS.has(lang, f"advice_{kind}") else "advice")
            return ctx_t(f"script_severe{plain}", subject=subject, category=values["category"],
                         what=what, advice=advice)  # fmt: skip
        return ctx_t(f"script_review{plain}", subject=subject, category=values["category"],
                     what=what)  # fmt: skip
    if key.startswith("phrase_"):
        # the rule that fired says best what the message does; a group's own rule, its category
        rule = values.get("phrase", "")
        if _RULE_KEYS.get(rule) == key:
            key = f"phrase_{rule}"
        return ctx_t(key, subject=subject, words=values.get("words", ""))
    if key == "link_shortener" and removed:
        key = "link_shortener_removed"
    return ctx_t(key, **values)


#: members whose first-seen time is kept in memory per group (least recently asked go first)
FIRST_SEEN_CAP = 100_000


async def _is_new(ctx: GroupContext, member: str, window: int) -> bool:
    if not window:
        return False
    known: OrderedDict[str, float] = ctx.scratch.setdefault("first_seen", OrderedDict())
    first = known.get(member)
    if first is not None:
        known.move_to_end(member)  # an LRU: the cap drops who was asked about least recently
    else:
        first = await ctx.data.first_seen(member)
        if first is None:
            return False
        known[member] = first  # it never changes
        if len(known) > FIRST_SEEN_CAP:
            known.popitem(last=False)
    if ctx.now() - first >= window:
        return False
    # a 信用分 tier the owner exempted (reputation) is not treated as new
    return not (await ctx.data.standing(member)).exempt_new_member_rules


#: texts up to this long are judged once while their verdict is remembered (谢谢, 已助, 收到 …
#: are most of a group's traffic; ``scan`` is a pure function of the text and the settings)
MEMO_TEXT = 160
#: short texts whose findings are remembered (least recently seen go first)
MEMO_SIZE = 4096
_memo: OrderedDict[tuple[str, int, str], tuple[Config, tuple[Finding, ...], tuple[str, ...]]] = (
    OrderedDict()
)


def _scan_short(text: str, cfg: Config, lang: str, foreign: list[str]) -> list[Finding]:
    """``scan(text, cfg, lang=lang, foreign=foreign)``, remembered for short texts."""
    if len(text) > MEMO_TEXT:
        return scan(text, cfg, lang=lang, foreign=foreign)
    key = (text, id(cfg), lang)
    hit = _memo.get(key)
    if hit is not None and hit[0] is cfg:  # the settings object itself: its id is not reused
        _memo.move_to_end(key)
        foreign.extend(hit[2])
        return list(hit[1])
    hosts: list[str] = []
    found = scan(text, cfg, lang=lang, foreign=hosts)
    foreign.extend(hosts)
    _memo[key] = (cfg, tuple(found), tuple(hosts))
    if len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return found


@hookimpl
async def check_message(ctx: GroupContext, event: MessageEvent) -> list[Verdict] | None:
    """Judge a message: links, phrases and personal data."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    foreign: list[str] = []
    # the NFKC form the engine computed once for every rule (scan_view skips its own pass)
    text = normalized(event) if len(event.text) <= SCAN_LIMIT else event.text
    found = _scan_short(text, cfg, ctx.language, foreign) if text else []
    # being a new member only matters for links to other sites and minor phrase rules,
    # so only then is the member's first-seen time looked up
    if (
        cfg.strict_new_members
        and (foreign or any(f.severity == Severity.MINOR for f in found))
        and await _is_new(ctx, event.sender.id, cfg.strict_new_members)
    ):
        found = scan(text, cfg, strict=True, lang=ctx.language)
    if event.images and not event.work:  # a screenshot with 已助 is the evidence check's
        found.extend(f for f in await pictures.check(ctx, event, cfg) if f not in found)
    if event.command and event.message_id:  # last, after every await: the verdicts are given
        _read(ctx, event.message_id, text)
    if not found:
        return None
    return [to_verdict(ctx.t, f, ctx.language) for f in found]


#: the commands read by ``check_message`` lately, per group (message id → its text): a /求助
#: read there is not read again by ``check_request``
READ_CAP = 64


def _read(ctx: GroupContext, message_id: str, text: str) -> None:
    read: OrderedDict[str, str] = ctx.scratch.setdefault("read", OrderedDict())
    read[message_id] = text
    read.move_to_end(message_id)
    if len(read) > READ_CAP:
        read.popitem(last=False)


@hookimpl
async def check_request(
    ctx: GroupContext, request: HelpRequest, event: MessageEvent
) -> list[Verdict] | None:
    """A request's own link gets the same link checks (a nested jump hides in official links).

    A /求助 posted in the group was read whole by ``check_message`` (its link is cut from that
    text, and a trick in it stopped the message there): it is not read again. One sent to the
    bot privately never went through ``check_message``: its link is read here."""
    cfg: Config = ctx.config  # type: ignore[assignment]
    read: OrderedDict[str, str] | None = ctx.scratch.get("read")
    if read is not None and event.message_id and event.message_id in read:
        text = normalized(event) if len(event.text) <= SCAN_LIMIT else event.text
        if read[event.message_id] == text:
            return None
    found = [f for f in scan(request.link, cfg, lang=ctx.language) if f.rule == "anti_scam.link"]
    return [to_verdict(ctx.t, f, ctx.language) for f in found] or None


_LONG_NUMBER = re.compile(r"\d(?:[\s\-]?\d){6,}")


async def report(inv: Invocation) -> Any:
    """/举报 [原因], as a reply: tell the admins whose message it is (by name), what it says and
    what the checks think of it."""
    ev, ctx = inv.event, inv.ctx
    if ev.reply_to is None:
        return ctx.t("report_usage")
    quoted = ev.reply_text or ""
    # the admins see the message without any long number in it (it may be personal data)
    shown = _LONG_NUMBER.sub(lambda m: pii.mask(re.sub(r"\D", "", m.group(0)), 2, 2), quoted[:120])
    found = scan(quoted, ctx.config, lang=ctx.language) if quoted else []  # type: ignore[arg-type]
    auto = ""
    if found:
        auto = ctx.t(
            "report_auto",
            found=join_clauses(
                (_for_admins(ctx.t, f, ctx.language) for f in found[:2]), ctx.language
            ),
        )
    reason = (inv.args.get("reason") or "").strip()[:100]
    author = ev.reply_author
    values = {"reporter": await ctx.data.display_name(ev.sender.id) if ev.sender.id else ev.sender.display,
              "text": shown, "reason": ctx.t("report_reason", reason=reason) if reason else "", "auto": auto}  # fmt: skip
    if author:
        notify = ctx.t("report_notify", author=await ctx.data.display_name(author), **values)
    else:
        notify = ctx.t("report_notify_unknown", **values)
    # the audit names the author (shown by name in /审计); the message id stays in the detail
    await ctx.data.audit(ev.sender.id, "report", author or ev.reply_to,
                         {"reason": reason, "rules": [f.rule for f in found], "message": ev.reply_to})  # fmt: skip
    return [NotifyAdmins(ev.group_id, notify), inv.reply(ctx.t("report_sent"))]


def _for_admins(ctx_t: Callable[..., str], finding: Finding, lang: str) -> str:
    """A finding as the admins read it in a report: what it is, not the advice to the poster
    (personal data: the items found, without 为保护你的隐私…)."""
    said = describe(ctx_t, finding, lang).rstrip("。.")
    if finding.key == "pii":
        said = re.split(r"。|\. ", said, maxsplit=1)[0]
    return said


def register_commands(register: Callable[..., Any]) -> None:
    """/举报 (/report)."""
    register("举报", report, aliases=("report",), summary="回复一条可疑消息并发送 /举报，通知管理员",
             summary_en="reply to a suspicious message with /report to tell the admins", group="report",
             args=(Arg("reason", "text", optional=True),), examples=("（回复那条消息）/举报 冒充客服要钱",))  # fmt: skip
