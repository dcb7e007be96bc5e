"""English scam wording: the mechanisms the Chinese rules read, read in English (and mixed) text.

The phrase rules, scripts and openers read Chinese. A group can be English (``language: en``)
and a Chinese group can receive an English scam, so this module reads English for the same
moves: a code, password, card or ID asked for; a deposit or fee to pay first; a paid task
("earn 500 a day", "like and follow for commission"); fake customer service with a refund
nobody asked for; a fake police officer or bank with a "safe account" or a "remote
statement"; a screen-sharing or meeting app (Zoom, Teams, AnyDesk) for a refund; a boss or
relative on a new number asking for money; a move to WhatsApp/Telegram/WeChat/Line with a
contact; crypto/USDT "investment" with promised returns.

Cost: ``worth_reading`` counts spaces, then Latin words (a Chinese share text has neither once
its link is cut out, and is not read further); then the reading (lower case,
``v3rification`` → ``verification``, ``O T P`` → ``otp``) and one search for any cue word.

A move counts only in the poster's own voice: not negated ("do not share it with anyone",
"we will never ask for your OTP"), not reported ("someone asked me to send the code") and not
quoted. A text that then reads as a warning ("it's a scam", "beware", "block and report") and
gives no channel (a contact id, a non-official link, "add me") loses the finding; a weaker
frame (a retold call: "I got a text saying…") is held for review instead of removed.
"""

from __future__ import annotations

import re
from typing import Any

from huzhu.core import Severity
from huzhu.core.i18n import join_list

# ---- the gate ------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]{2,}")
#: a text with fewer Latin words than this is not read (Chinese chat, share texts, 已助)
MIN_WORDS = 3
#: English reads as English by its small words (a product name — Apple iPhone 15 Pro Max — has
#: none), or by a scam's own words in a mixed text ("请把 verification code 发给我")
_GATE = frozenset(
    [
        "me",
        "you",
        "your",
        "ur",
        "the",
        "to",
        "and",
        "for",
        "is",
        "my",
        "we",
        "our",
        "us",
        "pls",
        "please",
        "this",
        "it",
        "an",
        "of",
        "in",
        "on",
        "with",
        "can",
        "will",
        "just",
        "get",
        "are",
        "be",
        "if",
        "do",
        "have",
        "need",
        "want",
        "send",
        "give",
        "add",
        "code",
        "otp",
        "verification",
        "whatsapp",
        "telegram",
        "wechat",
        "usdt",
        "deposit",
        "refund",
        "commission",
        "earn",
        "job",
        "fee",
        "password",
    ]
)
#: at most this much of a message is read (English scams are short; a long paste costs ~2 ms)
READ_LIMIT = 1000


def worth_reading(text: str) -> bool:
    """Whether ``text`` has enough English in it to be read. Cheap first: three words need two
    spaces, and a Chinese text (share texts, 已助) seldom has three (one count in C, a quarter
    of the regex's cost on CJK text); then the Latin words are counted."""
    if len(text) < 8 or (not text.isascii() and text.count(" ", 0, 2000) < MIN_WORDS):
        return False
    words = _WORD.findall(text, 0, 2000)
    return len(words) >= MIN_WORDS and len(_GATE.intersection(map(str.lower, words))) >= 2


# ---- the reading ---------------------------------------------------------------------------

#: Cyrillic and Greek letters that look Latin (соde, раssword)
_CONFUSABLE = str.maketrans("аеорсхуіјѕԁԛԝνοατκм", "aeopcxyijsdqwvoatkm")
#: a word spelled out letter by letter ("v e r i f y", "O.T.P", "p-a-r-t")
_SPELLED = re.compile(r"(?<![a-z0-9])[a-z](?:[ .\-_*][a-z]){2,}(?![a-z0-9])")
_SPELL_SEP = re.compile(r"[ .\-_*]")
#: digits and symbols standing for letters inside a word (v3rification, c0de, pa$$word)
_LEET_IN = re.compile(r"(?<=[a-z])[0134578@$!|]{1,2}(?=[a-z])")
_LEET_END = re.compile(r"(?<=[a-z]{2})[03](?![a-z0-9])")
_LEET = str.maketrans("0134578@$!|", "oieastbasii")
_HYPHEN = re.compile(r"(?<=[a-z])[-_](?=[a-z])")
_APOS = re.compile(r"[’`´]")
_SPACES = re.compile(r"[ \t]+")


def _spelled(m: re.Match[str]) -> str:
    return _SPELL_SEP.sub("", m.group(0))


def _leet(m: re.Match[str]) -> str:
    return m.group(0).translate(_LEET)


def reading(text: str) -> str:
    """Lower case, look-alike letters, spelled-out words and digits-for-letters undone."""
    text = text.lower()
    if not text.isascii():
        text = _APOS.sub("'", text.translate(_CONFUSABLE))
    text = _SPELLED.sub(_spelled, text)
    text = _LEET_IN.sub(_leet, text)
    text = _LEET_END.sub(_leet, text)
    text = re.sub(r"\b0tp", "otp", text)
    text = _HYPHEN.sub(" ", text)
    return _SPACES.sub(" ", text)


