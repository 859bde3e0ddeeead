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


def test_ci_runs_the_workshop_tests_on_postgresql():
    # .ci/run starts a PostgreSQL cluster and exports its URL before the test command, so
    # no PostgreSQL test is skipped in CI (tests/conftest.py fails them there instead).
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    _, test = readme_commands()
    export = next(n for n, line in enumerate(ci) if line.startswith("export LTL_TEST_POSTGRES_URL"))
    assert "postgresql" in "\n".join(ci[:export]) and export < ci.index(test)


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


def test_code_and_docs_cite_published_sources_not_internal_notes():
    # The project's internal reference notes are not shipped, so no citation may point at them.
    notes = re.compile(r"\b(methods|anchors|data|streamlit)\.md\b"  # the notes by file name
                       r"|methods notes|\bmethods [ABC§][0-9]",  # or by name and section
                       re.IGNORECASE)
    paths = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py"),
             *(ROOT / "scoring").rglob("*.py"), *(ROOT / "workshop").rglob("*.py"),
             ROOT / "README.md", ROOT / "docs" / "DEVELOPING.md"]
    offending = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in paths
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if notes.search(line)]  # fmt: skip
    assert not offending, "\n".join(offending)


def test_readme_commands_work_as_pasted():
    # A bare `python` is not the project's environment: every `python -m scoring` in the README
    # is `.venv/bin/python -m scoring`, or comes after the environment is activated in the
    # same paragraph or code block.
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    offending = []
    for block in re.split(r"\n\s*\n", text):
        for found in re.finditer(r"(\S*)python3? -m scoring", block):
            before = block[:found.start()]
            activated = re.search(r"(\.|source) \.venv/bin/activate", before)
            if found.group(1).endswith(".venv/bin/") or activated:
                continue
            offending.append(block[max(0, found.start() - 40):found.end() + 20])
    assert not offending, offending
    assert "does not open a browser" in text
    assert re.search(r"about \d+ minutes on 2 cores", text)


def test_readme_cites_no_path_outside_the_repository():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"\.\./|/work/|shared/data", text)
    for path in re.findall(r"\]\(([\w./-]+)\)", text):  # Markdown links to files
        assert (ROOT / path).exists(), path
