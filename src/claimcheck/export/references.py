"""BibTeX entries as bundle references: CSL-JSON (LaTeX decoded and names split by
bibtexparser's middlewares), formatted by citeproc-py in a CSL style shipped in
``data/csl/`` (or a ``.csl`` file of the content repository)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from claimcheck.core.errors import ConfigError
from claimcheck.evidence.support import evidence_of
from claimcheck.load.project import ReferenceRecord
from claimcheck.model.bundle import BundleReference, CslDate, CslItem, CslName
from claimcheck.parse.latex_text import decode_latex, split_names
from claimcheck.parse.split import split_spaced
from claimcheck.rules.library import year_of
from claimcheck.settings import resolve_inside

STYLES_DIR = Path(__file__).resolve().parent / "data" / "csl"
SHIPPED_STYLES = tuple(sorted(p.stem for p in STYLES_DIR.glob("*.csl")))
# BibTeX / BibLaTeX entry types as CSL item types (CSL 1.0.1 vocabulary)
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "collection": "book",
    "manual": "book",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "report": "report",
    "techreport": "report",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "patent": "patent",
    "unpublished": "manuscript",
    "dataset": "dataset",
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_CITATION_NUMBER = re.compile(r"^\s*\d+\.\s*")
_DASHES = re.compile(r"[-–—]+")


def _field(record: ReferenceRecord, *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if value:
            return decode_latex(value)
    return None


def _names(record: ReferenceRecord, name: str) -> list[CslName] | None:
    raw = record.get(name)
    if not raw:
        return None
    people = split_names(raw)
    if not people:
        return [CslName(literal=decode_latex(raw))]
    names = []
    for person in people:
        if person.last.lower() == "others" and not person.first:
            names.append(CslName(literal="et al."))
        elif person.first:
            names.append(CslName(family=person.last, given=person.first))
        else:
            names.append(CslName(literal=person.last))
    return names


def _issued(record: ReferenceRecord) -> CslDate | None:
    year = year_of(record)
    if not year or not year[:4].isdigit():
        return None
    parts = [int(year[:4])]
    month = (record.get("month") or "").lower().rstrip(".")[:3]
    if month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
    elif month in _MONTHS:
        parts.append(_MONTHS[month])
    return CslDate(date_parts=[parts])


def csl_item(record: ReferenceRecord) -> CslItem:
    pages = _field(record, "pages")
    return CslItem(
        id=record.key,
        type=CSL_TYPES.get(record.entry_type, "article"),
        title=_field(record, "title"),
        author=_names(record, "author"),
        editor=_names(record, "editor"),
        issued=_issued(record),
        container_title=_field(record, "journal", "journaltitle", "booktitle"),
        volume=_field(record, "volume"),
        issue=_field(record, "number", "issue"),
        page="-".join(split_spaced(pages, _DASHES)) if pages else None,
        publisher=_field(record, "publisher", "institution", "school", "organization"),
        publisher_place=_field(record, "location", "address"),
        DOI=record.get("doi"),
        PMID=record.get("pmid"),
        PMCID=record.get("pmcid"),
        ISBN=record.get("isbn"),
        URL=record.get("url"),
    )


def style_path(style: str, root: Path) -> Path:
    """A shipped style by name, or a ``.csl`` file inside the content repository."""
    if style in SHIPPED_STYLES:
        return STYLES_DIR / f"{style}.csl"
    if style.endswith(".csl"):
        path = resolve_inside(root, style, "citation_style")
        if path.is_file():
            return path
        raise ConfigError(f"citation_style: {style!r} not found under {root}")
    raise ConfigError(
        f"citation_style: {style!r} is neither a shipped style ({', '.join(SHIPPED_STYLES)}) nor a .csl file"
    )


@lru_cache(maxsize=4)
def _style(path: Path) -> CitationStylesStyle:
    try:
        return CitationStylesStyle(str(path), validate=False)
    except Exception as exc:  # citeproc-py on a broken style file
        raise ConfigError(f"citation_style: cannot read {path.name}: {exc}") from None


def style_id(path: Path) -> str:
    style = _style(path)
    info = style.root.info
    return str(info.id.text) if getattr(info, "id", None) is not None else path.stem


def format_reference(item: CslItem, path: Path) -> str:
    """The reference as the style prints it in a bibliography, without its list number
    (``bundle.md`` numbers references per article).

    Only the year of ``issued`` is passed on: citeproc-py 0.11 drops the delimiter between
    date parts ("2007July" in Vancouver), and AMA prints journal articles with the year alone.
    """
    data = item.model_dump(mode="json", by_alias=True)
    if item.issued is not None:
        data["issued"] = {"date-parts": [item.issued.date_parts[0][:1]]}
    try:
        bibliography = CitationStylesBibliography(_style(path), CiteProcJSON([data]), formatter.plain)
        bibliography.register(Citation([CitationItem(item.id)]))
        entries = bibliography.bibliography()
    except ConfigError:
        raise
    except Exception as exc:  # citeproc-py on a style it cannot apply (no <citation>, no layout)
        raise ConfigError(
            f"citation_style: {path.name} cannot format a reference ({type(exc).__name__}: {exc})"
        ) from None
    text = str(entries[0]) if entries else item.title or item.id
    return " ".join(_CITATION_NUMBER.sub("", text).split())


def bundle_reference(record: ReferenceRecord, style: Path, verified: bool = False) -> BundleReference:
    item = csl_item(record)
    return BundleReference(
        key=record.key,
        type=record.entry_type,
        title=item.title,
        authors=[n.literal or ", ".join(p for p in (n.family, n.given) if p) for n in item.author or []],
        year=year_of(record),
        journal=item.container_title,
        volume=item.volume,
        number=item.issue,
        pages=item.page,
        doi=item.DOI,
        pmid=item.PMID,
        url=item.URL,
        evidence=evidence_of(record),
        formatted=format_reference(item, style),
        csl=item,
        verified=verified,
    )
