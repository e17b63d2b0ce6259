"""What a question asks for: the kind of answer it expects, whether that is a short span, and its content terms.

Shared by the sentence ranking (which sentence answers) and the short-answer step (which
span of it). The cues are general Chinese question words (谁, 哪里, 何时, 多少, 叫什么…),
matched on the t2s-folded question so Traditional questions read the same; none is drawn
from one corpus. `analyse` is pure and cheap (one jieba cut).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from rag.tags import counts_nothing, tag_tokens
from rag.text import PART_NUMERAL, QUESTION_WORDS, fold_t2s, keyword_tokens, normalize_for_match


class Expect(enum.Enum):
    """The kind of answer a question expects."""

    PERSON = "person"
    PLACE = "place"
    TIME = "time"  # dates, years, periods: 1740年, 20世纪中叶, 公元前四世纪
    NUMBER = "number"  # quantities with any unit: 23.7公分, 150头, 三成
    NAME = "name"  # titles and names: 《画山水序》, 叫什么, 什么名称
    ENTITY = "entity"  # other what-is noun phrases
    DESCRIPTION = "description"  # how, why, what measures: sentence answers
    LIST = "list"  # which ones: the items, in order


# Classifiers and nouns that say what a 哪/什么 asks about (哪个国家, 什么时期); not the same
# character as part of another word (哪一种国籍, 哪一条地铁, 哪一位朝鲜皇帝). 哪个部位 and 什么位置
# stay who-questions: asked as what-questions, 2 of the 5 public ones lost their short answer
# (機鼻 -> 部位, 頭 -> 頭先生下來) and none gained; as where-questions 2 (頭, and 稻穀 holds no place).
CLASSIFIERS = "个位名座间所条种部本首家支只场届次块片"
_CL = rf"(?:一|个|一个|些)?[{CLASSIFIERS}]?"
# What a how-like question asks for: a reason, an effect, a measure, a property (什么意义, 的作用是什么).
# A question that opens by asking what something is (什么是政府雇员制度, 何谓三型目标).
WHAT_IS = re.compile(r"^(?:请问)?(?:什么|啥)(?:是|叫做?)|^何谓")
# What a text says as a whole (司吉昇的文章主要观点是什么 was answered 着力点): a sentence's to give; not
# what kind of thought (很濃厚的什麼思想: 尊漢思想), nor one point (编码要点是什么).
_GIST_ASKED = (r"(?:主要|核心|中心|基本)(?:内容|观点|思想|主张|论点|意思|精神)(?:是|为)(?:什么|啥|何)"
               r"|(?:主旨|大意)(?:是|为)?(?:什么|啥|何)"
               # Of a text named by its title (《…》讲了什么, 《…》一文主要说的是什么), its author (张学天的
               # 文章主要讲了什么) or as the one just quoted (这篇文章讲了什么).
               r"|(?:》|文章|一文)(?:一文|这篇文章)?(?:主要)?(?:讲|说|谈|写)(?:了|的是)?(?:些)?(?:什么|啥)(?:内容)?[？?]?$"
               # Or asked to sum it up (总结一下《…》, 概括这篇文章的主要内容).
               r"|^(?:请|帮我)?(?:总结|概括|归纳|概述)(?:一下)?(?:《[^《》]+》|这篇文章|文章|全文)(?:一文)?"
               r"(?:的)?(?:主要)?(?:内容|观点|要点)?[？?。.!！]?$")
_MEASURES = (r"(?:原因|理由|作用|意义|影响|目的|方法|方式|措施|办法|手段|特点|特征|特色|关系|变化|贡献|问题|困难|过程"
             r"|功能|用途|优点|缺点|好处|效果|后果|结果|评价|态度|要求|条件|情况|行动|政策|策略)")
_PLACE_NOUN = r"(?:国家|国|城市|城|省|州|县|市|区|地区|地方|地点|地|岛|山|河|湖|海|洲|村|镇|街|国度|大陆|半岛|港|港口|机场|车站|地域|流域)(?![籍铁])"
_TIME_NOUN = r"(?:年代|年份|年|月份|月|日期|日子|天(?![皇主王使子堂文空然气津灾])|日(?![本报记])|时期|时代|朝代|朝(?!鲜)|世纪|季节|时候|时间|时刻|时段|阶段)"
# 人 heads compounds that name no person: 什么人才制度 asks for a system, 什么人口 a number.
_PERSON_NOUN = (r"(?:人物|人士|人(?![才事口数工文气民类生权格体性])|位|作者|作家|皇帝|国王|总统|学者|球员|演员|歌手|导演"
                r"|成员|君主)")
_NAME_NOUN = r"(?:名字|名称|别名|别称|俗名|简称|全称|学名|外号|绰号|昵称|称号)"
_WORK_NOUN = r"(?:书|书籍|著作|作品|小说|电影|影片|歌|歌曲|专辑|单曲|剧|戏剧|节目|杂志|报纸|报刊|游戏|诗|论文|法律|条约|文献|经典|典籍|画)"

# What a text or a person says, asked as a whole (这篇文章讲了什么, 他和家人说了什么, 苏新发写了什么):
# the sentences that say it. The 2 public questions so asked have clauses for golds.
_SAID = r"(?:讲|说|谈|写|论述|阐述|介绍|描述|强调|提到|提及|记载|记述)"
# A question's word that says a text says something (提到, 讲了), which no part of the text names.
SAYING = re.compile(rf"{_SAID}(?:了|到|过|及)?")

# A request to list (列出乌审旗的三个导向, 请列举…), at the question's start.
LIST_REQUEST = re.compile(r"^(?:请)?(?:列出|列举)")

# (expectation, cue) in order of precedence: the first that matches decides. The NAME cues
# that say "its name" outrank DESCRIPTION (如何称呼 asks for a name); TIME and NUMBER
# outrank the generic 什么/哪 of ENTITY.
_RULES: tuple[tuple[Expect, re.Pattern[str]], ...] = (
    (Expect.NAME, re.compile(rf"叫(?:做|作)?(?:什么|啥)|什么名|何名|称呼|称之?(?:为|作|做)(?:什么|啥|何)|命名为?什么|(?:什么|啥|何)(?:样的?)?{_NAME_NOUN}|{_NAME_NOUN}(?:是|为|叫)?(?:什么|啥|何)|{_NAME_NOUN}(?:是|为|叫)(?:[？?]|$)"
                             # A bare 名 asks for a name only when it is what the question
                             # is about (原名是什么, 又名什么, 名为?): a question ending in
                             # 著名, 闻名, 得名, 提名 or 第3名 asks for a reason or a number.
                             r"|名(?:是|为|叫)?(?:什么|啥|何)|名(?:是|为|叫)(?:[？?]|$)")),
    # 为什么 after a verb that takes 为 (誉为, 改为, 列为, 成为…), or after 之 (视之为, 称之为)
    # asks "as what", not why.
    # A reason, an effect, a measure… is a sentence's to give, asked before the noun or after it
    # (有什么意义, 的意义是什么: asked after it, 18 public train and dev answers changed to sentences;
    # whole dev CMRC F1 0.586 -> 0.588, DRCD unchanged).
    # What something means (这句话是什么意思, ★代表着什么意思) is explained by a sentence: the 6
    # public questions that end so have golds of 27 to 109 characters. So is what something looks
    # like (是什么样子, 是什么样的？); what kind of thing (什么样的政策, 什么样的方法) is a thing: as
    # sentence questions, 6 public answers were wrong that are right as what-questions, none the
    # other way.
    (Expect.DESCRIPTION, re.compile(rf"{WHAT_IS.pattern}|(?:是|代表着?|指的?是|表示)(?:什么|啥)意思|(?<![誉改列成作视定选立封评奉尊分化变译转划称之名])为什么|为何|为啥|何故|怎么|怎样|如何|是否|能否|可否|有何|什么样子|什么样的?[？?]?$|(?:什么|何种|哪种|哪些){_MEASURES}|{_MEASURES}(?:是|为)(?:什么|何)[？?]?$|做了什么|做什么|干什么|发生了什么"
                                      rf"|{_SAID}(?:了|的|过|到|些)*(?:什么|啥)(?:内容)?[？?]?$"
                                      rf"|{_GIST_ASKED}")),
    # 列出… as a request (列出为基层减负的三条原则), not 所列出 inside a question.
    (Expect.LIST, re.compile(r"哪些|哪几(?!年|月|天|号)|哪[两二三四五六七八九十]+[个种样项条点类件大]|有什么|包括什么|包含什么|列举|分别是"
                             rf"|{LIST_REQUEST.pattern}")),
    # A question that ends in its time noun asks for the time (潘仕成逝世的时间是？, 西德成立的前一年為？).
    # 哪几天 asks which days (春节哪几天上班: 2月4日、2月14日), not how many, as 几天 does; 几点 at the end
    # asks the hour (报价截止到几点, 几点上班), not how many points (几点意见).
    (Expect.TIME, re.compile(r"哪几(?:天|日|年|月份?|号)|"
                             rf"(?:西元|公元|民国|于|在)几年|何时|何年|何日|几时|几月|几号|哪{_CL}{_TIME_NOUN}|什么{_TIME_NOUN}"
                             r"|多少年前|几世纪|第几世纪|几点钟|几点(?=(?:开始|结束|截止|上班|下班|开会|出发|集合|报到)?[？?]?$)"
                             rf"|{_TIME_NOUN}(?:是|为)[？?]?$")),
    # 多 after 许, 很, 众… is "many" (许多高明的决定, 众多大型艦船), not "how" (多高, 多大); 几 in
    # 几乎, 几近 (almost), 几何 (geometry), 几率 (odds) and 几内亚 (Guinea) asks nothing, nor does 几
    # before another question word: it is "a few" (带领几个同伙建立哪个国家, 几百年中…哪一个国家; the 4
    # public questions so asked all ask the later word).
    # 比例 and 占比 ask a number only as the question's last word (男女生比例是？): of the 10 public
    # questions holding one, the 9 that also ask 哪 or 什么 ask which (哪一個國家的女性國會議員比例最高:
    # 盧安達), and the tenth asks 多少.
    # Which floor (送到几楼, 在几层) is where, not how many (有几层).
    (Expect.PLACE, re.compile(r"几楼|(?:在|到|去|于)第?几层")),
    (Expect.NUMBER, re.compile(r"(?<![许很众诸太更较最])多(?:少|大|长|高|重|远|久|深|宽|快|厚|老|强|低|短|矮)|几(?!乎|近|何|率|内亚)(?![^。]*?(?:哪|什么|谁))|百分之几|几成|第几"
                               r"|(?:比例|占比)(?:是|为)?[？?]?$")),
    (Expect.PERSON, re.compile(rf"谁|何人|哪{_CL}{_PERSON_NOUN}|什么{_PERSON_NOUN}")),
    # 在哪, 到哪, 来自哪 ask where when a place or nothing follows (位在哪？, 哪一个国家); 在哪一场战争
    # asks which war, 受到哪一部作品 which work.
    (Expect.PLACE, re.compile(rf"哪里|哪儿|哪边|何处|何地|何方|(?:在|到|去|来自)哪(?:[？?]|$)|哪{_CL}{_PLACE_NOUN}|什么{_PLACE_NOUN}")),
    (Expect.NAME, re.compile(rf"哪{_CL}{_WORK_NOUN}|什么{_WORK_NOUN}|何{_WORK_NOUN}")),
    # A question that only ends in a name noun (…建立了鸟兽脚类的名称？) asks for one when
    # nothing before says what it wants (哪位生物学家…, 在什么时间之后才有名称, 为何…名称).
    (Expect.NAME, re.compile(rf"{_NAME_NOUN}[？?]?$")),
    (Expect.ENTITY, re.compile(r"什么|啥|哪|(?<!几)何(?:种|物|者|类|为)?|是[？?]?$")),
    # No question word, the blank at the end (…又被稱為?, …位於？, 涵元殿北邊的配殿有慶雲殿以及?,
    # 現今的環境污染是起源於?, …等同於希臘神話中的?):
    # what is called so is a name, where it lies a place, the rest a thing; …是因為? asks why.
    (Expect.NAME, re.compile(r"(?:称|叫)之?(?:为|作|做)[？?]?$|叫做?[？?]?$")),
    (Expect.PLACE, re.compile(r"位于[？?]?$")),
    (Expect.ENTITY, re.compile(r"(?:(?<!因)为|是指|以及|与|及|于|中的)[？?]?$")),
)

# A post or a kinship names a person, so asking what one is called asks who (海北州委组织部长叫什么
# 名字, 元皇后的儿子叫什么: 高百年). The NAME cue alone would take any name for the answer.
_ROLE_NOUN = (r"(?:[部市县省州区局处科校院社行会队团厂所站]长|书记|主席|主任|总理|首相|总裁|经理|董事|委员|领导"
              r"|负责人|人员|老师|教练|儿子|女儿|妻子|丈夫|父亲|母亲|哥哥|弟弟|姐姐|妹妹|祖父|祖母|孙子|皇后|王子|公主|太子"
              rf"|{_PERSON_NOUN})")
_ROLE_AT_END = re.compile(rf"{_ROLE_NOUN}$")


def ends_on_role(word: str) -> bool:
    """Whether `word` (t2s-folded) ends on a post or a kinship of two characters or more (领导, 人员,
    负责人: 分管领导, 值班人员), which names who holds it, whatever verb qualifies it; not on 人 alone
    (斯拉夫人)."""
    found = _ROLE_AT_END.search(word)
    return found is not None and len(found.group()) >= 2


_CALLED = re.compile(r"(?:名字|姓名)(?:是|叫|为)?(?:什么|啥)|叫(?:做|作)?(?:什么|啥)(?:名字)?")
_ROLE_CALLED = re.compile(rf"{_ROLE_NOUN}的?(?={_CALLED.pattern})")
# A post or a kinship before the blank that ends a question asks who holds it (察必皇后的丈夫是?).
_BLANK = re.compile(r"(?:是|为)[？?]?$")
_ROLE_BLANK = re.compile(rf"{_ROLE_NOUN}(?={_BLANK.pattern})")

# 24 of the 63 public golds of questions asking 哪个朝代, 什么时期, 哪一阶段 or 什么时代 hold no date
# (北宋, 宋代, 中生代, 成熟階段): the when-check refused them, and the span model could not give them.
_PERIOD_CUE = re.compile(r"朝|时期|时代|阶段|时段")

SHORT_EXPECTATIONS = frozenset({Expect.PERSON, Expect.PLACE, Expect.TIME, Expect.NUMBER, Expect.NAME, Expect.ENTITY})


@dataclass(frozen=True)
class QuestionInfo:
    """What `analyse` found: the expectation, whether a short span answers it, and its content terms.

    `cue` is the question phrase that decided the expectation ("哪一年", "叫什么"; "" when
    none did) and `cue_start` its offset in `folded`, the question t2s-folded, NFKC and
    lower-cased (same length as the question when NFKC changes nothing).
    """

    question: str
    folded: str
    expect: Expect
    wants_short: bool
    terms: tuple[str, ...]
    cue: str = ""
    cue_start: int = -1
    others: tuple[str, ...] = ()  # what `others_named` finds: its answer stands beside them

    @property
    def dates_count(self) -> bool:
        """Whether a month or day may answer its how-many: it asks for one (几月, 几号) or how long
        (多久, 多长时间: 花期1-3月)."""
        asked = self.folded[self.cue_start :] if self.cue_start >= 0 else ""
        return re.match(r"(?:几|多少)[月日号號]|多(?:久|长时间)", asked) is not None

    @property
    def matched_terms(self) -> tuple[str, ...]:
        """Its terms as a passage's folded text (`normalize_for_match`) is searched for them, each once."""
        return tuple(t for t in dict.fromkeys(normalize_for_match(t) for t in self.terms) if t)

    @property
    def dated(self) -> bool:
        """Whether its answer must hold a date or a number (何时, 哪一年, 多少); not so a when asked
        by a named period (哪个朝代, 什么时期, 哪一阶段), answered by its name (北宋, 中生代, 成熟阶段)."""
        return self.expect is Expect.NUMBER or self.expect is Expect.TIME and _PERIOD_CUE.search(self.cue) is None