# ---- cues ----------------------------------------------------------------------------------


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_ME = r"(?:me|us|it|them|this|that|here|to me|to us|our (?:agent|staff|team|specialist|officer))"
#: the poster asks the reader for something
_ASK = _c(
    r"\b(?:send|give|tell|share|forward|provide|read|type|reply|dm|pm|text|drop|paste|screenshot|"
    r"submit|fill in|enter|show)\b(?: (?:me|us|it|them))?"
    r"|\b(?:i|we) (?:need|want|require|must have|will need)\b"
    r"|\bcan (?:you|u) (?:give|send|tell|share|forward|read|provide)\b"
    r"|\bwhat(?:'s| is| was) (?:your|ur|the)\b"
    r"|\bkindly\b|发给我|发我|告诉我"
)
_CODE = _c(
    r"\b(?:verification|verify|verifying|security|sms|otp|one time|login|log in|auth|"
    r"authentication|confirmation|2fa|access|activation|whatsapp|google|telegram|apple|facebook|"
    r"wechat|alipay|bank) (?:code|pin|passcode)s?\b|\b(?:\d ?digits?|(?:four|five|six) digits?) "
    r"(?:code|pin|passcode|number)s?\b"
    r"|\botps?\b|\btac\b|\bpasscodes?\b|\bone time passwords?\b|验证码"
    r"|\b(?:code|numbers?) (?:you|u|that you|which you|i|we|they) (?:just )?(?:got|received|receive|"
    r"get|sent|will receive)"
    r"|\bcodes? (?:sent|texted|we sent|that was sent|that i sent|i sent) (?:to|on|you)"
    r"|\bcode (?:from|in|on) (?:your|ur|the) (?:sms|text|messages?|phone|inbox)"
)
_PASSWORD = _c(
    r"\b(?:your|ur)(?: [a-z]+){0,2} (?:passwords?|passcodes?)\b|\b(?:payment|login|account|banking|"
    r"bank|alipay|wechat|taobao|paypal|email) passwords?\b|\band passwords?\b|\b(?:your|ur|atm|card) pin\b|\bpin (?:code|number)\b|\bcvv\b|\bcvc\b|\bcvn\b"
    r"|\b(?:3|three) digits on the back\b|\blogin (?:details|credentials|info)\b|\bcredentials\b"
    r"|\bonline banking login\b|\bapple id and password\b|密码"
)
_CARD = _c(
    r"\b(?:bank|debit|credit|atm) card(?: number| no\b| details| info)?|\bcard (?:number|no\b|details)"
    r"|\b(?:bank )?account (?:number|details|no\b)|\bbank (?:account|details)\b|\brouting number"
    r"|\biban\b|\bid card\b|\bid number\b|\bidentity card\b|\bpassport(?: number)?\b|\bssn\b"
    r"|\bsocial security\b|\bnational id\b|\bnric\b|\bexpiry date\b"
)
_PHOTO = _c(r"\b(?:photo|picture|pic|scan|screenshot|image)s? of (?:your|ur|the)\b")

_FEE = _c(
    r"\bdeposit\b|\bguarantee(?: money| fee)?\b|\bmargin\b|\b(?:unfreeze|unfreezing|unlock|unlocking|"
    r"activation|activate|processing|handling|verification|clearance|release|insurance|membership|"
    r"withdrawal|upgrade|joining|entry|commitment|channel|account|security|credit|tax) (?:fee|charge|"
    r"cost|tax)s?\b|先交|先付"
)
#: any other fee counts with a scam's promise: to claim a prize, a refund, a loan, a parcel
_ANY_FEE = _c(r"\bfees?\b|\bcharges?\b|\bcustoms duty\b|\btax\b")
_GOAL = _c(
    r"\bto (?:claim|receive|release|unlock|unfreeze|withdraw|get) (?:it|them|your|the|this)?\b"
    r"|\b(?:prize|reward|winnings|compensation|loan|iphone|refund|earnings|bonus|gift)\b"
)
#: "send me 20 first", "先交": money first, whatever it is called
_PAY_FIRST = _c(
    r"\b(?:send|pay|transfer|give)(?: me| us)? (?:\$|¥|rmb |usd )?\d+[\w ]{0,12}? first\b|先交|先付"
)
_PAY = _c(
    r"\b(?:pay|transfer|remit|wire|top up|recharge|send|scan)\b|\bdeposit (?:\$|¥|usd|rmb)?\d|先交|先付"
)
_FIRST = _c(
    r"\bfirst\b|\bbefore (?:it|the|you|we|i|that|your|we)\b|\bin advance\b|\bupfront\b|\bup front\b"
    r"|\bbeforehand\b|\bto (?:unlock|unfreeze|withdraw|receive|release|claim|activate|continue|"
    r"proceed|complete|get (?:it|the|your))\b|\bthen (?:i|we|you)\b|\band (?:then )?(?:i|we)(?:'ll| will)\b"
    r"|\bafter (?:paying|payment|that)\b|先交|先付"
)
#: a deposit nobody demands: a shop's presale, a landlord's, one paid already
_OWN_DEPOSIT = _c(
    r"\bpre ?sale\b|\bpre ?order\b|\bbalance (?:due|payment)\b|\bpay the rest\b|\bfinal payment\b"
    r"|\blandlord\b|\brent\b|\bhotel\b|\bapartment\b|\bflat\b|\bdeposit back\b"
)
_HELP = _c(r"\b(?:help|chop|bargain|cut the price|free gift|cash out|withdraw)")

