"""LaTeX decoded atom by atom gives the text that decoding the whole value gives."""

from __future__ import annotations

import os
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from claimcheck.load.bibliography import _NEEDS_DECODING, _decoded, decode_latex
from claimcheck.parse.latex import Kind, atoms

ATOMS = [
    "a", "Vitamin", "b12", "Ü", "é", "²", "ı", ",", ".", ":", "(", ")", "-", "--", "'", "''", "`", "``", '"', "&",
    "#", "_", "^", "~", "!`", "<", ">", "/", "12", " ", " ", "  ", "\n", "\n\n", "\t",
    "{", "}", "{", "}", "$", "$$", "\\(", "\\)", "\\[", "\\]",
    '\\"', "\\'", "\\^", "\\`", "\\~", "\\=", "\\.", "\\u", "\\v", "\\H", "\\c", "\\d", "\\k", "\\r",
    "\\o", "\\O", "\\ss", "\\ae", "\\AA", "\\l", "\\i", "\\j",
    "\\%", "\\&", "\\$", "\\#", "\\_", "\\{", "\\}", "\\\\", "\\ ", "%",
    "\\emph", "\\textit", "\\textbf", "\\LaTeX", "\\TeX", "\\frac", "\\cite", "\\url", "\\foo", "\\alpha",
    "\\mathrm", "\\begin{itemize}", "\\end{itemize}", "\\item", "\\verb|x y|", "\\textsuperscript",
    "[", "]", "*", "[p. 5]", "\\cite[p]{k}", "\\cite*{k}", "\\cite {k}", "\\item[x]", "\\\\[2pt]",
    "\\url{a b}", "\\href{x}{y}", "\\frac{1}{2}", "\\textcolor{red}{x}", "\\mbox{a}", "\\cite{k}", "\\ref{k}",
    '\\"{}', "{}", "\\relax", "\\,", "\\;", "\\!", "\\-", "\\@", "\\S", "\\dag", "\\textregistered",
    '\\"{ab}', "\\c{cz}", "\\'{}", '\\"{\\i}', '\\"{{a}b}', "\\^{ü}", "\\~{ }", "\\vec{v}", "\\ddot{x y}", '\\"{\\"{o}}',
    '{\\"u}', "{\\'e}", '\\"{o}', "\\'{E}", "{\\o}", "{\\ss}", "\\c{c}", "$\\alpha$", "$_2$", "{1,25(OH)$_2$D$_3$}",
]  # fmt: skip

MAX_EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300"))


def _whole(value: str) -> str:
    """decode_latex as it was: a value with LaTeX through the decoder in one piece."""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    return " ".join(_decoded.__wrapped__(value)[1].split())  # type: ignore[attr-defined]


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=14))
def test_atoms_decode_as_the_whole_value(parts: list[str]) -> None:
    value = "".join(parts)
    assert decode_latex.__wrapped__(value) == _whole(value), atoms(value)


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(st.text(alphabet="ab1²Üı {}$\\%~&-'`\"\n^_#[]()*!?", max_size=30))
def test_atoms_of_any_text_decode_as_the_whole_value(value: str) -> None:
    assert decode_latex.__wrapped__(value) == _whole(value), atoms(value)


def test_every_field_of_the_shipped_and_test_libraries() -> None:
    values = set()
    for path in [REPO / "references.bib", *REPO.glob("tests/**/*.bib")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        values.update(m.group(1) for m in re.finditer(r"=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", text))
    assert len(values) > 50
    for value in values:
        assert decode_latex.__wrapped__(value) == _whole(value), value


def test_cuts_only_where_it_is_safe() -> None:
    plain, special, math, group, macro, latex = (
        Kind.PLAIN,
        Kind.SPECIAL,
        Kind.MATH,
        Kind.GROUP,
        Kind.MACRO,
        Kind.LATEX,
    )
    assert atoms('M{\\"u}ller and {\\o}stergaard 20\\% $a b$ 1--2 \\emph{x}') == [
        (plain, "M"),
        (group, '{\\"u}'),
        (plain, "ller and "),
        (group, "{\\o}"),
        (plain, "stergaard 20"),
        (macro, "\\%"),
        (plain, " "),
        (math, "$a b$"),
        (plain, " 1"),
        (special, "--"),
        (plain, "2 "),
        (macro, "\\emph{x}"),
    ]
    assert atoms("\\o stergaard et al") == [
        (macro, "\\o "),
        (plain, "stergaard et al"),
    ]  # the space it swallows
    assert atoms('\\" u x') == [(macro, '\\" u'), (plain, " x")]  # an argument may follow a space
    assert atoms("\\cite{a} b c") == [(macro, "\\cite{a}"), (plain, " b c")]  # '*[[{': none optional
    assert atoms("\\cite[p]{a} b") == [(latex, "\\cite[p]{a} b")]  # optional arguments: no cut after it
    assert atoms("$\\frac{a}{b}$ c") == [(latex, "$\\frac{a}{b}$ c")]
    assert atoms("a % comment\nb") is None
    assert atoms("a {b c") is None and atoms("a $b c") is None and atoms("a\\") is None


def test_plain_abstracts_with_a_percent_sign_are_fast() -> None:
    """Each abstract carries one '\\%': the decoder used to read every character of it."""
    words = [f"word{n}" for n in range(11)]
    abstracts = [" ".join(words[(i + j) % 11] for j in range(300)) + f" by {i}\\%" for i in range(300)]
    start = time.process_time()
    for abstract in abstracts:
        decode_latex.__wrapped__(abstract)  # type: ignore[attr-defined]
    assert time.process_time() - start < 1.0  # 650 KB: about 2 s before, 0.05 s now


def test_a_long_title_dense_with_latex_is_fast() -> None:
    title = "".join(f'M{{\\"u}}ller{i} $\\alpha_2$ \\emph{{w{i}}} {{\\o}}st ' for i in range(4000))
    start = time.process_time()
    text = decode_latex.__wrapped__(title)  # type: ignore[attr-defined]
    assert time.process_time() - start < 1.5  # 150 KB: about 1.2 s before, 0.15 s now
    assert text.startswith("Müller0 $\\alpha_2$ w0 øst Müller1")
