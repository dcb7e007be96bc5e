"""Traditional characters folded to simplified ones, for the words the checks look for.

Scripts are pasted from Hong Kong or Taiwan material, or typed in traditional
characters on purpose (轉賬到安全賬戶) so word lists of simplified Chinese miss
them. ``simplified(text)`` maps the 519 traditional characters that differ in
the words of scams and of ordinary talk about money, parcels, loans and police
(a character table, no phrase conversion: enough for matching, cheap to run).
Characters that are also simplified characters in their own right (著, 覆,
乾) are left alone.
"""

from __future__ import annotations

import re

_TRADITIONAL = (
    "丟並亂仟來係倉個們偵備傳債傷價億償優儲兒內兩冊凍別則剛創劃劇劉動務勝勞勢勵勸匯區協卻參吳員問啟單嗎嚴國圍園圓圖團場塊壓壞"
    "夠夥奪奮婦媽孫學實寧審寫寶將專尋對導層屬島崗師帳帶幣幫幹幾庫廠廣廳張彈彙後從復徵徹愛態憂憑應懷戰戲戶掛揚換損撥擁擇擊擔據"
    "擴攜攝敵數斂斷於時晉曆曉書會東條楊業極構槍樂樓標樣機檢權歐歡歲歷歸殺殼氣沒準溝滅滙滿漢潛濕濟灣災為無煙熱燈營爭爲爺牆獎獨"
    "獲現環產畫異當療發盜盡監盤確碼礎禍禮種積穩窮競筆節範築簡簽籤糧紀約紅納純紙級細終組結絕絡給統綁經綫維網緊線緝緣編緩練縣縮"
    "總織繫繳繼續纔罰罷羅義習聖聞聯聰聲職聽肅脅腦臉臺與舊艱華萬葉藝藥蘇處號蟲術衛衝補裝裡製複見規視親覺覽觀觸訂計訊討訓託記訟"
    "訪設許訴註詐評詞詢試詩話該詳誌認語誠誤說誰調談請論諸謀講謝謹證識譯議護讀變讓讚豐貓貝負財貢貧貨貳貴買貸費貼貿賀資賓賞賠賣"
    "質賬賭賺購賽贈贏贖趕趙跡踐蹤躍車軌軍軟較載輔輕輛輪輸轉辦農這連進遊運過達違遞遠適遲選遺還邊郵鄉鄭醜醫釋釘針鈔銀銷鋼錄錢錦"
    "錯鍋鍵鎖鎮鏈鏡鐘鐵長門閃閉開閑閒間閩閱闆闊關陣陰陳陸陽隊際隨險隱隻雙雜雞離難雲電靜韓響頁頂項順須預頒頓領頭頸頻題額類顧顯"
    "風颱飄飛飯飲餅養餘館馬騎騙騰驅驗驚體髮鬆鬥鬧鬱魚魯鮮鳥鹽麗麥麪麼黃點黨齊齒齡龍"
)
_SIMPLIFIED = (
    "丢并乱千来系仓个们侦备传债伤价亿偿优储儿内两册冻别则刚创划剧刘动务胜劳势励劝汇区协却参吴员问启单吗严国围园圆图团场块压坏"
    "够伙夺奋妇妈孙学实宁审写宝将专寻对导层属岛岗师账带币帮干几库厂广厅张弹汇后从复征彻爱态忧凭应怀战戏户挂扬换损拨拥择击担据"
    "扩携摄敌数敛断于时晋历晓书会东条杨业极构枪乐楼标样机检权欧欢岁历归杀壳气没准沟灭汇满汉潜湿济湾灾为无烟热灯营争为爷墙奖独"
    "获现环产画异当疗发盗尽监盘确码础祸礼种积稳穷竞笔节范筑简签签粮纪约红纳纯纸级细终组结绝络给统绑经线维网紧线缉缘编缓练县缩"
    "总织系缴继续才罚罢罗义习圣闻联聪声职听肃胁脑脸台与旧艰华万叶艺药苏处号虫术卫冲补装里制复见规视亲觉览观触订计讯讨训托记讼"
    "访设许诉注诈评词询试诗话该详志认语诚误说谁调谈请论诸谋讲谢谨证识译议护读变让赞丰猫贝负财贡贫货贰贵买贷费贴贸贺资宾赏赔卖"
    "质账赌赚购赛赠赢赎赶赵迹践踪跃车轨军软较载辅轻辆轮输转办农这连进游运过达违递远适迟选遗还边邮乡郑丑医释钉针钞银销钢录钱锦"
    "错锅键锁镇链镜钟铁长门闪闭开闲闲间闽阅板阔关阵阴陈陆阳队际随险隐只双杂鸡离难云电静韩响页顶项顺须预颁顿领头颈频题额类顾显"
    "风台飘飞饭饮饼养余馆马骑骗腾驱验惊体发松斗闹郁鱼鲁鲜鸟盐丽麦面么黄点党齐齿龄龙"
)
_TABLE = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
# a class of the traditional characters: searching with it skips through the text in C
_ANY = re.compile(f"[{_TRADITIONAL}]")


def simplified(text: str) -> str:
    """``text`` with its traditional characters folded to simplified ones (most texts have none,
    and then it is returned as it is after one search)."""
    return text.translate(_TABLE) if _ANY.search(text) else text