_JOB = _c(
    r"\bpart ?time\b|\bside (?:job|hustle|income|gig)\b|\bwork (?:from|at) home\b|\bwfh\b"
    r"|\bonline (?:job|work|tasks?)\b|\b(?:simple|easy|online|daily|small) tasks?\b|\bhiring\b"
    r"|\bextra income\b|\bno experience\b|\bonly need (?:a|your) phone\b|\bearn (?:money|extra|cash)\b"
    r"|\bjob\b|\btasks?\b|兼职"
)
_RATE = _c(
    r"\bearn(?:ing|s)? (?:up to |about |around |over )?(?:\$|¥|usd |rmb )?\d[\d,.k]*"
    r"(?: ?(?:-|to) ?\$?\d[\d,.k]*)? ?(?:\$|usd|dollars?|rmb|yuan|usdt|k)? ?(?:a|per|each|every|/) ?"
    r"(?:day|hour|week|task|order|like|video)\b"
    r"|\bearn \d[\d,.k]* ?(?:daily|weekly)\b|\bdaily (?:pay|income|salary|payout|earnings?)\b"
    r"|\bpaid (?:daily|right away|instantly|immediately)\b|\bsalary (?:paid )?daily\b"
    r"|\d\$? ?(?:\$|usd|rmb|yuan)? ?(?:a|per|/) ?(?:day|like|task)\b|\bcommissions?\b"
    r"|\beach task pays\b|\bper (?:like|task|order|review)\b"
    r"|\d[\d,.k]*(?: ?(?:-|to) ?\$?\d[\d,.k]*)? ?(?:\$|usd|rmb|yuan|dollars?)? ?(?:daily|a day|per day"
    r"|/ ?day|weekly|a week|per week)\b"
)
_ENGAGE = _c(
    r"\blike (?:and|&) (?:follow|subscribe)\b|\blikes? (?:and|&) follows?\b|\bfollow (?:tiktok|youtube|"
    r"instagram|ig) |\b(?:youtube|tiktok|video) like\b|\blike tasks?\b|\brate products\b"
    r"|\b(?:5|five) star reviews?\b|\b(?:give|write|post) reviews\b|\bboost (?:sales|orders)\b"
    r"|\b(?:order )?brushing\b|\bbrush orders\b"
)
_INVITE = _c(
    r"\badd (?:me|my|us)\b|\b(?:dm|pm|msg|message|text|inbox|contact|whatsapp) (?:me|us)\b"
    r"|\breach (?:me|us)\b|\binterested\b|\bapply now\b|\bjoin (?:us|now|our|my)\b|\bfor details\b"
    r"|\bwhats ?app\b|\btelegram\b|\bwechat\b|加我|微信"
)

_APP = _c(
    r"\bwhats ?app\b|\btelegram\b|\btg\b|\bwechat\b|\bweixin\b|\bwx\b|\bline(?= ?(?::|id|app|me|\b$))"
    r"|\bon line\b|\bsignal\b|\bviber\b|\bkakao(?:talk)?\b|\bqq\b|\bsnapchat\b|\bmessenger\b|\bskype\b"
    r"|t\.me/|wa\.me/|微信"
)
_PRIVATE = _c(
    r"\badd (?:me|my)\b|\b(?:dm|pm|msg|message|text|inbox|contact|whatsapp|find|call) me\b"
    r"|\breach (?:me|out to me)\b|\bchat with me\b|\bprivately\b|\bin private\b"
    r"|\blet'?s (?:continue|talk|move|chat)\b|\bmy (?:id|number|handle|account) is\b|\bteach you\b"
    r"|加我"
)
_PRIVATELY = _c(r"\bprivately\b|\bin private\b|\bsecret (?:method|way)\b")
#: a contact id in the text as typed: a phone, an @handle, a t.me / wa.me link, a WeChat-style id
_CONTACT = re.compile(
    r"(?<![\w/])\+?\d(?:[ \-]?\d){6,14}(?!\d)|(?<![\w@])@[A-Za-z][\w.]{3,}|t\.me/\w+|wa\.me/\d+"
    r"|\bwxid_\w+|(?:\bid|\bline|\bwechat|\bwhatsapp|\btelegram|qq)\s*[:：]?\s*(?:is\s+)?"
    r"(?=[A-Za-z_\-]*\d)[A-Za-z][\w\-]{4,19}\b"
    r"|\b(?:wechat|whats ?app|line|telegram|signal|qq)\s*(?:id)?\s*[:：]\s*[\w\-]{4,}",
    re.I,
)
#: official hotlines and short codes are nobody's private contact
_OFFICIAL_NUMBER = re.compile(r"^\+?(?:1[ \-]?8\d\d|800|400|95\d{3}|96110)")

_WHO_KEFU = _c(
    r"\bcustomer (?:service|support|care)\b|\b(?:support|refund|claims?|after ?sales) (?:team|staff|"
    r"agent|department|specialist|officer|centre|center)\b|\bclaims? (?:agent|officer|specialist)\b"
    r"|\b(?:this is|i am|i'm|we are|we're|from|here is|here's|hello|hi|dear customer,?) (?:the )?"
    r"(?:jd|amazon|taobao|tmall|shopee|lazada|temu|aliexpress|pinduoduo|pdd|ebay|shein|tiktok|dhl|"
    r"fedex|ups|usps|sf|courier|delivery|logistics|post office)\b"
    r"|\b(?:jd|amazon|taobao|shopee|lazada|temu|aliexpress|pinduoduo|shein|dhl|fedex|courier) "
    r"(?:here|support|customer service|official|staff)\b|\bdear customer\b|\bofficial\b|\bthe courier\b"
    r"|\brefund department\b|客服"
)
_PRETEXT_KEFU = _c(
    r"\brefund(?:ed|s)?\b|\bcompensat\w*|\b(?:lost|damaged|missing|out of stock)\b|\bclaims?\b"
    r"|\bcharged twice\b|\bdouble charged?\b|\bovercharged\b|\bauto ?renew\w*|\bmembership\b"
    r"|\bsubscription\b|\babnormal\b|\bquality (?:problem|issue)\b|\bunfreeze\b"
)
_MOVE_KEFU = _c(
    r"\badd (?:our|the|my|me|us)\b|\bcontact (?:our|the|my|me|us)\b|\bjoin (?:our|the)\b"
    r"|\bclick (?:the|this|on|here)\b|\bscan (?:the|this)\b|\bdownload\b|\binstall\b"
    r"|\bwhats ?app\b|\btelegram\b|\bwechat\b|\bqq\b|\bline\b|t\.me/|\bverification code\b|\botp\b"
    r"|\b(?:bank )?card number\b|\bbank (?:card|account)\b|\bscreen\b|\bzoom\b|\banydesk\b"
)
_YOU = _c(r"\byou(?:r|rs)?\b|\bu\b|\bur\b|\bdear customer\b")

