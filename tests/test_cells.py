"""A table row's cells, and the one a question asks for (`rag.cells`)."""

from __future__ import annotations

import pytest

from rag.cells import (
    Cell, Extreme, a_cell_answers, asked_cell, cells, column_cell, extreme_asked, extreme_cell, label_of_kind,
    label_strength, named_extent, names_a_thing, names_whole, of_another_kind, prose_cell, record_named,
    record_answers, sort_value, unasked_of_figures, with_unit,
)
from rag.question import Expect, analyse
from rag.text import normalize_for_match

ROW = "部门：组织部 | 姓名：张三 | 职务：部长 | 月薪：12,500.50 | 入职日期：2019年3月1日"
MEETING = "时间：3月15日下午14:30 | 地点：州委党校第二会议室 | 内容：分组讨论 | 参加人员：各县委组织部副部长"


def test_a_row_reads_as_its_labelled_cells_at_their_offsets() -> None:
    read = cells(ROW)
    assert [(c.label, c.value) for c in read] == [
        ("部门", "组织部"), ("姓名", "张三"), ("职务", "部长"), ("月薪", "12,500.50"), ("入职日期", "2019年3月1日")]
    assert all(ROW[c.start : c.end] == c.value for c in read)
    # A value may hold the label mark itself: only the first one labels.
    assert cells("部门：来源：新华社 | 姓名：王五")[0] == Cell("部门", "来源：新华社", 3, 9)


@pytest.mark.parametrize(
    "text",
    ["2024年海北州干部名单", "部门：组织部", "组织部 | 张三 | 部长", "部门：组织部 | 张三", "作者：张学天，西宁市委常委。"],
)
def test_text_that_is_no_labelled_row_has_no_cells(text: str) -> None:
    assert cells(text) == []


def test_a_label_is_named_as_a_word_not_inside_two() -> None:
    # 节日期间 holds 日期 across 节日|期间: the duty table's 日期 column was listed for 节日期间值班制度是什么.
    assert not names_whole("节日期间值班制度是什么", "日期")
    assert names_whole("联系电话是多少", "电话") and names_whole("抄送给谁了", "抄送")  # a head; jieba's 抄|送给
    assert label_strength(["节日", "期间", "值班", "制度"], "节日期间值班制度是什么", "日期") == 0


def test_a_label_named_right_before_another_s_word_qualifies_it_and_is_not_asked() -> None:
    # 值班人员电话: the phone of the person on duty (was 周涛, the 值班人员 named whole and longer).
    row = "日期：2月9日 | 带班领导：王建国 | 值班人员：周涛 | 联系电话：13800004444"
    for question, value in [("2月9日的值班人员电话是多少？", "13800004444"), ("2月9日的值班人员是谁？", "周涛")]:
        assert asked_cell(analyse(question).terms, question, row).value == value


def test_a_label_named_by_the_word_a_which_asks_of_is_asked_before_one_the_topic_names() -> None:
    # 第二阶段培训由哪个科室负责 was answered 财政业务知识培训: 培训内容 is named by 培训 as strongly as 责任科室
    # by 科室, and came first.
    row = "阶段：第二阶段 | 时间：4月1日至6月30日 | 培训内容：财政业务知识培训 | 责任科室：预算科"
    for question, value in [("第二阶段培训由哪个科室负责？", "预算科"), ("第二阶段培训什么内容？", "财政业务知识培训"),
                            ("第二阶段培训内容由哪个科室负责？", "预算科")]:
        assert asked_cell(analyse(question).terms, question, row).value == value, question


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("张三的职务是什么？", "部长"),
        ("张三的月薪是多少？", "12,500.50"),
        ("张三是什么时候入职的？", "2019年3月1日"),  # a word of the label: 入职 of 入职日期
        ("张三在哪个部门？", "组织部"),
        ("组织部部长是谁？", None),  # two values named, no label asked
        ("李四的职务是什么？", None),  # the row names nobody the question does
        ("张三的电话是多少？", None),  # no such column
    ],
)
def test_the_cell_asked_is_the_one_whose_label_the_question_names_in_the_row_it_names(
    question: str, value: str | None
) -> None:
    cell = asked_cell(analyse(question).terms, question, ROW)
    assert (cell.value if cell else None) == value


