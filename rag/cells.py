"""The cell of a table's row a question asks for.

Ingest writes each row of a table under its header row (a sheet's, and a Word, slide or web-page
table's that has one) as one line of labelled cells, `部门：组织部 | 姓名：张三 | 职务：部长`
(ingest/tables.py), and the line is a sentence to the ranker.
A question that names one cell's value (张三) and another cell's label, or a word of it (职务; 入职
of 入职日期; 哪个部门), asks for that cell's value: 部长. A who, where or when question that names a
value and no label (宣传部有谁, 分组讨论在哪里) asks for the row's person, place or time: the one
column whose header is a word of that kind.
The span model reads running text and gave `部门：组织部 | 姓名：张三 | 职务` or 12.5 for such
questions, and 宣传部 for 月薪25,001.00的是谁; the row says which value is which.

Written by hand: this is the project's own line format, which no library reads back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rag.lists import numbered, unnumbered
from rag.question import DIAL_NAMED, SHORT_EXPECTATIONS, Expect
from rag.tags import TAG_INDEX, tag, tag_tokens
from rag.text import fold_cleaned, normalize_for_match, sentence_spans

# How ingest writes a row: its cells joined by CELL_SEPARATOR, each under its column's header as
# label LABEL_SEPARATOR value (a table with no header row is joined the same way, without labels).
CELL_SEPARATOR = " | "
LABEL_SEPARATOR = "："
# A label is a column header: short, and no separator in it.
MAX_LABEL = 20
_LABEL = re.compile(rf"^([^{LABEL_SEPARATOR}|\n]{{1,{MAX_LABEL}}}){LABEL_SEPARATOR}")
# The column a who, where or when question asks for when it names none: its header is a word of
# that kind, as Chinese forms them: a name's (姓名, 名字), an agent noun in 人, 者, 员 or 师 (负责人,
# 联系人, 作者, 成员, 讲师) or a post over others (带班领导, 办公室主任); a place (地点, 位置, or a noun in
# 地, 址, 处 or 所: 所在地, 地址, 住所); a time (时间, 日期, 年度, or a noun in 时 or 日: 截止日). Word
# formation, not any one table's headers.
_KIND_LABEL = {
    Expect.PERSON: re.compile(r"(?:姓名|名字|领导|主任|[人者员师])$"),
    Expect.PLACE: re.compile(r"(?:地点|位置|[地址处所])$"),
    Expect.TIME: re.compile(r"(?:时间|日期|时段|年份|年度|[时日])$"),
}


class Cell(NamedTuple):
    """A labelled cell of a row: its label, and its value at `row[start:end]`."""

    label: str
    value: str
    start: int
    end: int


def cells(row: str) -> list[Cell]:
    """The labelled cells of `row`, a line ingest wrote for a sheet's row; [] for any other text
    (a row of fewer than two cells, or one with a cell no header labels, reads as a sentence)."""
    found: list[Cell] = []
    at = 0
    for part in row.rstrip("\n").split(CELL_SEPARATOR):
        label = _LABEL.match(part)
        if label is None:
            return []
        start = at + label.end()
        found.append(Cell(label.group(1).strip(), part[label.end() :], start, at + len(part)))
        at += len(part) + len(CELL_SEPARATOR)
    return found if len(found) >= 2 else []


def asked_cell(terms: Sequence[str], question: str, row: str, kind: Expect | None = None) -> Cell | None:
    """The cell of `row` that a question asks for: the row holds a value the question names (a cell
    whose whole value is in the question: 张三 of 张三的职务是什么), and another cell's label is asked,
    the question naming it or a word of it (职务; 入职 of 入职日期, among the question's folded
    `terms`); of several such labels, the one matched by the longest word. With no label asked, a
    question of a `kind` (who, where, when) asks for the one other cell under a header of that kind
    (姓名：王五 for 宣传部有谁). None when the row is no labelled row, names nothing the question
    does, or has no other cell the question asks of."""
    row_cells = cells(row)
    if not row_cells:  # most sentences: no row, and nothing more to read
        return None
    asked = normalize_for_match(question)
    named = _named(row_cells, asked)
    if not named:
        return None
    others = [cell for cell in row_cells if cell not in named]
    if (labelled := _label_asked(terms, asked, others)) is not None and record_answers(labelled, kind, asked):
        return labelled
    if kind is Expect.PERSON and any(label_of_kind(cell.label, kind) for cell in named):
        return None  # who one it names is (陈志强是谁), not who else the row names (值班人员：孙丽)
    return _of_kind(others, kind)


def unasked_of_figures(terms: Sequence[str], question: str, row: str, start: int, end: int) -> bool:
    """Whether `row[start:end]` is a figure of a row beside another, under labels the question names
    neither of: which it asks is not said (局级干部住宿费标准是多少 of 人员类别：局级干部 | 直辖市及省会城市
    （元/人·天）：600 | 其他地区（元/人·天）：450 was answered 450), and the row answers."""
    row_cells = cells(row)
    if not row_cells:  # most sentences: no row
        return False
    asked = normalize_for_match(question)
    named = _named(row_cells, asked)
    figures = [c for c in row_cells if c not in named and _A_DIGIT.search(c.value)]
    return len(figures) >= 2 and any(c.start <= start and end <= c.end for c in figures) \
        and not any(label_strength(terms, asked, c.label) for c in figures)


_A_DIGIT = re.compile(r"[0-9０-９]")


def _of_kind(row_cells: Sequence[Cell], kind: Expect | None) -> Cell | None:
    """The one cell of `row_cells` under a header of `kind` (who, where, when), or for a who with no
    header of a person the one of a body (责任科室: 第四阶段培训谁负责 was answered 培训内容's 考核评估); None
    for none or several."""
    kinds = [c for c in row_cells if label_of_kind(c.label, kind)]
    if not kinds and kind is Expect.PERSON:
        kinds = [c for c in row_cells if _BODY_LABEL.search(fold_cleaned(c.label))]
    return kinds[0] if len(kinds) == 1 else None


# A header of the body that does something, as Chinese forms it (责任科室, 承办部门, 主管单位): a who asks it
# where a row names no person.
_BODY_LABEL = re.compile(r"(?:科室|部门|单位|机构|处室)$")


# The unit a header gives its column's values in: 住宿费（元/人·天）, 金额(万元).
_LABEL_UNIT = re.compile(r"[(（]([^()（）]{1,10})[)）]\s*$")


def with_unit(cell: Cell) -> str:
    """`cell`'s value with the unit its label gives it (450 under 省会城市（元/人·天） is 450元/人·天)."""
    unit = _LABEL_UNIT.search(cell.label)
    if unit is None or cell.value.endswith(unit.group(1)):
        return cell.value
    return cell.value + unit.group(1)


def record_answers(cell: Cell, kind: Expect | None, asked: str) -> bool:
    """Whether a record of running text, or a column, can answer a question of `kind` (`asked`, folded):
    a who, where or when only under a label of that kind (联系人, 地点, 截止时间) or one it names whole
    (抄送 of 抄送给谁了); 值班电话：0871-6543210, or a column of 值班人员, answers no 值班地点在哪里."""
    if kind in _KIND_LABEL and DIAL_NAMED.search(fold_cleaned(cell.label)):
        return False  # a number to dial is no one, nowhere and no time (值班电话 for 春节值班电话，值班地点在哪)
    # Named whole, a label of no kind answers (抄送), one of another kind does not (时间 for 第三阶段时间，谁负责).
    return (kind not in _KIND_LABEL or label_of_kind(cell.label, kind)
            or names_whole(asked, fold_cleaned(cell.label)) and not of_another_kind(cell, kind, ""))


# A date, a clock time or a figure and its unit of a character or two, and nothing else
# (2026年12月15日17:00, 14:30, 60天; not 干部11号, a name that holds a number).
_FIGURE = re.compile(r"[\d\s年月日号时点分:：.,，/\-—~～至到上下午]+\D{0,2}")


_THINGS = (Expect.PERSON, Expect.PLACE, Expect.ENTITY, Expect.NAME)


def names_a_thing(cell: Cell, kind: Expect | None, asked: str) -> bool:
    """Whether `cell`'s value can name who, where or which thing a question of `kind` asks for
    (`asked`, folded): a date, a time or a figure with its unit of a character or two names none
    (报价截止时间：2026年12月15日17:00 and 报价有效期：60天 for 报价要交到哪个科室), unless the question names
    its label whole (报价截止时间是什么)."""
    if kind not in _THINGS or names_whole(asked, fold_cleaned(cell.label)):
        return True
    value = cell.value.strip()
    return not re.search(r"\d", value) or _FIGURE.fullmatch(value) is None


def of_another_kind(cell: Cell, kind: Expect | None, asked: str) -> bool:
    """Whether `cell`'s label is a header of another kind than a who, where, when or how-many
    question's (`asked`, folded) and the question does not name it whole: 培训地点：局机关八楼多功能厅
    answers no 每名干部一年要参加多少学时培训 (八 a numeral)."""
    if kind not in (*_KIND_LABEL, Expect.NUMBER) or names_whole(asked, fold_cleaned(cell.label)):
        return False
    return any(other is not kind and label_of_kind(cell.label, other) for other in _KIND_LABEL)


def label_of_kind(label: str, kind: Expect | None) -> bool:
    """Whether `label` is a header of `kind`, a who, where or when question's (地点 for 在哪里)."""
    return kind in _KIND_LABEL and _KIND_LABEL[kind].search(fold_cleaned(label)) is not None


def column_cell(terms: Sequence[str], question: str, row: str, kind: Expect | None) -> Cell | None:
    """The cell of `row` a who, where or when question asks for of a table it names no row of: the
    one under a header of that `kind` (地点：州委党校报告厅 for 会议在哪里开, 参加人员：… for 谁参加会议),
    or under a header the question names (`_label_asked`). None for no labelled row, a row the
    question names a value of (`asked_cell` reads those), or no such cell."""
    row_cells = cells(row)
    if not row_cells:
        return None
    asked = normalize_for_match(question)
    if _named(row_cells, asked):
        return None
    labelled = _label_asked(terms, asked, row_cells)
    if labelled is not None and record_answers(labelled, kind, asked) and _asks_for(labelled, asked):
        return labelled
    return _of_kind(row_cells, kind)


# What asks which one right before a label: 哪个, 哪一, 什么 (哪个部门的月薪最少 asks the department).
WHICH_BEFORE = re.compile(r"(?:哪|什么)[一个位些家]?$")
# A question for the row whose value in a column is the highest or the lowest (谁的月薪最高, 哪个部门的
# 经费最少, 最早入职的是谁): 最 and a word of more or of less; a date's latest is its highest.
_MOST = re.compile(r"最(?:高|多|大|长|贵|重|晚|迟|新|近)")
_LEAST = re.compile(r"最(?:低|少|小|短|便宜|轻|早|旧)")
_DATE_VALUE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})")
_NUMBER_VALUE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# How far from the superlative the column's label may stand in the question (月薪最高, 最早入职, 经费是最少的).
_EXTREME_REACH = 4


