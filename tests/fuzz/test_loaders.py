"""Property-based fuzzing of every loader: any input gives data, a finding or a clean error.

CI runs a short session; ``nox -s fuzz`` runs CLAIMCHECK_FUZZ_EXAMPLES (default 10,000) inputs
per loader and prints the counts.
"""

from __future__ import annotations

import os
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.core.errors import ClaimcheckError
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.claims import load_claims_file
from claimcheck.parse.source_text import decode_text
from claimcheck.parse.yaml_source import YamlProblem, parse_yaml
from claimcheck.settings import load_settings

EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
COUNTS: Counter[str] = Counter()

# Text that looks like the formats, so inputs get past the first byte: fragments of YAML,
# front matter, BibTeX and TOML, mixed with arbitrary characters and bytes.
FRAGMENTS = [
    "---\n",
    "id: demo\n",
    "title: x\n",
    "article: demo\n",
    "claims:\n",
    "  - id: a\n",
    "    quote: q\n",
    "    kind: mechanism\n",
    "citations: [{key: k, relation: supports}]\n",
    "&a ",
    "*a",
    "!!str ",
    "<<: ",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "|\n",
    ">\n",
    "\t",
    "\r\n",
    "\x00",
    "\ufeff",
    "#",
    "@article{k,\n",
    "title = {",
    "}",
    '@string{s = "x"}\n',
    "@comment{",
    "@preamble{",
    "crossref = {k}",
    "author = {A and B}",
    "year = 2020,",
    '\\"{o}',
    "$x^2$",
    "%",
    "=",
    ",",
    "\n",
    "...\n",
    "[paths]\n",
    "articles = '",
    "../",
    "severity = { CC102 = 'off' }\n",
    "select = ['CC1']\n",
]
text_inputs = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map("".join)
byte_inputs = st.one_of(
    text_inputs.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)
)


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    for name, count in sorted(COUNTS.items()):
        print(f"\nfuzz: {name}: {count} generated inputs checked")


@FUZZ
@given(byte_inputs)
def test_decode_text(raw: bytes) -> None:
    COUNTS["decode_text"] += 1
    decode_text(raw)


@FUZZ
@given(text_inputs)
def test_parse_yaml(text: str) -> None:
    COUNTS["parse_yaml"] += 1
    try:
        source = parse_yaml(text)
    except YamlProblem as problem:
        assert problem.span.line >= 1 and problem.message
        return
    source.locate(("claims", 0, "id"))


def _write(tmp: Path, name: str, raw: bytes) -> Path:
    path = tmp / name
    path.write_bytes(raw)
    return path


@FUZZ
@given(raw=byte_inputs)
def test_load_article(tmp_path: Path, raw: bytes) -> None:
    COUNTS["article front matter"] += 1
    record, problems = load_article(tmp_path, _write(tmp_path, "a.md", raw), 1_000_000)
    for problem in problems:
        assert problem.span.line >= 1
    if record.meta is not None:
        record.find_quote("x")


@FUZZ
@given(raw=byte_inputs)
def test_load_claims_file(tmp_path: Path, raw: bytes) -> None:
    COUNTS["claims yaml"] += 1
    record, problems = load_claims_file(tmp_path, _write(tmp_path, "c.yaml", raw), 1_000_000)
    for problem in problems:
        assert problem.span.line >= 1
    for claim in record.claims:
        claim.span("quote")


@FUZZ
@given(raw=byte_inputs)
def test_load_bibliography(tmp_path: Path, raw: bytes) -> None:
    COUNTS["bibtex"] += 1
    _, problems = load_bibliography(tmp_path, _write(tmp_path, "r.bib", raw), 1_000_000)
    for problem in problems:
        assert problem.span.line >= 1


@FUZZ
@given(raw=byte_inputs)
def test_load_settings(tmp_path: Path, raw: bytes) -> None:
    COUNTS["configuration"] += 1
    _write(tmp_path, "claimcheck.toml", raw)
    try:
        load_settings(tmp_path)
    except ClaimcheckError as error:
        assert "\n" not in str(error)


SAFE_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,'’-:#\"é∞", min_size=1, max_size=60)


@FUZZ
@given(
    quotes=st.lists(SAFE_TEXT.filter(lambda s: s.strip()), min_size=1, max_size=5),
    status=st.sampled_from(["pending", "approved", "rejected"]),
)
def test_round_trip_writer_keeps_data(tmp_path: Path, quotes: list[str], status: str) -> None:
    """write-then-read gives back the same data, and the untouched claims keep their text."""
    from claimcheck.edit.claims_file import ClaimsFileEditor

    COUNTS["round-trip writer"] += 1
    path = tmp_path / "demo.yaml"
    lines = ["# editor's comment", "article: demo", "claims:"]
    for index, quote in enumerate(quotes):
        escaped = quote.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"  - id: c{index}  # note {index}", f'    quote: "{escaped}"', "    kind: mechanism"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    editor = ClaimsFileEditor(path)
    claim = editor.find("c0")
    assert claim is not None
    claim["review"] = {"status": status, "note": quotes[0]}
    editor.save()
    record, problems = load_claims_file(tmp_path, path, 1_000_000)
    assert problems == []
    assert [c.claim.quote for c in record.claims] == quotes
    assert record.claims[0].claim.review.status.value == status
    assert record.claims[0].claim.review.note == quotes[0]
    text = path.read_text(encoding="utf-8")
    assert "# editor's comment" in text and all(f"# note {i}" in text for i in range(len(quotes)))