@pytest.mark.parametrize(
    ("question", "row", "value"),
    [
        ("组织部部长是谁？", ROW, "张三"),  # two values named, no label: the cell under 姓名
        ("谁的月薪是12,500.50？", ROW, "张三"),
        ("谁在组织部？", "部门：组织部 | 联系人：李四 | 电话：6123", "李四"),  # a header ending in 人
        ("组织部有谁？", "部门：组织部 | 姓名：张三 | 联系人：李四", None),  # two columns of people
        ("组织部有谁？", "部门：组织部 | 部长：张三", None),  # no header of people
        ("张三是谁？", ROW, None),  # the person is the value named
        # Nor another person of the row (陈志强是谁 was answered 孙丽, the duty row's 值班人员).
        ("陈志强是谁？", "日期：2月8日 | 带班领导：陈志强 | 值班人员：孙丽 | 联系电话：13800003333", None),
        ("2月8日谁值班？", "日期：2月8日 | 带班领导：陈志强 | 值班人员：孙丽 | 联系电话：13800003333", "孙丽"),
        # Where and when: a header of places (地点, 地址, 所在地) or times (时间, 日期, 截止日).
        ("分组讨论在哪里？", MEETING, "州委党校第二会议室"),
        ("分组讨论是什么时候？", MEETING, "3月15日下午14:30"),
        ("3月15日下午在哪里开会？", MEETING, "州委党校第二会议室"),  # the opening of a value names it
        ("张三是什么时候入职的？", ROW, "2019年3月1日"),  # a word of the label asked (入职) first
        ("张三多大？", ROW, None),  # how many: no header says so
        ("分組討論在哪裡？", "時間：3月15日 | 地點：州委黨校 | 內容：分組討論", "州委黨校"),  # Traditional
        # A who over a row naming no person asks the body that does it; a label the topic names (培训内容 by
        # 培训) answers no who (was 考核评估).
        ("第四阶段培训谁负责？", "阶段：第四阶段 | 培训内容：考核评估 | 责任科室：人事科", "人事科"),
        ("宣传部有谁？", "部门：宣传部 | 姓名：王五 | 科室：综合科", "王五"),  # a person's header before a body's
    ],
)
def test_who_where_or_when_naming_a_value_and_no_label_asks_for_the_one_cell_under_a_header_of_that_kind(
    question: str, row: str, value: str | None
) -> None:
    info = analyse(question)
    cell = asked_cell(info.terms, question, row, info.expect)
    assert (cell.value if cell else None) == value


def test_with_no_label_asked_and_no_kind_given_no_cell_is_asked() -> None:
    for question, row in [("宣传部有谁？", "部门：宣传部 | 姓名：王五"), ("分组讨论在哪里？", MEETING)]:
        assert asked_cell(analyse(question).terms, question, row) is None


@pytest.mark.parametrize(
    ("question", "row", "value"),
    [
        ("会议在哪里开？", MEETING, "州委党校第二会议室"),  # a header of places: 地点
        ("谁参加会议？", MEETING, "各县委组织部副部长"),  # of people: 参加人员
        ("会议什么时候开？", MEETING, "3月15日下午14:30"),  # of times: 时间
        ("会议内容是什么？", MEETING, "分组讨论"),  # a header the question names
        ("分组讨论在哪里？", MEETING, None),  # it names the row: asked_cell reads it
        ("组织部有谁？", "部门：组织部 | 姓名：张三 | 联系人：李四", None),  # it names the row
        ("谁负责？", "姓名：张三 | 联系人：李四", None),  # two columns of people
        ("会议在哪里开？", "会议在州委党校召开。", None),  # no row
        # A where names 值班 of 值班人员, a column of people: no answer (was the duty table's names).
        ("值班地点在哪里？", "日期：2月6日 | 带班领导：王建国 | 值班人员：李明", None),
    ],
)
def test_a_column_is_asked_of_a_row_the_question_names_nothing_of(
    question: str, row: str, value: str | None
) -> None:
    info = analyse(question)
    cell = column_cell(info.terms, question, row, info.expect)
    assert (row[cell.start : cell.end] if cell else None) == value