class Extreme(NamedTuple):
    """The column a question asks the highest (`most`) or lowest value of, by its label."""

    label: str
    most: bool


def extreme_asked(terms: Sequence[str], question: str, row: str) -> Extreme | None:
    """The column of `row` whose highest or lowest value the question asks for: the label it names
    (or a word of the label among its `terms`: 入职 of 入职日期) nearest its superlative, within
    `_EXTREME_REACH` characters. None without a superlative, or no such label in the row."""
    row_cells = cells(row)
    if not row_cells:  # most sentences: no row, and nothing more to read
        return None
    asked = normalize_for_match(question)
    superlative = _MOST.search(asked) or _LEAST.search(asked)
    if superlative is None:
        return None
    best: tuple[int, str] | None = None
    for cell in row_cells:
        label = fold_cleaned(cell.label)
        for word in [label, *(t for t in terms if len(t) >= 2 and t in label)]:
            at = asked.find(word)
            if at < 0:
                continue
            before = at < superlative.start()
            gap = superlative.start() - (at + len(word)) if before else at - superlative.end()
            if 0 <= gap <= _EXTREME_REACH and (best is None or gap < best[0]):
                best = (gap, cell.label)
    return Extreme(best[1], _MOST.search(asked) is not None) if best is not None else None


def sort_value(value: str) -> float | None:
    """A cell's value as a number to compare: a date as yyyymmdd (2019年3月1日, 2021-07-15), else the
    first number in it (12,500.50, 12.5%, 186万元 as 186); None for text."""
    if date := _DATE_VALUE.search(value):
        year, month, day = (int(g) for g in date.groups())
        return year * 10000.0 + month * 100 + day
    number = _NUMBER_VALUE.search(value)
    return float(number.group(0).replace(",", "")) if number is not None else None


