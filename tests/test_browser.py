"""The app in a real browser: `streamlit run app.py` on 127.0.0.1, driven by headless Chromium.

Starts from an empty data directory: the start screen ingests the default corpus, a question
gets an answer whose citation leads to the highlighted source, the source opens the whole
document at the quoted span, an uploaded document's markup is shown as text. Saves
screenshots of the chat (a sentence answer and a short one), library and document views; `make screenshots` runs it with
RAG_SCREENSHOTS=docs/screenshots to refresh the README's, other runs leave the checkout alone.

Needs Debian's `chromium` (`make browser`); Playwright drives it, no browser is downloaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.servers import free_port, served

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
# Resolved now: the autouse fixture moves every test into its own working directory.
SCREENSHOTS_ENV = Path(os.environ["RAG_SCREENSHOTS"]).resolve() if os.environ.get("RAG_SCREENSHOTS") else None
CHROMIUM = Path("/usr/bin/chromium")
# The machine may have no network: without these flags Chromium waits on connections at start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = "<script>alert(1)</script><b>粗体</b>"
START_TIMEOUT = 90.0
INGEST_TIMEOUT_MS = 240_000
ANSWER_TIMEOUT_MS = 90_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a free port with a fresh data directory; stopped afterwards."""
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--server.fileWatcherType", "none", "--server.maxUploadSize", "50",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with served(command, f"{url}/_stcore/health", log, wait=START_TIMEOUT, cwd=tmp_path, env=env):
        yield url


@pytest.fixture
def page(server: str):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: the Makefile's `browser` target installs it.")
        pytest.skip(f"{CHROMIUM} is not installed (run `make browser`, or apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(30_000)
            alerts: list[str] = []
            page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
            page.alerts = alerts
            page.goto(server, wait_until="domcontentloaded")
            yield page
        finally:
            browser.close()


def _ask(page, question: str, turn: int) -> None:
    """Ask in the chat box; return when the answer to chat turn `turn` is on the page and the run is over."""
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= {before + 2}",
        timeout=ANSWER_TIMEOUT_MS,
    )
    # Turn n's sources are #zw-src-{n}-k (turns count user and assistant messages from 0).
    page.locator(f'[id^="zw-src-{turn}-"], .zw-refusal').last.wait_for(timeout=ANSWER_TIMEOUT_MS)
    _idle(page)


def _nav(page, label: str) -> None:
    page.locator('[data-testid="stSidebar"] label').filter(has_text=label).click()


def _new_chat(page) -> None:
    page.locator(".st-key-new-chat button").click()
    page.get_by_test_id("stChatMessage").first.wait_for(state="detached")
    _idle(page)


def _idle(page) -> None:
    """Wait until Streamlit has finished the current run: no element is left over from the last one."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=ANSWER_TIMEOUT_MS
    )


def test_ask_cite_open_source_upload_in_a_real_browser(page, tmp_path: Path):
    shots = SCREENSHOTS_ENV or tmp_path / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    # An empty index: the start screen ingests the default corpus.
    page.get_by_text("欢迎使用知问").wait_for(timeout=60_000)
    page.locator(".st-key-ingest-default button").click()
    page.get_by_text("导入完成").wait_for(timeout=INGEST_TIMEOUT_MS)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    # Where the index lives, as started from the folder that holds it (var/chroma for `make run`).
    assert "嵌入式 Chroma：data/chroma" in page.get_by_test_id("stSidebar").inner_text()

    # A question: the answer's [1] links to source 1, whose passage highlights the quote (the
    # short answer and the sentence that holds it both cite source 1).
    _ask(page, "全省组织部长会议以什么构建执行落实的闭环机制？", turn=1)
    cite = page.locator('.zw-answer a.zw-cite[href="#zw-src-1-1"]').first
    assert cite.inner_text() == "1"
    source = page.locator("#zw-src-1-1")
    assert "以实干实绩实效推动组织工作高质量发展" in source.inner_text()
    assert "000_7e69c61a6ac34345.txt" in source.inner_text()
    assert "五个更加注重" in source.locator("mark").inner_text()
    cite.click()
    assert page.evaluate("location.hash") == "#zw-src-1-1"

    # The source opens the full document, scrolled to the span, highlighted there too.
    page.locator(".st-key-open-1-1 button").click()
    dialog = page.get_by_role("dialog")
    mark = dialog.locator("mark#zw-hl")
    mark.wait_for()
    assert "五个更加注重" in mark.inner_text()
    assert len(dialog.locator(".zw-doc").inner_text()) > 1000
    page.wait_for_function(
        """() => { const m = document.getElementById('zw-hl'), d = m && m.closest('.zw-doc');
                   if (!m || !d) return false;
                   const a = m.getBoundingClientRect(), b = d.getBoundingClientRect();
                   return a.top >= b.top && a.bottom <= b.bottom; }""",
        timeout=10_000,
    )
    page.screenshot(path=str(shots / "document.png"))
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")

    # In a new chat, a question answered from a Simplified and a Traditional document: the screenshot.
    _new_chat(page)
    _ask(page, "怎样引进人才？", turn=1)
    assert page.locator('[id^="zw-src-1-"] mark').count() >= 1
    page.evaluate("document.activeElement && document.activeElement.blur()")
    # The app scrolls to the answer's end; the screenshot starts at the question.
    page.get_by_text("怎样引进人才？").last.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "chat.png"))

    # A who-question: the short answer first, cited, the name highlighted in its source.
    _new_chat(page)
    _ask(page, "西宁市的组织部长是谁？", turn=1)
    assert page.locator(".zw-answer").last.inner_text().startswith("張學天")
    assert page.locator("#zw-src-1-1 mark").first.inner_text() == "■文/張學天"
    assert page.locator("#zw-src-1-1 mark .zw-short").inner_text() == "張學天"
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.get_by_text("西宁市的组织部长是谁？").last.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "short.png"))

    # The library: the corpus in a table, then the upload form.
    _nav(page, "文档库")
    page.get_by_text("索引中的文档 · 5").wait_for()
    _idle(page)
    page.get_by_test_id("stDataFrame").wait_for()
    page.screenshot(path=str(shots / "library.png"))

    # A document with markup: uploaded, then shown as text in the answer, the source and the viewer.
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{
            "name": "标记测试.txt",
            "mimeType": "text/plain",
            "buffer": f"标记测试\n\n本文件用于检验页面转义：{HOSTILE}标签必须原样显示为文字。\n".encode(),
        }]
    )  # fmt: skip
    _idle(page)
    page.locator(".st-key-ingest-uploads button:not([disabled])").click()
    page.get_by_text("1 added").wait_for(timeout=INGEST_TIMEOUT_MS)
    page.get_by_text("索引中的文档 · 6").wait_for()

    _nav(page, "对话")
    _new_chat(page)
    _ask(page, "本文件用于检验什么？", turn=1)
    assert HOSTILE in page.locator(".zw-answer").last.inner_text()
    assert HOSTILE in page.locator("#zw-src-1-1").inner_text()
    page.locator(".st-key-open-1-1 button").click()
    doc = page.get_by_role("dialog").locator(".zw-doc")
    doc.wait_for()
    assert HOSTILE in doc.inner_text()
    for container in (".zw-answer", ".zw-source", ".zw-doc"):
        assert page.locator(f"{container} script, {container} b:has-text('粗体')").count() == 0
    assert page.alerts == []
