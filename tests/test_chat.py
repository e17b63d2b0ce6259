"""Follow-up questions: resolved against the history before retrieval, with and without an LLM."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.chat import NOTHING_BEFORE, NOTHING_MORE, UNSAID, CarryOver, Resolved, is_follow_up, unsaid
from rag.config import Settings
from rag.pipeline import Pipeline
from rag.published import UNRECORDED
from rag.types import Answer, Citation, ShortAnswer, Turn
from tests.fakes import FakeChat, hit, with_chat

AUTHOR_QUESTION = "《以党的十八大精神为指导开创西宁组织工作新局面》的作者是谁？"
POINTS_QUESTION = "司吉昇的文章提出要从哪三个“切实增强”入手推动海北组织工作高质量发展？"


@pytest.fixture(scope="module")
def pipeline(corpus_settings: Settings) -> Pipeline:
    return Pipeline.from_settings(corpus_settings)


@pytest.mark.parametrize(
    "question",
    ["他是哪里的？", "那第二条具体怎么做？", "第三个呢？", "这些措施效果如何？", "该文作者是谁？", "上述做法的依据是什么？", "为什么？",
     "西宁呢？", "谁写的？", "具体怎么做？", "社区办公经费呢？", "是哪个地方实行的？",
     "报给谁？",  # the HMM's 报给 is no name (was asked alone, and refused)
     "由哪个科室负责？",  # by whom, of no subject (was asked alone, and refused)
     "什么时候前完成？", "什么时候开始报名？"],  # a question word and acts, naming nothing
)
def test_follow_ups_are_recognised(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [AUTHOR_QUESTION, "组工干部如何在调研上重心下移？", "其他地区的组织工作有什么经验？", "乌审旗坚持哪三个导向抓落实？",
     "张学天是谁？", "司吉昇是谁？",  # short, but asking of a name of its own
     "是否要坚持目标导向？",  # 是否 asks its own question
     "由财务科负责管理的是什么？",  # 由 of a doer it names
     "需要交什么材料？", "处置收入怎么处理？"],  # a thing named (收入, a verb to jieba, of three acts)
)
def test_standalone_questions_are_left_alone(question: str) -> None:
    assert not is_follow_up(question)
    previous = Answer("问题", "回答[1]")
    assert CarryOver().rewrite(question, [Turn.of(previous)]) == Resolved(question, question)


def citation(n: int, quote: str) -> Citation:
    return Citation(n, f"c{n}", "d", "000.txt", "标题", quote, 10 * n, 10 * n + len(quote))


def test_an_ordinal_is_replaced_by_the_item_it_points_at() -> None:
    previous = Answer(
        "要切实增强哪些方面？",
        "1. 甲[1]\n2. 乙[2]",
        citations=(citation(1, "切实增强求解优解的思维。"), citation(2, "切实增强改革创新的精神。")),
    )
    resolved = CarryOver().rewrite("那第二条具体怎么做？", [Turn.of(previous)])
    assert resolved.question == "“切实增强改革创新的精神”具体怎么做？"
    assert resolved.query.startswith("切实增强改革创新的精神")


def test_an_ordinal_points_at_an_item_numbered_by_itself_under_its_announcement() -> None:
    # The list's items number themselves, under the line that announces them (session 43), and
    # are told whole: the second is its second item, named by its opening sentence.
    previous = Answer(
        "乡里制的特点是什么？",
        "其特点主要有以下三点：[1]\n第一，职官与长者并用。既设立官吏。[2]\n第二，刑禁与教化并施。对居民施行连坐。[3]",
        citations=(citation(1, "其特点主要有以下三点："), citation(2, "第一，职官与长者并用。既设立官吏。"),
                   citation(3, "第二，刑禁与教化并施。对居民施行连坐。")),
    )
    resolved = CarryOver().rewrite("那第二条具体怎么做？", [Turn.of(previous)])
    assert resolved.question == "“第二，刑禁与教化并施”具体怎么做？"
    # Asked for more, a list is listed again, nothing left out.
    assert CarryOver().rewrite("还有呢？", [Turn.of(previous)]).quoted == ()


def test_an_ordinal_after_a_follow_up_points_into_the_list_before_it() -> None:
    listed = Answer(
        "要切实增强哪些方面？",
        "1. 甲[1]\n2. 乙[2]\n3. 丙[3]",
        citations=(citation(1, "切实增强求解优解的思维。"), citation(2, "切实增强改革创新的精神。"),
                   citation(3, "切实增强狠抓落实的韧劲。")),
    )
    second = Answer("“切实增强改革创新的精神”具体怎么做？", "切实增强改革创新的精神。所谓改革…[1]",
                    citations=(citation(1, "切实增强改革创新的精神。所谓改革…"),))
    history = [Turn.of(listed), Turn("第二条具体怎么做？", "“切实增强改革创新的精神”具体怎么做？", second)]
    # Was carried over as “…改革创新的精神”具体怎么做，第三条呢？: the section answer lists nothing.
    assert CarryOver().rewrite("第三条呢？", history).question == "“切实增强狠抓落实的韧劲”具体怎么做？"
    assert CarryOver().rewrite("第一条为什么重要？", history).question == "“切实增强求解优解的思维”为什么重要？"


def test_an_ordinal_points_into_a_short_answer_that_is_a_run_of_items() -> None:
    quote = "烏審旗將堅持目標導向、問題導向、結果導向相統一。"
    previous = Answer("乌审旗要坚持哪三个导向？", "目標導向、問題導向、結果導向[1]\n\n" + quote + "[1]",
                      citations=(citation(1, quote),), short_answer=ShortAnswer("目標導向、問題導向、結果導向", 1, 15, 29))
    # Was carried over as the whole quoted sentence: “烏審旗將堅持…相統一”具体怎么做？
    assert CarryOver().rewrite("第一个具体怎么做？", [Turn.of(previous)]).question == "“目標導向”具体怎么做？"
    assert CarryOver().rewrite("那第三个呢？", [Turn.of(previous)]).question == "“結果導向”呢？"


def test_a_follow_up_for_more_asks_the_previous_question_again() -> None:
    previous = Answer("西宁实行了什么人才制度？", "政府雇員制度[1]", citations=(citation(1, "率先在全市實行政府雇員制度。"),),
                      short_answer=ShortAnswer("政府雇員制度", 1, 16, 22))
    # Was carried over as 西宁实行了什么人才制度，呢？
    for question in ("还有呢？", "还有别的吗？", "其他的呢？"):
        assert CarryOver().rewrite(question, [Turn.of(previous)]).question == "西宁实行了什么人才制度？"
    # Answered, the previous question's phrase and the words the answer ends with are the answer
    # (was 西宁实行了上海陸家嘴才制度: 什么人 taken for who, and replaced inside 人才).
    assert CarryOver().rewrite("这篇文章是谁写的？", [Turn.of(previous)]).question == "西宁实行了政府雇員制度，这篇文章是谁写的？"


def test_an_ordinal_item_of_a_run_is_answered_with_its_section(pipeline: Pipeline) -> None:
    first = pipeline.ask("乌审旗要坚持哪三个导向？")
    follow_up = pipeline.ask("第三个具体怎么做？", [Turn.of(first)])
    assert follow_up.rewritten_question == "“結果導向”具体怎么做？"
    assert follow_up.citations[0].quote.startswith("堅持結果導向抓落實。貫徹落實好各級組織部長會議精神")


def test_a_pronoun_carries_over_the_previous_question_and_passage() -> None:
    previous = Answer(AUTHOR_QUESTION, "■文/張學天[1]", citations=(citation(1, "■文/張學天"),))
    resolved = CarryOver().rewrite("他是哪里的？", [Turn.of(previous)])
    assert resolved.question == "《以党的十八大精神为指导开创西宁组织工作新局面》的作者是谁，他是哪里的？"
    assert resolved.query.endswith("■文/張學天")


def spanned(question: str, short: str, quote: str) -> Answer:
    """A previous answer: the short answer `short`, cited in its one quote."""
    at = quote.find(short)
    return Answer(question, f"{short}[1]", citations=(citation(1, quote),),
                  short_answer=ShortAnswer(short, 1, 10 + at, 10 + at + len(short)))


def test_a_follow_up_after_a_value_carries_the_topic_without_it_nor_the_passage_that_gave_it() -> None:
    # Carried as 消防培训2027年3月18日（星期四）下午2:30-5:00，在哪里？ and searched with the date's line, the
    # notice's addressees answered; a when, where or how much is nothing a follow-up asks about.
    date = "2027年3月18日（星期四）下午2:30-5:00"
    when = spanned("消防培训什么时候？", date, f"一、培训时间：{date}")
    assert CarryOver().rewrite("在哪里？", [Turn.of(when)]).question == "消防培训，在哪里？"
    # A second follow-up carries the first's topic, not the bare word its question left (was 消防培训，在，谁讲课？).
    where = spanned("消防培训，在哪里？", "局机关八楼多功能厅", "二、培训地点：局机关八楼多功能厅")
    history = [Turn.of(when), Turn("在哪里？", "消防培训，在哪里？", where)]
    assert CarryOver().rewrite("谁讲课？", history).question == "消防培训，谁讲课？"
    # A where asked with 在 leaves no 在 behind (was 消防培训在，什么时候？ and 培训地点在，几点开始？).
    where = spanned("消防培训在哪里？", "局机关八楼多功能厅", "二、培训地点：局机关八楼多功能厅")
    assert CarryOver().rewrite("什么时候？", [Turn.of(where)]).question == "消防培训，什么时候？"
    # Nor a clause that says only what the topic does (was 会议开的，开的，谁主持的？).
    met = spanned("会议开的，在哪里开的？", "局机关三楼第二会议室", "会议地点：局机关三楼第二会议室")
    held = spanned("会议什么时候开的？", "2026年9月28日", "会议时间：2026年9月28日")
    history = [Turn.of(held), Turn("在哪里开的？", "会议开的，在哪里开的？", met)]
    assert CarryOver().rewrite("谁主持的？", history).question == "会议开的，谁主持的？"
    # A yes or no asks its own question too (was 消防培训什么时候，要交培训费吗？, answered with the date).
    assert CarryOver().rewrite("要交培训费吗？", [Turn.of(when)]).question == "消防培训，要交培训费吗？"
    # A how many without its count and the measure it counts in (was 春节放7天假, 出差后30日内天内报销).
    days = spanned("春节放几天假？", "7天", "放假调休，共7天。")
    assert CarryOver().rewrite("哪天上班？", [Turn.of(days)]).question == "春节放假，哪天上班？"
    within = spanned("出差后多少天内报销？", "30日内", "出差结束后30日内办理报销手续")
    assert CarryOver().rewrite("要谁签字？", [Turn.of(within)]).question == "出差后报销，要谁签字？"
    # and without the quantity it named, answered (合同金额是，服务期限多长？ was answered with the payment's 15个工作日内).
    amount = spanned("合同金额是多少？", "68,000元", "合同总金额为68,000元。")
    assert CarryOver().rewrite("服务期限多长？", [Turn.of(amount)]).question == "合同，服务期限多长？"
    # A name answered is carried as the statement it makes, the passage left out of the query.
    name = spanned("会议主持人是谁？", "陈志强", "主持人：陈志强")
    assert CarryOver().rewrite("他讲了什么？", [Turn.of(name)]).query == "陈志强讲了什么？"
    assert CarryOver().rewrite("谁记录？", [Turn.of(name)]).question == "会议主持人是陈志强，谁记录？"


def test_a_verb_before_the_noun_it_governs_is_no_part_of_the_name_a_follow_up_replaces() -> None:
    # Was 固定资产谁实物管理？ (负责 replaced with 账务管理), answered 财务科.
    previous = spanned("固定资产谁负责账务管理？", "财务科", "财务科负责固定资产的账务管理")
    assert CarryOver().rewrite("实物管理呢？", [Turn.of(previous)]).question == "固定资产谁负责实物管理？"


def test_another_field_of_the_thing_the_previous_question_opens_with_is_asked_what_it_is() -> None:
    # Was 合同服务期限多长，合同金额呢？, answered with a length (15个工作日内).
    period = spanned("合同服务期限多长？", "一年", "服务期限为一年")
    assert CarryOver().rewrite("合同金额呢？", [Turn.of(period)]).question == "合同金额是多少？"
    signed = spanned("合同什么时候签的？", "2026年12月20日", "签订日期：2026年12月20日")
    assert CarryOver().rewrite("合同编号呢？", [Turn.of(signed)]).question == "合同编号是什么？"
    # A post is asked who holds it.
    secretary = spanned("海北州委书记是谁？", "某某", "海北州委书记某某")
    assert CarryOver().rewrite("海北州组织部长呢？", [Turn.of(secretary)]).question == "海北州组织部长是谁？"


def test_the_next_article_asks_the_previous_question_of_it_in_its_numerals() -> None:
    # Was 第十条是什么内容，下一条呢？, answered with 第十条 again.
    previous = Answer("第十条是什么内容？", "第十条 伙食补助费…[1]", citations=(citation(1, "第十条 伙食补助费…"),))
    assert CarryOver().rewrite("那下一条呢？", [Turn.of(previous)]).question == "第十一条是什么内容？"
    assert CarryOver().rewrite("上一条呢？", [Turn.of(previous)]).question == "第九条是什么内容？"
    chapter = Answer("第2章讲了什么？", "第二章 城市间交通费[1]", citations=(citation(1, "第二章 城市间交通费"),))
    assert CarryOver().rewrite("下一章呢？", [Turn.of(chapter)]).question == "第3章讲了什么？"
    # Of two articles, which one is next is not said: carried as before.
    two = Answer("第一条和第二条讲了什么？", "…[1]", citations=(citation(1, "第一条 为加强…"),))
    assert "第三条" not in CarryOver().rewrite("下一条呢？", [Turn.of(two)]).question


def test_a_follow_up_naming_a_field_of_another_kind_asks_that_field_s_question_of_the_topic() -> None:
    # 地点呢？ after a when was carried as 消防培训什么时候，地点呢？ and answered with the date again.
    date = "2027年3月18日"
    when = spanned("消防培训什么时候？", date, f"一、培训时间：{date}")
    assert CarryOver().rewrite("地点呢？", [Turn.of(when)]).question == "消防培训，地点在哪里？"
    assert CarryOver().rewrite("联系人呢？", [Turn.of(when)]).question == "消防培训，联系人是谁？"
    # In the chat's script.
    traditional = spanned("消防培訓什麼時候？", date, f"一、培訓時間：{date}")
    assert CarryOver().rewrite("地點呢？", [Turn.of(traditional)]).question == "消防培訓，地點在哪裏？"
    who = spanned("会议主持人是谁？", "陈志强", "主持人：陈志强")
    assert CarryOver().rewrite("时间呢？", [Turn.of(who)]).question == "会议主持人，时间是什么时候？"
    # A field of the kind asked is the same question of it (记录人呢？), and a date is a value to ask it of.
    assert CarryOver().rewrite("记录人呢？", [Turn.of(who)]).question == "会议记录人是谁？"
    duty = spanned("2月8日谁带班？", "陈志强", "日期：2月8日 | 带班领导：陈志强")
    assert CarryOver().rewrite("2月9日呢？", [Turn.of(duty)]).question == "2月9日谁带班？"  # the day replaced
    # A period named alone is asked how long it is (was 固定资产多少钱以上，使用期限呢？, answered 1000元 again).
    price = spanned("固定资产多少钱以上？", "1000元", "单位价值在1000元以上，使用期限在一年以上")
    assert CarryOver().rewrite("使用期限呢？", [Turn.of(price)]).question == "固定资产，使用期限多长？"
    term = spanned("服务期限多长？", "一年", "服务期限为一年")
    # After a how long, another period is asked the same, in place of the one asked.
    assert CarryOver().rewrite("保修期呢？", [Turn.of(term)]).question == "服务保修期多长？"
    # The others of a kind are asked the same question (was 局级干部可以坐交通工具，其余人员是谁？).
    ride = spanned("局级干部可以坐什么交通工具？", "火车软席", "局级干部可乘坐火车软席")
    assert CarryOver().rewrite("其余人员呢？", [Turn.of(ride)]).question == "局级干部可以坐什么交通工具，其余人员呢？"


def test_a_follow_up_naming_a_field_asks_it_of_the_one_the_previous_question_opens_with_by_name() -> None:
    # 职务呢？ after 何静是哪个科室的 was carried as 何静是哪个科室的，职务呢？ and answered 办公室 again.
    office = spanned("何静是哪个科室的？", "办公室", "姓名：何静 | 科室：办公室 | 职务：主任")
    assert CarryOver().rewrite("职务呢？", [Turn.of(office)]).question == "何静的职务是什么？"
    # Not of a thing the question opens with (固定资产 is no name), nor when the field is a name itself.
    value = spanned("固定资产单位价值多少以上？", "1000元", "单位价值在1000元以上")
    assert "的专用设备" not in CarryOver().rewrite("专用设备呢？", [Turn.of(value)]).question
    assert CarryOver().rewrite("孙丽呢？", [Turn.of(office)]).question == "孙丽是哪个科室的？"
    # A number to dial is asked how much it is (何静的电话是什么？ was answered 何静), of whom was asked too
    # (采购联系人是谁，电话呢？ was answered 赵磊 again); a name jieba reads on into 是 is the name (郑华是|什么).
    assert CarryOver().rewrite("电话呢？", [Turn.of(office)]).question == "何静的电话是多少？"
    contact = spanned("采购联系人是谁？", "赵磊", "联系人：赵磊")
    assert CarryOver().rewrite("电话呢？", [Turn.of(contact)]).question == "采购联系人，电话是多少？"
    # Asked alone with its own question word, as 电话呢 (was 采购联系人是赵磊，电话多少？, the phone book's).
    assert CarryOver().rewrite("电话多少？", [Turn.of(contact)]).question == "采购联系人，电话是多少？"
    # Of the one named, where no passage found of the answer's document gives a number to dial (asked of
    # 会议记录人, every number found was listed); of whom was asked where one does (the notice's 联系电话).
    minutes = hit(1, "minutes", "会议纪要", "会议地点：三楼第二会议室 记录人：孙丽", 9.0, 0.8)
    quoted = Citation(1, "minutes-1", "minutes", "minutes.md", "会议纪要", "记录人：孙丽", 117, 123)
    clerk = Answer("会议记录人是谁？", "孙丽[1]", citations=(quoted,), short_answer=ShortAnswer("孙丽", 1, 121, 123),
                   hits=(minutes,))
    assert CarryOver().rewrite("电话呢？", [Turn.of(clerk)]).question == "孙丽的电话是多少？"
    notice = hit(1, "minutes", "会议纪要", "记录人：孙丽 联系电话：6543211", 9.0, 0.8)
    assert CarryOver().rewrite("电话呢？", [Turn.of(replace(clerk, hits=(notice,)))]).question \
        == "会议记录人，电话是多少？"
    post = spanned("郑华是什么职务？", "科长", "姓名：郑华 | 职务：科长")
    assert CarryOver().rewrite("手机呢？", [Turn.of(post)]).question == "郑华的手机是多少？"


def test_a_follow_up_naming_another_column_of_the_row_answered_asks_that_row_s_cell_under_it() -> None:
    # Carried as …，值班人员呢？ and …，其他地区呢？, both were answered with the same cell again.
    duty = "日期：2月6日 | 带班领导：王建国 | 值班人员：李明 | 联系电话：13800001111"
    leader = spanned("2月6日带班领导是谁？", "王建国", duty)
    assert CarryOver().rewrite("值班人员呢？", [Turn.of(leader)]).question == "2月6日值班人员是谁？"
    # A column of another kind is asked its own question; one named by what its one does, of the row named.
    assert CarryOver().rewrite("联系电话呢？", [Turn.of(leader)]).question == "2月6日联系电话是多少？"
    led = spanned("2月6日谁带班？", "王建国", duty)
    assert CarryOver().rewrite("值班人员呢？", [Turn.of(led)]).question == "2月6日值班人员是谁？"
    rates = "人员类别：局级干部 | 直辖市及省会城市（元/人·天）：600 | 其他地区（元/人·天）：450"
    capital = spanned("局级干部在直辖市及省会城市住宿费多少？", "600", rates)
    assert CarryOver().rewrite("其他地区呢？", [Turn.of(capital)]).question == "局级干部在其他地区住宿费多少？"
    # With no column named, asked of the previous question's topic, or of the one who answered it.
    stages = "阶段：第二阶段 | 时间：4月1日至6月30日 | 培训内容：财政业务知识培训 | 责任科室：预算科"
    when = spanned("第二阶段培训什么时候？", "4月1日至6月30日", stages)
    assert CarryOver().rewrite("责任科室呢？", [Turn.of(when)]).question == "第二阶段培训，责任科室是什么？"
    book = "姓名：蒋伟 | 科室：后勤服务中心 | 职务：主任 | 办公电话：6543250 | 手机：13700003456"
    head = spanned("后勤服务中心主任是谁？", "蒋伟", book)
    assert CarryOver().rewrite("手机呢？", [Turn.of(head)]).question == "后勤服务中心主任是蒋伟，手机是多少？"
    # Another value of the column the previous question named its row by, of the same form, is that row's.
    first = spanned("第一阶段培训什么时候？", "3月1日至3月31日", "阶段：第一阶段 | 时间：3月1日至3月31日 | 责任科室：人事科")
    assert CarryOver().rewrite("第三阶段呢？", [Turn.of(first)]).question == "第三阶段培训什么时候？"
    assert CarryOver().rewrite("处级干部呢？", [Turn.of(capital)]).question == "处级干部在直辖市及省会城市住宿费多少？"
    # Named short of the end it shares (处级 of 局级干部, was 局级干部在…处级多少？), not a word of another form.
    assert CarryOver().rewrite("处级呢？", [Turn.of(capital)]).question == "处级干部在直辖市及省会城市住宿费多少？"
    assert "时间阶段" not in CarryOver().rewrite("时间呢？", [Turn.of(first)]).question
    # Asked in Traditional of a row in Simplified, in the chat's script (was 第一階段培訓什麼時候，第三階段呢？).
    first_t = spanned("第一階段培訓什麼時候？", "3月1日至3月31日", "阶段：第一阶段 | 时间：3月1日至3月31日 | 责任科室：人事科")
    assert CarryOver().rewrite("第三階段呢？", [Turn.of(first_t)]).question == "第三階段培訓什麼時候？"
    capital_t = spanned("局級幹部在省會城市住宿費多少？", "600", rates)
    assert CarryOver().rewrite("處級呢？", [Turn.of(capital_t)]).question == "處級幹部在省會城市住宿費多少？"
    # A record in running text, its other labels unseen: the label's head asked in its place (were carried,
    # and answered 2027年度办公用品采购 and XX市财政局 again); not a label named by the topic's word (培训 of
    # 培训时间), nor a who's field (代表人 of 乙方's line: whose it is, is as often the answer's).
    named = spanned("采购项目名称是什么？", "2027年度办公用品采购", "项目名称：2027年度办公用品采购")
    assert CarryOver().rewrite("编号呢？", [Turn.of(named)]).question == "采购项目编号是什么？"
    party = spanned("合同甲方是谁？", "XX市财政局", "甲方：XX市财政局")
    assert CarryOver().rewrite("联系部门呢？", [Turn.of(party)]).question == "合同联系部门是什么？"
    lecturer = spanned("消防培训授课人是谁？", "市消防救援支队宣传科王磊", "五、授课人：市消防救援支队宣传科王磊")
    assert CarryOver().rewrite("培训内容呢？", [Turn.of(lecturer)]).question == "消防培训内容是什么？"
    when = spanned("消防培训什么时候？", "2027年3月18日", "一、培训时间：2027年3月18日")
    assert CarryOver().rewrite("报名截止呢？", [Turn.of(when)]).question == "消防培训什么时候，报名截止呢？"
    company = spanned("合同乙方是谁？", "XX市信达科技有限公司", "乙方：XX市信达科技有限公司")
    assert CarryOver().rewrite("代表人呢？", [Turn.of(company)]).question == "合同乙方是谁，代表人呢？"
    # Not a name two columns are labelled by (which it asks is a guess), nor the column answered.
    phones = spanned("蒋伟的手机是多少？", "13700003456", "姓名：蒋伟 | 办公电话：6543250 | 家庭电话：6543251 | 手机：13700003456")
    assert CarryOver().rewrite("电话呢？", [Turn.of(phones)]).question == "蒋伟的电话是多少？"  # of him, as named
    assert "其他地区住宿费" not in CarryOver().rewrite("省会城市呢？", [Turn.of(capital)]).question


def test_a_follow_up_naming_another_act_asks_the_previous_question_of_it() -> None:
    # 报废呢？ after 固定资产由谁审批购置 was carried as 固定资产由谁审批购置，报废呢？ and answered with the purchase.
    who = Answer("固定资产由谁审批购置？", "三、购置固定资产…局长审批后…[1]", citations=(citation(1, "三、购置固定资产…"),))
    assert CarryOver().rewrite("报废呢？", [Turn.of(who)]).question == "固定资产由谁审批报废？"
    signed = spanned("合同什么时候签的？", "2026年12月20日", "签订日期：2026年12月20日")
    assert CarryOver().rewrite("付款呢？", [Turn.of(signed)]).question == "合同什么时候付款的？"
    # With the object the previous question ends on (was 固定资产由谁登记卡片，入账呢？, answered 后勤服务中心).
    card = spanned("固定资产由谁登记卡片？", "后勤服务中心", "由后勤服务中心登记资产卡片")
    assert CarryOver().rewrite("入账呢？", [Turn.of(card)]).question == "固定资产由谁入账？"
    # Not a noun after the question word (补助 of 伙食补助 names the allowance), nor an act that is not the
    # question's last in a row of one or two (申请 of 提出购置申请).
    fee = spanned("伙食补助每天多少钱？", "100元", "伙食补助费每人每天100元")
    assert CarryOver().rewrite("报销呢？", [Turn.of(fee)]).question == "伙食补助每天多少钱，报销呢？"
    applied = Answer("固定资产由谁提出购置申请？", "…[1]", citations=(citation(1, "由使用科室提出申请"),))
    assert CarryOver().rewrite("报废呢？", [Turn.of(applied)]).question == "固定资产由谁提出购置申请，报废呢？"


def test_a_follow_up_naming_another_quantity_in_one_word_asks_how_much_of_it() -> None:
    # 支出呢？ after a revenue's how much was carried as …收入多少，支出呢？ and answered 增长5%以上.
    revenue = spanned("2026年一般公共预算收入多少？", "86.5亿元", "全年完成一般公共预算收入86.5亿元")
    assert CarryOver().rewrite("支出呢？", [Turn.of(revenue)]).question == "2026年一般公共预算支出多少？"
    total = spanned("合同金额是多少？", "陆万捌仟元整", "合同总金额为人民币陆万捌仟元整")
    assert CarryOver().rewrite("违约金呢？", [Turn.of(total)]).question == "合同违约金是多少？"
    # A name of several words in place of a word that ends as it does (was 68.7亿元, the tax revenue, again).
    tax = spanned("2026年税收收入多少？", "68.7亿元", "其中税收收入68.7亿元")
    assert CarryOver().rewrite("非税收入呢？", [Turn.of(tax)]).question == "2026年非税收入多少？"
    # How much of anything but a period, after a how long (was 合同服务金额多长？).
    term = spanned("合同服务期限多长？", "一年", "服务期限为一年")
    assert CarryOver().rewrite("金额呢？", [Turn.of(term)]).question == "合同服务金额是多少？"
    # After a rate or share: another thing in place of its thing, the amount in place of the rate (was
    # 一般公共预算收入同比支出多少？, answered 152.3亿元; and 民生支出占比多少，金额呢？, answered 78.5% again).
    growth = spanned("一般公共预算收入同比增长多少？", "6.2%", "全年完成一般公共预算收入86.5亿元，同比增长6.2%")
    assert CarryOver().rewrite("支出呢？", [Turn.of(growth)]).question == "一般公共预算支出同比增长多少？"
    # Past the comma a topic carried before it (2026年一般公共预算收入，同比增长多少 was 收入支出同比增长多少).
    carried = spanned("2026年一般公共预算收入，同比增长多少？", "6.2%", "全年完成一般公共预算收入86.5亿元，同比增长6.2%")
    assert CarryOver().rewrite("支出呢？", [Turn.of(carried)]).question == "2026年一般公共预算支出，同比增长多少？"
    share = spanned("民生支出占比多少？", "78.5%", "民生支出达到119.6亿元，占支出总额的78.5%")
    assert CarryOver().rewrite("金额呢？", [Turn.of(share)]).question == "民生支出金额多少？"
    # A rate or share of the thing counted (was 民生占比多少？), one of an amount in its place.
    spent = spanned("民生支出多少？", "119.6亿元", "民生支出达到119.6亿元")
    assert CarryOver().rewrite("占比呢？", [Turn.of(spent)]).question == "民生支出占比多少？"
    bought = spanned("政府采购金额多少？", "18.9亿元", "采购金额18.9亿元")
    assert CarryOver().rewrite("节约率呢？", [Turn.of(bought)]).question == "政府采购节约率多少？"
    # After a count of things, another quantity of what counted them (was 126个, then 1386个, again).
    counted = spanned("绩效评价了多少个项目？", "126个", "对全市126个项目开展绩效评价")
    assert CarryOver().rewrite("涉及资金呢？", [Turn.of(counted)]).question == "绩效评价涉及资金多少？"
    projects = spanned("政府采购项目有多少个？", "1386个", "全年完成政府采购项目1386个")
    assert CarryOver().rewrite("节约资金呢？", [Turn.of(projects)]).question == "政府采购节约资金多少？"
    # What the name opens with is not said twice (was 政府采购采购金额多少？, then 政府采购节约节约率多少？), and an
    # amount of money (资金) is a quantity another replaces.
    assert CarryOver().rewrite("采购金额呢？", [Turn.of(projects)]).question == "政府采购金额多少？"
    saved = spanned("政府采购节约资金多少？", "1.7亿元", "节约资金1.7亿元")
    assert CarryOver().rewrite("节约率呢？", [Turn.of(saved)]).question == "政府采购节约率多少？"
    bought_again = spanned("政府采购金额多少？", "18.9亿元", "采购金额18.9亿元")
    assert CarryOver().rewrite("节约资金呢？", [Turn.of(bought_again)]).question == "政府采购节约资金多少？"
    # A number to dial after any question (was refused), and no time: 逾期 asks no how much (was 逾期多少？).
    holiday = spanned("春节放几天？", "7天", "2月6日至2月12日放假调休，共7天")
    assert CarryOver().rewrite("值班电话呢？", [Turn.of(holiday)]).question == "春节放，值班电话是多少？"
    days = spanned("出差多少天内报销？", "30日内", "出差人员应当在出差结束后30日内办理报销手续")
    assert "逾期多" not in CarryOver().rewrite("逾期呢？", [Turn.of(days)]).question
    # Not a name of several words (which word it replaces is a guess).
    standard = spanned("伙食补助标准是多少？", "100元", "每人每天100元")
    assert CarryOver().rewrite("市内交通费呢？", [Turn.of(standard)]).question == "伙食补助标准是多少，市内交通费呢？"
    # After a how much each day, the thing before it replaced whole (was 100元 again); after an act
    # counted, another act in its place.
    daily = spanned("伙食补助每天多少钱？", "100元", "每人每天100元")
    assert CarryOver().rewrite("市内交通费呢？", [Turn.of(daily)]).question == "市内交通费每天多少？"
    transport = spanned("市内交通费每天多少？", "80元", "每人每天80元包干使用")
    assert CarryOver().rewrite("伙食补助呢？", [Turn.of(transport)]).question == "伙食补助每天多少？"  # 补助: a verb
    hours = spanned("每名干部每年培训多少学时？", "90学时", "每名干部全年参加培训累计不少于90学时")
    assert CarryOver().rewrite("网络学习呢？", [Turn.of(hours)]).question == "每名干部每年网络学习多少学时？"


def test_a_follow_up_with_its_own_question_carries_the_previous_one_s_topic_when_no_span_answered() -> None:
    # The previous cue (什么时候) decided what the carried question asked: the date again.
    previous = Answer("这篇文章什么时候发表的？", "2013年03月12日（文档记录的日期）[1]", citations=(citation(1, "■文/張學天"),))
    assert CarryOver().rewrite("在哪里发表的？", [Turn.of(previous)]).question == "这篇文章发表的，在哪里发表的？"
    listed = Answer("为基层减负需要把握哪三条原则？", "1. 一是…[1]", citations=(citation(1, "一是…"),))
    assert CarryOver().rewrite("为什么？", [Turn.of(listed)]).question == "为基层减负需要把握三条原则，为什么？"
    # A topic carried from a follow-up keeps one comma (was …三条原则，，具体怎么做？).
    why = Answer("为基层减负需要把握三条原则，为什么？", "…[1]", citations=(citation(1, "一是…"),))
    assert CarryOver().rewrite("具体怎么做？", [Turn.of(why)]).question == "为基层减负需要把握三条原则，具体怎么做？"


def test_who_wrote_it_is_asked_of_the_text_just_quoted(pipeline: Pipeline) -> None:
    first = pipeline.ask("乌审旗要坚持哪三个导向？")
    author = pipeline.ask("作者是谁？", [Turn.of(first)])  # answered with the byline, no name
    assert author.rewritten_question.endswith("，这篇文章的作者是谁？")
    assert author.short_answer is not None and author.short_answer.text == "蘇新發"
    # 他 is 蘇新發, asked of alone: no document gives his post (it was answered 蘇新發, then 打基礎).
    post = pipeline.ask("他担任什么职务？", [Turn.of(first), Turn.of(author)])
    assert post.rewritten_question == "蘇新發担任什么职务？" and post.refused


def test_who_wrote_the_text_after_a_name_is_that_name_again(pipeline: Pipeline) -> None:
    first = pipeline.ask("西宁市的组织部长是谁？")
    for question in ("作者是谁？", "文章的作者是谁？"):  # 文章的作者是谁 was asked alone and refused
        author = pipeline.ask(question, [Turn.of(first)])
        assert author.rewritten_question == "西宁市的组织部长是張學天，这篇文章的作者是谁？"
        # The name the carried statement gives is what is asked (was the author note, then (2013年02期)).
        assert author.short_answer is not None and author.short_answer.text == "張學天"


def test_it_after_a_question_about_a_titled_work_is_that_work(pipeline: Pipeline) -> None:
    listed = pipeline.ask("文库里有哪些文章？")
    history = [Turn.of(listed), Turn.of(pipeline.ask("第五篇的作者是谁？", [Turn.of(listed)]))]
    assert history[1].answer.short_answer is not None and history[1].answer.short_answer.text == "蘇新發"
    when = pipeline.ask("它是什么时候发表的？", history)
    # Carried behind 《…》的作者是蘇新發 it was refused with no reason.
    assert when.rewritten_question == "《為貫徹落實好今年組織部長會議精神》这篇文章是什么时候发表的？"
    assert when.refused and when.refusal_reason == UNRECORDED
    history = [Turn.of(listed), Turn.of(pipeline.ask("第四篇是什么时候发表的？", [Turn.of(listed)]))]
    author = pipeline.ask("作者是谁？", history)  # was 《…》是发表的，这篇文章的作者是谁？
    assert author.rewritten_question == "《以黨的十八大精神為指導開創西寧組織工作新局面》这篇文章的作者是谁？"
    assert author.short_answer is not None and author.short_answer.text == "張學天"
    # A work the answer did not quote as a document is named as it is.
    aired = Answer("《宇宙奇兵》在日本是何时播出的？", "1984年[1]", citations=(citation(1, "1984年播出。"),))
    assert CarryOver().rewrite("它的导演是谁？", [Turn.of(aired)]).question == "《宇宙奇兵》的导演是谁？"


def test_where_a_text_was_published_follows_when(pipeline: Pipeline) -> None:
    when = pipeline.ask("张学天的文章是什么时候发表的？")
    where = pipeline.ask("在哪里发表的？", [Turn.of(when)])
    assert where.text.startswith("人民網-中國共產黨新聞網（文档记录的来源）[1]"), where.rewritten_question


def test_a_follow_up_with_its_own_question_carries_the_previous_one_answered() -> None:
    previous = Answer(
        "西宁市的组织部长是谁？", "張學天[1]\n\n■文/張學天[1]", citations=(citation(1, "■文/張學天"),),
        short_answer=ShortAnswer("張學天", 1, 13, 16),
    )
    # 他 is the name it answered, and the question that names him stands alone.
    assert CarryOver().rewrite("他写了哪篇文章？", [Turn.of(previous)]).question == "張學天写了哪篇文章？"
    # Without 他 the previous question is carried as the statement its answer makes.
    assert CarryOver().rewrite("这篇文章什么时候发表的？", [Turn.of(previous)]).question == "西宁市的组织部长是張學天，这篇文章什么时候发表的？"
    # Without a question of its own the follow-up takes the previous one's: 谁 is what is asked.
    assert CarryOver().rewrite("那效果呢？", [Turn.of(previous)]).question == "西宁市的组织部长是谁，效果呢？"


def test_a_follow_up_that_opens_with_its_copula_asks_of_the_previous_question_s_subject() -> None:
    # 是哪个地方实行的？ after 什么是政府雇员制度？ was asked alone, and refused; 是哪里的组织部长？ after
    # 司吉昇是谁？ was carried behind the statement the answer made and answered 全省.
    defined = Answer("什么是政府雇员制度？", "…率先在全市实行政府雇员制度…[1]", citations=(citation(1, "率先在全市实行政府雇员制度。"),))
    assert CarryOver().rewrite("是哪个地方实行的？", [Turn.of(defined)])[:2] == ("政府雇员制度是哪个地方实行的？",) * 2
    who = Answer("司吉昇是谁？", "中共海北州委常委、组织部部长[1]", citations=(citation(1, "中共海北州委常委、组织部部长  司吉昇"),),
                 short_answer=ShortAnswer("中共海北州委常委、组织部部长", 1, 10, 24))
    assert CarryOver().rewrite("那是哪里的组织部长？", [Turn.of(who)]).question == "司吉昇是哪里的组织部长？"
    # A previous question about no one subject is carried as before, as the statement its answer makes.
    listed = Answer("乌审旗坚持哪三个导向？", "目标导向、问题导向、结果导向[1]", citations=(citation(1, "坚持目标导向、问题导向、结果导向。"),),
                    short_answer=ShortAnswer("目标导向、问题导向、结果导向", 1, 12, 26))
    assert CarryOver().rewrite("是谁提出的？", [Turn.of(listed)]).question == "乌审旗坚持目标导向、问题导向、结果导向，是谁提出的？"


def test_a_follow_up_that_opens_with_a_verb_after_a_person_named_is_asked_of_them() -> None:
    # 担任什么职务 after …的作者是谁 (司吉昇) was carried behind 作者是司吉昇 and answered 司吉昇 again.
    who = Answer("《以实干实绩实效推动组织工作高质量发展》的作者是谁？", "司吉昇[1]",
                 citations=(citation(1, "中共海北州委常委、组织部部长  司吉昇"),), short_answer=ShortAnswer("司吉昇", 1, 16, 19))
    assert CarryOver().rewrite("担任什么职务？", [Turn.of(who)])[:2] == ("司吉昇担任什么职务？",) * 2
    # Not after a turn that named no person; and 那一年 keeps its 那 (it was read 一年).
    what = Answer("苏新发为什么说今年意义重大？", "今年是…[1]", citations=(citation(1, "今年是建党100周年。"),))
    assert CarryOver().rewrite("提出了什么？", [Turn.of(what)]).question == "苏新发说今年意义重大，提出了什么？"
    assert CarryOver().rewrite("那一年有什么特殊之处？", [Turn.of(what)]).question.endswith("，那一年有什么特殊之处？")


def test_a_pronoun_for_a_person_named_turns_before_is_that_person() -> None:
    named = Answer("海北州的组织部长是谁？", "司吉昇[1]", citations=(citation(1, "中共海北州委常委、组织部部长  司吉昇"),),
                   short_answer=ShortAnswer("司吉昇", 1, 16, 19))
    between = Answer("海北州的组织部长是司吉昇，司吉昇提出了什么观点？", "五个更加注重[1]",
                     citations=(citation(1, "以“五个更加注重”构建执行落实的闭环机制。"),),
                     short_answer=ShortAnswer("五个更加注重", 1, 11, 17))
    history = [Turn.of(named), Turn("他提出了什么观点？", between.question, between)]
    # Was carried over behind 海北州的组织部长是司吉昇，司吉昇提出了五个更加注重观点， with 他 left as
    # it was, and answered with the sentence about 五个更加注重.
    resolved = CarryOver().rewrite("他在文章里提到了哪些导向？", history)
    assert resolved[:2] == ("司吉昇在文章里提到了哪些导向？", "司吉昇在文章里提到了哪些导向？")


def test_a_follow_up_that_names_another_subject_asks_the_previous_question_of_it() -> None:
    # Carried over whole (西宁市的组织部长是谁，海北呢？) it was answered 張學天 again.
    previous = Answer(
        "西宁市的组织部长是谁？", "張學天[1]\n\n■文/張學天[1]", citations=(citation(1, "■文/張學天"),),
        short_answer=ShortAnswer("張學天", 1, 13, 16),
    )
    resolved = CarryOver().rewrite("那海北呢？", [Turn.of(previous)])
    assert resolved[:2] == ("海北的组织部长是谁？", "海北的组织部长是谁？")  # the passage about 西宁 stays behind
    assert CarryOver().rewrite("乌审旗的呢?", [Turn.of(previous)]).question == "乌审旗的组织部长是谁？"
    # A question of two subjects: which one the follow-up replaces would be a guess.
    both = Answer("海北州和西宁市的组织部长分别是谁？", "…", citations=(citation(1, "■文/張學天"),))
    assert CarryOver().rewrite("乌审旗呢？", [Turn.of(both)]).question == "海北州和西宁市的组织部长分别是谁，乌审旗呢？"
    # A question of no subject is asked of the one the follow-up names, as its topic: carried over
    # whole (组织工作要坚持什么导向，西宁呢？) it was answered of 乌审旗, and 如何引进人才 named no subject
    # (引进人才, a verb and its object the dictionary tags as one word, was replaced: 如何海北？).
    for asked, topic in (("组织工作要坚持什么导向？", "西宁组织工作要坚持什么导向？"), ("如何引进人才？", "西宁如何引进人才？")):
        unnamed = Answer(asked, "…", citations=(citation(1, "坚持目标导向。"),))
        assert CarryOver().rewrite("西宁呢？", [Turn.of(unnamed)]).question == topic


def _rewritten(previous: str, quoted: str, follow_up: str) -> str:
    """`follow_up` as the chat asks it after `previous` was answered by quoting `quoted`."""
    answer = Answer(previous, "…", citations=(citation(1, quoted),))
    return CarryOver().rewrite(follow_up, [Turn.of(answer)]).question


@pytest.mark.parametrize(
    ("previous", "follow_up", "asked"),
    [
        # Carried over whole (第四条是什么内容，第五条呢？) they were answered of 第四条, or of two days, again.
        ("第四条是什么内容？", "第五条呢？", "第五条是什么内容？"),
        ("考勤管理办法第四条是什么内容？", "那第7条呢？", "考勤管理办法第7条是什么内容？"),
        ("请假两天谁批准？", "五天呢？", "请假五天谁批准？"),
        ("报销3万元由谁审批？", "10万元呢？", "报销10万元由谁审批？"),
        # Of another kind (a chapter for an article, days for money), or one of two: carried over as before.
        ("第四条是什么内容？", "第二章呢？", "第四条是什么内容，第二章呢？"),
        ("报销3万元由谁审批？", "五天呢？", "报销3万元由谁审批，五天呢？"),
        ("请假两天或三天谁批准？", "五天呢？", "请假两天或三天谁批准，五天呢？"),
    ],
)
def test_a_follow_up_that_names_another_article_or_quantity_asks_the_previous_question_of_it(
    previous: str, follow_up: str, asked: str
) -> None:
    assert _rewritten(previous, "第四条 干部职工请假，须填写请假单。", follow_up) == asked


def test_a_follow_up_that_names_another_thing_of_the_kind_asked_asks_the_previous_question_of_it() -> None:
    # Carried over whole (什么是政府雇员制度，总师制度呢？) it was answered of 政府雇员制度 again.
    def asked(previous: str, follow_up: str) -> str:
        return _rewritten(previous, "探索实行“总师”制度。", follow_up)

    assert asked("什么是政府雇员制度？", "总师制度呢？") == "什么是总师制度？"
    assert asked("海北州的组织工作要坚持什么导向？", "那干部工作呢？") == "海北州的干部工作要坚持什么导向？"
    assert asked("人才发展论坛在哪里举办？", "干部论坛呢？") == "干部论坛在哪里举办？"
    # However long the name, and past a word jieba cut from a kind of village (嘎|查村), not a place.
    assert asked("乌审旗把嘎查村工作运转经费提高到多少？", "社区办公经费呢？") == "乌审旗把社区办公经费提高到多少？"
    # A place before the thing stays (西宁|组织工作).
    assert asked("西宁组织工作要坚持什么导向？", "干部工作呢？") == "西宁干部工作要坚持什么导向？"
    # Not the kind alone, which would ask of the one word (坚持什么目标导向), nor a thing of no kind
    # the question names: carried over as before.
    assert asked("海北州要坚持什么导向？", "目标导向呢？") == "海北州要坚持什么导向，目标导向呢？"
    assert asked("什么是政府雇员制度？", "社区呢？") == "什么是政府雇员制度，社区呢？"
    # A noun that ends as a word of the question does (主持人, 记录人: agents), asked of in its place
    # (carried over, 会议主持人是谁，记录人呢？ was answered 陈志强副局长 again).
    assert asked("会议主持人是谁？", "记录人呢？") == "会议记录人是谁？"
    # A word of two characters, in place of one of two that ends alike (was 合同甲方代表人是谁，乙方呢？).
    assert asked("合同甲方代表人是谁？", "乙方呢？") == "合同乙方代表人是谁？"


def test_another_subject_asked_as_a_follow_up_is_answered_for_it(pipeline: Pipeline) -> None:
    first = pipeline.ask("西宁市的组织部长是谁？")
    follow_up = pipeline.ask("那海北呢？", [Turn.of(first)])
    assert follow_up.rewritten_question == "海北的组织部长是谁？"
    assert follow_up.short_answer is not None and follow_up.short_answer.text == "司吉昇"


def test_the_article_after_a_turn_answered_with_a_title_is_that_document(pipeline: Pipeline) -> None:
    # 文章 said of no text in particular, after 司吉昇写了什么 was answered with his essay's title:
    # asked alone, 文章提出了什么要求 was refused.
    wrote = pipeline.ask("司吉昇写了什么？")
    assert wrote.short_answer is not None and wrote.short_answer.text == "以实干实绩实效推动组织工作高质量发展"
    follow_up = pipeline.ask("文章提出了什么要求？", [Turn.of(wrote)])
    assert not follow_up.refused and "以实干实绩实效推动组织工作高质量发展" in follow_up.rewritten_question
    assert {c.source[:3] for c in follow_up.citations} == {"000"}
    # After another turn it stands alone, and a question naming its text is its own.
    other = pipeline.ask("西宁实行了什么人才制度？")
    assert CarryOver().rewrite("文章提出了什么要求？", [Turn.of(other)]).question == "文章提出了什么要求？"
    assert CarryOver().rewrite("哪篇文章提到了人才？", [Turn.of(wrote)]).question == "哪篇文章提到了人才？"


def test_the_article_a_which_document_turn_named_is_asked_of_by_its_title(pipeline: Pipeline) -> None:
    named = pipeline.ask("哪篇文章提到了数字组工？")
    assert named.short_answer is not None and named.short_answer.text == "习近平总书记关于党的建设的重要思想"
    # Carried as the statement its answer makes (it read …重要思想篇文章提到了…), and 文章 as 这篇文章:
    # the library records no author of it, so who wrote it is refused, not answered from its text.
    who = pipeline.ask("文章是谁写的？", [Turn.of(named)])
    assert who.rewritten_question == "习近平总书记关于党的建设的重要思想提到了数字组工，这篇文章是谁写的？"
    assert who.refused


def test_a_refused_turn_is_not_carried_over() -> None:
    refused = Answer("红烧肉怎么做？", "文档中没有找到相关信息", refused=True)
    assert CarryOver().rewrite("他是谁？", [Turn.of(refused)]).question == "他是谁？"


def test_extractive_follow_up_retrieves_the_passage_of_the_previous_turn(pipeline: Pipeline) -> None:
    first = pipeline.ask(AUTHOR_QUESTION)
    cited = first.citations[0].chunk_id
    follow_up = pipeline.ask("他是哪里的？", [Turn.of(first)])
    # The follow-up asks its own question (哪里) of 他, the name the previous one was answered with,
    # so where he works is read from the note about him.
    assert follow_up.rewritten_question == "張學天是哪里的？"
    assert follow_up.short_answer is not None and follow_up.short_answer.text == "西寧市委常委、組織部長"
    # The carried-over passage comes back at the top; the essay's closing affiliation line
    # (作者系西宁市委常委…), which says where he is from, may rank beside it.
    assert not follow_up.refused and cited in [hit.chunk.id for hit in follow_up.hits[:2]]


def test_extractive_second_point_follow_up(pipeline: Pipeline) -> None:
    first = pipeline.ask(POINTS_QUESTION)
    second_point = first.citations[1]
    follow_up = pipeline.ask("那第二条具体怎么做？", [Turn.of(first)])
    assert follow_up.rewritten_question == "“切实增强改革创新的精神”具体怎么做？"
    assert follow_up.hits[0].chunk.id == second_point.chunk_id
    assert follow_up.citations[0].chunk_id == second_point.chunk_id


def test_llm_follow_up_is_condensed_and_retrieves_the_passage_of_the_previous_turn(pipeline: Pipeline) -> None:
    first = pipeline.ask(AUTHOR_QUESTION)
    cited = first.citations[0].chunk_id
    chat = FakeChat(condensed="《以党的十八大精神为指导开创西宁组织工作新局面》的作者张学天是哪里的？", answer=["张学天是西宁市委常委", "[1]。"])
    llm = with_chat(pipeline, chat)
    answer = llm.ask("他是哪里的？", [Turn.of(first)])
    assert answer.rewritten_question == chat.condensed
    condense, prompt = chat.sent
    assert AUTHOR_QUESTION in condense[1]["content"] and condense[1]["content"].endswith("追问：他是哪里的？")
    assert prompt[1]["content"].endswith(f"问题：{chat.condensed}"), "the condensed question is what gets answered"
    assert cited in [hit.chunk.id for hit in answer.hits[:2]]
    assert answer.text == "张学天是西宁市委常委[1]。" and answer.citations[0].chunk_id == answer.hits[0].chunk.id


def test_the_first_turn_is_not_condensed(pipeline: Pipeline) -> None:
    chat = FakeChat(condensed="不应使用", answer=["好[1]"])
    llm = with_chat(pipeline, chat)
    answer = llm.ask(AUTHOR_QUESTION)
    assert answer.rewritten_question is None and len(chat.sent) == 1


def test_a_follow_up_after_questions_typed_at_once_reads_the_last_of_them(pipeline: Pipeline) -> None:
    both = pipeline.ask("海北州组织部长是谁？西宁市的呢？")
    assert [part.rewritten_question for part in both.parts] == ["海北州组织部长是谁？", "西宁市组织部长是谁？"]
    assert [part.short_answer.text for part in both.parts if part.short_answer] == ["司吉昇", "張學天"]
    follow_up = pipeline.ask("他是哪里的？", [Turn.of(both)])
    # Read as one turn, the whole input was carried and no name: 他 was nobody.
    assert follow_up.rewritten_question == "張學天是哪里的？"
    assert follow_up.short_answer is not None and follow_up.short_answer.text == "西寧市委常委、組織部長"


def test_asked_for_more_the_answer_quotes_the_rest_then_says_there_is_no_more(pipeline: Pipeline) -> None:
    history = [Turn.of(pipeline.ask("西宁市如何破解人才引进难题？"))]
    first = history[0].answer.citations[0].quote
    assert first.startswith("針對西寧人才隊伍跟不上")
    more = pipeline.ask("还有呢？", history)
    assert more.rewritten_question == "西宁市如何破解人才引进难题？"
    assert [c.quote[:12] for c in more.citations] == ["去年7月初全市舉辦了青海"]  # was the first sentence again
    history.append(Turn.of(more))
    last = pipeline.ask("还有别的吗？", history)
    assert last.refused and last.refusal_reason == NOTHING_MORE


def test_asked_for_more_of_a_name_another_is_not_made_up_nor_the_same_repeated(pipeline: Pipeline) -> None:
    # The library names one 组织部长 of 西宁市 and one post of 张学天: asked for more, each said
    # the same again (the byline is read whole, whatever the ranking left).
    for question, short in (("西宁市的组织部长是谁？", "張學天"), ("张学天是什么职务？", "西寧市委常委、組織部長")):
        first = pipeline.ask(question)
        assert first.short_answer is not None and first.short_answer.text == short
        more = pipeline.ask("还有呢？", [Turn.of(first)])
        assert more.rewritten_question == question
        assert more.refused and more.refusal_reason == NOTHING_MORE and not more.citations


def test_asked_for_more_with_nothing_answered_before_is_refused_saying_so(pipeline: Pipeline) -> None:
    refused = pipeline.ask("霓虹雀鲷的俗名是什么？")
    assert refused.refused
    for history in ([], [Turn.of(refused)]):
        more = pipeline.ask("还有呢？", history)  # quoted whatever sentence matched 还有
        assert more.refused and more.refusal_reason == NOTHING_BEFORE and not more.citations


def test_a_follow_up_carried_behind_a_topic_names_a_thing_the_passages_must_say() -> None:
    notice = [hit(1, "notice", "消防培训通知", "二、培训地点：局机关八楼多功能厅 五、授课人：王磊", 9.0, 0.8)]
    where = spanned("消防培训在哪里？", "局机关八楼多功能厅", "二、培训地点：局机关八楼多功能厅")
    fee = CarryOver().rewrite("要交培训费吗？", [Turn.of(where)])
    assert fee.carried == "要交培训费吗？" and unsaid(fee.carried, notice) == "培训费"
    # A thing the passages say, or none named but the question word's (时候 of 什么时候), is no reason.
    assert unsaid("授课人是谁？", notice) is None
    assert unsaid("什么时候？", notice) is None
    # Nor a field (地点 of 培训地点); a thing in Latin letters or an abbreviation is one (GDP, 质保).
    where_too = CarryOver().rewrite("地点呢？", [Turn.of(spanned("消防培训什么时候？", "3月18日", "时间：3月18日"))])
    assert where_too.carried == "地点呢？" and unsaid(where_too.carried, notice) is None
    assert unsaid("GDP呢？", notice) == "GDP" and unsaid("质保期呢？", notice) == "质保"


def test_a_follow_up_whose_own_thing_no_passage_says_is_refused_saying_so(pipeline: Pipeline) -> None:
    first = pipeline.ask("西宁市的组织部长是谁？")
    assert not first.refused
    fee = pipeline.ask("加班费怎么算？", [Turn.of(first)])  # carried, the topic's passage was quoted
    assert fee.refused and fee.refusal_reason == UNSAID.format(thing="加班费") and not fee.citations


def test_asked_for_more_after_a_list_nothing_is_left_out() -> None:
    listed = Answer("哪三条原则？", "1. 一是甲。[1]\n2. 二是乙。[2]", citations=(
        Citation(1, "c1", "d1", "a.txt", "甲", "一是甲。", 0, 4),
        Citation(2, "c1", "d1", "a.txt", "甲", "二是乙。", 4, 8)))
    resolved = CarryOver().rewrite("还有呢？", [Turn.of(listed)])
    assert resolved.question == "哪三条原则？" and resolved.quoted == ()