def extreme_cell(
    terms: Sequence[str], question: str, row: str, extreme: Extreme, kind: Expect | None
) -> Cell | None:
    """What a question asking for the row with the `extreme` value wants of that row: the cell under
    another label it names (部门 of 哪个部门的月薪最高), else the one under a header of its `kind` (谁: 姓名),
    else the value compared itself (最高的月薪是多少)."""
    row_cells = cells(row)
    others = [c for c in row_cells if c.label != extreme.label]
    compared = next((c for c in row_cells if c.label == extreme.label), None)
    return _label_asked(terms, normalize_for_match(question), others) or _of_kind(others, kind) or compared


def _label_asked(terms: Sequence[str], asked: str, candidates: Iterable[Cell]) -> Cell | None:
    """Of `candidates`, the cell whose label `asked` (a folded question) names, or a word of it among
    its `terms`, by the longest such word; None when it names none. A label the question names as
    whose (联系人 of 联系人的电话是多少) is not asked for, unless it asks which (哪个部门的月薪最少); nor
    one named right before another's word, which it qualifies (值班人员 of 值班人员电话是多少: 联系电话).
    One named by the word a which asks of (哪个科室) comes before any other."""
    named = [(strength, cell, label_named_at(terms, asked, cell.label)) for cell in candidates
             if cell.value.strip() and (strength := label_strength(terms, asked, cell.label))]
    # A label named by the word a which asks of comes first (责任科室 of 第二阶段培训由哪个科室负责, not
    # 培训内容, which the topic's 培训 names as strongly).
    heads = [((at >= 0 and WHICH_BEFORE.search(asked[:at]) is not None, strength), cell)
             for strength, cell, (at, end) in named if not any(start == end for *_, (start, _) in named)]
    return max(heads, key=lambda pair: pair[0], default=(0, None))[1]