_AUTHORITY = _c(
    r"\bpolice\b|\bpoliceman\b|\bofficer\b|\bdetective\b|\binspector\b|\binterpol\b|\bfbi\b|\bcustoms\b"
    r"|\bcourt\b|\bprosecutor\b|\bprocuratorate\b|\bpublic security\b|\bthis is your bank\b"
    r"|\bfrom your bank\b|\bbank (?:security|fraud|risk) (?:department|team|centre|center)\b"
    r"|\bbank here\b|\banti ?fraud (?:centre|center|department|police)\b|\bcase officer\b"
    r"|\binvestigator\b|\bimmigration\b|\bcentral bank\b"
)
_ACCUSE = _c(
    r"\bmoney laundering\b|\blaunder\w*|\barrest warrant\b|\bwarrant\b|\bunder investigation\b"
    r"|\binvestigation\b|\bsuspected\b|\bsuspect\b|\binvolved in\b|\billegal (?:items|goods|"
    r"parcel|package)\b|\bcase number\b|\bcriminal\b|\bcompromised\b|\bsuspicious activity\b"
    r"|\b(?:will be )?arrest(?:ed)?\b|\bused for\b|\bfrozen\b"
)
_SAFE = _c(
    r"\b(?:safe|safety|secure|secured|protected|supervised|supervision|safekeeping|holding|"
    r"government|verification) account\b"
)
_MOVE_MONEY = _c(
    r"\b(?:transfer|move|send|wire|deposit)\b(?: all)? (?:of )?(?:your|the|ur)? ?(?:money|funds|savings|"
    r"balance|deposits?|cash)\b|\bbail\b|\bfor (?:verification|checking|investigation|inspection)\b"
    r"|\breturn (?:it|the money|your money) after\b"
)
_STATEMENT = _c(
    r"\bremote statement\b|\bvideo (?:statement|deposition|call with the officer)\b"
    r"|\bstatement (?:by|over|on) video\b|\bcase app\b|\bcall the (?:case )?officer\b"
    r"|\bcooperate with\b|\bpress \d\b"
)
_SECRET = _c(
    r"\bkeep (?:this|it) (?:confidential|secret|between us|quiet|to yourself)\b|\bconfidential\b"
    r"|\b(?:don'?t|do not|dont) tell (?:anyone|anybody|your|mum|mom|dad|the bank|others)\b"
    r"|\bbetween (?:you and me|us)\b|\b(?:don'?t|do not) hang up\b"
)

_SCREEN_APP = _c(
    r"\bzoom\b|\bteams\b|\banydesk\b|\bteam ?viewer\b|\brustdesk\b|\bquick ?support\b"
    r"|\bscreen ?shar\w*|\bshare (?:your |the )?screen\b|\bremote (?:access|control|desktop|assistance)\b"
    r"|\bmeeting (?:app|id)\b"
)
_SCREEN_PRETEXT = _c(
    r"\brefund\w*|\bcompensat\w*|\bwithdraw\w*|\bunfreeze\b|\bfrozen\b|\bcustomer service\b"
    r"|\bagent\b|\bstaff\b|\bbank\b|\bloan\b|\bverify\b|\bidentity\b|\bclaim\b|\bpolice\b"
    r"|\bcancel\b|\bguide you\b|\boperate for you\b|\bfollow my steps\b|\bthe money\b|\bplatform\b"
)
_SCREEN_ASK = _c(
    r"\bdownload\b|\binstall\b|\bopen\b|\bjoin\b|\bshare\b|\bturn on\b|\ballow\b|\bgive me\b|\btap\b"
)

_WHO_BOSS = _c(
    r"\b(?:it'?s|this is|i'?m|i am|here is|here'?s) (?:your |the |ur )?(?:boss|manager|director|ceo|"
    r"chairman|supervisor|president|mum|mom|mother|dad|father|son|daughter|brother|bro|sister|sis|"
    r"uncle|aunt|auntie|grandma|grandpa|cousin|teacher|me|manager \w+|director \w+|mr \w+)\b"
    r"|^(?:hi|hey|hello)?,? ?(?:mum|mom|dad|grandma|grandpa|auntie|aunt|boss|bro|sis)\b"
    r"|^(?:mum|mom|dad|bro|sis)\b"
)
_NEW = _c(
    r"\bnew (?:number|phone|account|wechat|whatsapp|id)\b|\bchanged my (?:number|phone|wechat|"
    r"whatsapp|account)\b|\blost my phone\b|\bphone (?:broke|is broken|died|was stolen)\b|\bmy phone "
    r"broke\b|\busing (?:a|my) friend'?s\b|\badd my new\b"
)
_MONEY = _c(
    r"\btransfer\w*|\bsend (?:me )?(?:\$|¥)?\d|\bsend (?:me )?(?:some )?money\b|\blend me\b|\bborrow\b"
    r"|\bwire\b|\bgift cards?\b|\bpay (?:the|a|for)\b|\bmoney\b|\bpayment\b|\bdeposit\b"
    r"|\bneed \$?\d|\bsend (?:it|them) to\b"
)
_URGENT = _c(
    r"\burgent\w*|\basap\b|\bright now\b|\bimmediately\b|\bquick(?:ly)?\b|\bfast\b|\btoday\b"
    r"|\bbefore \d|\bin a meeting\b|\bcan'?t talk\b|\bin trouble\b|\bemergency\b|\btonight\b"
)
_HUSH = _c(
    r"\b(?:don'?t|do not) call\b|\bjust reply here\b|\bkeep (?:it|this) between us\b"
    r"|\b(?:don'?t|do not|dont) tell\b|\bgift cards?\b|\bthis account\b|\bmy friend'?s account\b"
    r"|\b\d{4}(?: ?\d{4}){2,}\b"
)