_ENDS_ASKING = re.compile(r"[？?。！!…]\s*$")


# Where one question ends and the next begins: a question mark with more after it, not one inside
# quotes (“什么是好干部？”这个问题怎么回答).
_NEXT_QUESTION = re.compile(r"(?<=[？?])(?![”」』\"'）)》])\s*(?=\S)")


def split_questions(question: str) -> list[str]:
    """The questions typed at once, each with its question mark (海北州组织部长是谁？他提出了什么？ ->
    海北州组织部长是谁？, 他提出了什么？); [question] when it is one. A part of no words (？？) is no
    question of its own, and one typed again is asked once (a pasted question 715 times over was 715
    searches, 25 s)."""
    parts = [part for part in _NEXT_QUESTION.split(question.strip()) if part]
    if len(parts) < 2 or not all(normalize_for_match(part) for part in parts):
        return [question]
    return list(dict.fromkeys(parts))


# What a question may open with that asks nothing itself: a greeting, and a request to be told
# (我想问一下，, 麻烦问下, 想知道, 请告诉我, 帮我查一下). Its words are in no document, and the models,
# which learned from questions that open on what they ask, read them as what the library lacks
# (我想问一下事假最多几天 was refused).
_LEAD_IN = re.compile(
    r"^(?:(?:你好|您好)[，,！!。\s]*)?"
    r"(?:(?:我)?想(?:问|请教|了解|知道)(?:一下|下)?|(?:请|麻烦)?(?:问|请教)(?:一下|下)|请问"
    r"|麻烦(?:您|你)?(?:问|查|看)(?:一下|下)?|帮(?:我|忙)查(?:一下|下)?"
    r"|(?:请|能|可以|能不能)?(?:告诉|帮)我(?:一下|下)?)?[，,：:\s]*"
)


