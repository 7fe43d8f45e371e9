"""A run's findings as the cache keeps them: per file, as the JSON report writes them.

A re-check after one change keeps the findings of every other file. Made into objects and back
into a report, 60,000 findings cost about half a second, more than checking the change. Kept as
text per file (UTF-8) with their counts, they are joined instead: the JSON report and the cache
are written from the text, the summary from the counts. They are made into objects only for a
format or a command that needs them (:meth:`StoredFindings.findings`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cached_property
from itertools import groupby
from typing import Any, NamedTuple

import orjson

from claimcheck.finding import Category, Finding, Severity
from claimcheck.location import Span

_INDENT = orjson.OPT_INDENT_2


def finding_data(f: Finding) -> dict[str, Any]:
    """A finding as the JSON report writes it (the fields of ``FindingModel``, in its order)."""
    span = f.span
    return {
        "rule": f.rule,
        "category": f.category.value,
        "severity": f.severity.value,
        "path": f.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "message": f.message,
        "hint": f.hint,
        "article": f.article,
        "claim": f.claim,
        "reference": f.reference,
        "waived": f.waived,
    }


def dumps(data: Any) -> bytes:
    """``json.dumps(data, indent=2, ensure_ascii=False)`` in UTF-8, by orjson where it can
    (ten times faster; the same text: tests/reporters/test_json_output.py)."""
    try:
        return orjson.dumps(data, option=_INDENT)
    except orjson.JSONEncodeError:  # a string orjson refuses (a lone surrogate)
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _items(findings: Sequence[Finding]) -> bytes:
    """The findings as the items of the report's ``findings`` array: JSON objects indented
    four spaces, joined by ',\\n'."""
    text = dumps([finding_data(f) for f in findings])  # '[\n  {\n    "rule": ...\n  }\n]'
    return b"  " + text[2:-2].replace(b"\n", b"\n  ")  # JSON strings hold no raw line ends


_SEVERITY_INDEX = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class FileFindings(NamedTuple):
    """The findings of one file: their report text and their counts (unwaived ones only,
    but for ``waived``). A named tuple: a re-check reads 20,000 of them from the cache."""

    text: bytes | memoryview
    """UTF-8 (a view into the cache entry it was read from)."""
    number: int
    """How many findings."""
    severities: tuple[int, int, int, int]
    """Unwaived errors, warnings, infos; then waived findings."""
    rules: dict[str, int]
    categories: dict[str, int]

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FileFindings:
        tally = [0, 0, 0, 0]
        rules: Counter[str] = Counter()
        categories: Counter[str] = Counter()
        for f in findings:
            if f.waived:
                tally[3] += 1
                continue
            tally[_SEVERITY_INDEX[f.severity]] += 1
            rules[f.rule] += 1
            categories[f.category.value] += 1
        severities = (tally[0], tally[1], tally[2], tally[3])
        return cls(_items(findings), len(findings), severities, dict(rules), dict(categories))

    def data(self) -> list[Any]:
        """Everything but the text, and the text's length (for the cache's index)."""
        return [self.number, self.severities, self.rules, self.categories, len(self.text)]

    @classmethod
    def from_data(cls, text: bytes | memoryview, data: list[Any]) -> FileFindings:
        count, severities, rules, categories = data[:4]
        if (
            type(count) is not int
            or len(severities) != 4
            or not all(type(n) is int for n in severities)
            or type(rules) is not dict
            or type(categories) is not dict
        ):
            raise ValueError("not the counts of a file's findings")
        return cls(text, count, tuple(severities), rules, categories)


_CATEGORIES = {c.value: c for c in Category}
_SEVERITIES = {s.value: s for s in Severity}


def _finding(d: dict[str, Any]) -> Finding:
    span = Span(d["line"], d["column"], d["end_line"], d["end_column"])
    return Finding(
        d["rule"], _CATEGORIES[d["category"]], _SEVERITIES[d["severity"]], d["path"], span,
        d["message"], d["hint"], d["article"], d["claim"], d["reference"], d["waived"],
    )  # fmt: skip


class StoredFindings:
    """Findings grouped by file, files in path order: the order of :meth:`Finding.sort_key`,
    which sorts by path first."""

    def __init__(self, files: dict[str, FileFindings], ordered: bool = False) -> None:
        """``ordered``: ``files`` are in path order already (else they are sorted)."""
        self.files = files if ordered else dict(sorted(files.items()))

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> StoredFindings:
        """From findings in report order."""
        return cls(
            {path: FileFindings.of(list(group)) for path, group in groupby(findings, lambda f: f.path)}
        )

    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in report order."""
        items = self.items()
        return tuple(_finding(d) for d in orjson.loads(b"[" + items + b"]")) if items else ()

    def items(self) -> bytes:
        """The items of the JSON report's ``findings`` array (see :func:`_items`)."""
        return b"".join(self.chunks())

    def chunks(self) -> list[bytes | memoryview]:
        """:meth:`items` in pieces, for one join with what surrounds them."""
        out: list[bytes | memoryview] = []
        for f in self.files.values():
            out += (f.text, b",\n")
        return out[:-1]

    def only(self, keep: Callable[[str], bool]) -> StoredFindings:
        return StoredFindings({p: f for p, f in self.files.items() if keep(p)}, ordered=True)

    def without(self, paths: Collection[str]) -> StoredFindings:
        return self.only(lambda p: p not in paths)

    def merged(self, other: StoredFindings) -> StoredFindings:
        """These and ``other``'s (which replace these for the same file)."""
        return StoredFindings({**self.files, **other.files})

    def counts(self) -> Counter[str]:
        """Unwaived findings per severity, plus ``waived``."""
        return Counter(self._counts)

    @cached_property
    def _counts(self) -> Counter[str]:
        errors = warnings = infos = waived = 0
        for f in self.files.values():
            e, w, i, x = f.severities
            errors, warnings, infos, waived = errors + e, warnings + w, infos + i, waived + x
        return +Counter(error=errors, warning=warnings, info=infos, waived=waived)

    def by(self, what: str) -> Counter[str]:
        """Unwaived findings per ``"rule"`` or per ``"category"``."""
        by_rule, by_category = self._by
        return Counter(by_rule if what == "rule" else by_category)

    @cached_property
    def _by(self) -> tuple[Counter[str], Counter[str]]:
        by_rule: Counter[str] = Counter()
        by_category: Counter[str] = Counter()
        for f in self.files.values():
            by_rule.update(f.rules)
            by_category.update(f.categories)
        return by_rule, by_category

    def __len__(self) -> int:
        return sum(f.number for f in self.files.values())
