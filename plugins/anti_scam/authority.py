"""Impersonated police, prosecutors and courts (公检法), read by their mechanism.

Whatever the wording, the script has three parts: an **authority** speaks (a police station,
a procuratorate, a court, and the agencies whose calls are "passed on" to them: 医保局,
通信管理局, 海关, 税务, 人民银行, 国家安全 …); the reader is **accused** or under
investigation (涉嫌, 案件, 通缉令, 盗刷, 停机, 违禁品, 自证清白 …); and the reader must **do**
something no officer asks on the phone: move money to be "checked" and "returned", download
an app or join a video meeting, keep it from family and the bank, sit alone on camera for a
"笔录", take a call passed on to the "police", give card details or codes, pay a bail.

A notice of a real agency names the same things to warn ("公检法不会要求您把钱转到任何账户
进行资金核查"): a demand right after a negation (不会, 从不, 切勿, 谨防 …) is not a demand.
The whole check is a handful of regular expressions over the folded text (lower case,
simplified, no punctuation or spaces), run by ``scripts.judge`` only on long texts that
already carry concept words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: who speaks: a police, procuratorate or court body, or an agency that "passes the call on"
_AUTHORITY = re.compile(
    "公安|警官|警察|民警|警号|警务|派出所|刑侦|经侦|网警|交警|特警|检察|法院|法官|书记员|医保|医疗保障"
    "|社保局|人社局|通信管理|工信部|通管局|电信管理|反诈中心|反诈骗中心|反洗钱|人民银行|央行|银保监"
    "|金融监管|国家安全|国安|安全局|税务|稽查|海关|缉私|出入境|司法|纪委|监察|专案组|办案|侦查|侦办"
    "|国际刑警|调查科|调查局|公安部|最高检|最高法|支队|大队"
    # the authority implied: an investigation the reader is to cooperate with, a case number
    "|配合(?:我们)?(?:的)?(?:调查|办案|审查)|案件编号|案件号|结案|撤案|销案|立案"
)
#: the reader accused or investigated (a case, a warrant, a misused card or number)
_ACCUSED = re.compile(
    "涉嫌|涉案|嫌疑|洗钱|洗黑钱|通缉|逮捕|拘留|拘捕|坐牢|判刑|传票|立案|案件|案子|案情|此案|本案|犯罪"
    "|赃款|违禁|毒品|走私|盗刷|被冒用|冒用|盗用|冒领|停机|清白|同伙|涉诈|管控|调查|审查|协查|笔录"
    "|取保候审|强制措施|追究|帮信|非法集资|骗保|泄露国家|泄密|机密|查封|审讯|收押|被执行人|违规|违法"
    "|妨碍(?:司法|公务|调查)|触犯|(?:诈骗|洗钱|贩毒|走私|赌博|刑事|经济)案|结案"
)
#: or the reader's money "at risk", to be "protected" (the same move, without an accusation)
_AT_RISK = re.compile(
    "资金(?:现在|目前)?(?:处于|有|存在)(?:风险|危险)|(?:处于|存在)(?:风险|危险)之?中|资金不安全|钱不安全"
)
_YOU = re.compile("你|您")
#: a demand right after one of these is a warning or a real notice ("不会让您开视频做笔录")
#: (a negation of the asking itself: "不会要求您…", "从不通过电话…"; not "保证你不会坐牢")
_NEGATED = re.compile(
    "(?:不会|从不|从来不|绝不|决不|不可能|不得)(?:以|通过|让|要求|叫|主动|在|向|用|电话|私下|给|索要|收取)"
    "|不存在|没有|无需|不需要|不用|请勿|切勿|谨防|勿|不要相信|不是让|不是要"
)
NEGATION_WINDOW = 16

#: money moved somewhere …
_MOVE = re.compile(
    "(?:转|汇|存|挪|打|集中|转移)(?:到|入|至|进|过去|过来|给)(?:了)?.{0,14}?"
    "(?:账户|账号|卡上|卡里|这张卡|一张卡|户头|户口|平台|专户|账上|系统|中心)"
    "|(?:资金|钱|存款|余额|积蓄)(?:全部|都|统一)?(?:转|汇|存|挪)(?:入|到|至|进|过去)"
    # handed over to be held: "把名下资金做一个临时托管", "交给我们监管", "托管账户我发给你"
    "|(?:资金|钱|存款|财产|积蓄|余额).{0,8}?(?:交给|交由|上交|托管)"
    "|(?:托管|监管|核查|清查|审查|保全|比对|清算|执行)(?:账户|专户|户头|账号)"
)
#: … to be "checked" and given back
_CHECKED = re.compile(
    "核查|清查|审查|核对|比对|核验|核实|监管|保护|保管|保全|查清|清白|退还|返还|归还|退回|还给你|还给您"
    "|原路|原数|一分不会少|不会少|撤案|解冻|资金登记|资金申报"
)

#: each demand: its concept id and its pattern (the money move is checked apart: two parts)
DEMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "police_app",
        re.compile(
            "(?:下载|安装|装一个|装个|注册)(?!了|过|国家反诈)(?:一个|一下|这个|我们的|指定的)?.{0,10}?"
            "(?:软件|app|客户端|应用|程序|会议|云视讯|小程序|钉钉|飞书|zoom|小鱼易连|welink|瞩目)"
            "|会议号|会议室|屏幕共享|共享屏幕|开启共享"
        ),
    ),
    (
        "police_secrecy",
        re.compile(
            "(?:不能|不许|不准|不要|别|不得|严禁|不可以|唔好|唔可以|唔准)(?:把|将)?.{0,6}?(?:告诉|跟|和|同|对|向|让|透露|外传|声张|讲|说|去问|问)"
            ".{0,6}?(?:家人|家里|父母|爱人|老公|老婆|同事|朋友|任何人|银行|柜员|柜台|派出所|别人|儿女|子女|孩子"
            "|亲戚|领导|其他人)|保密协议|保密承诺|签署保密|打草惊蛇|就说是|就说(?:自己|要|给)"
            # "你要是跟别人说了，我们马上就知道", "把微信、QQ的聊天都删掉"
            "|(?:要是|如果|敢)(?:跟|和|对|告诉|同)[^你您]{0,4}?(?:别人|任何人|家人|其他人)"
            "|删(?:掉|除)?[^你您]{0,6}?(?:聊天|通话|短信)|(?:聊天|通话)(?:记录)?(?:都|全)?(?:删|清空)"
        ),
    ),
    (
        "police_video",
        re.compile(
            "视频笔录|视频做笔录|做笔录|开(?:着)?视频|视频通话|视频连线|打开视频|摄像头|单独(?:一个|开|待)"
            "|开(?:一个|一间|个)?房间?|酒店|没(?:有)?(?:其他)?人的(?:地方|房间)|没有其他人|安静的地方|报备|(?:现在|是)?一个人吗|身边有人吗|旁边有(?:没有)?人"
        ),
    ),
    (
        "police_call",
        re.compile(
            "转接|(?<!移)(?:转(?:到|给)|接给|接到(?!(?:了|过)?(?:一|个|一个|几个|了)?(?:电话|短信|来电|通知|消息)))"
            "(?:您|你)?(?:当地)?.{0,10}?(?:公安|警方|警察|派出所|刑侦|警官)"
            "|按[0-9九一零]|(?:警官|警察|民警|检察官|法官|办案人员)(?:稍后|马上|等下|待会儿?)?(?:会|将)?(?:直接)?"
            "(?:跟|与|和|给)(?:您|你)(?:联系|对接|通话|打电话|视频)"
            "|(?:公安|警察|警官|民警|检察官)[^你您，]{0,8}?(?:会|将)(?:给|跟|与)(?:您|你)(?:打电话|联系|视频)"
        ),
    ),
    (
        "police_card",
        re.compile(
            "(?:卡号|开户行|余额|验证码|密码|银行卡信息)(?:都|全部)?.{0,10}?(?:告诉我|报给我|发给我|念给我|发我|填写|填进|填到|输入)"
            "|(?:填写|填入|填进|提供|告诉我|报给我)(?:你|您)?的?.{0,8}?(?:卡号|银行卡|验证码|密码)"
            "|(?:看|查)(?:一下|一眼)?(?:你的?)?余额|余额(?:给我|让我们)看"
            "|(?:流水|余额|存款)(?:截图)?(?:都)?(?:交上去|发给我|发我|交给|提交|上交)"
        ),
    ),
    (
        "police_bail",
        re.compile(
            "保证金|取保候审金|担保金|保释金|撤案费|上门(?:收|取)(?:钱|现金|款|存折)"
            "|(?:缴纳|交纳|交一笔|缴一笔|支付)[^你您]{0,10}?(?:担保|保释|押金|罚款)|罚款(?:用|就)?(?:微信|支付宝)?转给我"
        ),
    ),
    (
        "police_remote",
        re.compile(
            "远程(?:指导|协助|控制|操作|核对|核查|办案|询问|审查)|一步(?:一)?步(?:告诉|指导|教)"
            "|手机银行.{0,6}?(?:打开|登录)|(?:打开|登录).{0,6}?手机银行"
        ),
    ),
)
#: the reader, not someone else, is the suspect ("你涉嫌", "您名下的卡涉及一起案件", "传票")…
_SUSPECT = re.compile(
    "(?:你|您)(?:已|已经|本人)?(?:涉嫌|涉及|涉案|被列为|被立案|被起诉|被通缉|有一张(?:法院)?传票)"
    "|(?:你|您)(?:名下|的)[^你您]{0,12}?(?:涉嫌|涉及|涉案|被盗刷|被冒用|被盗用|案)|传票|逮捕令|通缉令|嫌疑人"
    # what the reader sent is held ("您寄往马来西亚的包裹经海关查验含违禁物品")
    "|(?:你|您)(?:寄往|寄到|寄出|邮寄|托运|寄)[^你您]{0,16}?(?:违禁|毒品|走私|涉案|涉嫌|扣押|查扣)"
)
#: … and is told to cooperate or to get in touch: the opening call, whose money comes later
_CONTACT = re.compile(
    "配合(?:我们)?(?:的)?(?:调查|办案|工作|核查|审查)|协助(?:我们)?调查|老实配合|(?:来电|回电|致电|联系)(?:查询|处理|核实|办案)"
    "|与办案|联系办案|一个人吗|方便说话吗|按[0-9九一零]"
)

#: the script's own reassurance ("我不是骗子", "防止你被骗子利用", "我们是正规办案"): not a warning
_REASSURE = re.compile(
    "(?:我|我们|这)(?:可|真|并)?不是(?:骗子|骗局|诈骗)|防止(?:你|您)?被骗(?:子)?(?:利用|骗)?|以免(?:你|您)?被骗(?:子)?"
    "|被骗子(?:利用|盯上)|别(?:被|让)骗子|反而会被骗(?:子骗)?|(?:我们)?是正规(?:办案|程序)"
    # the accusation itself: "我们接到举报", "已被多名市民举报" (the reader reported, not reporting)
    "|(?:接到|收到)(?:群众|市民|多名|相关|实名)?(?:的)?举报|(?:被|遭)(?:多名|大量)?(?:市民|群众|用户|受害人)?举报"
)


#: spaces and symbols scammers put between characters ("接 到 举 报", "接🙏到"); punctuation kept
_JUNK = re.compile(r"[^\w\n，。！？、；：“”‘’（）,.!?;:()「」『』\"]+")


def unreassured(text: str) -> str:
    """``text`` without the script's own reassurances, which read like a warning's words
    (and without the spaces and symbols between its characters)."""
    return _REASSURE.sub("", _JUNK.sub("", text))


#: asked in at a real station's desk: "请携带身份证到派出所做笔录" (not "不要去派出所问")
_IN_PERSON = re.compile(
    "(?<!不要)(?<!不能)(?<!别)(?<!不用)(?:到|来|去|前往)(?:附近的?|就近的?|辖区|本)?"
    "(?:派出所|公安局|所里|局里|法院|检察院|窗口|大厅|营业厅|网点|柜台|服务中心)"
)
_AT_THE_DESK = frozenset({"police_video", "police_call"})

#: the member-facing names of this module's concepts: id, stage, zh, en
NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("police_accused", "why", "说你涉案、被调查", "says you are under investigation"),
    ("police_risk", "why", "说你的钱有风险、要替你“保护”", "says your money is at risk and must be 'protected'"),
    ("police_move", "do", "要你把钱转去“核查”、说查清后退还",
     "wants your money moved to be 'checked' and returned"),
    ("police_app", "do", "要你下载指定软件或进视频会议", "wants you to install an app or join a meeting"),
    ("police_secrecy", "do", "要你对家人和银行保密", "wants it kept from your family and the bank"),
    ("police_video", "do", "要你单独开视频、做笔录", "wants you alone on camera for a 'statement'"),
    ("police_call", "do", "把电话转接给“警方”", "passes the call on to 'the police'"),
    ("police_card", "do", "要你报卡号、余额或验证码", "asks for card numbers, balances or codes"),
    ("police_bail", "do", "要你交保证金、罚款或上门收钱", "asks for a bail, a fine or to collect cash"),
    ("police_remote", "do", "要你照远程指导操作手机银行", "walks you through your banking app"),
    ("police_contact", "do", "说你涉案、要你配合或联系“办案人员”",
     "says you are a suspect and must cooperate or call 'the officer'"),
)  # fmt: skip


#: a demand told of, not made: "骗子让你把钱转到…", "还说不能告诉家里人", "要我去开个房间",
#: "然后要给我转接公安局" (done to the writer: a script does things to "你")
_TOLD = re.compile(
    "说|让|叫|要求|称|骗(?:你|您|我|他|她|人)|骗子|逼|催|所谓|什么|会|(?<!需)要(?:你|您|我|他|她)|劝"
    "|要给(?:我|他|她)"
)
TOLD_WINDOW = 6


def _said(folded: str, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], bool]]:
    """Each match of ``pattern`` not right after a negation, and whether it is told of (right
    after words that tell of someone else's demand)."""
    for m in pattern.finditer(folded):
        if not _NEGATED.search(folded[max(0, m.start() - NEGATION_WINDOW) : m.start()]):
            yield m, _TOLD.search(folded[max(0, m.start() - TOLD_WINDOW) : m.start()]) is not None


def _asserted(folded: str, pattern: re.Pattern[str], *, own: bool = False) -> str | None:
    """The first match of ``pattern`` not right after a negation (None: none); ``own``: nor
    told of."""
    for m, told in _said(folded, pattern):
        if not (own and told):
            return m.group(0)
    return None


def mechanism(folded: str) -> dict[str, str]:
    """The parts of an impersonated-authority script found in ``folded`` (concept id → the
    words), with ``police_mechanism`` among them when the parts make the script: an authority,
    an accusation and a demand, or an accusation and two different demands. Empty: no part of
    an accusation."""
    accused = _ACCUSED.search(folded) or _AT_RISK.search(folded)
    if accused is None or _YOU.search(folded) is None:
        return {}  # (a script speaks to "你": a story of what was said to "她" is told, not made)
    found = {"police_accused" if accused.re is _ACCUSED else "police_risk": accused.group(0)}
    move = _asserted(folded, _MOVE, own=True)
    if move is not None and _CHECKED.search(folded):
        found["police_move"] = move
    in_person = _IN_PERSON.search(folded) is not None
    for cid, pattern in DEMANDS:
        if in_person and cid in _AT_THE_DESK:
            continue  # "请到派出所做笔录": a real station asks you in, never on camera
        words = _asserted(folded, pattern, own=True)
        if words is not None:
            found[cid] = words
    demands = len(found) - 1
    authority = _AUTHORITY.search(folded) is not None
    if not demands and authority and _SUSPECT.search(folded):
        contact = _asserted(folded, _CONTACT, own=True)
        if contact is not None:
            found["police_contact"] = contact
            demands = 1
    if demands and (demands >= 2 or authority):
        found["police_mechanism"] = accused.group(0)
    return found


def explains(found: dict[str, str]) -> bool:
    """Whether ``found`` holds a demand of this module to name the script by."""
    return any(cid in found for cid, *_ in NAMES[2:])


def explain(found: dict[str, str]) -> tuple[str, ...]:
    """The concepts that name the script: up to three demands, then the accusation."""
    demands = [cid for cid, *_ in NAMES[2:] if cid in found]
    if demands == ["police_contact"]:
        return ("police_contact",)  # (it says the accusation itself)
    why = "police_risk" if "police_risk" in found else "police_accused"
    return (*demands[:3], why)


def at_the_desk(folded: str) -> bool:
    """The reader is asked in to a station, a court or a counter ("携带身份证到所里做笔录"):
    a statement or a call there is a real dealing, not a video call with a stranger."""
    return _IN_PERSON.search(folded) is not None


#: someone else's call told by the one who got it ("有人给我打电话", "我问他叫什么", "对方说")
_NARRATOR = re.compile("有人|对方|骗子|他说|她说|我问|问他|问她|给我打|接到|那人|那个人|他就|她就")


def retold(folded: str) -> bool:
    """A member telling of such a call: the demands are all told of ("又说…要转给公安",
    "让我把钱转到…") by someone who got the call, none made in the writer's own voice."""
    if _NARRATOR.search(folded) is None or _ACCUSED.search(folded) is None:
        return False
    if _YOU.search(folded) is None:
        return True  # nobody is spoken to: it is told
    told = False
    for pattern in (_MOVE, *(p for _cid, p in DEMANDS)):
        for _m, of_another in _said(folded, pattern):
            if not of_another:
                return False  # a demand in the writer's own voice
            told = True
    return told


def demanded(folded: str) -> bool:
    """Whether ``folded`` makes a demand of this module in the writer's own voice (not negated,
    not told of someone else)."""
    return any(
        _asserted(folded, p, own=True) is not None for p in (_MOVE, *(p for _c, p in DEMANDS))
    )


def moves_money(folded: str) -> bool:
    """The whole script, with the reader's money moved in the writer's own voice ("把您的钱暂时
    转到国家反诈中心的保护账户，风险解除后原路返回"): not a warning, whatever words it borrows
    from one ("您刚才接到的电话是诈骗电话")."""
    found = mechanism(folded)
    return "police_mechanism" in found and "police_move" in found


def claimed(folded: str) -> bool:
    """An authority speaks or is named (公安, 法院, 医保局, 配合调查 …)."""
    return _AUTHORITY.search(folded) is not None