_ASSET = _c(
    r"\busdt\b|\bbitcoin\b|\bbtc\b|\bcrypto\w*|\beth(?:ereum)?\b|\btether\b|\bforex\b"
    r"|\btrading (?:platform|signals?|group)\b|\bmining\b|\binvest\w*|\barbitrage\b|\btrc ?20\b"
)
_PROMISE = _c(
    r"\bguarantee\w*|\d+ ?% (?:profit|returns?|daily|weekly|monthly|per|a (?:day|week)|every)\b"
    r"|\b(?:daily|weekly|monthly) (?:returns?|profits?|income)\b|\bdouble your\b|\b\d+x returns?\b"
    r"|\breturns? of \d|\bzero risk\b|\bno risk\b|\brisk free\b|\b100% safe\b|\bearn (?:big|\$?\d)"
    r"|\binsider\b|\bmade \$?\d+k?\b|\bmentor\b|\bprofits?\b"
)
_JOIN = _c(
    r"\b(?:dm|pm|message|contact|text|add) (?:me|us|our)\b|\bjoin (?:our|my|the|us)\b|\bwhats ?app\b"
    r"|\btelegram\b|\binvest with (?:me|us)\b|\bsend \d|\bdeposit via\b|\bstart earning\b|\bsign up\b"
    r"|\bcontact\b|\bmessage me\b"
)

# ---- the words each reading needs (a set lookup, before any of its expressions runs) ---------

_TOKEN = re.compile(r"[a-z0-9]+")


