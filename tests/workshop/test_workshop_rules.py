"""The workshop package is library code: no Streamlit, no HTML rendering."""

import re
from pathlib import Path

WORKSHOP = Path(__file__).resolve().parents[2] / "workshop"


def test_workshop_never_imports_streamlit():
    files = list(WORKSHOP.rglob("*.py"))
    assert files
    for path in files:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE), path
