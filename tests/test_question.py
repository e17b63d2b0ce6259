"""Question analysis: the expected answer kind, whether a short span answers, and the content terms."""

from __future__ import annotations

import pytest

from rag.question import (
    Expect, analyse, answers_kind, as_asked, asks_gist, asks_which_text, bare_name_asked, chinese_count,
    gives_hour, holds_kind, name_asked, names_a_period, numbered_term, split_questions, texts_asked_about,
    yes_no_asked,
)


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("西宁市的组织部长是谁？", Expect.PERSON),
        ("《画山水序》的作者是哪位？", Expect.PERSON),
        ("學校創建於哪一年？", Expect.TIME),
        ("吠陀梵語大約到何時開始演變成古典梵語？", Expect.TIME),
        ("松平康忠是什么时期的武将？", Expect.TIME),
        ("它的体长可达多少？", Expect.NUMBER),
        ("该队共有几名球员？", Expect.NUMBER),
        ("这座山有多高？", Expect.NUMBER),
        ("乌审旗要全力抓好多少项年度重点工作任务落实？", Expect.NUMBER),
        # 几点 at the end asks the hour; before a noun, how many points.
        ("报价截止到几点？", Expect.TIME),
        ("驻场人员早上几点上班？", Expect.TIME),
        ("会议提出了几点意见？", Expect.NUMBER),
        # 多 after 许, 很, 众 is "many", not "how": 许多高明 asks nothing of height.
        ("麥高文有許多高明的決定但是被誰所託累了？", Expect.PERSON),
        ("很多大型的國營銀行逐步邁向私有化是因為政府實行哪一種經濟政策？", Expect.ENTITY),
        # 甚麼, as Taiwan writes it, asks as 什麼 does; 為甚麼 asks why.
        ("安波羅修提倡甚麼主義?", Expect.ENTITY),
        ("朱棣後來為甚麼被發現?", Expect.DESCRIPTION),
        # What something looks like is a sentence; what kind of thing, a thing.
        ("黄蝉的花是什么样子？", Expect.DESCRIPTION),
        ("呋塞米的用药方式是什么样的？", Expect.DESCRIPTION),
        # What was said or written, asked as a whole (DRCD train 3384-15-5, gold 好在歷史是人民寫的).
        ("有感於訣別的劉少奇最後和家人說了什麼?", Expect.DESCRIPTION),
        ("魏玩的词作大多写什么内容？", Expect.DESCRIPTION),
        ("苏新发的文章讲了什么？", Expect.DESCRIPTION),
        ("海北组织工作提出了什么方案？", Expect.ENTITY),  # a thing it names: 海北方案
        ("正拍擊球加上大陸式的握拍方法可以打出什麼樣的球？", Expect.ENTITY),
        # 那 before a classifier or 里, with no other question word, asks as 哪 does.
        ("自由軟體基金會起源於那裡?", Expect.PLACE),
        ("世界上那一國家最先擁有高鐵？", Expect.PLACE),
        ("那是什么？", Expect.ENTITY),
        # No question word, the blank at the end.
        ("韓國被北韓稱為？", Expect.NAME),
        ("漢諾瓦音樂與戲劇學院位於？", Expect.PLACE),
        ("世界上歷史最悠久的古典音樂節為？", Expect.ENTITY),
        ("涵元殿北邊的配殿有慶雲殿以及?", Expect.ENTITY),
        ("他辭職是因為?", Expect.DESCRIPTION),
        ("現今的環境污染是起源於?", Expect.ENTITY),
        ("朱庇特等同於希臘神話中的?", Expect.ENTITY),
        # 国 in 国籍, 地 in 地铁, 朝 in 朝鲜 are no place or time asked for; 几 in 几何, 几内亚, 几近 asks nothing.
        ("聯邦制國家的國民擁有哪一種國籍？", Expect.ENTITY),
        ("東涌線以及哪一條地鐵路線？", Expect.ENTITY),
        ("「丁丑下城」事件是由哪一位朝鮮皇帝向皇太極行禮？", Expect.PERSON),
        ("新幾內亞和澳大利亞中間隔著哪一個海峽？", Expect.PLACE),
        ("角是由射線組成的幾何對象是在什麼學說中的認知？", Expect.ENTITY),
        ("效率卻幾近於零此句話形容的是哪一經濟改革？", Expect.ENTITY),
        # 几 before another question word is "a few" (DRCD dev 3213-25-4, 3213-43-5).
        ("總督的侄子帶領幾個同夥建立哪個國家?", Expect.PLACE),
        ("在中世紀早期的幾百年中，歐洲經濟最發達的是哪一個國家?", Expect.PLACE),
        ("该公司的总部位于哪个城市？", Expect.PLACE),
        ("主要祭祀陳氏的寺廟建於哪裡？", Expect.PLACE),
        ("戈登在交易案中被送到哪儿？", Expect.PLACE),
        ("幼发拉底河位在哪？", Expect.PLACE),
        ("报价文件送到几楼？", Expect.PLACE),  # which floor is where
        ("视网膜共有几层神经元?", Expect.NUMBER),  # how many layers is a count
        # 在哪, 到哪 and 来自哪 ask where only when a place follows: 在哪一场战争 asks which war.
        ("罗纳德·麦克林在哪一场战争中身亡？", Expect.ENTITY),
        ("这一地区在2003年遭到哪一种天灾影响？", Expect.ENTITY),
        ("幽暗密林是来自哪一本小说中？", Expect.NAME),
        ("他是哪一天出生的？", Expect.TIME),
        ("春节哪几天上班？", Expect.TIME),  # which days, not how many (was answered 7天, of 共7天)
        ("春节放假几天？", Expect.NUMBER),
        ("霓虹雀鲷的俗名是什么？", Expect.NAME),
        ("這種魚被稱為什麼？", Expect.NAME),
        ("哪一本書規範了梵語的正確語法？", Expect.NAME),
        ("明成祖的本名是?", Expect.NAME),
        # A post or a kinship names a person: what they are called asks who.
        ("海北州委组织部长叫什么名字？", Expect.PERSON),
        ("元皇后的儿子叫什么？", Expect.PERSON),
        ("市長的姓名是什麼？", Expect.PERSON),
        # So does one that ends on the blank after it (DRCD dev); a thing before the blank is asked as a thing.
        ("察必皇后的丈夫是?", Expect.PERSON),
        ("苹果的颜色是?", Expect.ENTITY),
        ("凉茶舖又叫什么？", Expect.NAME),
        ("刺角瓜又名什么？", Expect.NAME),
        ("明世宗担任藩王时有什么称号？", Expect.NAME),
        ("心肌细胞又有什么样的名称？", Expect.NAME),
        ("塞蒙两国决定废除哪个名称？", Expect.NAME),
        # 人 that heads a compound names no person (it was 什么人, who, and answered 上海陸家嘴).
        ("西宁实行了什么人才制度？", Expect.ENTITY),
        ("该县有多少人口？", Expect.NUMBER),
        ("他是什么人？", Expect.PERSON),
        # A name noun that only ends the question yields to what comes before it.
        ("哪位生物学家正式建立了鸟兽脚类的名称？", Expect.PERSON),
        ("福音书在什么时间之后才有名称？", Expect.TIME),
        ("为何台北县要拿新北市当作升格之后的名称？", Expect.DESCRIPTION),
        # A bare 名 that ends a word is no name asked for: a rank, a nomination, a fame.
        ("蒙泰罗在大奖赛上获得第几名？", Expect.NUMBER),
        ("这部电影得到几个奥斯卡奖项提名？", Expect.NUMBER),
        ("桃花源小厨以什么而闻名？", Expect.ENTITY),
        ("《real world》为什么会获得单曲榜第1名？", Expect.DESCRIPTION),
        ("印度教的最早宗教文本以什麼語言撰寫？", Expect.ENTITY),
        ("尤金袋鼠为什么会被认为是害虫？", Expect.DESCRIPTION),
        # 为什么 after a verb that takes 为 asks "as what" (誉为, 改为, 列为: 3 public questions; 称为 and 名为 were NAME already).
        ("如今的赛里木湖被誉为什么？", Expect.ENTITY),
        ("唐朝的時候將「帥都督」改為什麼職務?", Expect.ENTITY),
        ("清朝早期滿洲被列為什麼地方禁止漢人進入?", Expect.PLACE),
        ("因为什么原因他离开了？", Expect.DESCRIPTION),
        # 称之为什么 asks what it is called (5 public questions were why-questions before session 17).
        ("锦地罗又被称之为什么？", Expect.NAME),
        ("人们把它视之为什么？", Expect.ENTITY),
        ("他为什么被称为神童？", Expect.DESCRIPTION),
        # What something means is explained by a sentence (CMRC's golds are 27 to 109 characters).
        ("节目名称前标有★，是什么意思？", Expect.DESCRIPTION),
        ("不同的分值代表着什么意思？", Expect.DESCRIPTION),
        ("“不求我有，但求我用”是什么意思？", Expect.DESCRIPTION),
        ("可汗意同於漢語中的什麼意思?", Expect.ENTITY),  # which meaning: 天子
        # What something is, asked first (什么是…, 何谓…), is a definition: the 27 public golds
        # are 11 to 104 characters. Asked after its subject it is any entity.
        ("什么是放线菌酮？", Expect.DESCRIPTION),
        ("什麼是“工匠精神”", Expect.DESCRIPTION),
        ("何谓容错机制？", Expect.DESCRIPTION),
        ("该公司的总部是什么？", Expect.ENTITY),
        ("威武陳元帥是怎麼死的？", Expect.DESCRIPTION),
        ("政府采取了什么措施？", Expect.DESCRIPTION),
        ("尤金袋鼠分布在哪些地区？", Expect.LIST),
        # A question that ends in its time noun asks for the time.
        ("潘仕成逝世的时间是？", Expect.TIME),
        ("西德成立的前一年為？", Expect.TIME),
        # 比例 asks a number as the last word only; with 哪 before it, which one is asked.
        ("男女生比例是？", Expect.NUMBER),
        ("世界上哪一個國家的女性國會議員比例最高?", Expect.PLACE),
        ("韓國的大學中哪一種的比例在國內佔了其他兩種合起來的4倍以上？", Expect.ENTITY),
    ],
)
def test_expectation(question: str, expect: Expect) -> None:
    assert analyse(question).expect is expect


