"""Adversarial inputs of about 1 MB, each checked on one core: none may take more than 2 seconds.

Each case is the clean example project (src/claimcheck/rules/examples/_base.yaml) with one file
(sometimes two) replaced by a generated hostile input of about 1 MiB: a sentence without
punctuation, thousands of short sentences, nested lists and quotes, raw HTML, a promotional
phrase repeated, runs of hyphens, dots, parentheses, brackets and citation markers, URLs without
an end, front matter of 1 MiB, claims files of many claims, of one huge quote, of near-miss
quotes, BibTeX libraries of one huge entry, thousands of entries, one repeated field value...

Every case runs ``claimcheck check --jobs 1 --no-cache`` in a fresh Python process: that process
imports claimcheck first (interpreter start-up and imports are not the check), then times
``claimcheck.cli.main`` with ``time.process_time`` (CPU seconds of that one process, so other load
on the machine matters little) and ``time.perf_counter`` (wall). The bound applies to the CPU
seconds of the check; the wall seconds of the whole command (start-up included) are printed too.
The table lists each case, its size, the exit code, the number of findings and the seconds; the
script exits 1 when any case exceeds the bound or ends in a traceback or exit code 2.

A second table runs whole commands on inputs of up to 10 MB (``COMMAND_CASES``): 100,000
claims through ``check``, ``export``, ``report``, ``review list`` and ``review set``; ``extract
--write`` merging 10,000 stale quotes; ``extract`` on a paragraph of 140 kB; a Markdown table of
2,000 columns (4.9 MB); a library of 20,000 entries with broken ones. Each runs ``--jobs 1`` in
a fresh project (no cache) and must take at most ``--command-bound`` CPU seconds (10). Cases
marked "measured" are printed but do not fail the run (their fix belongs to another part).

Usage: python benchmarks/hostile_inputs.py [--bound 2.0] [--command-bound 10] [--only NAME ...]
[--size BYTES] [--list] [--slowest 5]   (``nox -s hostile`` runs it.)
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimcheck.rules.examples import base_files

MB = 1_048_576
ARTICLE = "content/articles/demo.md"
CLAIMS = "content/claims/demo.yaml"
BIB = "references.bib"
FRONT = base_files()[ARTICLE].split("---\n")[1]  # the clean front matter, without its fences
SENTENCE = "Vitamin D is made in the skin when it is exposed to sunlight."
WORDS = [
    "vitamin",
    "skin",
    "sunlight",
    "growth",
    "hormone",
    "insulin",
    "muscle",
    "bone",
    "liver",
    "protein",
    "sleep",
    "receptor",
    "signal",
    "dose",
    "trial",
    "cohort",
    "level",
    "study",
    "evidence",
    "risk",
    "benefit",
    "therapy",
    "injection",
]

Files = dict[str, str]


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` characters."""
    return unit * max(1, size // len(unit))


def _article(body: str, front: str = FRONT) -> str:
    return f"---\n{front}---\n# Vitamin D and sunlight\n\n{SENTENCE}\n\n{body}\n"


def _body(prefix: str, unit: str, suffix: str = "") -> Callable[[int], Files]:
    """An article whose body is ``unit`` repeated to the size, between ``prefix`` and ``suffix``."""
    return lambda size: {ARTICLE: _article(prefix + _fill(unit, size) + suffix)}


def _joined(size: int, piece: Callable[[int], str], separator: str) -> str:
    """``piece(0)``, ``piece(1)``, ... joined by ``separator``, up to ``size`` characters."""
    pieces: list[str] = []
    total = 0
    while total < size:
        pieces.append(piece(len(pieces)))
        total += len(pieces[-1]) + len(separator)
    return separator.join(pieces)


def _words(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return _joined(size, lambda _: rng.choice(WORDS), " ")


# --- articles -----------------------------------------------------------------------------------


def one_sentence(size: int) -> Files:
    return {ARTICLE: _article(_words(size))}


def short_sentences(size: int) -> Files:
    rng = random.Random(2)

    def sentence(_: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize() + "."

    return {ARTICLE: _article(_joined(size, sentence, " "))}


def nested_lists(size: int) -> Files:
    return {ARTICLE: _article(_joined(size, lambda i: "  " * (i % 60) + f"- level item {i % 60}", "\n"))}


def nested_quotes(size: int) -> Files:
    return {ARTICLE: _article(_joined(size, lambda i: "> " * (i % 80 + 1) + "- " + SENTENCE, "\n"))}


def raw_html(size: int) -> Files:
    unit = "<div class='x'><script>alert('x')</script><p onclick=\"evil()\">Buy <b>now</b></p></div>\n"
    return {ARTICLE: _article(_fill(unit, size))}


def promotional(size: int) -> Files:
    unit = "Our BPC-157 protocol boosts energy, burns fat and restores youthful vitality guaranteed! "
    return {ARTICLE: _article(_fill(unit, size))}


def parentheses(size: int) -> Files:
    return {ARTICLE: _article(_fill("(", size // 2) + "Holick 2007" + _fill(")", size // 2))}


def brackets(size: int) -> Files:
    return {ARTICLE: _article(_fill("[", size // 2) + "1" + _fill("]", size // 2))}


def citation_markers(size: int) -> Files:
    numbers = ",".join(str(i % 999 + 1) for i in range(size // 4))
    return {ARTICLE: _article(f"Vitamin D is made in the skin [{numbers}] when exposed.")}


def citation_markers_open(size: int) -> Files:
    numbers = ",".join(str(i % 999 + 1) for i in range(size // 4))
    return {ARTICLE: _article(f"Vitamin D is made in the skin [{numbers} when exposed.")}


def many_tables(size: int) -> Files:
    """Tables of 2 rows of 2 columns, one after the other: 20,000 cells are checked, the rest
    of them reported in one finding."""
    return {ARTICLE: _article(_fill("| a | b |\n|---|---|\n| 1 | 2 |\n\n", size))}


def table_at_ceiling(size: int) -> Files:
    """A table of 100,000 cells of words (12,500 rows of 8 columns), checked: max_table_cells
    configured to its ceiling."""
    row = "| " + " | ".join(WORDS[:8]) + " |\n"
    body = "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n" + row * 12_499
    return {ARTICLE: _article(body), "claimcheck.toml": "max_table_cells = 100000\n"}


def _nested(table: str, first: str, then: str) -> str:
    """``table`` with its first line after ``first`` and its other lines after ``then``."""
    head, *rest = table.rstrip("\n").split("\n")
    return "\n".join([first + head, *(then + line for line in rest)]) + "\n"


def table_in_list(size: int) -> Files:
    """A table of thousands of rows nested in a list item, in a block quote (past
    max_table_cells: reported)."""
    row = "| " + " | ".join(WORDS[:8]) + " |\n"
    body = "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n" + _fill(row, size)
    return {ARTICLE: _article("> - first item\n" + _nested(body, "> - ", ">   "))}


def table(size: int) -> Files:
    row = "| " + " | ".join(WORDS[:8]) + " |\n"
    return {
        ARTICLE: _article(
            "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n" + _fill(row, size)
        )
    }


# --- front matter ----------------------------------------------------------------------------


def front_title(size: int) -> Files:
    return {
        ARTICLE: _article(
            "Text.", FRONT.replace("title: Vitamin D and sunlight", "title: " + _fill("a ", size))
        )
    }


def front_authors(size: int) -> Files:
    authors = _fill("  - name: Ada Lovelace\n    credentials: MD\n", size)
    return {ARTICLE: _article("Text.", FRONT.replace("authors:\n", "authors:\n" + authors, 1))}


def front_unknown_keys(size: int) -> Files:
    keys = "".join(f"k{i}: v\n" for i in range(size // 8))
    return {ARTICLE: _article("Text.", FRONT + keys)}


def front_tags(size: int) -> Files:
    return {ARTICLE: _article("Text.", FRONT + "tags: [" + _fill("tag, ", size) + "end]\n")}


def front_unterminated(size: int) -> Files:
    return {ARTICLE: "---\nid: demo\n" + _fill("title: x\n", size)}


# --- claims ---------------------------------------------------------------------------------


def _claim(index: int, quote: str, key: str = "holick2007") -> str:
    return (
        f"  - id: claim-{index}\n"
        f"    quote: {json.dumps(quote)}\n"
        "    kind: mechanism\n"
        "    citations:\n"
        f"      - key: {key}\n"
        "        relation: supports\n"
    )


def _claims(items: list[str]) -> str:
    return "article: demo\nclaims:\n" + "".join(items)


def many_claims(size: int) -> Files:
    unit = len(_claim(0, "Vitamin D is made in the skin"))
    return {CLAIMS: _claims([_claim(i, "Vitamin D is made in the skin") for i in range(size // unit)])}


def many_claims_unknown_keys(size: int) -> Files:
    unit = len(_claim(0, "Vitamin D is made in the skin", "nokey0"))
    return {
        CLAIMS: _claims(
            [_claim(i, "Vitamin D is made in the skin", f"nokey{i}") for i in range(size // unit)]
        )
    }


def huge_quote_missing(size: int) -> Files:
    return {CLAIMS: _claims([_claim(0, _words(size))])}


def huge_quote_found(size: int) -> Files:
    text = _words(size // 2)
    return {ARTICLE: _article(text), CLAIMS: _claims([_claim(0, text)])}


def near_miss_quotes(size: int) -> Files:
    """An article of ~0.5 MB and ~0.5 MB of claims whose quotes are its sentences, each changed
    by one letter near the end, so every search fails late."""
    rng = random.Random(3)
    sentences = [
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(size // 200)
    ]
    article = _article(" ".join(sentences))
    items = []
    total = 0
    for i, sentence in enumerate(sentences):
        near = sentence[:-3] + ("x" if sentence[-3] != "x" else "y") + sentence[-2:]
        items.append(_claim(i, near))
        total += len(items[-1])
        if total > size // 2:
            break
    return {ARTICLE: article, CLAIMS: _claims(items)}


def repeated_quote_prefix(size: int) -> Files:
    """Article 'a a a ... a' and claims quoting 'a a ... a b': the classic worst case of naive search."""
    article = _article(_fill("aa ", size // 2))
    quote = _fill("aa ", 2000) + "b"
    unit = len(_claim(0, quote))
    return {ARTICLE: article, CLAIMS: _claims([_claim(i, quote) for i in range(max(1, (size // 2) // unit))])}


def claims_statement(size: int) -> Files:
    item = _claim(0, "Vitamin D is made in the skin") + f"    statement: {json.dumps(_fill('x ', size))}\n"
    return {CLAIMS: _claims([item])}


def claims_substances(size: int) -> Files:
    item = (
        _claim(0, "Vitamin D is made in the skin") + "    substances: [" + _fill("BPC-157, ", size) + "x]\n"
    )
    return {CLAIMS: _claims([item])}


def claims_flow_unclosed(size: int) -> Files:
    """A flow list of words never closed: the fast YAML path's check of flow lists backtracked
    exponentially over the ways to share each item's spaces."""
    item = _claim(0, "Vitamin D is made in the skin") + "    substances: [" + _fill("a ,", size) + "\n"
    return {CLAIMS: _claims([item])}


def claims_citations(size: int) -> Files:
    citations = _fill("      - key: holick2007\n        relation: supports\n", size)
    return {CLAIMS: _claims([_claim(0, "Vitamin D is made in the skin") + citations])}


def claims_waivers(size: int) -> Files:
    waivers = _fill("        - rule: CC301\n          justification: fine\n", size)
    item = (
        _claim(0, "Vitamin D is made in the skin")
        + "    review:\n      status: pending\n      waivers:\n"
        + waivers
    )
    return {CLAIMS: _claims([item])}


def claims_flow_nesting(size: int) -> Files:
    return {CLAIMS: "article: demo\nclaims: " + _fill("[", size // 2) + _fill("]", size // 2) + "\n"}


def claims_long_line(size: int) -> Files:
    return {CLAIMS: "article: demo\nclaims: []\n# " + _fill("x", size) + "\n"}


def claims_many_errors(size: int) -> Files:
    unit = "  - id: Bad Id!\n    quote: 42\n    kind: rumour\n"
    return {CLAIMS: "article: demo\nclaims:\n" + _fill(unit, size)}


# --- BibTeX ---------------------------------------------------------------------------------

HOLICK = base_files()[BIB]


def _field(old: str, prefix: str, unit: str, suffix: str = "") -> Callable[[int], Files]:
    """The clean library with ``old`` replaced by ``unit`` repeated to the size, between
    ``prefix`` and ``suffix``."""
    return lambda size: {BIB: HOLICK.replace(old, prefix + _fill(unit, size) + suffix)}


def _entries(size: int, entry: Callable[[int], str], separator: str = "") -> str:
    """The clean library followed by ``entry(0)``, ``entry(1)``, ... up to the size."""
    entries = [HOLICK]
    total = len(HOLICK)
    while total < size:
        entries.append(entry(len(entries) - 1))
        total += len(entries[-1])
    return separator.join(entries)


def bib_one_entry(size: int) -> Files:
    entry = HOLICK.rstrip().removesuffix("}") + "  abstract = {" + _words(size) + "},\n}\n"
    return {BIB: entry}


def bib_many_entries(size: int) -> Files:
    return {
        BIB: _entries(
            size,
            lambda i: (
                f"@article{{entry{i},\n  author = {{Author{i}, A. and Other, B.}},\n"
                f"  title = {{A study of {WORDS[i % len(WORDS)]} number {i}}},\n"
                f"  journal = {{Journal {i % 50}}},\n  year = {{{1950 + i % 70}}},\n"
                f"  pages = {{{i}--{i + 9}}},\n  doi = {{10.1000/x{i}}},\n  pmid = {{{i + 1}}},\n}}\n\n"
            ),
        )
    }


def bib_duplicate_works(size: int) -> Files:
    """Thousands of entries describing the same work under different keys (CC202 pairs)."""
    return {BIB: _entries(size, lambda i: HOLICK.replace("holick2007", f"holick{i}x"), "\n")}


def bib_braces(size: int) -> Files:
    return {
        BIB: HOLICK.replace("Vitamin {D} Deficiency", _fill("{", size // 2) + "D" + _fill("}", size // 2))
    }


def bib_latex_entries(size: int) -> Files:
    """Thousands of entries whose authors and titles all carry LaTeX accents, math and macros."""
    return {
        BIB: _entries(
            size,
            lambda i: (
                f"@article{{latex{i},\n  author = {{M{{\\\"u}}ller{i}, J{{\\'e}}r{{\\^o}}me and {{\\O}}stergaard, {{\\AA}}se}},\n"
                f"  title = {{$\\alpha$-Klotho {i} and {{1,25(OH)$_2$D$_3$}}: a {{\\LaTeX}} \\emph{{study}} 50\\%}},\n"
                f"  journal = {{Journal}},\n  year = {{2007}},\n  doi = {{10.1000/l{i}}},\n}}\n\n"
            ),
        )
    }


def bib_latex_unique(size: int) -> Files:
    """One title of 1 MiB whose every word carries an accent and differs from every other."""
    words = "".join(f'M{{\\"u}}ller{i} ' for i in range(size // 14))
    return {BIB: HOLICK.replace("Vitamin {D} Deficiency", words)}


def bib_latex_arguments(size: int) -> Files:
    """One title of 1 MiB of macros whose arguments all differ: '\\emph{w1} \\emph{w2} ...'."""
    words = "".join(f"\\emph{{w{i}}} " for i in range(size // 12))
    return {BIB: HOLICK.replace("Vitamin {D} Deficiency", words)}


def bib_latex_accents(size: int) -> Files:
    """One title of 1 MiB of accents on distinct arguments: '\\"{w1} \\"{w2} ...'."""
    return {BIB: HOLICK.replace("Vitamin {D} Deficiency", _joined(size, lambda i: f'\\"{{w{i}}}', " "))}


def bib_latex_optional(size: int) -> Files:
    """One title of 1 MiB of macros with optional arguments, which pylatexenc reads itself."""
    return {BIB: HOLICK.replace("Vitamin {D} Deficiency", _joined(size, lambda i: f"\\item[{i}]", " "))}


def _title(text: str) -> Files:
    """The clean library whose one title is ``text``, and an unsupported claim (so that CC102
    ranks the library, reading the title decoded, besides CC202's title comparison)."""
    return _unsupported({BIB: HOLICK.replace("Vitamin {D} Deficiency", text)})


def bib_latex_comments(size: int) -> Files:
    """One title of 1 MiB with a '%' comment on every line: pylatexenc read such a value whole."""
    return _title(_joined(size, lambda i: f'M{{\\"u}}ller{i} % note {i}', "\n"))


def bib_latex_environment(size: int) -> Files:
    """One title of 1 MiB that is one environment of items with optional arguments and citations."""
    items = _joined(size, lambda i: f"\\item[{i}] w{i} \\cite[p. {i}]{{k{i}}}", " ")
    return _title("\\begin{itemize}" + items + "\\end{itemize}")


def bib_latex_open_formula(size: int) -> Files:
    """One title of 1 MiB whose formula is never closed ('$' then LaTeX to the end)."""
    return _title("Serum $" + _joined(size, lambda i: f"\\alpha_{{{i}}}", " + "))


def bib_latex_deep(size: int) -> Files:
    """One title of 1 MiB of accents in groups nested 60 deep (beyond claimcheck's reading)."""
    unit = "{" * 60 + '\\"u' + "}" * 60 + " "
    return _title(_fill(unit, size))


def bib_latex_matrices(size: int) -> Files:
    """One title of 1 MiB of distinct matrices, whose text only pylatexenc's own nodes give."""
    return _title(_joined(size, lambda i: f"\\begin{{pmatrix}}a{i}&b\\\\c&d\\end{{pmatrix}}", " "))


def bib_latex_entries_mixed(size: int) -> Files:
    """Thousands of entries whose titles carry comments, optional arguments and environments."""
    return _unsupported(
        {
            BIB: _entries(
                size,
                lambda i: (
                    f"@article{{mixed{i},\n  title = {{\\item[{i}] Vitamin % note\n "
                    f"\\begin{{center}}\\cite[p. {i}]{{k}} $x_{{{i}}}$\\end{{center}} {{\\'e}}t{i}}},\n"
                    f"  year = {{2007}},\n  doi = {{10.1000/m{i}}},\n}}\n\n"
                ),
            )
        }
    )


def _unsupported(files: Files) -> Files:
    """The claim without its citation: CC102 then ranks the library (BM25) for its hint."""
    claims = base_files()[CLAIMS].replace(
        "    citations:\n      - key: holick2007\n        relation: supports\n", ""
    )
    return {**files, CLAIMS: claims}


def bib_abstracts(size: int) -> Files:
    """Thousands of entries with an abstract that says '20\\%' once, and an unsupported claim."""

    def entry(i: int) -> str:
        words = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(60))
        return (
            f"@article{{abs{i},\n  title = {{Study {i}}},\n  year = {{2001}},\n"
            f"  abstract = {{{words} fell by {i % 90}\\% in {{G}}roup {i}.}},\n}}\n"
        )

    return _unsupported({BIB: _entries(size, entry)})


def bib_latex_abstract(size: int) -> Files:
    """One abstract of 1 MiB of unique accented words, and an unsupported claim."""
    words = "".join(f"{{\\'e}}t{i} " for i in range(size // 10))
    return _unsupported({BIB: HOLICK.replace("  evidence", "  abstract = {" + words + "},\n  evidence")})


def bib_unbalanced(size: int) -> Files:
    return {BIB: HOLICK + "@article{x,\n  title = {" + _fill("{", size) + "\n"}


def bib_strings(size: int) -> Files:
    strings = "".join(f'@string{{s{i} = "value {i}"}}\n' for i in range(size // 30))
    return {BIB: strings + HOLICK.replace("{New England Journal of Medicine}", "s1 # s2 # s3")}


def bib_comments(size: int) -> Files:
    return {BIB: _fill("@comment{" + "x" * 60 + "}\n", size) + HOLICK}


def bib_junk(size: int) -> Files:
    return {BIB: _fill("junk text between entries @ { , } ", size) + HOLICK}


def bib_many_fields(size: int) -> Files:
    fields = "".join(f"  field{i} = {{v}},\n" for i in range(size // 18))
    return {
        BIB: HOLICK.replace(
            "  evidence = {narrative-review},\n", fields + "  evidence = {narrative-review},\n"
        )
    }


# --- mixed ----------------------------------------------------------------------------------


def many_articles(size: int) -> Files:
    """Many small articles, each with its claims file: 1 MiB in all."""
    files: Files = {}
    total = 0
    i = 0
    while total < size:
        front = FRONT.replace("id: demo", f"id: a{i}")
        files[f"content/articles/a{i}.md"] = _article(SENTENCE + " Our protocol boosts energy!", front)
        files[f"content/claims/a{i}.yaml"] = _claims([_claim(i, "Vitamin D is made in the skin")]).replace(
            "article: demo", f"article: a{i}"
        )
        total += len(files[f"content/articles/a{i}.md"]) + len(files[f"content/claims/a{i}.yaml"])
        i += 1
    return files


CASES: dict[str, tuple[str, Callable[[int], Files]]] = {
    "article/one-sentence": ("one sentence of words, no punctuation", one_sentence),
    "article/short-sentences": ("one paragraph of short sentences", short_sentences),
    "article/paragraphs": ("the same sentence as thousands of paragraphs", _body("", SENTENCE + "\n\n")),
    "article/nested-lists": ("lists nested up to 60 deep, repeatedly", nested_lists),
    "article/nested-quotes": ("block quotes nested up to 80 deep, repeatedly", nested_quotes),
    "article/deep-quote": ("one line of '>' markers", _body("", ">", " " + SENTENCE)),
    "article/deep-list": ("one line of '- ' markers", _body("", "- ", SENTENCE)),
    "article/raw-html": ("raw HTML and <script> blocks", raw_html),
    "article/one-script": (
        "one <script> element of 1 MiB",
        _body("<script>\n", "var a = '<p>'; // (((( [[[[ \n", "</script>"),
    ),
    "article/unclosed-tags": ("'<a href=' repeated, never closed", _body("", "<a href='")),
    "article/promotional": ("a promotional sentence repeated", promotional),
    "article/promotional-no-break": (
        "hype phrases repeated with no sentence end",
        _body("", "miracle cure breakthrough clinically proven "),
    ),
    "article/hyphens": ("'a-a-a-...'", _body("", "a-", "a")),
    "article/hyphen-run": ("one run of hyphens", _body("Vitamin ", "-", " D.")),
    "article/dots": ("one run of dots", _body("Vitamin D", ".", " It is made.")),
    "article/dots-lowercase": (
        "a run of dots before a lower-case word",
        _body("Vitamin D", ".", " it is made."),
    ),
    "article/abbreviations": ("'e.g. approx. vs. Dr.' repeated", _body("", "e.g. approx. vs. Dr. ")),
    "article/parentheses": ("'((((...Holick 2007...))))'", parentheses),
    "article/open-parentheses": ("'(Holick ' repeated, never closed", _body("", "(Holick ")),
    "article/brackets": ("'[[[[...1...]]]]'", brackets),
    "article/link-brackets": ("'[a](' repeated", _body("", "[a](")),
    "article/emphasis": ("emphasis delimiters, never closed", _body("", "*a **b _c __d ")),
    "article/citation-markers": ("one citation marker [1,2,3,...] of 1 MiB", citation_markers),
    "article/citation-markers-open": ("the same marker without its ']'", citation_markers_open),
    "article/superscripts": ("superscript citation numbers", _body("Vitamin D", "¹²³,", "x")),
    "article/sup-tags": ("'<sup>1, 1, 1, ...' never closed", _body("Vitamin D<sup>", "1, ", "x")),
    "article/author-year": (
        "'(Holick and Smith et al, ...' author-year citation, no year",
        _body("(", "Holick and Smith et al, ", "2007a"),
    ),
    "article/url-no-end": ("one URL of 1 MiB", _body("See https://example.org/", "a/b?c=d&")),
    "article/many-urls": ("URLs repeated", _body("", "https://example.org/x.html ")),
    "article/quote-marks": ("straight double quotes", _body("", '"')),
    "article/whitespace": (
        "a run of spaces and tabs inside a sentence",
        _body("Vitamin D ", " \t", "is made."),
    ),
    "article/newlines": ("a run of newlines inside a sentence", _body("Vitamin D\n", "\n", "is made.")),
    "article/headings": ("headings repeated", _body("", "###### Vitamin ######\n")),
    "article/heading-spaces": ("a heading with a run of spaces inside", _body("# Vitamin", " ", "D")),
    "article/table-spaces": (
        "a table delimiter row with a run of spaces",
        _body("| a | b |\n| :--: ", " ", "x |\n"),
    ),
    "article/heading-hashes": ("one heading of '# # # ...'", _body("# ", "# ", "x")),
    "article/table": ("a table of thousands of rows (past max_table_cells: reported)", table),
    "article/table-in-list": (
        "a table of thousands of rows in a list item in a quote (past max_table_cells)",
        table_in_list,
    ),
    "article/table-at-ceiling": ("a table of 100,000 cells, all checked", table_at_ceiling),
    "article/many-tables": ("tables of 4 cells, 20,000 cells checked", many_tables),
    "article/table-delimiter": ("one table delimiter row of 1 MiB", _body("| a |\n", "|-", "x\n")),
    "article/code-fence": ("an unclosed code fence", _body("```\n", SENTENCE + "\n")),
    "article/tag-list": ("tag-list punctuation repeated", _body("", "Tags: a, b, c; d ∞ e ")),
    "article/numbered-list": ("'1. 2. 3. ...' list markers", _body("", "1. 2. 3. 4. 5. ")),
    "article/long-word": ("one word of 1 MiB", _body("", "a")),
    "article/unicode": (
        "typography and case-folding edge characters",
        _body("", "İ“ ”‘’–—…\u00a0\u200bß ﬁ "),
    ),
    "front/title": ("a title of 1 MiB", front_title),
    "front/authors": ("thousands of authors", front_authors),
    "front/unknown-keys": ("thousands of unknown keys (schema errors)", front_unknown_keys),
    "front/tags": ("a flow list of thousands of tags", front_tags),
    "front/unterminated": ("front matter of 1 MiB never closed", front_unterminated),
    "claims/many": ("thousands of claims, all found", many_claims),
    "claims/many-unknown-keys": ("thousands of claims citing unknown keys", many_claims_unknown_keys),
    "claims/huge-quote-missing": ("one quote of 1 MiB not in the article", huge_quote_missing),
    "claims/huge-quote-found": ("one quote of 0.5 MiB found in a 0.5 MiB article", huge_quote_found),
    "claims/near-miss": ("quotes one letter off the article's sentences", near_miss_quotes),
    "claims/repeated-prefix": ("quotes 'aa aa ... b' over an article 'aa aa aa ...'", repeated_quote_prefix),
    "claims/statement": ("one statement of 1 MiB", claims_statement),
    "claims/substances": ("one claim naming thousands of substances", claims_substances),
    "claims/flow-unclosed": ("a flow list 'a ,a ,a ,...' never closed", claims_flow_unclosed),
    "claims/citations": ("one claim with thousands of citations", claims_citations),
    "claims/waivers": ("one claim with thousands of waivers", claims_waivers),
    "claims/flow-nesting": ("'[[[[...]]]]' (refused past 64 levels)", claims_flow_nesting),
    "claims/long-comment": ("one comment line of 1 MiB", claims_long_line),
    "claims/schema-errors": ("thousands of schema errors", claims_many_errors),
    "bib/one-entry": ("one entry of 1 MiB (its abstract)", bib_one_entry),
    "bib/many-entries": ("thousands of entries", bib_many_entries),
    "bib/duplicate-works": ("thousands of entries of the same work", bib_duplicate_works),
    "bib/authors": (
        "one author field of thousands of names",
        _field("Holick, Michael F.", "", "Holick, Michael F. and ", "X, Y"),
    ),
    "bib/braces": ("a title of nested braces", bib_braces),
    "bib/latex": (
        "a title of LaTeX accents, math and macros",
        _field("Vitamin {D} Deficiency", "", 'M{\\"u}ller $\\alpha_2$ \\emph{x} '),
    ),
    "bib/latex-entries": ("thousands of entries with LaTeX in authors and titles", bib_latex_entries),
    "bib/latex-unique": ("a title of unique accented words", bib_latex_unique),
    "bib/latex-arguments": ("a title of macros with unique arguments", bib_latex_arguments),
    "bib/latex-accents": ("a title of accents on distinct arguments", bib_latex_accents),
    "bib/latex-optional": ("a title of '\\item[1] \\item[2] ...' (optional arguments)", bib_latex_optional),
    "bib/latex-comments": ("a title with a '%' comment on every line", bib_latex_comments),
    "bib/latex-environment": ("a title that is one environment of items", bib_latex_environment),
    "bib/latex-open-formula": ("a title whose formula is never closed", bib_latex_open_formula),
    "bib/latex-deep": ("a title of accents in groups nested 60 deep", bib_latex_deep),
    "bib/latex-matrices": ("a title of distinct matrices (decoded approximately)", bib_latex_matrices),
    "bib/latex-entries-mixed": (
        "thousands of titles with comments, '[...]' and environments",
        bib_latex_entries_mixed,
    ),
    "bib/abstracts-percent": (
        "abstracts with one '\\%' each, ranked for an unsupported claim",
        bib_abstracts,
    ),
    "bib/latex-abstract": ("an abstract of unique accented words, ranked for a hint", bib_latex_abstract),
    "bib/unbalanced": ("an entry whose braces never close", bib_unbalanced),
    "bib/pages": ("pages '1-1-1-...-2'", _field("266--281", "", "1-", "2")),
    "bib/page-list": ("pages 'e12--e9, ' repeated", _field("266--281", "", "e12--e9, ")),
    "bib/doi": ("a DOI of 1 MiB", _field("10.1056/NEJMra070553", "10.1056/", "a")),
    "bib/bad-doi": ("'10.110.110.1...' as DOI", _field("10.1056/NEJMra070553", "", "10.1")),
    "bib/year": ("year '2007-2007-...'", _field("year = {2007}", "year = {", "2007-", "}")),
    "bib/month": (
        "month 'jan/jan/...'",
        _field("year = {2007},", "year = {2007},\n  month = {", "jan/", "},"),
    ),
    "bib/isbn": (
        "thousands of ISBNs in one field",
        _field("year = {2007},", "year = {2007},\n  isbn = {", "978-3-16, ", "},"),
    ),
    "bib/strings": ("thousands of @string macros", bib_strings),
    "bib/comments": ("thousands of @comment blocks", bib_comments),
    "bib/junk": ("text and stray '@ { , }' between entries", bib_junk),
    "bib/many-fields": ("one entry of thousands of fields", bib_many_fields),
    "project/many-articles": ("hundreds of small articles and claims files", many_articles),
}

# --- whole commands on inputs of up to 10 MB -----------------------------------------------------

CLAIMS_100K = 100_000
CLAIM_COUNT = CLAIMS_100K
"""The claims of the cmd/claims-100k cases (``--claims``)."""
BIG_CONFIG = "max_file_size = 9000000\n"


def claims_100k() -> Files:
    """100,000 claims (6 MB; ``--claims``), half quoting the article and half not, none citing
    anything: every claim has findings, so every claim is held back, listed and reported."""
    items = [
        f"  - id: c{i}\n    quote: {'Vitamin D' if i % 2 else 'not in the article'}\n    kind: mechanism\n"
        for i in range(CLAIM_COUNT)
    ]
    return {CLAIMS: _claims(items), "claimcheck.toml": BIG_CONFIG}


def stale_quotes(count: int = 10_000, sentences: int = 200) -> Files:
    """An article of ``sentences`` sentences and ``count`` claims quoting none of them."""
    rng = random.Random(5)

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."

    article = _article(" ".join(sentence() for _ in range(sentences)))
    items = [f"  - id: s{i}\n    quote: {sentence()}\n    kind: mechanism\n" for i in range(count)]
    return {ARTICLE: article, CLAIMS: _claims(items)}


def huge_paragraph(size: int = 140_000) -> Files:
    """One paragraph of ordinary sentences."""
    rng = random.Random(6)

    def sentence(_: int) -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        return f"{words.capitalize()} raises the risk by {rng.randint(2, 40)}% in adults."

    return {ARTICLE: _article(_joined(size, sentence, " "))}


def wide_table(size: int = 4_900_000, columns: int = 2_000) -> Files:
    """A table of ``columns`` columns and 818 rows (1.6 million cells): reported, not split."""
    header = "|" + "|".join(f"c{i}" for i in range(columns)) + "|\n"
    header += "|" + "|".join("-" for _ in range(columns)) + "|\n"
    row = "|" + "|".join("ab" for _ in range(columns)) + "|\n"
    return {ARTICLE: _article(header + row * (size // len(row)))}


def wide_table_in_list(size: int = 4_900_000, columns: int = 2_000) -> Files:
    """:func:`wide_table` nested in a list item."""
    table = wide_table(size, columns)[ARTICLE].split("\n\n", 2)[2]
    return {ARTICLE: _article("- first item\n" + _nested(table, "- ", "  "))}


def bib_strict(entries: int = 20_000) -> Files:
    """A library of ``entries`` entries, every hundredth one BibTeX would refuse."""

    def entry(i: int) -> str:
        title = "two words" if i % 100 == 0 else f"{{Title {i}}}"
        return f"@article{{k{i},\n  author = {{A{i}, B.}},\n  title = {title},\n  year = {{2007}},\n}}\n"

    return {BIB: HOLICK + "".join(entry(i) for i in range(entries))}


@dataclass(frozen=True)
class CommandCase:
    description: str
    files: Callable[[], Files]
    argv: Callable[[Path, Path], list[str]]
    """The command line, from the project's root and a scratch folder."""
    measured: bool = False
    """Printed, but not failing the run: its fix belongs to another part (see the description)."""


def _check(root: Path, scratch: Path) -> list[str]:
    return ["check", "--root", str(root), "--jobs", "1", "--no-cache", "--output", str(scratch / "out.txt")]


COMMAND_CASES: dict[str, CommandCase] = {
    "cmd/claims-100k/check": CommandCase("100,000 claims: check", claims_100k, _check),
    "cmd/claims-100k/export": CommandCase(
        "100,000 claims: export",
        claims_100k,
        lambda root, scratch: ["export", "--root", str(root), "--jobs", "1", "--out", str(scratch / "b")],
    ),
    "cmd/claims-100k/report": CommandCase(
        "100,000 claims: the HTML report",
        claims_100k,
        lambda root, scratch: ["report", "--root", str(root), "--jobs", "1", "--out", str(scratch / "r")],
    ),
    "cmd/claims-100k/review-list": CommandCase(
        "100,000 claims: review list",
        claims_100k,
        lambda root, scratch: ["review", "list", "--root", str(root), "--jobs", "1"],
    ),
    "cmd/claims-100k/review-set": CommandCase(
        "100,000 claims: review set on one claim",
        claims_100k,
        lambda root, scratch: (
            [
                "review",
                "set",
                f"c{CLAIM_COUNT // 2 + 1}",
                "--root",
                str(root),
                "--status",
                "rejected",
                "--reviewer",
                "R",
                "--date",
                "2026-02-01",
            ]
        ),
    ),
    "cmd/claims-100k/review-cite": CommandCase(
        "100,000 claims: review cite on one claim",
        claims_100k,
        lambda root, scratch: (
            [
                "review",
                "cite",
                f"c{CLAIM_COUNT - 1}",
                "holick2007",
                "--root",
                str(root),
                "--relation",
                "supports",
            ]
        ),
    ),
    "cmd/extract-write/stale-10k": CommandCase(
        "extract --write merging 10,000 stale quotes (re-anchoring tried for each)",
        stale_quotes,
        lambda root, scratch: ["extract", "demo", "--write", "--root", str(root)],
    ),
    "cmd/extract/paragraph-140k": CommandCase(
        "extract on one paragraph of 140 kB",
        huge_paragraph,
        lambda root, scratch: ["extract", "demo", "--root", str(root)],
    ),
    "cmd/check/table-2000-columns": CommandCase(
        "check of a 4.9 MB table of 2,000 columns (past max_table_cells: reported by CC009)",
        wide_table,
        _check,
    ),
    "cmd/check/table-2000-columns-in-list": CommandCase(
        "check of a 4.9 MB table of 2,000 columns in a list item (past max_table_cells: CC009)",
        wide_table_in_list,
        _check,
    ),
    "cmd/check/bib-strict-20k": CommandCase(
        "check of 20,000 entries, 200 refused by BibTeX", bib_strict, _check
    ),
}

RUNNER = """
import importlib, json, pkgutil, sys, time
import claimcheck
from claimcheck.cli import main
# imports are start-up, not the check: every claimcheck module, and the libraries its functions
# import where first used (else a case's time holds 0.3-0.5 s of imports, more when bytecode is
# compiled on the first run after a change)
for found in pkgutil.walk_packages(claimcheck.__path__, "claimcheck."):
    if not found.name.endswith("__main__"):
        importlib.import_module(found.name)
for name in ("numpy", "bibtexparser", "bibtexparser.middlewares", "pylatexenc.latex2text", "markdown_it",
             "pathspec", "rapidfuzz.process", "jsonschema", "concurrent.futures"):
    importlib.import_module(name)
cpu, wall = time.process_time(), time.perf_counter()
code = main(sys.argv[2:])
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    json.dump({"cpu": cpu, "wall": wall, "code": code}, handle)
"""


@dataclass
class Outcome:
    name: str
    size: int
    code: int
    findings: int
    cpu: float
    wall: float
    total: float
    error: str = ""


def write_project(root: Path, files: Files) -> int:
    """The clean base project with ``files`` replaced; the bytes of the replacements."""
    everything = {**base_files(), **files}
    for path, text in everything.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sum(len(text.encode("utf-8")) for text in files.values())


def measure(name: str, files: Files, python: str = sys.executable) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="claimcheck-hostile-") as folder:
        root = Path(folder) / "project"
        size = write_project(root, files)
        timing = Path(folder) / "timing.json"
        report = Path(folder) / "report.json"
        command = [python, "-c", RUNNER, str(timing), "check", "--root", str(root), "--jobs", "1"]
        command += ["--no-cache", "--format", "json", "--output", str(report)]
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        total = time.perf_counter() - start
        if "Traceback" in run.stderr or not timing.exists():
            error = run.stderr.strip()[-500:] or f"exit code {run.returncode} (killed by a signal?)"
            return Outcome(name, size, run.returncode, 0, 0.0, 0.0, total, error)
        figures = json.loads(timing.read_text(encoding="utf-8"))
        findings = len(json.loads(report.read_text(encoding="utf-8"))["findings"]) if report.exists() else 0
        error = run.stderr.strip() if figures["code"] == 2 else ""
        return Outcome(name, size, figures["code"], findings, figures["cpu"], figures["wall"], total, error)


def measure_command(name: str, case: CommandCase, python: str = sys.executable) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="claimcheck-hostile-") as folder:
        root = Path(folder) / "project"
        files = case.files()
        size = write_project(root, files)
        timing = Path(folder) / "timing.json"
        command = [python, "-c", RUNNER, str(timing), *case.argv(root, Path(folder))]
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        total = time.perf_counter() - start
        if "Traceback" in run.stderr or not timing.exists():
            error = run.stderr.strip()[-500:] or f"exit code {run.returncode} (killed by a signal?)"
            return Outcome(name, size, run.returncode, 0, 0.0, 0.0, total, error)
        figures = json.loads(timing.read_text(encoding="utf-8"))
        error = run.stderr.strip() if figures["code"] == 2 else ""
        return Outcome(name, size, figures["code"], 0, figures["cpu"], figures["wall"], total, error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bound", type=float, default=2.0, help="CPU seconds a check may take (2.0)")
    parser.add_argument(
        "--command-bound", type=float, default=10.0, help="CPU seconds a command case may take (10.0)"
    )
    parser.add_argument("--slowest", type=int, default=5, help="list this many slowest cases at the end")
    parser.add_argument("--size", type=int, default=MB, help=f"bytes per hostile input ({MB})")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these cases (prefixes allowed)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument(
        "--claims",
        type=int,
        default=CLAIMS_100K,
        help=f"claims in the cmd/claims-100k cases ({CLAIMS_100K:,}; fewer or more to see the scaling)",
    )
    args = parser.parse_args(argv)
    global CLAIM_COUNT
    CLAIM_COUNT = args.claims
    names = [n for n in CASES if not args.only or any(n.startswith(p) for p in args.only)]
    commands = [n for n in COMMAND_CASES if not args.only or any(n.startswith(p) for p in args.only)]
    if args.list:
        for name in names:
            print(f"{name:32} {CASES[name][0]}")
        for name in commands:
            print(f"{name:32} {COMMAND_CASES[name].description}")
        return 0
    if not names and not commands:
        parser.error("no case matches --only")
    header = (
        f"{'case':32} {'bytes':>10} {'exit':>4} {'findings':>8} {'cpu s':>11} {'wall s':>12} {'command s':>9}"
    )
    outcomes: list[Outcome] = []
    over: list[str] = []
    failed: list[str] = []

    def show(outcome: Outcome, bound: float, measured: bool = False) -> None:
        outcomes.append(outcome)
        flag = ""
        if outcome.cpu > bound:
            flag = "  over (measured only)" if measured else "  OVER"
            if not measured:
                over.append(outcome.name)
        if outcome.error:
            failed.append(outcome.name)
            flag += "  ERROR: " + outcome.error.splitlines()[-1]
        print(
            f"{outcome.name:32} {outcome.size:>10,} {outcome.code:>4} {outcome.findings:>8} "
            f"{outcome.cpu:>11.3f} {outcome.wall:>12.3f} {outcome.total:>9.3f}{flag}",
            flush=True,
        )

    if names:
        print(
            f"claimcheck check --jobs 1 on hostile inputs of ~{args.size:,} bytes; bound {args.bound:.1f} s CPU"
        )
        print(header)
        for name in names:
            show(measure(name, CASES[name][1](args.size)), args.bound)
    if commands:
        print(f"whole commands, --jobs 1, on inputs of up to 10 MB; bound {args.command_bound:.1f} s CPU")
        print(header)
        for name in commands:
            case = COMMAND_CASES[name]
            show(measure_command(name, case), args.command_bound, case.measured)
    worst = max(outcomes, key=lambda o: o.cpu)
    print(
        f"max check: {worst.cpu:.3f} s CPU ({worst.wall:.3f} s wall) on {worst.name}; {len(outcomes)} cases"
    )
    print(f"max command (start-up included): {max(o.total for o in outcomes):.3f} s wall")
    print(f"the {args.slowest} slowest (CPU s, wall s):")
    for o in sorted(outcomes, key=lambda o: -o.cpu)[: args.slowest]:
        print(f"  {o.name:32} {o.cpu:8.3f} {o.wall:8.3f}")
    if over:
        print(f"FAIL: over the bound: {', '.join(over)}")
    if failed:
        print(f"FAIL: traceback or exit 2: {', '.join(failed)}")
    return 1 if over or failed else 0


if __name__ == "__main__":
    sys.exit(main())