def _w(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CRED_W = _w(
    "code codes otp otps tac passcode passcodes password passwords pin cvv cvc cvn digits "
    "credentials login card account iban id passport ssn social nric routing expiry identity"
)
_FEE_W = _w("deposit guarantee margin fee fees charge charges tax duty first")
_JOB_W = _w(
    "earn earns earning commission commissions daily salary paid per like likes review "
    "reviews rate brushing brush task tasks weekly"
)
_SCREEN_W = _w("zoom teams anydesk teamviewer viewer rustdesk quicksupport screen remote meeting")
_KEFU_W = _w(
    "refund refunds refunded compensation compensate compensated lost damaged missing claim "
    "claims charged double overcharged renew autorenew renewal membership subscription "
    "abnormal quality unfreeze"
)
_POLICE_W = _w(
    "safe safety secure secured protected supervised supervision safekeeping holding "
    "government police policeman officer detective inspector interpol fbi customs court "
    "prosecutor procuratorate bank investigator immigration"
)
_BOSS_W = _w(
    "boss manager director ceo chairman supervisor president mum mom mother dad father son "
    "daughter brother bro sister sis uncle aunt auntie grandma grandpa cousin teacher me mr"
)
_CRYPTO_W = _w(
    "usdt bitcoin btc eth ethereum tether forex trading mining invest investing investment "
    "investments arbitrage trc20 trc crypto cryptocurrency cryptos"
)
_APP_W = _w(
    "whatsapp whats telegram tg wechat weixin wx line signal viber kakao kakaotalk qq "
    "snapchat messenger skype"
)
_CHINESE_CUES = ("验证码", "密码", "先交", "先付", "微信", "发给我", "客服")


# ---- the poster's own voice ----------------------------------------------------------------

_NEGATED = _c(
    r"\b(?:don'?t|do not|dont|never|not|won'?t|will not|no one|nobody|didn'?t|refuse\w*|without"
    r"|stop)\b[^.!?\n]{0,24}$"
)
_REPORTED = _c(
    r"(?:\b(?:asked|asking|asks|told|telling|tells|wanted|wants|said|saying|says|tried|trying|"
    r"got|texted|messaged|called)\b(?: (?:me|us|you|people|him|her|them|my \w+|everyone|"
    r"members|someone))?(?: \w+)?(?: to| for| that)?|\bif (?:someone|anyone|they|a \w+|people|you)\b"
    r"|\bwhen (?:someone|anyone|they)\b|\b(?:scammers?|they|people|fraudsters|he|she) (?:will|may|"
    r"might|often|usually|always|ask|asks|say|said|want|wanted|pretend)\b|\bwhoever\b"
    r"|\banyone who\b|\bsomeone who\b|\bpeople who\b|\bsaying\b)[^.!?\n]{0,40}$"
)
_QUOTE = re.compile(r"'[^'\n]{3,120}'|\"[^\"\n]{3,160}\"|“[^”\n]{3,160}”|‘[^’\n]{3,120}’")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    # an apostrophe inside a word (it's, don't) opens no quotation
    spans = []
    for m in _QUOTE.finditer(text):
        s = m.start()
        if m.group(0)[0] == "'" and s > 0 and text[s - 1].isalpha():
            continue
        spans.append((s, m.end()))
    return spans


def _own(text: str, start: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether the words at ``start`` are the poster's own (not negated, reported or quoted)."""
    if any(a <= start < b for a, b in quotes):
        return False
    before = text[max(0, start - 60) : start]
    return not (_NEGATED.search(before) or _REPORTED.search(before))


def _asks(
    text: str, pattern: re.Pattern[str], quotes: list[tuple[int, int]], reach: int = 70
) -> bool:
    """Whether an ask of the poster's own falls within ``reach`` characters of ``pattern``."""
    things = [m.start() for m in pattern.finditer(text)]
    if not things:
        return False
    for m in _ASK.finditer(text):
        if any(abs(t - m.start()) <= reach for t in things) and _own(text, m.start(), quotes):
            return True
    return False


def _near(text: str, reach: int, *patterns: re.Pattern[str]) -> list[re.Match[str]] | None:
    """One match of each pattern, all within ``reach`` characters (the first such set)."""
    found = [list(p.finditer(text)) for p in patterns]
    if not all(found):
        return None
    for anchor in found[0]:
        pick = [anchor]
        for other in found[1:]:
            best = min(other, key=lambda m: abs(m.start() - anchor.start()))
            pick.append(best)
        lo = min(m.start() for m in pick)
        hi = max(m.start() for m in pick)
        if hi - lo <= reach:
            return pick
    return None


def _own_any(text: str, pattern: re.Pattern[str], quotes: list[tuple[int, int]]) -> bool:
    return any(_own(text, m.start(), quotes) for m in pattern.finditer(text))


def contact(view: str) -> bool:
    """A private contact in the text as typed (official hotlines are none)."""
    for m in _CONTACT.finditer(view):
        digits = re.sub(r"[ \-]", "", m.group(0))
        number = digits[:1].isdigit() or digits[:1] == "+"
        if number and (_OFFICIAL_NUMBER.match(digits) or len(digits.lstrip("+")) < 7):
            continue
        return True
    return False


# ---- the warning frame ---------------------------------------------------------------------

_STRONG = _c(
    r"(?<!not a )(?<!no )(?<!isn't a )(?<!never a )(?<!not )\bscam(?:s|mer|mers)?\b(?! free)"
    r"|\b(?:is|it'?s|that'?s|are|was|sounds like|all) (?:a |an |the |just |obviously |definitely )?"
    r"(?:fraud|fake|trap|phishing)\b|\bfraud(?:sters?| alert)\b|\bfraudulent\b|\bphishing\b"
    r"|\bbeware\b|\bbe careful\b|\bcareful\b|\bwatch out\b|\bheads up\b|\bpsa\b"
    r"|\bscam (?:warning|alert)\b|\bwarning: scam\b"
    r"|\b(?:don'?t|do not) fall for\b|\bnever (?:give|share|send|pay|click|download|install|tell|"
    r"trust|reply|add|do that)\b|\b(?:don'?t|do not|dont) (?:give|share|send|pay|click|download|"
    r"install|trust|reply|add|go|believe|transfer)\b|\breported (?:him|her|them|it|a)\b"
    r"|\breport (?:him|her|them|this|that|to the admins?)\b|\bblock (?:them|him|her|and)\b|\bblocked\b|\bstay safe\b|\bwill never ask\b|\bnever asks?\b|\bidentity theft\b"
    r"|\bgroup rules?\b|\bviolators\b|\bobviously fake\b|\bhung up\b|\bfake\b|\btrick\b"
    r"|\bstopped (?:her|him|them)\b|\bis (?:that|this) a scam\b|\bthe trap\b|骗|小心"
)
#: a scammer's reassurance is no warning
_REASSURE = _c(
    r"\bnot (?:a )?(?:scam|fake|fraud)\b|\bno scam\b|\blegit\b|\b100% (?:real|safe|legit)\b"
)
_WEAK = _c(
    r"\b(?:someone|somebody|a (?:guy|girl|man|woman|stranger|person|lady)|they|he|she|my (?:friend|"
    r"aunt|uncle|mom|mum|dad|grandma|grandpa|colleague|cousin|sister|brother|neighbou?r))\b"
    r"[^.!?\n]{0,20}\b(?:asked|told|messaged|called|texted|said|wanted|dm'?d|sent|was asking|were "
    r"asking|kept asking|tried|got)\b"
    r"|\b(?:got|received|get) (?:a|an|this|these|the) (?:call|text|message|sms|dm|email)\b"
    r"|\bis (?:this|that|it) (?:a scam|legit|real|safe)\b|\banyone else (?:get|got|receive)\b"
    r"|\basked me (?:for|to)\b|\btold me to\b|\bhappened to\b|\bthey told me\b"
)
_CHANNEL = _c(
    r"\b(?:add|dm|pm|msg|message|text|inbox|contact|whatsapp|call) me\b|\badd my\b|\bmy (?:id|number|"
    r"whatsapp|telegram|wechat|line) is\b|\binvest with me\b"
)


def _frame(text: str, view: str, linked: bool) -> str | None:
    """ "strong", "weak" or None: how surely the text warns of a scam instead of running one."""
    if linked or contact(view) or _CHANNEL.search(text) or _SECRET.search(text):
        return None
    if _STRONG.search(text) and not _REASSURE.search(text):
        return "strong"
    if _WEAK.search(text):
        return "weak"
    return None


# ---- what the reasons say ------------------------------------------------------------------

#: (zh, en) names of the kinds of scam, and of what was found
KINDS = {
    "kefu": ("冒充客服退款、理赔", "fake customer service refunds"),
    "police": ("冒充公检法、银行", "an impersonated police officer, court or bank"),
    "boss": ("冒充领导、熟人借钱", "a 'boss' or relative asking for money"),
    "investment": ("虚拟币、USDT投资", "crypto or USDT 'investment'"),
}
WHAT = {
    "kefu_who": ("自称客服", "claims to be customer service"),
    "kefu_pretext": ("主动说要退款、赔偿", "offers a refund or compensation nobody asked for"),
    "authority": ("自称警方、法院或银行", "claims to be the police, a court or a bank"),
    "accused": ("说你涉案、被调查", "says you are under investigation"),
    "safe_account": ("要你把钱转到“安全账户”", "wants your money moved to a 'safe account'"),
    "statement": ("要你做远程笔录或下载办案软件", "wants a remote statement or a case app"),
    "secret": ("要你保密", "tells you to keep it secret"),
    "new_account": ("用新号联系你", "writes from a new number or account"),
    "money": ("找你要钱或转账", "asks you for money or a transfer"),
    "urgent": ("说有急事", "says it is urgent"),
    "hush": ("让你别打电话核实、买礼品卡或转到别人账户",
             "says not to call, or wants gift cards or another person's account"),
    "returns": ("承诺高额收益", "promises returns"),
    "join": ("拉你私聊或进群投资", "wants you to invest through a private chat or group"),
}  # fmt: skip
APPS = {
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "tg": "Telegram",
    "wechat": "WeChat",
    "weixin": "WeChat",
    "wx": "WeChat",
    "line": "Line",
    "signal": "Signal",
    "viber": "Viber",
    "kakao": "KakaoTalk",
    "qq": "QQ",
    "snapchat": "Snapchat",
    "messenger": "Messenger",
    "skype": "Skype",
    "t.me/": "Telegram",
    "wa.me/": "WhatsApp",
    "微信": "WeChat",
}
#: the catalogue texts this module adds (merged into the plugin's TEXTS)
TEXTS = {
    "zh": {
        "english_off_group": "这条消息留了{app}联系方式，拉人私聊：请不要拉人私聊，互助在群里进行。",
        "advice_investment": "承诺稳赚、日收益的投资都是骗局，不要转任何币或钱给陌生人。",
    },
    "en": {
        "english_off_group": "This message leaves a {app} contact to take members into a private chat: please keep help here in the group.",
        "advice_investment": "Promised or daily returns are always a scam: never send coins or money to a stranger's 'platform'.",
    },
}  # fmt: skip


def _script(kind: str, severe: bool, stages: list[str], lang: str) -> tuple[Any, ...]:
    zh, en = KINDS[kind]
    i = 1 if lang == "en" else 0
    what = join_list((WHAT[s][i] for s in dict.fromkeys(stages)), lang)
    values = {"category": en if lang == "en" else zh, "what": what, "kind": kind, "english": True}
    level = Severity.SEVERE if severe else Severity.REVIEW
    return (
        "anti_scam.script",
        level,
        "script_severe" if severe else "script_review",
        values,
        severe,
    )


#: findings that are the poster's own demand (an ask of the reader, never negated, reported or
#: quoted): warning words around them do not lower them ("they are all scams, send me your OTP")
DEMANDS = frozenset({"code_request", "account_request", "account_photo", "deposit", "pay_to_help",
                     "screen_share"})  # fmt: skip


def _phrase(category: str, rule: str, level: Severity = Severity.SEVERE) -> tuple[Any, ...]:
    values = {"words": "", "phrase": rule, "english": True}
    return (f"anti_scam.{category}", level, f"phrase_{category}", values, level >= Severity.MINOR)


# ---- the reader ----------------------------------------------------------------------------


def read(
    view: str, lang: str = "zh", *, linked: bool = False, cfg: Any = None
) -> list[tuple[Any, ...]]:
    """The findings (rule, severity, key, values, remove) of the English moves in ``view``
    (the text around its links, normalised); ``linked``: the message carried a link that is
    not an official platform's (a channel to the sender). ``cfg``: the group's settings — a
    built-in rule it switched off (``brushing``) is off in English too, and ``scripts: false``
    switches off the script-like readings (customer service, police, boss, investment)."""
    view = view[:READ_LIMIT]
    text = reading(view)
    words = set(_TOKEN.findall(text))
    if any(c in text for c in _CHINESE_CUES):
        words.update(("code", "first", "wechat", "refund"))  # the Chinese words among English
    if "t.me/" in text or "wa.me/" in text:
        words.add("telegram")
    quotes = _quoted_spans(text)
    found: list[tuple[Any, ...]] = []
    # a code, a password, a card or an ID asked of the reader
    if words.isdisjoint(_CRED_W):
        pass
    elif _asks(text, _CODE, quotes) or _asks(text, _PASSWORD, quotes):
        found.append(_phrase("credential", "code_request"))
    elif _asks(text, _CARD, quotes):
        photo = _PHOTO.search(text) is not None
        found.append(_phrase("credential", "account_photo" if photo else "account_request"))
    # a deposit or a fee to pay first
    if not words.isdisjoint(_FEE_W) and not _OWN_DEPOSIT.search(text):
        hit = _near(text, 90, _FEE, _PAY, _FIRST) or _near(text, 90, _ANY_FEE, _PAY, _FIRST, _GOAL)
        if not hit and _HELP.search(text):
            hit = _near(text, 90, _PAY_FIRST, _PAY_FIRST)
        if hit and _own(text, hit[1].start(), quotes):
            found.append(_phrase("prepay", "pay_to_help" if _HELP.search(text) else "deposit"))
    # a paid task or a side job that pays by the day
    engage = not words.isdisjoint(_JOB_W) and _ENGAGE.search(text) is not None
    if (
        not words.isdisjoint(_JOB_W)
        and (
            _own_any(text, _RATE, quotes)
            and (engage or (_JOB.search(text) and _INVITE.search(text)))
        )
    ) or (engage and _own_any(text, _INVITE, quotes)):
        found.append(_phrase("paid_help", "brushing", Severity.MINOR))
    # a meeting or remote-control app for a refund, a payout or a "verification"
    if (
        not words.isdisjoint(_SCREEN_W)
        and _SCREEN_APP.search(text)
        and _SCREEN_PRETEXT.search(text)
        and _own_any(text, _SCREEN_ASK, quotes)
    ):
        found.append(_phrase("credential", "screen_share"))
    found.extend(_scripts(text, view, lang, quotes, found, words))
    # a move to a private chat with a contact
    app = None if words.isdisjoint(_APP_W) and "微信" not in text else _APP.search(text)
    if (
        app
        and _own_any(text, _PRIVATE, quotes)
        and not any(f[0] == "anti_scam.impersonation" for f in found)
    ):
        name = APPS.get(app.group(0).strip().split(" ")[-1].rstrip(":"), app.group(0).strip())
        name = APPS.get(app.group(0).replace(" ", ""), name)
        if contact(view) or linked:
            found.append(("anti_scam.off_group", Severity.MINOR, "english_off_group",
                          {"app": name, "english": True}, True))  # fmt: skip
        elif _PRIVATELY.search(text) and not found:
            found.append(("anti_scam.off_group", Severity.REVIEW, "english_off_group",
                          {"app": name, "english": True}, False))  # fmt: skip
    if cfg is not None and found:
        found = [f for f in found if f[3].get("phrase") not in cfg.disable_rules
                 and (cfg.scripts or f[0] != "anti_scam.script")]  # fmt: skip
    if not found:
        return found
    return _lowered(found, text, view, linked)


def _scripts(
    text: str,
    view: str,
    lang: str,
    quotes: list[tuple[int, int]],
    found: list[tuple[Any, ...]],
    words: set[str],
) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    # fake customer service: who + a refund nobody asked for (+ a move: a channel, a code …)
    if (
        not words.isdisjoint(_KEFU_W)
        and _WHO_KEFU.search(text)
        and _PRETEXT_KEFU.search(text)
        and _YOU.search(text)
    ):
        moved = _own_any(text, _MOVE_KEFU, quotes) or contact(view)
        if moved:
            rule = "kefu_contact" if contact(view) else "kefu"
            out.append(_phrase("impersonation", rule))
        else:
            out.append(_script("kefu", False, ["kefu_who", "kefu_pretext"], lang))
    # a fake officer or bank: a "safe account", a remote statement, secrecy
    police = not words.isdisjoint(_POLICE_W)
    safe = police and _SAFE.search(text) is not None and _own_any(text, _MOVE_MONEY, quotes)
    authority = police and _AUTHORITY.search(text) is not None
    accused = authority and _ACCUSE.search(text) is not None
    if safe or (authority and accused):
        stages = ["authority"] if authority else []
        stages += ["accused"] if accused else []
        move = _own_any(text, _MOVE_MONEY, quotes) and (safe or authority)
        statement = _own_any(text, _STATEMENT, quotes)
        secret = _own_any(text, _SECRET, quotes)
        stages += ["safe_account"] if safe or move else []
        stages += ["statement"] if statement else []
        stages += ["secret"] if secret else []
        severe = safe or ((move or statement or secret) and authority and accused)
        if severe or (authority and accused and _YOU.search(text)):
            out.append(_script("police", bool(severe), stages, lang))
    # a boss or relative on a new account, asking for money
    who = not words.isdisjoint(_BOSS_W) and _WHO_BOSS.search(text) is not None
    new = _NEW.search(text) is not None
    money = _own_any(text, _MONEY, quotes)
    if who and money and (new or _HUSH.search(text)):
        hush = _HUSH.search(text) is not None or _own_any(text, _SECRET, quotes)
        urgent = _URGENT.search(text) is not None
        stages = (["new_account"] if new else []) + ["money"] + (["urgent"] if urgent else [])
        stages += ["hush"] if hush else []
        out.append(_script("boss", hush and (new or urgent), stages, lang))
    # crypto / USDT "investment" with promised returns
    crypto = not words.isdisjoint(_CRYPTO_W) or any(w.startswith("crypto") for w in words)
    if crypto and _ASSET.search(text) and _own_any(text, _PROMISE, quotes):
        joined = _own_any(text, _JOIN, quotes) or contact(view)
        if joined or not found:
            out.append(
                _script("investment", joined, ["returns"] + (["join"] if joined else []), lang)
            )
    return out


def _lowered(
    found: list[tuple[Any, ...]], text: str, view: str, linked: bool
) -> list[tuple[Any, ...]]:
    """A warning without a channel drops (strong frame) or holds for review (weak frame) what
    it names; the poster's own demand stays."""
    frame = _frame(text, view, linked)
    if frame is None:
        return found
    out = []
    for rule, level, key, values, remove in found:
        if values.get("phrase") in DEMANDS:
            out.append((rule, level, key, values, remove))
        elif frame == "weak":
            out.append((rule, Severity.REVIEW, key, {**values, "warning": True}, False))
    return out