def test_the_cue_is_the_question_word_not_a_word_that_holds_its_character() -> None:
    assert analyse("角是由射線組成的幾何對象是在什麼學說中的認知？").cue == "什么"


def test_short_answers_for_factoids_only() -> None:
    assert analyse("西宁市的组织部长是谁？").wants_short
    assert analyse("它的体长可达多少？").wants_short
    assert not analyse("尤金袋鼠为什么会被认为是害虫？").wants_short
    assert not analyse("尤金袋鼠分布在哪些地区？").wants_short


def test_terms_are_folded_without_question_words() -> None:
    info = analyse("學校創建於哪一年？")
    assert info.terms == ("学校", "创建", "年")
    assert info.cue == "哪一年"
    assert analyse("西宁市的组织部长是谁？").terms == ("西宁市", "组织部长")


def test_which_n_kinds_asks_for_a_list():
    assert analyse("文章主张事先定下哪三样东西？").expect is Expect.LIST
    assert analyse("要求不断提高哪三种政治能力？").expect is Expect.LIST
    assert analyse("他是哪一年出生的？").expect is Expect.TIME


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("全省组织部长会议提出的“五个更加注重”具体是哪五个方面？", ("五个更加注重", 5)),
        ("海北州村（社区）“十有”工程包括哪十项具体内容？", ("十有", 10)),
        ("乌审旗“321引才工程”中的3、2、1分别指什么？", ("321引才工程", 3)),
        ("「六片」指的是什麼？", ("六片", 6)),
        ("乌审旗的“三区两地”是什么？", ("三区两地", 3)),  # what the name is: its parts
        ("烏審旗的「三區兩地」是什麼？", ("三区两地", 3)),
        ("乌审旗“三区两地”建设是什么？", ("三区两地", 3)),  # a head noun after the name
        ("“十三个坚持”中最重要的是什么？", None),  # one of them
        ("“十三个坚持”的第一条是什么？", None),  # one part, not all of them
        ("“十三个坚持”第一条是什么", None),  # refused before: an ordinal is no head noun
        ("「三個代表思想」是出自於哪一個政黨?", None),  # one thing about the name
        ("“一轴”指的是什么？", None),  # a name of one part
        ("什么是“三区两地”？", ("三区两地", 3)),  # 什么是 before the name that ends the question
        ("何謂「三區兩地」建設?", ("三区两地", 3)),
        ("“五个更加注重”包括什么？", ("五个更加注重", 5)),  # what it holds
        ("“十三个坚持”的具体内容是什么？", ("十三个坚持", 13)),
        ("什么是“十三个坚持”的第一条？", None),  # one of them, asked the other way round
        ("什么是“一轴”？", None),
        ("组工干部要做到哪“三个过硬”？", ("三个过硬", 3)),  # 哪 before the quoted name
        # Unquoted, where the question opens with it.
        ("五个更加注重是哪五个？", ("五个更加注重", 5)),
        ("什么是两个维护？", ("两个维护", 2)),  # unquoted, what it is: its parts
        ("三件大事是什么", ("三件大事", 3)),
        ("三型目标是什么？", None),  # no counter: name_asked's, not a count of things
        ("五個更加注重具體是哪五個方面？", ("五个更加注重", 5)),
        ("三个有利于指什么？", ("三个有利于", 3)),
        ("三个导向是什么？", ("三个导向", 3)),  # all the question is about: its parts
        ("三个导向有什么作用？", None),  # something about it
        ("海北州的五个更加注重是哪五个？", ("五个更加注重", 5)),  # after whose it is
        ("要做好五个更加注重的哪五个方面？", None),  # inside a clause: no name's start to go by
    ],
)
def test_a_question_that_unpacks_a_numbered_name(question: str, expected: tuple[str, int] | None) -> None:
    term = numbered_term(question)
    assert (None if term is None else (term.term, term.parts)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("“321引才工程”是什么？", "321引才工程"),
        ("什麼是「繡花功夫」？", "绣花功夫"),  # folded
        ("何谓“海北方案”？", "海北方案"),
        ("乌审旗的“三区两地”是什么意思？", "三区两地"),
        ("“三区两地”建设是什么？", None),  # asks about what the name heads
        ("什么是\"速成\"和“仓颉”？", None),  # two names
        ("“五个更加注重”是谁提出的？", None),
    ],
)
def test_the_quoted_name_a_what_is_question_asks_about(question: str, expected: str | None) -> None:
    assert name_asked(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("三型目标是什么？", "三型目标"),
        ("什麼是四自能力", "四自能力"),  # folded
        ("木桶原理指的是什么", "木桶原理"),
        ("富国银行广场的前称是什么？", None),  # what a thing is called, not what a name means
        ("“三型目标”是什么？", None),  # quoted: name_asked's
        ("乌审旗坚持哪三个导向？", None),
    ],
)
def test_the_unquoted_name_a_what_is_question_is_all_about(question: str, expected: str | None) -> None:
    assert bare_name_asked(question) == expected