def as_asked(question: str) -> str:
    """`question` as every question the models learned from is asked: opening on what it asks (no
    greeting or 我想问一下 before it) and ending in a question mark; typed without one it was
    searched and ranked otherwise (哪份文件提出要建立容错机制 was refused, and answered with its ？)."""
    stripped = question.strip()
    stripped = stripped[_LEAD_IN.match(stripped).end() :] or stripped  # type: ignore[union-attr]
    return stripped if not stripped or _ENDS_ASKING.search(stripped) else stripped + "？"


def fold_question(question: str) -> str:
    """The question as matching sees it: NFKC, t2s-folded, lower-cased, stripped, and 甚么 (甚麼, as
    Taiwan writes it) read as 什么: 46 of DRCD's questions ask so, and none was read as asking."""
    return fold_t2s(unicodedata.normalize("NFKC", question)).lower().strip().replace("甚么", "什么")


def classify(folded: str) -> tuple[Expect, re.Match[str] | None]:
    """The expectation of a folded question and the cue that decided it (None: no question word)."""
    if (role := _ROLE_CALLED.search(folded)) is not None:
        return Expect.PERSON, _CALLED.match(folded, role.end())
    if (role := _ROLE_BLANK.search(folded)) is not None and not INTERROGATIVE.search(folded):
        return Expect.PERSON, _BLANK.match(folded, role.end())
    for expect, pattern in _RULES:
        match = pattern.search(folded)
        if match:
            return expect, match
    if (asking := _THAT_AS_WHICH.sub("哪", folded)) != folded:
        # With no other question word, 那 before a classifier or 里 asks as 哪 does
        # (自由軟體基金會起源於那裡?, 世界上那一國家…); same length, so the cue's offset holds.
        return classify(asking)
    return Expect.DESCRIPTION, None


