"""ingest.clean on the real corpus: artifacts, pinyin, page chrome, whitespace, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.clean import clean

DOCS = Path(__file__).resolve().parent.parent / "data" / "docs"
NAMES = sorted(p.name for p in DOCS.glob("*.txt"))
ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
CHROME = ("分享", "責編", "责编", "相關專題", "評論", "评论", "字號", "字号", ">>", "來源", "請勿轉載", "焦點新聞", "查看全部留言")


def raw(name: str) -> str:
    """A corpus file's text as stored."""
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_clean_removes_noise_and_is_idempotent(name: str) -> None:
    cleaned = clean(raw(name))
    assert "[bookmark:" not in cleaned.text
    assert ANNOTATION.findall(cleaned.text) == []
    for word in CHROME:
        assert word not in cleaned.text, word
    assert "\n\n\n" not in cleaned.text
    assert all(line == line.strip() for line in cleaned.text.split("\n"))
    assert cleaned.text == cleaned.text.strip()
    assert clean(cleaned.text).text == cleaned.text


def test_000_artifact_and_metadata() -> None:
    cleaned = clean(raw("000_7e69c61a6ac34345.txt"))
    assert cleaned.title == "以实干实绩实效推动组织工作高质量发展"
    assert (cleaned.author, cleaned.affiliation) == ("司吉昇", "中共海北州委常委、组织部部长")
    assert "\n切实增强求解优解的思维。" in cleaned.text
    assert cleaned.text.startswith("以实干实绩实效推动组织工作高质量发展\n中共海北州委常委、组织部部长")


def test_001_title_skips_lead_in() -> None:
    cleaned = clean(raw("001_8b50e20b047f8fe9.txt"))
    assert cleaned.title == "以作风建设推动组织工作提质增效"
    assert cleaned.text == raw("001_8b50e20b047f8fe9.txt").strip()  # nothing to clean: verbatim


def test_002_title_falls_back_to_first_clause() -> None:
    cleaned = clean(raw("002_fb24d1789acc4997.txt"))
    assert cleaned.title == "习近平总书记关于党的建设的重要思想"
    assert cleaned.author is None and cleaned.date is None


def test_003_page_chrome_removed_article_kept() -> None:
    cleaned = clean(raw("003_c58b9f99bec04376.txt"))
    assert cleaned.title == "以黨的十八大精神為指導開創西寧組織工作新局面"
    assert (cleaned.author, cleaned.affiliation) == ("張學天", None)  # ■文/張學天 gives no post
    assert cleaned.date == "2013-03-12"
    assert cleaned.publisher == "人民網-中國共產黨新聞網"  # from 2013年03月12日08:43   來源:人民網-中國共產黨新聞網
    text = cleaned.text
    assert text.startswith("以黨的十八大精神為指導開創西寧組織工作新局面\n\n■文/張學天\n\n黨的十八大報告指出")
    assert text.endswith("(作者系西寧市委常委、組織部長)\n\n(2013年02期)")
    for gone in ("中國共產黨新聞", "人民網", "打印", "點擊進入", "楊媚", "學習宣傳貫徹落實黨的十八大精神", "期刊選粹", "\xa0"):
        assert gone not in text, gone
    assert "隻有樹立精細化的工作理念" in text


def test_004_pinyin_and_author() -> None:
    cleaned = clean(raw("004_80bae33e4e5280a8.txt"))
    assert cleaned.author == "蘇新發"
    assert cleaned.text.startswith("文| 蘇新發\n為貫徹落實好今年組織部長會議精神,以高標準落實推動高質量發展")
    assert "從嚴落實黨委(黨組)抓黨建" in cleaned.text
    assert "?" in cleaned.text  # the lost characters are the text as we have it


def test_generic_chrome_rules_on_other_pages() -> None:
    page = "\n".join(
        [
            "首页 >> 新闻 >> 评论",
            "习近平谈治国理政",
            "2024-05-06 10:20 来源：新华网",
            "【字号 大 中 小】 打印本页 分享到微博",
            "正文第一段，讲了一件事。",
            "",
            "",
            "\xa0\xa0",
            "正文第二段 (see notes) 结束。   ",
            "下放授权",
            "（责任编辑：王五）",
            "相关新闻",
            "• 某条新闻标题",
            "本文为原创，未经许可禁止转载",
        ]
    )
    cleaned = clean(page)
    assert cleaned.text == "习近平谈治国理政\n正文第一段，讲了一件事。\n\n正文第二段 (see notes) 结束。\n下放授权"
    assert cleaned.title == "习近平谈治国理政"
    assert cleaned.date == "2024-05-06"
    assert cleaned.publisher == "新华网"


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("来源: 人民日报 | 2024-03-01 09:30", "人民日报"),
        ("2024年3月1日 来源：新华社 作者：张三", "新华社"),
        ("來源：中央社。", "中央社"),
        ("2024-03-01 09:30", None),  # a date line that names no source
    ],
)
def test_the_source_a_date_line_names_is_kept(line: str, publisher: str | None) -> None:
    cleaned = clean(f"标题行\n{line}\n正文第一段，讲了一件事。")
    assert cleaned.publisher == publisher and line not in cleaned.text