@pytest.mark.parametrize(
    ("question", "others"),
    [
        ("日本佛教藝術在三個時代非常盛行，除了平安時代、奈良時代，還有哪一個時代?", ("平安时代", "奈良时代")),
        ("湯瑪斯·霍布斯提出兩個著名學說，一個是「自然狀態」，另一個是?", ("自然状态",)),
        ("除了普拉伯檢查哨之外還有哪一個檢查站僅為外交人員所使用?", ("普拉伯检查哨",)),
        ("心理學包含兩個領域，其中一個是應用心理學，另一個領域是?", ("应用心理学",)),
        ("美國國會的兩院指的是眾議院和哪一個院會?", ("众议院",)),  # the one named just before
        ("細胞分裂可根據其類型區分為無絲分裂以及?", ("无丝分裂",)),
        ("林邑投降後送宋廷的禮物包括金銀、古貝以及什麼等?", ("金银", "古贝")),
        ("西宁市的组织部长是谁？", ()),
        ("除了张天霖，还有哪些名模？", ()),  # a list question: its items, whatever stands beside
    ],
)
def test_the_members_of_a_set_a_question_names_while_asking_another(question: str, others: tuple[str, ...]) -> None:
    assert analyse(question).others == others


def test_chinese_counts() -> None:
    assert [chinese_count(n) for n in ("两", "五", "十", "十三", "二十", "二十一", "百", "")] == [2, 5, 10, 13, 20, 21, 0, 0]