def test_a_record_in_running_text_answers_for_the_gate_a_question_wanting_a_short_answer() -> None:
    def answers(question: str) -> bool:
        info = analyse(question)
        return a_cell_answers(info.terms, question, ["关于会议的通知\n" + NOTICE], info.expect)

    assert answers("联系电话是多少？")  # the gate refused it: 联系 is in no sentence
    assert not answers("为什么要报名单？")  # a sentence answer: no record's value is one
    assert not answers("马明是谁？")  # the value is what the question names


def test_how_much_of_the_question_a_row_names() -> None:
    assert named_extent("组织部的部长是谁？", ROW) == 5  # 组织部, 部长
    assert named_extent("组织部的部长是谁？", "部门：组织部 | 姓名：李四 | 职务：副部长") == 3
    assert named_extent("组织部的部长是谁？", "组织部的部长是张三。") == 0  # no row
    # A value's opening of four characters or more, half of it at least: 3月15日下午 (7), not 3月15日 (5 of 12).
    assert named_extent("3月15日下午的会议内容是什么？", MEETING) == 7
    assert named_extent("3月15日的会议内容是什么？", MEETING) == 0


NOTICE = "请于3月10日前将名单报州委组织部组织科，联系人：马明，电话：0970-8641234；时间：14:30。"


@pytest.mark.parametrize(
    ("question", "sentence", "value"),
    [
        ("联系人是谁？", NOTICE, "马明"),  # was 马明，电话：0970-8641234, a run of clauses
        ("马明的电话是多少？", NOTICE, "0970-8641234"),
        ("联系人的电话是多少？", NOTICE, "0970-8641234"),  # was 马明: 联系人 is whose, not what is asked
        ("联系人的手机号是多少？", NOTICE, None),  # no label asked (was 马明)
        ("抄送给谁了？", "抄送：州委办公室。", None),  # one pair in running text…
        ("时间是几点？", NOTICE, "14:30"),  # a colon between digits is in the value
        ("马明是谁？", NOTICE, None),  # the value is what the question names
        ("名单报到哪里？", NOTICE, None),  # no label asked
        # One pair alone is a colon leading in a list or a gloss, no record.
        ("这个制度包括什么？", "秀吉为了平衡权力，设计了一个制度，这个制度包括：五大老，五奉行。", None),
        ("部门是哪个？", "部门：组织部 | 姓名：张三", None),  # a table's row: asked_cell reads it
        ("下午几点上班？", "下午14:30上班，18:00下班。", None),  # times, no labels (was 30上班 of 下午14)
        # One pair whose value is a number to dial leads in no list (was refused, then the duty table's
        # 值班人员 column).
        ("值班电话是多少？", "节日期间实行24小时值班制度，值班电话：0871-6543210。", "0871-6543210"),
        ("学名是什么？", "五月艾，学名：Artemisia 12。", None),  # a gloss: no number to dial
    ],
)
def test_a_label_in_a_record_of_running_text_is_asked_for_its_value(
    question: str, sentence: str, value: str | None
) -> None:
    cell = prose_cell(analyse(question).terms, question, sentence)
    assert (sentence[cell.start : cell.end] if cell else None) == value


@pytest.mark.parametrize(
    ("question", "extreme", "asked"),
    [
        ("谁的月薪最高？", Extreme("月薪", True), "张三"),  # who: the person's cell
        ("月薪最低的是谁？", Extreme("月薪", False), "张三"),
        ("最早入职的是谁？", Extreme("入职日期", False), "张三"),  # a word of the label (入职)
        ("哪个部门的月薪最少？", Extreme("月薪", False), "组织部"),  # which department: its cell
        ("最高的月薪是多少？", Extreme("月薪", True), "12,500.50"),  # nothing else asked: the value
        ("谁最高？", None, None),  # no column named
        ("组织部的部长是谁？", None, None),  # no superlative
    ],
)
def test_the_column_whose_highest_or_lowest_value_is_asked(
    question: str, extreme: Extreme | None, asked: str | None
) -> None:
    info = analyse(question)
    found = extreme_asked(info.terms, question, ROW)
    assert found == extreme
    cell = extreme_cell(info.terms, question, ROW, found, info.expect) if found else None
    assert (cell.value if cell else None) == asked