def names_whole(asked: str, label: str) -> bool:
    """Whether `asked` (a folded question) names `label`, starting or ending where a word of it does:
    as words of its own, a word's head (电话 of 联系电话是多少) or a word jieba cut otherwise (抄送 of
    抄|送给|谁), not inside two of its words (日期 of 节日|期间值班制度是什么, which asked no 日期
    column: it was answered with the duty table's dates)."""
    bounds = {b for start, end, *_ in tag_tokens(asked) for b in (start, end)}
    at = asked.find(label)
    while at >= 0:
        if at in bounds or at + len(label) in bounds:
            return True
        at = asked.find(label, at + 1)
    return False


def label_named_at(terms: Sequence[str], asked: str, label: str) -> tuple[int, int]:
    """Where in `asked` the longest word naming `label` stands (the label whole, or a term in it);
    (-1, -1) where it names none."""
    label = fold_cleaned(label)
    words = [label] * (label in asked) + _words_naming(terms, asked, label)
    word = max(words, key=len, default="")
    at = asked.find(word) if word else -1
    return (at, at + len(word)) if at >= 0 else (-1, -1)


_VERB = TAG_INDEX["v"]


def label_strength(terms: Sequence[str], asked: str, label: str) -> int:
    """How strongly `asked` (a folded question) asks for the cell under `label`: how many of its
    characters the question names, the whole label or its `terms` inside it (6 for 报价截止时间 of
    报价截止时间是什么时候, 2 for 报价有效期, which holds 报价; 4 for 报价文件递交地点 of 报价文件送到几楼, by
    报价 and 文件; 2 for 记录人 of 会议记录是谁做的, by what the agent does); 0 when it names none, or
    names it as whose (联系人 of 联系人的电话是多少), unless it asks which (哪个部门的月薪最少), or as the one
    bound to do something (甲方 of 甲方应该提供什么)."""
    label = fold_cleaned(label)
    if not label or label + "的" in asked and not WHICH_BEFORE.search(asked[: asked.find(label + "的")]):
        return 0
    if re.search(re.escape(label) + _MUST, asked):
        return 0  # what the one it names must do (甲方应该提供什么: 第五条, not 甲方：XX市财政局)
    if names_whole(asked, label):
        return len(label)
    if (head := _head_asked(asked)) and head not in label:
        return 0  # 采购 of 采购的中标供应商是谁 names 采购人, not the 供应商 asked
    named = {at + i for word in _words_naming(terms, asked, label)
             for at in _occurrences(label, word) for i in range(len(word))}
    return len(named)


