"""Crossref REST (works by DOI, bibliographic query) and NCBI E-utilities (esummary by PMID),
mapped onto lock records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claimcheck.model.lock import LockedAuthor, LockedRecord, Notice
from claimcheck.settings import VerifySettings
from claimcheck.verify.client import PoliteClient

PUBMED_BATCH = 200


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _date(value: Any) -> str | None:
    """Crossref's {"date-parts": [[2007, 7, 19]]} as '2007-07-19' (or '2007-07', '2007')."""
    try:
        parts = [int(p) for p in value["date-parts"][0] if p is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not parts:
        return None
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])])


def _year(message: dict[str, Any]) -> str | None:
    for name in ("published-print", "issued", "published-online", "published"):
        date = _date(message.get(name))
        if date:
            return date[:4]
    return None


def _notice_key(notice: Notice) -> tuple[str, str, str, str]:
    return (notice.relation, notice.type, notice.doi or "", notice.date or "")


def crossref_record(message: dict[str, Any]) -> LockedRecord:
    authors = []
    for author in message.get("author") or []:
        family = author.get("family") or author.get("name")
        if family:
            authors.append(LockedAuthor(family=family, given=author.get("given")))
    notices = []
    for relation in ("updated-by", "update-to"):
        for item in message.get(relation) or []:
            if isinstance(item, dict) and item.get("type"):
                notices.append(
                    Notice(
                        relation=relation,
                        type=str(item["type"]),
                        doi=(item.get("DOI") or item.get("doi") or None),
                        label=item.get("label"),
                        date=_date(item.get("updated")),
                        source=item.get("source"),
                    )
                )
    doi = str(message.get("DOI") or "").lower() or None
    return LockedRecord(
        source="crossref",
        identifier=f"doi:{doi}",
        doi=doi,
        title=_first(message.get("title")),
        authors=authors,
        year=_year(message),
        journal=_first(message.get("container-title")),
        journal_abbreviation=_first(message.get("short-container-title")),
        volume=_first(message.get("volume")),
        issue=_first(message.get("issue")),
        pages=_first(message.get("page")),
        type=_first(message.get("type")),
        notices=sorted(notices, key=_notice_key),
    )


def _pubmed_author(name: str) -> LockedAuthor:
    """'Le Roith D' -> family 'Le Roith', given 'D' (MEDLINE writes initials last)."""
    family, _, given = name.rpartition(" ")
    if family and given.isupper() and len(given) <= 4:
        return LockedAuthor(family=family, given=given)
    return LockedAuthor(family=name)


def pubmed_record(summary: dict[str, Any]) -> LockedRecord:
    ids = {i.get("idtype"): i.get("value") for i in summary.get("articleids") or [] if isinstance(i, dict)}
    pubtypes = [str(t) for t in summary.get("pubtype") or []]
    # PubMed publication types: "Retracted Publication" (the work was retracted) and
    # "Retraction of Publication" (the record is itself the retraction notice)
    notices = [
        Notice(relation="pubmed", type=t.lower(), source="pubmed")
        for t in sorted(set(pubtypes))
        if t.lower() in ("retracted publication", "retraction of publication")
    ]
    authors = [
        _pubmed_author(a["name"])
        for a in summary.get("authors") or []
        if isinstance(a, dict) and a.get("name") and a.get("authtype", "Author") == "Author"
    ]
    pubdate = str(summary.get("pubdate") or "")
    pmid = str(summary.get("uid"))
    doi = ids.get("doi")
    return LockedRecord(
        source="pubmed",
        identifier=f"pmid:{pmid}",
        doi=doi.lower() if doi else None,
        pmid=pmid,
        title=_first(summary.get("title")),
        authors=authors,
        year=pubdate[:4] if pubdate[:4].isdigit() else None,
        journal=_first(summary.get("fulljournalname")),
        journal_abbreviation=_first(summary.get("source")),
        volume=_first(summary.get("volume")),
        issue=_first(summary.get("issue")),
        pages=_first(summary.get("pages")),
        type=", ".join(pubtypes) or None,
        notices=notices,
    )


@dataclass(frozen=True)
class Candidate:
    score: float
    record: LockedRecord


class Registries:
    """Crossref and PubMed behind one polite client."""

    def __init__(self, client: PoliteClient, settings: VerifySettings) -> None:
        self.client = client
        self.crossref = settings.crossref_url.rstrip("/")
        self.eutils = settings.eutils_url.rstrip("/")
        self.ncbi_params = {"tool": settings.tool, **({"email": settings.mailto} if settings.mailto else {})}
        self.crossref_params = {"mailto": settings.mailto} if settings.mailto else {}

    def crossref_work(self, doi: str) -> LockedRecord | None:
        data = self.client.get_json(f"{self.crossref}/works/{quote(doi, safe='/')}", self.crossref_params)
        if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
            return None
        return crossref_record(data["message"])

    def pubmed_summaries(self, pmids: list[str]) -> dict[str, LockedRecord]:
        found: dict[str, LockedRecord] = {}
        for start in range(0, len(pmids), PUBMED_BATCH):
            batch = pmids[start : start + PUBMED_BATCH]
            params = {"db": "pubmed", "id": ",".join(batch), "retmode": "json", **self.ncbi_params}
            data = self.client.get_json(f"{self.eutils}/esummary.fcgi", params)
            result = data.get("result") if isinstance(data, dict) else None
            if not isinstance(result, dict):
                continue
            for uid in result.get("uids") or []:
                summary = result.get(str(uid))
                if isinstance(summary, dict) and "error" not in summary:
                    found[str(uid)] = pubmed_record(summary)
        return found

    def crossref_candidates(self, query: str, rows: int = 3) -> list[Candidate]:
        params = {"query.bibliographic": query, "rows": str(rows), **self.crossref_params}
        data = self.client.get_json(f"{self.crossref}/works", params)
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        return [
            Candidate(float(item.get("score") or 0.0), crossref_record(item))
            for item in items or []
            if isinstance(item, dict)
        ]
