"""No text from the content, the lock, a file name or a registry can inject into an output:
every report stays well-formed (JSON parses, XML parses, UTF-8 valid) and no line of it starts a
GitHub Actions workflow command or carries a terminal escape it did not write itself."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.core.escape import shown, terminal, workflow_data, xml_text
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.load.project import Project
from claimcheck.reporters import FORMATS, reporter
from claimcheck.run.engine import CheckResult
from claimcheck.settings import Settings

# The runner reads '::cmd' at the start of a line (after spaces) and the older '##[cmd' anywhere.
Run = Any  # tests/conftest.py's Run (code, out, err)
_COMMAND_LINE = re.compile(r"^\s*::|##\[")
_OWN_ANNOTATION = re.compile(r"^::(error|warning|notice) file=")
_ESC = "\x1b"

# Every Unicode code point, lone surrogates included (file names that are not UTF-8 arrive so).
_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=40)
_hostile = st.one_of(
    _text,
    st.sampled_from(
        [
            "correction\n::error file=x.md,line=1::INJECTED",
            "x\r\n::add-mask::secret",
            "\x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
            "  ::warning::indented",
            "##[error]old style",
            "a\udcff\udc80b",
            "\ud800",
            "\u202eevil\u2028next",
            "%0A::error::percent",
            "\x00\x0b\x0c\ufffe\uffff",
        ]
    ),
)


def _result(findings: list[Finding]) -> CheckResult:
    return CheckResult(Project(root=Path("."), settings=Settings()), (), tuple(findings), False)


def _finding(path: str, message: str, hint: str, claim: str, severity: Severity) -> Finding:
    return Finding(
        rule="CC101",
        category=Category.CITATION,
        severity=severity,
        path=path,
        span=Span(1, 1, 1, 2),
        message=message,
        hint=hint,
        claim=claim or None,
        reference=claim or None,
        article=claim or None,
    )


def _render(fmt: str, result: CheckResult) -> str:
    made = reporter(fmt)
    text = made.render(result)
    text.encode("utf-8")  # raises on a lone surrogate: the output must be valid UTF-8
    return text


def assert_safe(fmt: str, text: str, findings: int) -> None:
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text.encode("utf-8"))
    assert _ESC not in text and "\x07" not in text and "\r" not in text
    lines = text.split("\n")
    for line in lines:
        if fmt == "github" and _OWN_ANNOTATION.match(line):
            continue
        assert not _COMMAND_LINE.search(line), (fmt, line)
    if fmt == "github":
        assert sum(1 for line in lines if _OWN_ANNOTATION.match(line)) == findings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_hostile, _hostile, _hostile, _hostile, st.sampled_from(list(Severity))),
        min_size=1,
        max_size=4,
    )
)
def test_every_reporter_stays_well_formed(items: list[tuple[str, str, str, str, Severity]]) -> None:
    import os

    findings = [_finding(*item) for item in items]
    result = _result(findings)
    before = os.environ.get("GITHUB_ACTIONS")
    try:
        os.environ["GITHUB_ACTIONS"] = "true"  # the text format as it runs in Actions
        for fmt in sorted(FORMATS):
            assert_safe(fmt, _render(fmt, result), len(findings))
    finally:
        if before is None:
            os.environ.pop("GITHUB_ACTIONS", None)
        else:
            os.environ["GITHUB_ACTIONS"] = before


@pytest.mark.parametrize("actions", [False, True])
def test_text_lines_never_start_a_workflow_command(monkeypatch: pytest.MonkeyPatch, actions: bool) -> None:
    if actions:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    else:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    finding = _finding(
        "::error::name.md", "type correction\n::error file=a::INJECTED", "", "", Severity.ERROR
    )
    text = _render("text", _result([finding]))
    lines = text.splitlines()
    assert len(lines) == 2  # the finding and the summary: the message's newline is shown as '\n'
    assert "type correction\\n" in lines[0]
    if actions:
        assert "::" not in text  # broken up everywhere: ':\x3a'
        assert lines[0].startswith(":\\x3aerror:\\x3aname.md:1:1:")


# the named cases of issue 19


def test_lock_notice_type_with_a_newline_stays_on_its_line() -> None:
    message = "cited work has a notice: correction\n::error file=x::INJECTED 10.5555/1 (2021)"
    for fmt in sorted(FORMATS):
        text = _render(fmt, _result([_finding("references.bib", message, "", "", Severity.WARNING)]))
        assert_safe(fmt, text, 1)


def test_add_mask_from_a_registry_is_not_a_command() -> None:
    assert not shown("title\n::add-mask::secret").startswith("::")
    assert "\n" not in shown("title\n::add-mask::secret")
    assert shown("::add-mask::x", actions=True) == ":\\x3aadd-mask:\\x3ax"


def test_terminal_escapes_are_made_visible() -> None:
    assert terminal("\x1b[2J") == "\\x1b[2J"
    assert terminal("\x1b]8;;https://e.example\x07x") == "\\x1b]8;;https://e.example\\x07x"
    assert terminal("a\u202eb") == "a\\u202eb"
    assert terminal("caf\u00e9 \u2014 ok\tt") == "caf\u00e9 \u2014 ok\tt"  # ordinary text unchanged


def test_file_name_bytes_show_as_bytes() -> None:
    assert terminal("bad\udcff.md") == "bad\\xff.md"


def test_github_format_escapes_esc_and_bel() -> None:
    assert workflow_data("\x1b[31mred\x07") == "\\x1b[31mred\\x07"
    assert workflow_data("50%\r\n::x") == "50%25%0D%0A::x"


def test_junit_control_characters_are_replaced() -> None:
    assert xml_text("a\x00b\x0bc") == "a\\x00b\\x0bc"
    finding = _finding("a\x01.md", "lock type \x0c", "hint \ufffe", "", Severity.ERROR)
    ET.fromstring(_render("junit", _result([finding])).encode("utf-8"))


def test_json_and_sarif_escape_lone_surrogates() -> None:
    finding = _finding("bad\udcff.md", "lock \ud800", "", "", Severity.ERROR)
    for fmt in ("json", "sarif"):
        text = _render(fmt, _result([finding]))
        assert "\\udcff" in text
        assert json.loads(text)


# the named cases end to end, through the commands that print them


def _no_injection(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line and "\x1b" not in line and "\x07" not in line, line


def test_review_list_shows_a_hostile_quote_escaped(
    cli: Callable[..., Run], make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.rules.examples import base_files

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    claims = base_files()["content/claims/demo.yaml"].replace(
        "quote: Vitamin D is made in the skin", 'quote: "Vitamin D\\n::error file=a::INJECTED \\e[2J"'
    )
    claims = claims.replace("status: approved", "status: pending")
    root = make_project({"content/claims/demo.yaml": claims})
    run = cli("review", "list", "--root", root)
    assert "   quote: Vitamin D\n" in run.out  # a multi-line quote is lined up, each line escaped
    assert "\\x3aerror file=a:\\x3aINJECTED \\x1b[2J" in run.out, run.out
    _no_injection(run.out)


def test_refs_suggest_shows_a_hostile_title_escaped(
    cli: Callable[..., Run], make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.rules.examples import base_files

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    bib = base_files()["references.bib"].replace(
        "title = {", "title = {\x1b]8;;https://e.example\x07::add-mask::x "
    )
    root = make_project({"references.bib": bib})
    run = cli("refs", "suggest", "vitamin-d-skin", "--root", root)
    assert "\\x1b]8;;https://e.example\\x07:\\x3aadd-mask:\\x3ax" in run.out, run.out
    _no_injection(run.out)


def test_a_file_name_with_a_newline_stays_on_its_line(
    cli: Callable[..., Run], make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = make_project()
    folder = root / "content" / "articles"
    (folder / "demo.md").rename(folder / "x\n::error file=a::INJECTED.md")
    for fmt in sorted(FORMATS):
        run = cli("check", "--root", root, "--format", fmt, "--no-cache")
        assert "internal error" not in run.err
        assert_safe(fmt, run.out, sum(1 for line in run.out.splitlines() if _OWN_ANNOTATION.match(line)))
        if fmt == "text":
            assert "x\\n:\\x3aerror file=a:\\x3aINJECTED.md" in run.out, run.out
