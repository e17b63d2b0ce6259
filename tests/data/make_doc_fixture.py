"""Makes tests/data/official.doc: tests.documents.official_docx converted by LibreOffice to Word 97-2003.

No Python library writes .doc, so the fixture is committed; run this to remake it:
    .venv/bin/python tests/data/make_doc_fixture.py
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.documents import official_docx  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = official_docx(Path(tmp) / "official.docx")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", str(HERE), str(source)], check=True)  # fmt: skip


if __name__ == "__main__":
    main()