# A question that asks who its subject is (采购的中标供应商是谁): the subject before 是. Not what or how
# much (局级干部在其他地区住宿费标准是多少 names its column by 其他地区, a word beside the head 标准).
_SUBJECT_ASKED = re.compile(r"(.+?)(?:是|为)谁[？?]?$")


def _head_asked(asked: str) -> str:
    """The head noun of the subject a folded question asks who it is (供应商 of 采购的中标供应商是谁): its
    last word, of two characters or more; "" for any other question."""
    subject = _SUBJECT_ASKED.match(asked)
    words = tag_tokens(subject.group(1)) if subject is not None else ()
    return words[-1][2] if words and len(words[-1][2]) >= 2 and words[-1][3] in _NOUN_TAGS else ""


_NOUN_TAGS = frozenset(TAG_INDEX[t] for t in ("n", "nr", "ns", "nt", "nz", "vn"))


# What a rule says one must or may do (甲方应该提供…, 值班人员要…): its label then names the one bound.
_MUST = r"(?:应该|应当|应|需要|要|须|必须|可以|能|不得|不能)"


def _occurrences(text: str, word: str) -> list[int]:
    """Where `word` stands in `text`, each start."""
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _words_naming(terms: Sequence[str], asked: str, label: str) -> list[str]:
    """The words of `asked` (a folded question) that name a folded `label` short of the whole label: its
    `terms` inside it (`_terms_naming`) and what the agent it names does (`agent_named`)."""
    return [*_terms_naming(terms, label), *agent_named(asked, label)]


# A label of one who does something: the doing, of two characters or more, and 人, 者 or 员 (记录人, 主持人).
_AGENT = re.compile(r"(.{2,})[人者员]")


def agent_named(asked: str, label: str) -> list[str]:
    """What the agent a folded `label` names does, when `asked` (a folded question) says it as a word
    of its own (记录 of 会议记录是谁做的, for 记录人); none for any other label."""
    agent = _AGENT.fullmatch(label)
    return [agent.group(1)] if agent is not None and names_whole(asked, agent.group(1)) else []


def _terms_naming(terms: Sequence[str], label: str) -> list[str]:
    """The question's `terms` that name a folded `label`: two characters or more inside it, or a verb of
    one its first word opens with (签 of 合同什么时候签的: 签订日期)."""
    first = tag_tokens(label)[0][2] if label else ""
    return [term for term in terms if len(term) >= 2 and term in label
            or len(term) == 1 and len(first) >= 2 and first.startswith(term) and tag(term) == _VERB]