_THAT_AS_WHICH = re.compile(rf"那(?=[一些{CLASSIFIERS}里儿])")


# The interrogative part of a cue: blanked from the terms, while the noun it asks about
# (城市 in 哪个城市, 时期 in 什么时期) stays a term, since an answer rarely repeats it.
INTERROGATIVE = re.compile(
    r"哪(?:一|个|一个|些)?(?:个|位|名|座|间|所|条|种|部|本|首|家|支|只|场|届|次|块|片|篇|国|里|儿|边)?"
    r"|什么|多少|谁|啥|几|为何|何(?:时|年|日|处|地|方|人|故|种|名)?|怎么样?|怎样|如何|为什么|是否|能否|可否|吗|呢"
)


def _cue_free(folded: str) -> str:
    """The question with its interrogatives blanked out, so terms never hold 哪一年 or 什么."""
    return INTERROGATIVE.sub(lambda m: " " * len(m.group(0)), folded)


def after_cue(info: QuestionInfo) -> str:
    """The folded question after its interrogative (哪个帝国灭亡 → 帝国灭亡; "" without a cue):
    its first words are often the answer's head noun (鄂图曼帝国 for 哪个帝国)."""
    if info.cue_start < 0:
        return ""
    match = INTERROGATIVE.match(info.folded, info.cue_start)
    return info.folded[match.end() if match else info.cue_start + len(info.cue) :]


_CLAUSE_COMMA = re.compile(r"[，,；;]")


def asking_clause(info: QuestionInfo) -> str:
    """The folded clause of a question that holds its cue, from the clause break before it on (联系人是谁
    of 报价截止时间是，联系人是谁？, a follow-up that carries its topic before the comma): what it asks,
    where the words before say what about. The whole question without a cue or a break before it, or
    when the clause names nothing of its own (报价截止时间，是什么时候？)."""
    if info.cue_start < 0:
        return info.folded
    breaks = [m.end() for m in _CLAUSE_COMMA.finditer(info.folded, 0, info.cue_start)]
    clause = info.folded[breaks[-1] :] if breaks else info.folded
    return clause if any(term in clause for term in info.terms) else info.folded


def analyse(question: str) -> QuestionInfo:
    """What `question` expects and its content terms (t2s-folded jieba words, question words removed).

    >>> analyse("哪一年建校？").expect
    <Expect.TIME: 'time'>
    """
    folded = fold_question(question)
    expect, cue = classify(folded)
    # A title in 《》 is what the question is about, not a cue: keep its words as terms.
    blanked = _cue_free(folded.replace("《", " ").replace("》", " "))
    terms = tuple(dict.fromkeys(w for w in keyword_tokens(blanked) if w not in QUESTION_WORDS and w.strip()))
    return QuestionInfo(
        question=question,
        folded=folded,
        expect=expect,
        wants_short=expect in SHORT_EXPECTATIONS,
        terms=terms,
        cue=cue.group(0) if cue else "",
        cue_start=cue.start() if cue else -1,
        others=others_named(folded) if expect in SHORT_EXPECTATIONS else (),
    )