@pytest.mark.parametrize(
    ("value", "key"),
    [("12,500.50", 12500.5), ("12.5%", 12.5), ("186万元", 186.0), ("2019年3月1日", 20190301.0),
     ("2021-07-15", 20210715.0), ("部长", None)],
)
def test_a_cell_s_value_compares_by_its_number_or_date(value: str, key: float | None) -> None:
    assert sort_value(value) == key


def test_a_line_that_is_one_label_and_its_value_is_a_record() -> None:
    """抄送：州委办公室。 printed on a line of its own under an official document's signature; a pair
    inside a sentence is no record (这个制度包括：五大老，五奉行。)."""
    question = "抄送给谁了？"
    cell = prose_cell(analyse(question).terms, question, "抄送：州委办公室。", alone=True)
    assert cell is not None and cell.value == "州委办公室"
    question = "这个制度包括什么？"
    sentence = "秀吉为了平衡权力，设计了一个制度，这个制度包括：五大老，五奉行。"
    assert prose_cell(analyse(question).terms, question, sentence, alone=True) is None  # more than the pair
    info = analyse("抄送给谁了？")
    assert a_cell_answers(info.terms, "抄送给谁了？", ["中共海北州委组织部\n2024年3月1日\n抄送：州委办公室。"], info.expect)


def test_a_line_of_its_own_may_hold_a_longer_label() -> None:
    """报价文件递交地点 (8 characters) labels a line of a procurement notice; inside a sentence a label
    that long is a clause a colon leads in."""
    question = "报价文件交到哪里？"
    line = "报价文件递交地点：局机关五楼财务科"
    cell = prose_cell(analyse(question).terms, question, line, alone=True)
    assert cell is not None and line[cell.start : cell.end] == "局机关五楼财务科"
    assert prose_cell(analyse(question).terms, question, line) is None


@pytest.mark.parametrize(
    ("question", "label", "strength"),
    [
        ("报价截止时间是什么时候？", "报价截止时间", 6),  # the whole label
        ("报价截止时间是什么时候？", "报价有效期", 2),  # a word of the question in it
        ("报价截止时间是什么时候？", "会议时间", 2),
        ("会议主持人是谁？", "主持人", 3),
        ("联系人的电话是多少？", "联系人", 0),  # whose, not what
        ("会议主持人是谁？", "预算金额", 0),
        ("会议记录是谁做的？", "记录人", 2),  # by what the agent does, a word of its own
        ("会议是谁主持的？", "主持人", 2),
        ("会议记录是谁做的？", "负责人", 0),  # another agent
        ("报价文件送到几楼？", "报价文件递交地点", 4),  # the characters two words name (was 2, as 报价有效期)
        ("报价文件送到几楼？", "报价有效期", 2),
        ("甲方应该提供什么？", "甲方", 0),  # the one bound to provide, not what it provides
        ("采购的中标供应商是谁？", "采购人", 0),  # named beside the head asked (供应商), not by it
    ],
)
def test_how_strongly_a_question_asks_for_a_label(question: str, label: str, strength: int) -> None:
    assert label_strength(analyse(question).terms, normalize_for_match(question), label) == strength


def test_a_value_takes_the_unit_its_header_gives() -> None:
    assert with_unit(Cell("直辖市及省会城市（元/人·天）", "450", 0, 3)) == "450元/人·天"
    assert with_unit(Cell("金额(万元)", "8.6万元", 0, 5)) == "8.6万元"
    assert with_unit(Cell("姓名", "张三", 0, 2)) == "张三"
    assert label_of_kind("会议地点", Expect.PLACE) and not label_of_kind("会议时间", Expect.PLACE)