# A label and its value in running text, as a notice gives them (联系人：马明，电话：0970-8641234；
# 地址：…): a label of up to 6 characters, no digit (下午14:30上班 is a time), after a clause break or
# at the start, its value up to the next break (a colon between digits, 14:30, is in it); a longer
# "value" is a sentence a colon leads in.
# Two such pairs at least make a record: one alone is as often a colon leading in a list (这个制度
# 包括：五大老，…; 包括五个主题：植物学、…) or a gloss (学名：…): read as records, they changed 35 of the
# 5,763 public answers, each of the ten read for the worse (募兵制 -> 五大老, 五个 -> 植物学、…). A line
# that is one pair and nothing else is one (抄送：州委办公室。), and so is a pair whose value is a number
# to dial or quote (…，值班电话：0871-6543210。), which leads in no list and glosses nothing.
# What a label is made of, and a value (a colon between digits, 14:30, is in it).
_LABEL_CHAR = r"[^，,；;。！？!?：:\s|\d()（）《》「」“”]"
_VALUE = r"(?:[^，,；;。！？!?：:|\n]|(?<=\d)[：:](?=\d))"
_PROSE_PAIR = re.compile(
    rf"(?:^|(?<=[，,；;。！？!?\s]))({_LABEL_CHAR}{{1,6}})[：:]({_VALUE}{{1,30}})(?=[，,；;。！？!?\n]|$)"
)


_PAIR_END = " \t。；;.!！"
# A line that is one pair and nothing else may have a longer label (报价文件递交地点：局机关五楼财务科).
_LINE_PAIR = re.compile(rf"({_LABEL_CHAR}{{7,12}})[：:]\s*({_VALUE}{{1,30}}?)[{_PAIR_END}]*")
# A value that is a number to dial or quote: digits, at least five, and what joins them.
_CODE = re.compile(r"[\d\-－—()（）+ ]*(?:\d[\d\-－—()（）+ ]*){5,}")
# A value that identifies something: such a number, or letters and digits (CZJ-HT-2027-006, A3).
_IDENTIFIER = re.compile(rf"{_CODE.pattern}|(?=[^\u4e00-\u9fff]*[A-Za-z])(?=.*\d)[A-Za-z0-9\-－—_/.]+")


def prose_cell(
    terms: Sequence[str], question: str, sentence: str, alone: bool = False, kind: Expect | None = None
) -> Cell | None:
    """The value a question asks for of a label in running text (马明 of 联系人：马明，电话：… for
    联系人是谁): the question names the label or a word of it, and not the value. None for a
    table's row (`asked_cell` reads those) and a sentence with fewer than two such pairs, unless it
    is a line of its own (`alone`) that is one pair and nothing more (抄送：州委办公室。 under an official
    document's signature) or the pair's value is a number to dial (值班电话：0871-6543210). A who, where or
    when question (`kind`) asks for a label of that kind, or one it names whole (`record_answers`), and
    the word for its kind names none (地点 of 值班地点在哪里 names no 报价文件递交地点)."""
    if CELL_SEPARATOR in sentence or (LABEL_SEPARATOR not in sentence and ":" not in sentence):
        return None  # most sentences: no pair to read
    asked = normalize_for_match(question)
    pairs = []
    whole = False  # the sentence is one pair and nothing else
    for match in _PROSE_PAIR.finditer(sentence):
        value = match.group(2).strip()
        start = sentence.index(value, match.start(2)) if value else match.start(2)
        pairs.append(Cell(match.group(1), value, start, start + len(value)))
        whole = not sentence[: match.start()].strip() and not sentence[match.end() :].strip(_PAIR_END)
    if alone and not pairs and (line := _LINE_PAIR.fullmatch(sentence.strip())) is not None:
        at = sentence.index(line.group(0))
        pairs.append(Cell(line.group(1), line.group(2), at + line.start(2), at + line.end(2)))
        whole = True
    # A line that is a numbered point opening on its pair (三、参加人员：各科室负责人及安全员，每个直属单位派…)
    # is a record's line too: a notice's points are its fields.
    point = alone and bool(pairs) and sentence.lstrip().startswith(pairs[0].label) and numbered(sentence)
    if len(pairs) < 2 and not (alone and whole or point) and not any(_CODE.fullmatch(c.value) for c in pairs):
        return None
    specific = [term for term in terms if not (kind in _KIND_LABEL and _KIND_LABEL[kind].fullmatch(term))]
    cell = _label_asked(specific, asked, [c for c in pairs if fold_cleaned(c.value) not in asked])
    if cell is None or not record_answers(cell, kind, asked) or _of_another(specific, asked, cell.label):
        return None
    if _IDENTIFIER.fullmatch(cell.value.strip()) and not _names_its_head(cell.label, asked):
        # A code or a number to dial is what its label names (合同编号, 电话), no amount, count or thing of
        # what else the question names with it (合同金额是多少, 合同一式几份 and 合同的联系部门是哪个 were
        # answered CZJ-HT-2027-006).
        return None
    return cell if _asks_for(cell, asked) else None