@pytest.mark.parametrize(
    "line", ["报价截止时间：2026年12月15日17:00", "开标时间：2024-03-01 09:30 地点：三楼"]
)
def test_a_time_under_a_record_s_own_label_is_data_not_a_date_line(line: str) -> None:
    """A page's date line gives a date and time under no label or one of publication (发布时间：);
    under a record's own label it is what the document says (it was dropped, and its date taken for
    the document's)."""
    cleaned = clean(f"标题行\n{line}\n正文第一段，讲了一件事。")
    assert line in cleaned.text and cleaned.date is None
    cleaned = clean("标题行\n发布时间：2024-03-01 09:30\n正文第一段，讲了一件事。")
    assert "发布时间" not in cleaned.text and cleaned.date == "2024-03-01"


def test_the_office_above_an_official_document_s_number_is_its_masthead_not_its_title() -> None:
    cleaned = clean("XX市财政局办公室\n财办发〔2027〕3号\n关于2027年春节放假及值班安排的通知\n局属各科室：\n"
                    "现将有关安排通知如下。\nXX市财政局办公室\n2027年1月20日")
    assert cleaned.title == "关于2027年春节放假及值班安排的通知"  # was XX市财政局办公室
    assert (cleaned.author, cleaned.date) == ("XX市财政局办公室", "2027-01-20")


def test_clean_keeps_punctuation_and_line_breaks() -> None:
    text = "第一段,半角逗号:冒号.\r\n第二段，全角。\r\n"
    assert clean(text).text == "第一段,半角逗号:冒号.\n第二段，全角。"


def test_clean_empty() -> None:
    assert clean("") == clean("  \n\n ")
    assert clean("").text == "" and clean("").title is None


def test_a_markdown_heading_is_the_title_not_the_author() -> None:
    cleaned = clean("# 霓虹雀鲷\n\n本鱼分布于西太平洋区。\n")
    assert (cleaned.title, cleaned.author) == ("霓虹雀鲷", None)


def test_a_tables_rows_in_prose_are_data_not_title_author_or_date() -> None:
    """A Word table's rows (`rows`, their line numbers) are kept whatever they say, and read for no
    title, author, date or source."""
    text = "部门 | 姓名 | 职务\n组织部 | 张三 | 部长\n日期：2024年3月1日 | 来源：办公室\n\n会议要求各单位抓好落实。"
    cleaned = clean(text, rows=(0, 1, 2))
    assert cleaned.text == text
    # Read as prose, the header row was the title, 职务 its author, and the third row a date line.
    metadata = (cleaned.title, cleaned.author, cleaned.date, cleaned.publisher)
    assert metadata == ("会议要求各单位抓好落实", None, None, None)
    prose = clean(text)
    assert (prose.title, prose.author, prose.date) == ("部门 | 姓名 | 职务", "职务", "2024-03-01")


@pytest.mark.parametrize(
    ("ending", "author", "date"),
    [
        ("中共海北州委组织部\n2024年7月5日", "中共海北州委组织部", "2024-07-05"),  # an official document's
        ("海北州委办公室\n二〇一五年三月二日", "海北州委办公室", "2015-03-02"),  # in Chinese numerals
        ("特此通知。\n2024年7月5日", None, "2024-07-05"),  # the line before is a sentence: no signer
        ("中共海北州委组织部", None, None),  # no date: no signature
        ("会议于2024年7月5日召开。", None, None),  # a date in a sentence
    ],
)
def test_the_signature_closing_a_document_gives_its_author_and_date(
    ending: str, author: str | None, date: str | None
) -> None:
    """The signer and the date closing an official document or a letter (落款) are its author and
    date when its head names none; they stay in the text."""
    text = f"关于召开组织工作会议的通知\n\n各单位：\n\n定于3月15日召开全州组织工作会议。\n\n{ending}"
    cleaned = clean(text)
    assert (cleaned.author, cleaned.date) == (author, date)
    assert cleaned.text.endswith(ending)


def test_a_byline_at_the_head_wins_over_a_signature() -> None:
    cleaned = clean("论作风\n文/张学天\n\n作风建设永远在路上。\n\n西宁市委组织部\n2013年3月12日")
    assert (cleaned.author, cleaned.date) == ("张学天", "2013-03-12")


def test_a_numbered_heading_is_no_byline() -> None:
    """第一章 总则 ends in a word a name could be, after a space: it was read as the author 总则."""
    cleaned = clean("考勤管理办法\n\n第一章 总则\n\n第一条 为加强机关作风建设，制定本办法。")
    assert (cleaned.title, cleaned.author) == ("考勤管理办法", None)


def test_an_official_document_s_masthead_number_and_print_notes_are_read_around() -> None:
    """The masthead (…文件) and number (海组发〔2024〕12号) above the title are no title, and the notes
    printed after the signature (（此件公开发布）, 抄送：…, …印发) do not hide it."""
    cleaned = clean(
        "中共海北州委组织部文件\n海组发〔2024〕12号\n关于印发《评估办法》的通知\n各县委组织部：\n"
        "现将《评估办法》印发给你们，请认真贯彻执行。\n中共海北州委组织部\n2024年3月1日\n（此件公开发布）\n"
        "抄送：州委办公室。\n中共海北州委组织部办公室　　2024年3月1日印发"
    )
    assert (cleaned.title, cleaned.author, cleaned.date) == ("关于印发《评估办法》的通知", "中共海北州委组织部", "2024-03-01")