@pytest.mark.parametrize(
    ("label", "value", "question", "names"),
    [
        ("报价截止时间", "2026年12月15日17:00", "报价要交到哪个科室？", False),  # a date names no office
        ("报价有效期", "60天", "报价要交到哪个科室？", False),
        ("报价截止时间", "2026年12月15日17:00", "报价截止时间是什么？", True),  # its label named whole
        ("报价文件递交地点", "局机关五楼财务科", "报价要交到哪个科室？", True),
        ("姓名", "干部11号", "统战部有谁？", True),  # a name that holds a number (was taken for a figure)
        ("会议时间", "2026年9月28日", "会议是什么时候开的？", True),  # a when takes dates
    ],
)
def test_a_date_or_a_figure_names_no_who_where_or_which_thing(
    label: str, value: str, question: str, names: bool
) -> None:
    cell, kind = Cell(label, value, 0, len(value)), analyse(question).expect
    assert names_a_thing(cell, kind, normalize_for_match(question)) is names


def test_a_figure_of_a_row_beside_another_is_not_asked_unless_its_label_is() -> None:
    # 局级干部住宿费标准是多少 was answered 450 (其他地区), the row's second figure; 600 is the other.
    row = "人员类别：局级干部 | 直辖市及省会城市（元/人·天）：600 | 其他地区（元/人·天）：450"
    at = row.index("450")

    def unasked(question: str) -> bool:
        return unasked_of_figures(analyse(question).terms, question, row, at, at + 3)

    assert unasked("局级干部住宿费标准是多少？")
    assert not unasked("局级干部在其他地区住宿费标准是多少？")
    # A cell without a digit is no figure, though it holds a date's word (上 of 上海).
    city = "人员类别：局级干部 | 城市：上海 | 其他地区（元/人·天）：450"
    at = city.index("450")
    assert not unasked_of_figures(analyse("局级干部住宿费标准是多少？").terms, "局级干部住宿费标准是多少？", city, at, at + 3)
    phone = "序号：6 | 姓名：李明 | 科室：财务科 | 办公电话：6543288 | 手机：13900007777"
    at = phone.index("13900007777")
    assert not unasked_of_figures(analyse("李明的手机号是多少？").terms, "李明的手机号是多少？", phone, at, at + 11)


def test_a_row_is_named_by_one_of_the_things_a_cell_lists() -> None:
    # 公文写作培训什么时候: the work plan's row 培训内容：公文写作和信息化应用 (was another notice's 培训时间).
    row = "阶段：第三阶段 | 时间：9月1日至10月31日 | 培训内容：公文写作和信息化应用 | 责任科室：办公室"
    question = "公文写作培训什么时候？"
    cell = asked_cell(analyse(question).terms, question, row, Expect.TIME)
    assert cell is not None and cell.value == "9月1日至10月31日"
    assert named_extent("写作培训什么时候？", row) == 0  # a part of one item names nothing


def test_a_label_of_another_kind_answers_no_who_where_when_or_how_many() -> None:
    # 每名干部一年要参加多少学时培训 was answered 局机关八楼多功能厅 (培训地点; 八 a numeral).
    place = Cell("培训地点", "局机关八楼多功能厅", 0, 9)
    assert of_another_kind(place, Expect.NUMBER, normalize_for_match("每名干部一年要参加多少学时培训？"))
    assert not of_another_kind(place, Expect.PLACE, normalize_for_match("培训在哪里？"))
    assert not of_another_kind(place, Expect.NUMBER, normalize_for_match("培训地点是几楼？"))  # named whole
    assert not of_another_kind(Cell("报价有效期", "60天", 0, 3), Expect.NUMBER, "报价有效期多少天?")
    # A number to dial is no one, nowhere and no time, though the question names its label (值班电话 of a
    # follow-up carried behind 春节值班电话多少: 值班地点在哪 was answered 0871-6543210).
    phone = Cell("值班电话", "0871-6543210", 0, 12)
    assert not record_answers(phone, Expect.PLACE, normalize_for_match("春节值班电话，值班地点在哪？"))
    assert record_answers(phone, Expect.NUMBER, normalize_for_match("值班电话是多少？"))
    # Named whole, a label of another kind answers no who (时间 of a topic carried: 第三阶段时间，谁负责 was
    # answered 9月1日至10月31日); one of no kind does (抄送 of 抄送给谁了).
    when = Cell("时间", "9月1日至10月31日", 0, 11)
    assert not record_answers(when, Expect.PERSON, normalize_for_match("第三阶段时间，谁负责？"))
    assert record_answers(Cell("抄送", "州委办公室", 0, 5), Expect.PERSON, normalize_for_match("抄送给谁了？"))