# A question that names some members of a set and asks for another (除了平安时代、奈良时代，还有哪一个
# 时代; 一个是“自然状态”，另一个是?): the members it names. A text names the set together
# (奈良時代、平安時代和鎌倉時代; 「自然狀態」和國家起源說), so the answer stands beside them
# (`rag.span.beside_members`). 52 of the public questions ask so.
_BESIDES = re.compile(r"除了?([^，,。？?]{1,30}?)(?:之外|以外)?[，,]?(?:还有|另)")
_ONE_IS = re.compile(r"(?:其中)?一[个种位方条艘起项件门部是]?(?:是|为)([^，,。？?]{1,20})[，,](?:而)?另")
# What joins the members of a set (、, 和, 与, 及, 以及, 跟), t2s-folded, and the marks a member may be quoted in.
MEMBER_JOINER = re.compile(r"以及|[、和与及跟]")
QUOTE_MARKS = "「」“”『』《》\"'"


# The thing a question names just before asking for the one with it (众议院和哪一个院会, 德意志民主共和国
# 以及?, 李白和谁合称): the words after the last that begins it, a mark or a word of what is said of it.
_AND_WHICH = re.compile(r"([^，,。；;：:？?！!]{2,40}?)(?:以及|[和与及跟])(?=哪|什么|谁|\s*[？?]?$)")
_BEFORE_NAMED = re.compile(r".*(?:包括|是|为|由|的|在|于|将|把|被)")


def others_named(folded: str) -> tuple[str, ...]:
    """The members of a set a folded question names while asking for another (除了X、Y，还有哪一个;
    一个是X，另一个是; X、Y以及什么), t2s-folded and without their quote marks; () for any other question."""
    if (found := _BESIDES.search(folded) or _ONE_IS.search(folded)) is not None:
        named = found.group(1)
    elif (found := _AND_WHICH.search(folded)) is not None:
        said = _BEFORE_NAMED.match(found.group(1))
        named = found.group(1)[said.end() if said else 0 :]
    else:
        return ()
    members = (m.strip().strip(QUOTE_MARKS) for m in MEMBER_JOINER.split(named))
    return tuple(m for m in members if len(m) >= 2)


# A question about which of the library's documents says something (哪篇文章提到…, 他写了哪篇文章,
# 哪份文件规定了…; 苏新发写了什么, when the library records 苏新发 as an author): its answer is a
# document's title. Matched on the folded question.
# What a document is called asks the same (他写的文章叫什么, 文章的标题是什么).
_WHICH_TEXT_PHRASE = r"哪一?[篇份](?:文章|文件|报告|材料|讲话|文稿)|哪一?个(?:文件|文档)|什么文章|什么文件"
_WHICH_TEXT = re.compile(rf"{_WHICH_TEXT_PHRASE}|写(?:了|过)(?:什么|啥)[？?]?$"
                         r"|(?:文章|文件|报告|讲话|文稿)的?(?:标题|题目|名字|名称)?(?:叫|是|为)(?:做|作)?(?:什么|啥)(?:名字)?[？?]?$"
                         # Where a quoted phrase comes from (“小马拉大车”出自哪里: was answered 这一), or
                         # words typed before it (…的态势。这段话出自哪里).
                         r"|(?:[”」』\"]|这句话|这段话|这一?句|这段文字)(?:这句话|这段话|这一?句|这段文字|一词|一句)?"
                         r"(?:是)?(?:出自|语出|摘自)于?(?:哪里|何处|哪儿)")
# Where it asks: the phrase its answer, a title, stands in for (哪篇文章; 什么 of 写了什么).
_TEXT_ASKED = re.compile(rf"{_WHICH_TEXT_PHRASE}|(?<=写[了过])什么")


# Which of the library's texts say something (哪些文章提到了人才, 哪几篇文章谈到作风建设): the frame's
# words, and what the texts are asked to say.
# Also with what they say between (哪些关于人才的文章), or after it (关于人才的文章有哪些, 讲干部考核的
# 文件有哪些), or asked whether any does (有没有提到人才的文章, 文库里有关于作风建设的文章吗).
_TEXT_NOUN = r"(?:篇|份)?(?:文章|文件|文档|报告|材料|讲话|文稿)"
# What a search for words may be asked to list: the texts, or the places in them.
_PASSAGE_NOUN = rf"(?:{_TEXT_NOUN}|段落|段|地方|内容|句子|原文)"
# Which texts, asked bare, say something: a verb of saying follows (哪些文章提到了人才); 要提供哪些材料
# asks what the papers to hand in are, a list the texts give.
_WHICH_TEXTS = re.compile(
    rf"哪(?:些|几篇|几份|几个){_TEXT_NOUN}(?=(?:都|还|里面?|中)?(?:{_SAID}|涉及|关于|有关))"
    rf"|哪(?:些|几篇|几份)[^？?，,。]{{1,20}}的{_TEXT_NOUN}"
    rf"|的{_TEXT_NOUN}(?:都|还)?(?:有|是)(?:哪些|哪几篇|哪几份)[？?]?$|有没有[^？?，,。]{{1,20}}的{_TEXT_NOUN}"
    rf"|有(?:关于|讲|谈|提到|涉及)[^？?，,。]{{1,20}}的{_TEXT_NOUN}(?:吗|么|没有)"
    # Or asked for as a list (列出提到“形式主义”的段落, 找出所有讲到人才的文章).
    rf"|^(?:请|帮我)?(?:列出|找出|查找|搜索|找一下|查一下)(?:所有|全部)?(?:{_SAID}|涉及|关于|含有|包含)[了到过及]?"
    rf"[^？?，,。]{{1,20}}的{_PASSAGE_NOUN}"
)
_TEXT_FRAME = re.compile(rf"{_TEXT_NOUN}|{_SAID}(?:了|到|过|及)?|涉及|里|中|有|有没有|关于|相关|有关|文库|资料库|知识库"
                         rf"|{_PASSAGE_NOUN}|列出|找出|查找|搜索|所有|全部|含有|包含|[了到过及]")


