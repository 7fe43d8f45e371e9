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

from claimcheck.core.escape import json_bytes, json_text
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span

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
        return json_bytes(orjson.dumps(data, option=_INDENT))
    except orjson.JSONEncodeError:  # a string orjson refuses (a lone surrogate)
        return json_text(json.dumps(data, indent=2, ensure_ascii=False)).encode("utf-8")


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
        tally = Tally.of_findings(findings)
        return cls(_items(findings), len(findings), tally.severities, tally.rules, tally.categories)

    def data(self) -> list[Any]:
        """Everything but the text, and the text's length (for the cache's index)."""
        return [self.number, self.severities, self.rules, self.categories, len(self.text)]


_CATEGORIES = {c.value: c for c in Category}
_SEVERITIES = {s.value: s for s in Severity}


def _finding(d: dict[str, Any]) -> Finding:
    span = Span(d["line"], d["column"], d["end_line"], d["end_column"])
    return Finding(
        d["rule"], _CATEGORIES[d["category"]], _SEVERITIES[d["severity"]], d["path"], span,
        d["message"], d["hint"], d["article"], d["claim"], d["reference"], d["waived"],
    )  # fmt: skip


class Tally(NamedTuple):
    """Counts of a set of files' findings: unwaived per severity (errors, warnings, infos) and
    waived; unwaived per rule and per category."""

    severities: tuple[int, int, int, int]
    rules: dict[str, int]
    categories: dict[str, int]

    @classmethod
    def of(cls, files: Iterable[FileFindings]) -> Tally:
        return cls((0, 0, 0, 0), {}, {}).add(files)

    @classmethod
    def of_findings(cls, findings: Iterable[Finding]) -> Tally:
        """The counts of findings (one pass)."""
        tally = [0, 0, 0, 0]
        rules: dict[str, int] = {}
        categories: dict[str, int] = {}
        for f in findings:
            if f.waived:
                tally[3] += 1
                continue
            tally[_SEVERITY_INDEX[f.severity]] += 1
            rules[f.rule] = rules.get(f.rule, 0) + 1
            category = f.category.value
            categories[category] = categories.get(category, 0) + 1
        return cls((tally[0], tally[1], tally[2], tally[3]), rules, categories)

    def add(self, files: Iterable[FileFindings], sign: int = 1) -> Tally:
        """These counts with those of ``files`` added (``sign=-1``: taken away)."""
        e, w, i, x = self.severities
        rules, categories = dict(self.rules), dict(self.categories)
        for f in files:
            fe, fw, fi, fx = f.severities
            e, w, i, x = e + sign * fe, w + sign * fw, i + sign * fi, x + sign * fx
            for rule, n in f.rules.items():
                rules[rule] = rules.get(rule, 0) + sign * n
            for category, n in f.categories.items():
                categories[category] = categories.get(category, 0) + sign * n
        return Tally((e, w, i, x), _positive(rules), _positive(categories))

    def counts(self) -> Counter[str]:
        """Unwaived findings per severity, plus ``waived``."""
        errors, warnings, infos, waived = self.severities
        return +Counter(error=errors, warning=warnings, info=infos, waived=waived)

    def by(self, what: str) -> Counter[str]:
        """Unwaived findings per ``"rule"`` or per ``"category"``."""
        return Counter(self.rules if what == "rule" else self.categories)

    def data(self) -> list[Any]:
        return [self.severities, self.rules, self.categories]

    @classmethod
    def from_data(cls, data: list[Any]) -> Tally:
        severities, rules, categories = data
        if len(severities) != 4 or not all(type(n) is int for n in severities):
            raise ValueError("not the counts of findings")
        if type(rules) is not dict or type(categories) is not dict:
            raise ValueError("not the counts of findings")
        return cls(tuple(severities), rules, categories)


def _positive(counts: dict[str, int]) -> dict[str, int]:
    return {k: n for k, n in counts.items() if n > 0} if any(n <= 0 for n in counts.values()) else counts


class StoredFindings:
    """Findings grouped by file, files in path order: the order of :meth:`Finding.sort_key`,
    which sorts by path first."""

    def __init__(
        self, files: dict[str, FileFindings], ordered: bool = False, tally: Tally | None = None
    ) -> None:
        """``ordered``: ``files`` are in path order already (else they are sorted). ``tally``:
        their counts, when known (a re-check of one file adjusts them instead of counting all)."""
        self.files = files if ordered else dict(sorted(files.items()))
        if tally is not None:
            self.__dict__["tally"] = tally

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> StoredFindings:
        """From findings in report order."""
        return cls(
            {path: FileFindings.of(list(group)) for path, group in groupby(findings, lambda f: f.path)}
        )

    @cached_property
    def tally(self) -> Tally:
        return Tally.of(self.files.values())

    def _known(self) -> Tally | None:
        known: Tally | None = self.__dict__.get("tally")
        return known

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
        files = self.files
        known = self._known()
        tally = known.add((files[p] for p in paths if p in files), -1) if known is not None else None
        return StoredFindings({p: f for p, f in files.items() if p not in paths}, True, tally)

    def merged(self, other: StoredFindings) -> StoredFindings:
        """These and ``other``'s (which replace these for the same file)."""
        files = self.files
        known = self._known()
        tally = None
        if known is not None:  # adjusted, not counted again
            tally = known.add((files[p] for p in other.files if p in files), -1).add(other.files.values())
        ordered = all(p in files for p in other.files)  # no new file: the path order holds
        return StoredFindings({**files, **other.files}, ordered, tally)

    def __len__(self) -> int:
        return sum(f.number for f in self.files.values())