def _of_another(terms: Sequence[str], asked: str, label: str) -> bool:
    """Whether a question (`asked`, folded) names a word of `label` after another word than the label
    has before it, of something else (报名截止时间 of 报价截止时间：2026年12月15日17:00, which answered 报名截止时间是
    什么时候; not 值班人员电话 of 值班电话, whose 值班 the question says)."""
    label = fold_cleaned(label)
    for term in (t for t in terms if len(t) >= 2 and t in label and t in asked):
        said = next((t for t in terms if asked.endswith(t, 0, asked.find(term))), None)
        # The label's words before it, of two characters at least (not the 二 of 二、培训地点).
        written = [word for *_, word, _ in tag_tokens(label[: label.find(term)]) if len(word) >= 2]
        if said and written and said not in label and not any(word in asked for word in written):
            return True
    return False


def _asks_for(cell: Cell, asked: str) -> bool:
    """Whether a question (`asked`, folded) that names `cell`'s label asks for its value: a what-question
    names it whole or by its head (`_names_its_head`)."""
    return not _ASKS_WHAT_ALONE.search(asked) or _names_its_head(cell.label, asked)


# A question ending in 什么, with no noun after it to say what kind of thing it asks (会议研究了什么; not
# 什么科室, 哪个科室, which say it).
_ASKS_WHAT_ALONE = re.compile(r"什么[呢吗]?$")


def _names_its_head(label: str, asked: str) -> bool:
    """Whether `asked` (a folded question) names `label` whole or by its last word, what it is a label
    of (地点 of 会议地点): a what-question that names a word before it (会议 of 会议研究了什么) asks a
    thing of that, not the record (it was answered 局机关三楼第二会议室)."""
    label = fold_cleaned(label)
    words = _words_of(label)
    return label in asked or (bool(words) and words[-1] in asked)


def _words_of(label: str) -> list[str]:
    """The jieba words of a folded `label` (培训, 内容 of 培训内容)."""
    return [word for *_, word, _ in tag_tokens(label) if word.strip()]


# A sentence that opens with a label and a colon (采购内容：复印纸、硒鼓、…，详见采购清单。): the label, and
# its value to the first clause break.
_OPENING_PAIR = re.compile(rf"\s*({_LABEL_CHAR}{{2,12}})[：:]\s*({_VALUE}{{1,60}}?)(?=[，,；;。！？!?\n]|$)")


def record_named(question: str, sentence: str) -> Cell | None:
    """The value of the label `sentence` opens with, past its point's number, when `question` names
    that label whole (采购内容 of 采购内容包括哪些) or by each of its words (培训内容 of 消防培训讲什么内容):
    what a which-ones question asks is then the record's value, though more of the sentence follows it
    (prose_cell reads a pair alone as a colon leading in a list or a gloss, and one whole label of two
    characters or more the question names is what makes it a record here)."""
    body = unnumbered(sentence.lstrip())  # 参加人员 of 三、参加人员：… (its label was 三、参加人员)
    at = len(sentence) - len(body)
    pair = _OPENING_PAIR.match(body)
    if pair is None:
        return None
    asked, label = normalize_for_match(question), fold_cleaned(pair.group(1))
    words = _words_of(label)
    # Named whole, or by each of its words (培训内容 of 消防培训有哪些内容).
    if not names_whole(asked, label) and not (len(words) > 1 and all(word in asked for word in words)):
        return None
    return Cell(pair.group(1), pair.group(2), at + pair.start(2), at + pair.end(2))


