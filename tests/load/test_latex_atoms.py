"""LaTeX read node by node (parse/latex.py) gives the text that pylatexenc gives for the whole value."""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from claimcheck.parse.latex import MAX_DEPTH, Kind, TooDeep, atoms, parse, standalone
from claimcheck.parse.latex_convert import FRESH_ATOMS, WHOLE_LIMIT, decode_atom
from claimcheck.parse.latex_text import _NEEDS_DECODING, approximated, decode_latex, decoded_text

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
    # optional arguments, stars, comments, environments, verbatim, display math, odd macros
    "[", "]", "[", "]", "[a]", "[{]}]", "*", "\\*", "\\\\*", "\\\\ ", "% c\n", "%", "\r", "\n \n", "\\hspace", "\\section",
    "\\footnote", "\\textcolor", "\\colorlet", "\\citeyear", "\\sqrt", "\\ensuremath", "\\text", "\\mathbf", "\\texorpdfstring",
    "\\includegraphics", "\\exercise", "\\newcommand", "\\title", "\\oü", "\\begin{x}", "\\end{x}", "\\begin{center}",
    "\\end{center}", "\\begin{equation}", "\\end{equation}", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{verbatim}",
    "\\end{verbatim}", "\\begin", "\\end", "\\verb", "\\(", "\\)", "---", "?`", "!",
]  # fmt: skip

OPTIONAL = [
    "\\item[1] \\item[2] x", "\\item [1]", "\\item\n[1]", "\\item \n [1] x", "\\item\n\n[1]", "\\item x", "\\item", "\\item[]",
    "\\item[a{]}b] c", "\\item[a[b]c] d", "\\item[[a]] b", "\\item[a}b] c", "\\item[\\emph{x}]y", "\\item[$]$] z",
    "\\item[a % ]\n b] c", "\\item[\\item[x]] y", "\\item[a", "\\item[a ", "{\\item[}] x", "{\\item[x]} y", "\\item[{a}]{b}",
    "\\\\[2pt] x", "\\\\ [2pt] x", "\\\\*[2pt] x", "\\\\ *[2pt]", "\\\\", "{\\\\}", "\\\\*", "\\\\[", "a \\\\[x] \\[y\\]",
    "\\cite[p]{k} b", "\\cite[p][q]{k}", "\\cite*[p]{k}", "\\cite [p] {k}", "\\cite[p]", "\\cite[p] x", "\\cite{k}[p]",
    "\\section*[short]{Long title} x", "\\section[s]{t}", "\\section{t}", "\\section*{t}", "\\section", "{\\section}",
    "\\footnote[3]{note} x", "\\footnote{a", "\\footnote{a  ", "\\textcolor[rgb]{1,0,0}{red} x", "\\sqrt[3]{x} y",
    "\\colorlet[a]{b}[c]{d} e", "\\includegraphics[width=1]{f.png} x", "\\exercise{A}[B] c", "\\exercise{A} [B] c",
    "\\hspace*{1em}x", "\\hspace {1em}", "{\\hspace}", "\\hspace", "\\newcommand*{\\x}[1][a]{b} c",
    "{\\title}", "{\\frac} {\\href{a}}", "\\input}", "\\texorpdfstring{a}{b} c", "\\emph\\texorpdfstring x",
    "\\begin{itemize}[x] \\item[a] b \\item c \\end{itemize} d", "\\begin{itemize} \\item[a", "\\begin{enumerate}\\item x",
    "a % comment [x]\n \\item[y] z", "a %\n\n b", "a % c", "\\emph%\n{x}", "\\item%\n[x]", "x\\verb|a[b| y", "\\verb",
    "\\begin{equation}x[1]\\end{equation} y", "\\begin{pmatrix}a&b\\\\c\\end{pmatrix}", "\\begin{pmatrix}",
    "$\\item[x]$ y", "$$a[b]$$ c", "\\[ x \\] y", "\\(a\\) b", "\\ensuremath{a$$b} c", "\\text{$x$} y",
]  # fmt: skip

MAX_EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300"))


def _whole(value: str) -> str:
    """decode_latex as it was: a value with LaTeX through the decoder in one piece."""
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    return " ".join(decode_atom.__wrapped__(value)[1].split())  # type: ignore[attr-defined]


@settings(max_examples=MAX_EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=14))
def test_atoms_decode_as_the_whole_value(parts: list[str]) -> None:
    value = "".join(parts)
    assert decode_latex.__wrapped__(value) == _whole(value), atoms(value)


@pytest.mark.parametrize("value", OPTIONAL)
def test_optional_arguments_and_the_rest_decode_as_the_whole_value(value: str) -> None:
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


