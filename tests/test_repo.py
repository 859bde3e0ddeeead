"""Repository rules that keep the project honest."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FENCE = "`" * 3


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(FENCE + r"sh\n(python3 -m venv[^\n]+)\n" + FENCE, text)


def test_ci_runs_exactly_the_readme_test_command():
    run, test = readme_commands()
    assert "streamlit run app.py" in run and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_scoring_and_workshop_never_import_streamlit():
    for path in [*(ROOT / "scoring").rglob("*.py"), *(ROOT / "workshop").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.M), path


def test_app_code_never_reads_the_shared_folder_or_renders_raw_html():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"),
                 *(ROOT / "scoring").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert "../shared" not in source and "shared/data" not in source, path
        assert "unsafe_allow_html=True" not in source, path