@pytest.mark.parametrize(
    ("question", "dated"),
    [
        ("學校創建於哪一年？", True),
        ("它的体长可达多少？", True),
        ("吠陀梵語大約到何時開始演變成古典梵語？", True),
        # A named period answers these (宋代, 成熟階段, 文藝復興), no date.
        ("《太平廣記》是哪個朝代的作品?", False),
        ("雷暴生命週期的哪一個階段可能會有積雨雲進入平流層的現象?", False),
        ("杜林主教教堂屬於什麼時期的建築?", False),
        ("西宁市的组织部长是谁？", False),
    ],
)
def test_which_answers_must_hold_a_date_or_a_number(question: str, dated: bool) -> None:
    assert analyse(question).dated is dated


@pytest.mark.parametrize(
    ("expect", "text", "holds"),
    [
        (Expect.TIME, "布里斯托每年八月举行热气球节。", True),
        (Expect.TIME, "新羅王朝時期正值中國的唐朝。", True),
        (Expect.TIME, "该研究始于20世纪中叶。", True),
        (Expect.TIME, "承光元年，元皇后被释放。", True),
        (Expect.TIME, "要以实干实绩实效推动组织工作。", False),
        # A time told relative to a life or an age (CMRC trial 311, DRCD 1179: 高二的时候, 近年).
        (Expect.TIME, "他高二的时候拍了周华健的MV。", True),
        (Expect.TIME, "近年亦有巧克力口味。", True),
        (Expect.NUMBER, "成年个体体长约23.7公分。", True),
        (Expect.NUMBER, "约有三成的人先学荷兰语。", True),
        (Expect.NUMBER, "要以实干实绩实效推动组织工作。", False),
        (Expect.NUMBER, "合同总金额为人民币陆万捌仟元整。", True),
        (Expect.NUMBER, "中国大陆的陆军。", False),  # 陆 before no numeral or unit is none
        # An idiom's numerals count nothing (千方百计, 一心一意); a figure does.
        (Expect.NUMBER, "千方百计把人才集聚到海北发展的火热实践中来。", False),
        (Expect.NUMBER, "要一心一意谋发展，千方百计引人才，另有两万人报名。", True),
        # Nor a numeral in a word that is no numeral word (统一, 一定); a rare figure's word counts,
        # whatever its tag (四千名, tagged a verb).
        (Expect.NUMBER, "乌审旗将坚持目标导向、问题导向、结果导向相统一。", False),
        (Expect.NUMBER, "非美元货币在该货币交易中间价上下一定幅度内浮动。", False),
        (Expect.NUMBER, "放射实验室就聘请了四千名工作人员。", True),
        (Expect.PERSON, "要以实干实绩实效推动组织工作。", True),
    ],
)
def test_what_a_when_or_how_many_answer_cannot_lack(expect: Expect, text: str, holds: bool) -> None:
    assert holds_kind(expect, text) is holds


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("西宁市2012年发展了多少党员？", "去年7月初全市举办了青海西宁2012首届人才发展论坛。", False),
        ("西宁市2012年发展了多少党员？", "2012年共发展党员1500名。", True),
        ("中山在2014年时有多长的公路通车里程？", "2014年12月29日，英语新闻频道改在新台址播出。", False),
        # Asked how long, or for the month, a month answers.
        ("长柄艾纳香的花期约是多久？", "花期1-3月。", True),
        ("会议在几号召开？", "会议于10日召开。", True),
        # Asked how many days, 日 counts them (30日内) as 天 does; a date's day does not.
        ("报销要在出差结束后几天内办理？", "出差人员应当在出差结束后30日内办理报销手续。", True),
        ("报销要在出差结束后几天内办理？", "剩余隐患于10月31日前整改完毕。", False),
        # In days: not a year (2027 of 2027年春节 for 春节一共放几天假); 第几天 asks which day.
        ("春节一共放几天假？", "现将2027年春节放假及值班安排通知如下：", False),
        ("春节一共放几天假？", "放假调休，共7天。", True),
        ("是儒略日的第幾天？", "即儒略日0指定為世界協調時間。", True),
        # Not a how-many: as `holds_kind`.
        ("会议是什么时候召开的？", "会议于10日召开。", True),
        # How much money: an amount of money (was answered 兼职教师35名).
        ("上半年花了多少钱？", "新选聘州级兼职教师35名。", False),
        ("上半年花了多少钱？", "上半年实际支出经费186万元。", True),
        ("门票几块钱？", "门票每张5块。", True),
        ("这本书卖多少钱？", "售價為15美元。", True),
        ("这本书有多少页？", "全书共350页。", True),  # no money asked
        # An amount asked (合同金额是多少) is money too, written with its sign (¥68,000.00).
        ("合同金额是多少？", "服务期限自2027年1月1日起至2027年12月31日止。", False),
        ("合同金额是多少？", "合同总金额为人民币陆万捌仟元整（¥68,000.00）。", True),
        ("合同金额是多少？", "¥68,000.00", True),
        ("维护合同多少钱？", "人民币陆万捌仟元整", True),  # capital numerals, as contracts write sums
        # A numeral and its measure word, which jieba tags mq (四份 of 一式四份), count.
        ("合同一式几份？", "一式四份", True),
        # A number to dial asked: one of six digits or more (was answered 3. 乙方, of a point's label).
        ("乙方联系电话是多少？", "3. 乙方应派驻1名技术人员常驻甲方。", False),
        ("乙方联系电话是多少？", "联系电话：0871-6543288", True),
        ("报名联系电话是多少？", "联系电话：6543211。", True),
        ("传真号码是什么？", "传真：0871 654 3299", True),
    ],
)
def test_a_how_many_is_no_figure_the_question_gives_nor_a_month_or_day(
    question: str, text: str, answers: bool
) -> None:
    assert answers_kind(analyse(question), text) is answers


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("海北州组织部长是谁？他提出了什么？", ["海北州组织部长是谁？", "他提出了什么？"]),
        ("作者是谁? 担任什么职务?", ["作者是谁?", "担任什么职务?"]),
        ("海北州组织部长是谁？", ["海北州组织部长是谁？"]),
        ("组织工作？？！", ["组织工作？？！"]),  # no second question of words
        ("“什么是好干部？”这个问题怎么回答", ["“什么是好干部？”这个问题怎么回答"]),  # a question quoted
        ("作者是谁？作者是谁？他提出了什么？", ["作者是谁？", "他提出了什么？"]),  # asked once
        ("作者是谁？" * 3, ["作者是谁？"]),
    ],
)
def test_questions_typed_at_once_are_split_at_their_question_marks(question: str, parts: list[str]) -> None:
    assert split_questions(question) == parts


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("哪些文章提到了人才？", ["人才"]),
        ("哪些文件里讲了干部考核？", ["干部", "考核"]),
        ("有哪些文章涉及基层减负？", ["基层", "减负"]),
        ("哪几篇文章谈到作风建设？", ["作风", "建设"]),
        # What they say between the frame's words, after them, or asked whether any says it.
        ("哪些关于人才的文章？", ["人才"]),
        ("关于人才的文章有哪些？", ["人才"]),
        ("讲干部考核的文件有哪些", ["干部", "考核"]),
        ("和人才相关的文章有哪些？", ["人才"]),
        ("有没有提到积分制的文章？", ["积分", "制"]),
        ("文库里有关于作风建设的文章吗？", ["作风", "建设"]),
        # Or asked for as a list, of the texts or the places in them.
        ("列出提到“形式主义”的段落", ["形式主义"]),
        ("找出所有讲到人才的文章", ["人才"]),
        ("列出为基层减负的三条原则", None),  # a list the texts give
        ("哪篇文章提到了人才？", None),  # one: its title answers (`asks_which_text`)
        ("有哪些文章？", None),  # nothing they are asked to say
        ("司吉昇的文章有哪些观点？", None),  # what one says
        ("有没有相关的文件？", None),
        ("报销差旅费要提供哪些材料？", None),  # the papers to hand in (was refused: no text says 提供)
    ],
)
def test_which_texts_say_something_is_asked_of_what_the_frame_leaves(
    question: str, named: list[str] | None
) -> None:
    assert texts_asked_about(question) == named