def texts_asked_about(question: str) -> list[str] | None:
    """What a question asking which of the library's texts say something asks them to say (人才 of
    哪些文章提到了人才; 干部, 考核 of 哪些文件里讲了干部考核): the question's terms but the frame's; None for
    any other question, or one that names nothing beyond the frame."""
    if _WHICH_TEXTS.search(fold_question(question)) is None:
        return None
    return [term for term in analyse(question).terms if not _TEXT_FRAME.fullmatch(term)] or None


# A question answered yes or no, and what it asks of (领现金 of 出差补助可以领现金吗, 商务舱 of 出差可以坐商务舱吗):
# after the modal that asks it, to the 吗 that ends it.
# The modals that ask yes or no by themselves (能否, 要不要), and those that do before 吗 (可以…吗).
_ASKS_YES_NO = "可不可以|能不能|要不要|需不需要|是不是|有没有|是否|能否|可否"
_YES_NO_ASKED = re.compile(rf"(?:{_ASKS_YES_NO}|可以|需要|必须|允许|能|要|会|有)([^，,。？?]{{1,12}}?)[吗嘛][？?]?\s*$")
_YES_NO_OPEN = re.compile(rf"(?:{_ASKS_YES_NO})([^，,。？?]{{1,12}})[？?]?\s*$")


def yes_no_asked(question: str) -> str | None:
    """What a question answered yes or no asks of, folded (领现金 of 出差补助可以领现金吗); None for
    any other question."""
    folded = fold_question(question)
    asked = _YES_NO_ASKED.search(folded) or _YES_NO_OPEN.search(folded)
    return asked.group(1) if asked is not None else None


def asks_gist(question: str) -> bool:
    """Whether `question` asks what a text says as a whole (主要内容是什么, 核心观点是什么, 大意是什么)."""
    return re.search(_GIST_ASKED, fold_question(question)) is not None


def asks_which_text(question: str) -> bool:
    """Whether `question` asks which document (哪篇文章, 哪份文件): its answer is a title."""
    return _WHICH_TEXT.search(fold_question(question)) is not None


def which_text_asked(question: str) -> tuple[int, int] | None:
    """Where a which-document question asks (哪篇文章 of 哪篇文章提到了数字组工, 什么 of 苏新发写了什么), as
    offsets into its folded form; None for another question, or one that asks after its noun
    (文章的标题是什么)."""
    if not asks_which_text(question):
        return None
    asked = _TEXT_ASKED.search(fold_question(question))
    return asked.span() if asked is not None else None


# A quoted name holding a number (“五个更加注重”, “十有”, “321引才工程”), and a question that
# asks for its parts (分别, 哪五个, 具体, 包括哪些, 指什么) rather than for one thing about it.
_NUMBERED_TERM = re.compile(r"[“\"「『]([^“”\"「」『』，,。？?]{1,12})[”\"」』]")
# 是什么 asks for the parts only right after the name, or a head noun of it (“三区两地”是什么,
# “三区两地”建设是什么; “十三个坚持”的第一条是什么, 第一条是什么 and 中最重要的是什么 ask for one),
# and so does 什么是 or 何谓 before a name that ends the question (什么是“三区两地”？), what the
# name holds (包括什么, 的具体内容是什么), and 哪 before it (要做到哪“三个过硬”).
_ASKS_PARTS = re.compile(
    r"分别|哪[“\"「『]?[二三四五六七八九十两几]|具体|包括哪|包含哪|包括什么|包含什么|有哪些|指什么|指的是什么|内容是什么"
    r"|[”\"」』][^的第中最其，,。？?“\"「]{0,4}?(?:究竟|到底)?是什么"
    r"|(?:什么是|何谓)[“\"「『][^“”\"「」『』]{1,12}[”\"」』][^的第中最其，,。？?]{0,4}[？?。]?$"
)
_ASKED_COUNT = re.compile(r"哪([二三四五六七八九十两]+)")
_NUMERAL = re.compile(r"[一二三四五六七八九十两]+")
_ENUMERATED = re.compile(r"[^\s、，,。？?“”]+(?:、[^\s、，,。？?“”]+)+")  # 3、2、1 in the question itself
# A numbered name unquoted, where the question opens with it or with whose it is (五个更加注重是哪五个,
# 海北州的五个更加注重是哪五个): a count, 个 and the words after it, up to what asks of it.
_BARE_NUMBERED_TERM = re.compile(r"(?:^|(?<=的))([一二三四五六七八九十两]+个[^\W\d_]{2,10}?)(?=[是指包分具有的])")


# A name that opens with a count of things (两个维护, 五个更加注重, 三项任务).
_COUNTED_NAME = re.compile(r"([一二三四五六七八九十两]+)(?:个|条|项|种|点|大|件|类)")


class NumberedTerm(NamedTuple):
    """A named thing of `parts` parts the question asks to unpack (“五个更加注重” 具体是哪五个方面: 5)."""

    term: str  # folded (`normalize_for_match`)
    parts: int


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def chinese_count(numeral: str) -> int:
    """十三 -> 13, 两 -> 2, 二十 -> 20: a count up to 99 in Chinese numerals (0 when it is none)."""
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(units, 0) if len(tens) <= 1 and len(units) <= 1 else 0
    return _DIGITS.get(numeral, 0) if len(numeral) == 1 else 0