# How many people a question asks for (几个人, 多少名干部, 几位).
_PEOPLE_COUNTED = re.compile(r"(?:几|多少)(?:[个位名]?(?:人|人员|同志|干部|职工|员工|科员)|位)")


def counts_people(kind: Expect | None, question: str) -> bool:
    """Whether a how-many question asks how many people (人事科有几个人): of a table's rows, who they are,
    counted; asked of a row as who is (人事科有谁) asks."""
    return kind is Expect.NUMBER and _PEOPLE_COUNTED.search(normalize_for_match(question)) is not None


def a_cell_answers(
    terms: Sequence[str], question: str, texts: Iterable[str], kind: Expect | None = None
) -> bool:
    """Whether a row of `texts` (passages, a row a line) holds the cell the question asks for or the
    column it asks the highest or lowest value of (谁的月薪最高), or, for a question wanting a short
    answer, a record of running text the value it asks for: then it answers, though a model of running
    text doubts it (the gate refused 李四是什么时候入职的 over a roster, and 联系电话是多少 over
    联系人：马明，电话：0970-8641234)."""
    lines = [line for text in texts for line in text.split("\n")]
    row_kind = Expect.PERSON if counts_people(kind, question) else kind
    if any(asked_cell(terms, question, line, row_kind) or extreme_asked(terms, question, line)
           for line in lines):
        return True
    return kind in SHORT_EXPECTATIONS and any(
        prose_cell(terms, question, line[a:b], alone=line[a:b].strip() == line.strip(), kind=kind) is not None
        for line in lines for a, b in sentence_spans(line))


def named_values(question: str, row: str) -> list[str]:
    """What of `question` the values of `row` name, folded as `fold_cleaned` folds (组织部 and 部长 of
    组织部的部长是谁 in 张三's row): the words a search for the rows alike holds."""
    row_cells = cells(row)
    named = _named(row_cells, normalize_for_match(question))
    return [fold_cleaned(cell.value)[:length] for cell, length in named.items()]


def named_extent(question: str, sentence: str) -> int:
    """How many characters of `question` the values of row `sentence` name (5: 组织部 and 部长 of
    组织部的部长是谁; 3 in 副部长's row, which names 组织部 alone); 0 when it is no row or names none."""
    row_cells = cells(sentence)
    return sum(_named(row_cells, normalize_for_match(question)).values())


def _named(row_cells: Sequence[Cell], asked: str) -> dict[Cell, int]:
    """The cells whose value `asked` (a folded question) names, with how many of its characters: the
    whole value (two characters or more), or its opening when that is four characters or more and
    half the value at least (3月15日下午 of 3月15日下午14:30: a question leaves a value's detail out), or
    one of the things it lists whole, of four characters or more (公文写作 of 公文写作和信息化应用)."""
    named: dict[Cell, int] = {}
    for cell in row_cells:
        value = fold_cleaned(cell.value)
        if len(value) >= 2 and value in asked:
            named[cell] = len(value)
            continue
        opening = next((n for n in range(len(value) - 1, 3, -1) if value[:n] in asked), 0)
        items = _LISTED.split(value)
        listed = max((len(item) for item in items if len(item) >= 4 and item in asked), default=0)
        if extent := max(opening if 2 * opening >= len(value) else 0, listed):
            named[cell] = extent
    return named


# What joins the things a cell lists (公文写作和信息化应用, 复印纸、硒鼓).
_LISTED = re.compile(r"[、，,；;/]|和|及|与|以及")