@pytest.mark.parametrize(
    ("question", "gist"),
    [
        ("司吉昇的文章主要观点是什么？", True),
        ("这篇文章的核心思想是什么？", True),
        ("《鳄鱼泪》主要内容是什么？", True),
        ("文章大意是什么", True),
        ("《以作风建设推动组织工作提质增效》讲了什么？", True),  # a text named by its title only
        ("《鳄鱼泪》一文主要说的是什么", True),
        ("张学天的文章主要讲了什么？", True),  # by its author, or as the text just quoted
        ("这篇文章讲了什么", True),
        ("文章写了什么内容？", True),
        ("總結一下《以作风建设推动组织工作提质增效》", True),  # or asked to sum it up
        ("概括这篇文章的主要内容。", True),
        ("总结了哪些经验？", False),
        # What kind of thought, or one point of something, is a thing asked for (尊漢思想).
        ("越南上层社会由于有很浓厚的什么思想？", False),
        ("易颉的编码要点是什么？", False),
    ],
)
def test_what_a_text_says_as_a_whole_is_answered_with_sentences(question: str, gist: bool) -> None:
    assert asks_gist(question) is gist
    assert (analyse(question).expect is Expect.DESCRIPTION) is gist


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("苏新发写了哪篇文章？", True),
        ("张学天写的文章叫什么？", True),
        ("那篇文章的标题是什么", True),
        ("张学天的文章是什么时候发表的？", False),  # when, not which
        ("文章提到了什么？", False),
        ("苏新发写了什么？", True),  # answered so when the library records 苏新发 as an author
        ("魏玩的词作大多写什么内容？", False),
        ("“小马拉大车”出自哪里？", True),  # where a quoted phrase comes from (was answered 这一)
        ("“打铁先要自身硬”这句话出自何处？", True),
        ("组工干部要学会绣花功夫。这段话出自哪里？", True),  # words typed before it
        ("修正主义的根源出自哪里？", False),  # a public question: 黨內上層
    ],
)
def test_which_document_is_asked(question: str, asks: bool) -> None:
    assert asks_which_text(question) is asks