def numbered_term(question: str) -> NumberedTerm | None:
    """The numbered name whose parts the question asks for, and how many parts that is: the
    count the question asks (哪五个), else the name's own (“十有”: 10), else the parts it
    names itself (“321引才工程”中的3、2、1: 3); None when it asks for one thing, or for a name
    without a count of two or more. The name is quoted, or unquoted where the question opens
    with it or with whose it is (五个更加注重是哪五个, 海北州的五个更加注重…), or where it is what an
    unquoted what-is question is all about and opens with its count (什么是两个维护: 2)."""
    folded = fold_question(question)
    if not _ASKS_PARTS.search(folded):
        # Or what a numbered name is, asked without quotes (什么是两个维护): its parts are what it is.
        bare = bare_name_asked(question)
        counted = _COUNTED_NAME.match(bare) if bare is not None else None
        parts = chinese_count(counted.group(1)) if counted is not None else 0
        return NumberedTerm(normalize_for_match(bare), parts) if bare is not None and parts >= 2 else None
    asked = _ASKED_COUNT.search(folded)
    named = list(_NUMBERED_TERM.finditer(question)) or list(_BARE_NUMBERED_TERM.finditer(folded.strip()))
    for match in named:
        term = normalize_for_match(match.group(1))
        own = _NUMERAL.search(term)
        parts = chinese_count(asked.group(1)) if asked else chinese_count(own.group(0)) if own else 0
        if not parts and (listed := _ENUMERATED.search(question[match.end() :])):
            parts = listed.group(0).count("、") + 1
        if term and parts >= 2:
            return NumberedTerm(term, parts)
    return None


# What one quoted name is, asked before it or after it: 什么是“绣花功夫”, “321引才工程”是什么.
_WHAT_IS_BEFORE = re.compile(r"(?:什么是|何谓)$")
_WHAT_IS_AFTER = re.compile(r"^(?:究竟|到底)?(?:是什么|指什么|是指什么|指的是什么)(?:意思)?[？?。]?$")


def name_asked(question: str) -> str | None:
    """The quoted name a what-is question asks about (什么是“绣花功夫”？, “321引才工程”是什么？:
    t2s-folded, without its quotes); None for another question, or one that quotes more than one."""
    folded = fold_question(question).strip()
    names = list(_NUMBERED_TERM.finditer(folded))
    if len(names) != 1:
        return None
    name = names[0]
    if _WHAT_IS_BEFORE.search(folded[: name.start()]) or _WHAT_IS_AFTER.match(folded[name.end() :]):
        return name.group(1)
    return None


# A what-is question about a name it does not quote: the whole question is the name and what asks
# what it is (三型目标是什么, 什么是四自能力). No 的 in the name: 富国银行广场的前称是什么 asks what a
# thing is called, not what a name means.
_BARE_NAME = r"([^\W_的]{2,12}?)"
_BARE_WHAT_IS = re.compile(rf"^(?:什么是|何谓){_BARE_NAME}[？?。]?$|^{_BARE_NAME}{_WHAT_IS_AFTER.pattern[1:]}")


def bare_name_asked(question: str) -> str | None:
    """The unquoted name a what-is question is all about (三型目标是什么？, 什麼是四自能力: t2s-folded);
    None for another question. Whether the library quotes it as a name is the answerer's to read."""
    match = _BARE_WHAT_IS.match(fold_question(question).strip())
    return None if match is None else match.group(1) or match.group(2)


# Any time expression and any number, in t2s-folded text: what a when or how-many answer
# cannot lack. Deliberately wide (a digit, 八月, 唐朝, 年间, 初, 春; 几, 半, 数): the
# checks it replaces listed the seed essays' units (公分, 头, 首) and refused answers in
# others. On the CI samples of the public dev parts no answered when/how-many question
# lacks one (91 and 41 answers; docs/design.md, "Refusal is code"). A time told by an age or a
# stage (高二的时候, 九岁, 白垩纪早期, 近年) is one: 4 public golds, refused or cut before session 27.
_TIME_KIND = re.compile(r"\d|[零〇一二三四五六七八九十百千两]+(?:年|月|日|世纪|年代)|元年|世纪|年代|年间|时期|时代|朝|初|末|期间"
                        r"|春|夏|秋|冬|上旬|中旬|下旬|中叶|公元|今|昨|时候|岁|[早中晚前后]期|近年|[古近现当]代")
# A numeral of any kind (`rag.span` finds where a how-many answer's number starts by it), and the capital
# ones a contract writes its sums in (陆万捌仟元整), before another or a unit (not 陆 of 大陆, 伍 of 伍子胥).
NUMBER_KIND = re.compile(r"\d|[零〇一二三四五六七八九十百千万亿两半数几]"
                         r"|[壹贰叁肆伍陆柒捌玖拾](?=[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角])")
_DIGIT = re.compile(r"\d")


# A figure: a run of digits (a decimal point inside it).
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# A figure that is a date's month or day (7月, 10日).
_MONTH_OR_DAY = re.compile(r"\d+(?=\s*[月日])")
# An hour of the clock (14:30, 下午2:30, 八点), which a 几点 question asks.
_HOUR = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|(?:\d{1,2}|[一二三四五六七八九十两]+)\s*点")


# A count of days asked (几天, 多少天) is given in 日 as often as in 天 (30日内): only a date's day, after
# its month, is no count; and a count of days is counted in days (7天 of 共7天, not 2027 of 2027年春节 for
# 春节一共放几天假).
_DAYS_ASKED = re.compile(r"(?<!第)(?:几|多少)天")  # not 第几天, which asks which day
_DATE_PART = re.compile(r"\d+(?=\s*月)|(?<=月)\s*\d+(?=\s*日)")
_DAYS = re.compile(r"(?<![月\d])(?:\d+|[一二三四五六七八九十两百半几数]+)\s*(?:个)?(?:多)?[天日]")
# An article's, chapter's or item's number (第九条, 第三章): where it stands, not how many.
_PART_NUMBER = re.compile(rf"{PART_NUMERAL}[条章节款项编]")