def test_a_code_answers_only_a_question_for_what_its_label_names() -> None:
    """合同编号：CZJ-HT-2027-006 on a line of its own answered 合同金额是多少 and 合同一式几份: a code or a number
    to dial is what its label's head names (编号, 电话), no amount or count of another thing."""
    line = "合同编号：CZJ-HT-2027-006"
    for question in ("合同金额是多少？", "合同一式几份？", "合同的联系部门是哪个？"):
        info = analyse(question)
        assert prose_cell(info.terms, question, line, alone=True, kind=info.expect) is None, question
    info = analyse("合同编号是多少？")
    cell = prose_cell(info.terms, "合同编号是多少？", line, alone=True, kind=info.expect)
    assert cell is not None and cell.value == "CZJ-HT-2027-006"


def test_a_record_of_another_thing_the_label_names_before_the_word_asked_is_not_asked() -> None:
    """报名截止时间是什么时候 was answered with a procurement notice's 报价截止时间: the question names 截止时间
    after 报名, the label after 报价. 值班人员电话 names 值班电话 (its 值班 said), and 培训地点 under a point's
    label (二、) is named by 消防培训在哪里."""
    line = "报价截止时间：2026年12月15日17:00"
    info = analyse("报名截止时间是什么时候？")
    assert prose_cell(info.terms, info.question, line, alone=True, kind=info.expect) is None
    info = analyse("报价截止时间是什么时候？")
    assert prose_cell(info.terms, info.question, line, alone=True, kind=info.expect) is not None
    info = analyse("值班人员电话是多少？")
    sentence = "值班地点设在局办公楼一楼值班室，值班电话：0871-6543210。"
    cell = prose_cell(info.terms, info.question, sentence, kind=info.expect)
    assert cell is not None and cell.value == "0871-6543210"
    info = analyse("消防培训在哪里？")
    cell = prose_cell(info.terms, info.question, "二、培训地点：局机关八楼多功能厅", alone=True, kind=info.expect)
    assert cell is not None and cell.value == "局机关八楼多功能厅"


def test_a_record_s_label_is_read_past_its_point_s_number_and_named_by_each_of_its_words() -> None:
    """三、参加人员：… is the record of 参加人员 (its label was read 三、参加人员, which no question names), and
    消防培训有哪些内容 names 培训内容 by its two words."""
    line = "三、参加人员：各科室负责人及安全员，每个直属单位派2名同志参加"
    cell = record_named("消防培训的参加人员有哪些？", line)
    assert cell is not None and cell.label == "参加人员" and line[cell.start : cell.end] == "各科室负责人及安全员"
    line = "四、培训内容：消防法律法规、火灾预防常识"
    cell = record_named("消防培训有哪些内容？", line)
    assert cell is not None and line[cell.start : cell.end] == "消防法律法规、火灾预防常识"
    assert record_named("培训有哪些要求？", line) is None  # 培训 alone names no 培训内容


def test_a_numbered_point_opening_on_its_pair_is_a_record_s_line() -> None:
    """A notice's point 三、参加人员：… is one pair and more, on a line of its own: a record, as 抄送：… is."""
    question = "谁可以参加消防培训？"
    line = "三、参加人员：各科室负责人及安全员，每个直属单位派2名同志参加"
    info = analyse(question)
    cell = prose_cell(info.terms, question, line, alone=True, kind=info.expect)
    assert cell is not None and line[cell.start : cell.end] == "各科室负责人及安全员"
    assert prose_cell(info.terms, question, line, kind=info.expect) is None  # inside running text


def test_an_agent_s_record_answers_who_did_what_its_label_names() -> None:
    """会议记录是谁做的 was refused over minutes headed 记录人：孙丽: jieba keeps 会议记录 whole, no term of
    the question is in 记录人, and 记录 is what the 记录人 does."""
    question = "会议记录是谁做的？"
    info = analyse(question)
    cell = prose_cell(info.terms, question, "记录人：孙丽", alone=True, kind=info.expect)
    assert cell is not None and cell.value == "孙丽"
    assert a_cell_answers(info.terms, question, ["会议时间：2026年9月28日\n记录人：孙丽\n会议听取了汇报。"], info.expect)