def test_nodes_are_the_walkers() -> None:
    chars, group, macro, math, special, comment, skipped, env = (
        Kind.CHARS,
        Kind.GROUP,
        Kind.MACRO,
        Kind.MATH,
        Kind.SPECIALS,
        Kind.COMMENT,
        Kind.SKIPPED,
        Kind.ENVIRONMENT,
    )
    assert atoms('M{\\"u}ller and {\\o}stergaard 20\\% $a b$ 1--2 \\emph{x}') == [
        (chars, "M"),
        (group, '{\\"u}'),
        (chars, "ller and "),
        (group, "{\\o}"),
        (chars, "stergaard 20"),
        (macro, "\\%"),
        (chars, " "),
        (math, "$a b$"),
        (chars, " 1"),
        (special, "--"),
        (chars, "2 "),
        (macro, "\\emph{x}"),
    ]
    assert atoms("\\o stergaard") == [(macro, "\\o "), (chars, "stergaard")]  # the space it swallows
    assert atoms("\\o \n\nx") == [(macro, "\\o "), (chars, "\n\nx")]  # but not a paragraph break
    assert atoms('\\" u x') == [(macro, '\\" u'), (chars, " x")]  # an argument may follow a space
    assert atoms("\\item[1] \\item [2]x \\item\n\n[3]") == [
        (macro, "\\item[1]"),
        (chars, " "),
        (macro, "\\item [2]"),  # '[' after a space is still the optional argument
        (chars, "x "),
        (macro, "\\item"),
        (chars, "\n\n[3]"),  # not after a paragraph break
    ]
    assert atoms("\\cite[p]{a} b") == [(macro, "\\cite[p]{a}"), (chars, " b")]
    assert atoms("\\\\ [2pt] \\\\*[1pt]") == [(macro, "\\\\"), (chars, " [2pt] "), (macro, "\\\\*[1pt]")]
    assert atoms("a % comment\n  b") == [(chars, "a "), (comment, "% comment\n  "), (chars, "b")]
    assert atoms("a}b") == [(chars, "a"), (skipped, "}"), (chars, "b")]  # a stray brace is dropped
    assert atoms("\\item[a}b] c") == [(macro, "\\item[a}b]"), (chars, " c")]  # '}' in '[...]' too
    assert atoms("a {b c") == [(chars, "a "), (group, "{b c")]  # an open group runs to the end
    assert atoms("a $b c") == [(chars, "a "), (math, "$b c")]
    assert atoms("x\\begin{itemize}\\item y\\end{itemize}z") == [
        (chars, "x"),
        (env, "\\begin{itemize}\\item y\\end{itemize}"),
        (chars, "z"),
    ]
    assert atoms("\\cite[p] x") == [(macro, "\\cite[p] x")]  # 'x' is its argument
    assert atoms("\\cite[p] ") == [(macro, "\\cite"), (chars, "[p] ")]  # short of one: none at all
    assert atoms("\\emph\\alpha b") == [(macro, "\\emph\\alpha "), (chars, "b")]


def test_a_macro_that_looked_past_its_end_is_read_alone_with_a_brace_to_look_at() -> None:
    value = "{\\title}"
    (inner,) = parse(value)[0].children
    assert inner.peeked and standalone(value, inner) == "\\title}"
    assert decode_latex.__wrapped__("a " + value + " b") == _whole("a " + value + " b")


def test_deep_nesting_goes_to_the_decoder_whole_or_stays_as_written() -> None:
    deep = "{" * (MAX_DEPTH + 5) + '\\"u' + "}" * (MAX_DEPTH + 5)
    with pytest.raises(TooDeep):
        parse(deep)
    assert decoded_text(deep) == (decode_atom(deep)[1], True)
    huge = deep + " x" * WHOLE_LIMIT
    assert decoded_text(huge) == (huge, False)


def test_a_long_value_of_many_parts_only_the_decoder_reads_is_approximated() -> None:
    """pylatexenc's matrix environments need its own nodes; past 64 distinct ones in one value
    the value goes to it whole, unless it is longer than WHOLE_LIMIT."""
    short = " ".join(f"\\begin{{pmatrix}}a{i}&b\\end{{pmatrix}}" for i in range(FRESH_ATOMS + 2))
    assert len(short) < WHOLE_LIMIT
    assert decoded_text(short) == (decode_atom(short)[1], True)
    long = " ".join(f"\\begin{{pmatrix}}x{i}&y\\end{{pmatrix}}" for i in range(WHOLE_LIMIT // 20))
    start = time.process_time()
    text, exact = decoded_text.__wrapped__(long)  # type: ignore[attr-defined]
    assert time.process_time() - start < 2.0  # whole: 20 s
    assert not exact and " ".join(text.split()).startswith("x0 y x1 y x2 y")  # each as its body
    assert approximated(long) and not approximated(short) and not approximated("\\item[1] a")


def test_a_title_of_optional_arguments_comments_and_environments_is_fast() -> None:
    title = "".join(
        f"\\item[{i}] w{i} % note {i}\n\\begin{{center}}\\cite[p. {i}]{{k{i}}}\\end{{center}} "
        for i in range(4000)
    )
    start = time.process_time()
    text = decode_latex.__wrapped__(title)  # type: ignore[attr-defined]
    assert time.process_time() - start < 1.0  # 240 KB: 1.7 s whole, 0.15 s now
    assert text.startswith("0 w0 <cit.> 1 w1 <cit.> 2")


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