# A question for an amount of money (花了多少钱, 几块钱, 合同金额是多少, 培训费多少: was 2名同志, then the notice's
# phone number and year) and the units money is counted in: a currency's name ends in 元 or 币 as Chinese
# forms them (万元, 美元, 港币), or is one of the few that do not, or its sign (¥68,000.00).
_MONEY_ASKED = re.compile(r"(?:多少|几)(?:块)?钱|(?:金额|费|资金|价格|价钱|工资|薪水|款)(?:是|为|要|需要|有)?(?:多少|几)")
_MONEY = re.compile(r"[元币圆块镑铢盾¥￥$€£]|卢比|卢布|法郎|马克|比索|里拉|兰特|林吉特|第纳尔|里亚尔|克朗")
# A number to dial named (联系电话, 手机号) and asked (联系电话是多少, 传真号码是什么), and one: six digits or more,
# with the dashes and spaces that group them (0871-6543210, 6543211).
DIAL_WORD = r"(?:电话|手机|传真|号码|分机)(?:号码?)?"
DIAL_NAMED = re.compile(rf"{DIAL_WORD}$")
_DIAL_ASKED = re.compile(rf"{DIAL_WORD}(?:是|为)?(?:多少|几|什么)")
DIALED = re.compile(r"\d(?:[\d\-－— ]*\d){5,}")
# How long a time asked: 多久, 多长时间, 为期, or a period's length by its name (期限多长, 折旧年限是多少, 保修期
# 多长, 时长是多少: was 1000元 of 单位价值在1000元以上), not one of a period named by when it is (本期, 同期, 日期)
# nor a word of keeping or missing a time (逾期, 到期, 按期, 定期, 延期: 逾期呢 was asked 逾期多长).
_PERIOD = r"(?:期限|年限|时长|(?<![本同当上下前后近早中晚末初星学日周长短逾过到如按定延])期)"
HOW_LONG = re.compile(rf"多久|多长时间|为期|{_PERIOD}(?:是|为|有)?(?:多长|多少|几年)")
_PERIOD_NAMED = re.compile(rf"{_PERIOD}$")
# How often asked (多久一次, 多长时间一次), and what says it with no numeral: each period (每季度, 每年).
HOW_OFTEN = re.compile(r"多(?:久|长时间)[^，,。？?\s]{0,4}?一次")  # 多久一次, 多久巡检一次
EACH_PERIOD = re.compile(r"每(?:个)?(?:年度?|季度?|月|周|星期|天|日|小时)(?:年底|年末|月底|月末)?")


def names_a_period(name: str) -> bool:
    """Whether `name` names a period whose length is asked as `HOW_LONG` asks it (使用期限, 保修期, 时长)."""
    return _PERIOD_NAMED.search(fold_t2s(name)) is not None


def asks_hour(info: QuestionInfo) -> bool:
    """Whether the question asks what hour (培训几点开始), not how many points (有几点意见)."""
    return info.expect is Expect.TIME and info.cue.startswith("几点")


def gives_hour(info: QuestionInfo, text: str) -> bool:
    """Whether `text` may answer the question as to the hour: an hour of the clock (`_HOUR`) where it
    asks what hour (培训几点开始: not a table's 3月1日至3月31日); True for any other question. A span or a
    cell is held to it; the sentences quoted are not (驻场技术人员几点上班 ranks the clause with 8:30-17:30
    third of three)."""
    return not asks_hour(info) or _HOUR.search(fold_t2s(text)) is not None


def answers_kind(info: QuestionInfo, text: str) -> bool:
    """`holds_kind` for the question `info`: a how-many's count is none of the figures the question
    gives (2012年…发展了多少党员 is not answered 2012首届人才) nor a month or day (去年7月初), unless
    it asks for one or how long (`QuestionInfo.dates_count`), nor an article's number unless it asks
    which (第九条 …报销住宿费 for 住宿费标准是多少); how much money is an amount of money (花了多少钱 was
    answered 兼职教师35名), a number to dial is one (`DIALED`), how many days a count of days
    (`_DAYS`), and how often is each period (每季度) too."""
    if info.expect is not Expect.NUMBER:
        return holds_kind(info.expect, text)
    if _MONEY_ASKED.search(info.folded) and not _MONEY.search(fold_t2s(text)):
        return False
    if _DIAL_ASKED.search(info.folded) and not DIALED.search(text):
        return False  # 乙方联系电话是多少 was answered 3. 乙方, of 3. 乙方应派驻1名技术人员…
    if _DAYS_ASKED.search(info.folded) and not _DAYS.search(fold_t2s(text)):
        return False
    if HOW_OFTEN.search(info.folded) and EACH_PERIOD.search(fold_t2s(text)):
        return True  # 设备巡检多久一次: 每季度 (was refused: no numeral)
    given = set(_FIGURE.findall(info.folded))
    dates = _DATE_PART if _DAYS_ASKED.search(info.folded) else _MONTH_OR_DAY
    folded = fold_t2s(text) if info.dates_count else dates.sub("", fold_t2s(text))
    if "第几" not in info.folded:
        folded = _PART_NUMBER.sub("", folded)
    return holds_kind(info.expect, _FIGURE.sub(lambda m: "" if m.group(0) in given else m.group(0), folded))


def holds_kind(expect: Expect, text: str) -> bool:
    """Whether `text` holds anything a time or number question could be answered with (other kinds: True)."""
    if expect is Expect.TIME:
        return _TIME_KIND.search(fold_t2s(text)) is not None
    if expect is Expect.NUMBER:
        folded = fold_t2s(text)
        if _DIGIT.search(folded) is not None:
            return True  # no idiom holds a digit
        if NUMBER_KIND.search(folded) is None:
            return False
        # Only Chinese numerals: one in an idiom (千方百计) counts nothing. Cut only then, since the
        # span model asks this of every candidate span of a how-many question.
        return any(NUMBER_KIND.search(word) and not counts_nothing(word, kind) for _, _, word, kind in tag_tokens(folded))
    return True
