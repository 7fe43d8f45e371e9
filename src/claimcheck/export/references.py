"""BibTeX entries as bundle references: LaTeX decoded (pylatexenc), formatted for display."""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

from claimcheck.export.model import BundleReference
from claimcheck.model.reference import Evidence
from claimcheck.project import ReferenceRecord

_LATEX = LatexNodes2Text(math_mode="verbatim", keep_comments=False)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def plain(value: str) -> str:
    """A BibTeX field value as plain text: LaTeX accents and escapes decoded, braces gone."""
    try:
        text = _LATEX.latex_to_text(value)
    except Exception:  # pylatexenc on malformed LaTeX: keep the raw value, minus braces
        text = value.replace("{", "").replace("}", "")
    return _SPACES.sub(" ", text).strip()


def _field(record: ReferenceRecord, name: str) -> str | None:
    value = record.get(name)
    return plain(value) if value else None


def _evidence(record: ReferenceRecord) -> Evidence | None:
    value = (record.get("evidence") or "").strip().lower()
    return Evidence(value) if value in Evidence._value2member_map_ else None


def vancouver_name(author: str) -> str:
    """'Le Roith, D.' -> 'Le Roith D'; 'John Smith' -> 'Smith J'."""
    if author.strip().lower() == "others":
        return "et al"
    if "," in author:
        last, _, first = author.partition(",")
    else:
        parts = author.split()
        last, first = (parts[-1], " ".join(parts[:-1])) if parts else ("", "")
    initials = "".join(p[0] for p in re.split(r"[\s.\-]+", first) if p and p[0].isalpha())
    return f"{last.strip()} {initials}".strip()


def format_vancouver(ref: BundleReference) -> str:
    """NLM/Vancouver: 'Authors. Title. Journal. Year;Volume(Number):Pages.'"""
    names = [vancouver_name(a) for a in ref.authors]
    if len(names) > 6:
        names = [*names[:6], "et al"]
    authors = ", ".join(n for n in names if n != "et al")
    if "et al" in names:
        authors = f"{authors}, et al" if authors else "et al"
    parts = [p for p in (authors, ref.title) if p]
    head = ". ".join(p.rstrip(".") for p in parts)
    source = ref.journal or ""
    issue = ref.year or ""
    if ref.volume:
        issue += f";{ref.volume}"
        if ref.number:
            issue += f"({ref.number})"
    if ref.pages:
        issue += f":{ref.pages}"
    tail = ". ".join(p for p in (source.rstrip("."), issue) if p)
    text = ". ".join(p for p in (head, tail) if p) + "."
    if ref.doi:
        text += f" doi:{ref.doi}"
    elif ref.pmid:
        text += f" PMID: {ref.pmid}"
    return text


def bundle_reference(record: ReferenceRecord) -> BundleReference:
    authors_raw = record.get("author") or ""
    authors = [plain(a) for a in re.split(r"\s+and\s+", authors_raw) if a.strip()] if authors_raw else []
    pages = _field(record, "pages")
    reference = BundleReference(
        key=record.key,
        type=record.entry_type,
        title=_field(record, "title"),
        authors=authors,
        year=_field(record, "year"),
        journal=_field(record, "journal") or _field(record, "journaltitle"),
        volume=_field(record, "volume"),
        number=_field(record, "number") or _field(record, "issue"),
        pages=pages.replace("–", "-").replace("—", "-") if pages else None,
        doi=record.get("doi"),
        pmid=record.get("pmid"),
        url=record.get("url"),
        evidence=_evidence(record),
        formatted="",
    )
    return reference.model_copy(update={"formatted": format_vancouver(reference)})