def test_a_question_is_asked_with_its_question_mark() -> None:
    assert as_asked("哪份文件提出要建立容错机制") == "哪份文件提出要建立容错机制？"
    assert as_asked("他是谁? ") == "他是谁?"
    assert as_asked("请列出要点。") == "请列出要点。"
    assert as_asked(" \t") == ""


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("我想问一下事假最多几天", "事假最多几天？"),  # was refused: 我, 想, 问 and 一下 in no document
        ("你好，请问几点上班？", "几点上班？"),
        ("麻烦问下病假需要什么证明", "病假需要什么证明？"),
        ("帮我查一下事假最多几天", "事假最多几天？"),
        ("能告诉我西宁市的组织部长是谁吗？", "西宁市的组织部长是谁吗？"),
        ("问题导向是什么？", "问题导向是什么？"),  # 问 of a word the question asks about
        ("想法是什么？", "想法是什么？"),
        ("请问", "请问？"),  # a lead-in alone is left as it is
    ],
)
def test_a_question_is_asked_without_the_courtesy_it_opens_with(question: str, asked: str) -> None:
    assert as_asked(question) == asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("出差补助可以领现金吗？", "领现金"),
        ("出差可以坐商务舱吗？", "坐商务舱"),
        ("狭叶艾纳香能否进行人工栽培？", "进行人工栽培"),
        ("丙烯颜料溶于汽油吗？", None),  # no modal: what it asks of is not told apart
        ("海北州的组织部长是司吉昇吗？", None),
        ("谁负责登记资产卡片？", None),
    ],
)
def test_what_a_yes_or_no_question_asks_of(question: str, asked: str | None) -> None:
    assert yes_no_asked(question) == asked


@pytest.mark.parametrize(
    ("question", "text", "gives"),
    [
        # What hour: an hour of the clock, not a date (培训几点开始 was answered a table's 3月1日至3月31日).
        ("培训几点开始？", "时间：3月1日至3月31日", False),
        ("培训几点开始？", "培训时间：2027年3月18日（星期四）下午2:30-5:00", True),
        ("几点上班？", "每天八点上班。", True),
        ("驻场技术人员几点上班？", "应在2小时内响应", False),  # a length of time
        ("有几点意见？", "时间：3月1日至3月31日", True),  # how many points asks no hour
    ],
)
def test_what_hour_is_given_by_an_hour_of_the_clock(question: str, text: str, gives: bool) -> None:
    assert gives_hour(analyse(question), text) is gives


@pytest.mark.parametrize(
    ("name", "period"),
    [("使用期限", True), ("保修期", True), ("时长", True), ("日期", False), ("同期", False),
     # Keeping or missing a time names no period (逾期呢 was asked 逾期多少).
     ("逾期", False), ("到期", False), ("定期", False)],
)
def test_a_period_whose_length_is_asked_is_named_by_its_word(name: str, period: bool) -> None:
    assert names_a_period(name) is period
