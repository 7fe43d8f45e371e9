"""Crossref REST (works by DOI, bibliographic query) and NCBI E-utilities (esummary by PMID),
mapped onto lock records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimcheck.model.lock import LockedAuthor, LockedRecord, Notice
from claimcheck.settings import VerifySettings
from claimcheck.verify.client import PoliteClient, RecordProblem

PUBMED_BATCH = 200

# What a DOI may be to become part of a URL path: Crossref's syntax (10.<registrant>/<suffix>) in
# printable ASCII, no backslash, and no '.' or '..' segment (which a URL resolves away:
# '10.1234/../../admin' would ask for /admin). The rest is percent-encoded.
_URL_DOI = re.compile(r"10\.\d{4,9}/[\x21-\x5b\x5d-\x7e]{1,300}")
_URL_PMID = re.compile(r"[1-9][0-9]{0,8}")


def doi_for_url(doi: str) -> str:
    """``doi`` percent-encoded for a URL path; a RecordProblem when it cannot be one."""
    if not _URL_DOI.fullmatch(doi) or any(part in (".", "..") for part in doi.split("/")):
        raise RecordProblem(
            "not looked up: the DOI has characters or '..' segments a registry URL cannot carry"
        )
    return quote(doi, safe="/")


# The fields of the registries' answers that claimcheck reads, with their types: anything else
# in a record is a problem of that record, never a crash (an author as a string, a family name
# as an object, 'uids' as a number).
_Text = str | list[str] | None
_Part = Annotated[int, Field(ge=0, le=99_999)] | None


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)


class _Date(_Answer):
    date_parts: list[list[_Part]] = Field(alias="date-parts", max_length=10)


class _CrossrefAuthor(_Answer):
    family: str | None = None
    given: str | None = None
    name: str | None = None


class _CrossrefUpdate(_Answer):
    type: str | None = None
    DOI: str | None = None
    doi: str | None = None
    label: str | None = None
    updated: _Date | None = None
    source: str | None = None


class _CrossrefWork(_Answer):
    DOI: str | None = None
    title: _Text = None
    author: list[_CrossrefAuthor] | None = None
    container_title: _Text = Field(default=None, alias="container-title")
    short_container_title: _Text = Field(default=None, alias="short-container-title")
    volume: _Text = None
    issue: _Text = None
    page: _Text = None
    type: _Text = None
    updated_by: list[_CrossrefUpdate] | None = Field(default=None, alias="updated-by")
    update_to: list[_CrossrefUpdate] | None = Field(default=None, alias="update-to")
    published_print: _Date | None = Field(default=None, alias="published-print")
    issued: _Date | None = None
    published_online: _Date | None = Field(default=None, alias="published-online")
    published: _Date | None = None
    score: float | None = None


class _PubmedAuthor(_Answer):
    name: str | None = None
    authtype: str = "Author"


class _ArticleId(_Answer):
    idtype: str | None = None
    value: str | None = None


class _PubmedSummary(_Answer):
    uid: str
    pubdate: str | None = None
    title: str | None = None
    fulljournalname: str | None = None
    source: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    authors: list[_PubmedAuthor] | None = None
    pubtype: list[str] | None = None
    articleids: list[_ArticleId] | None = None


class _EsummaryResult(_Answer):
    uids: list[Annotated[str, Field(pattern=r"^[0-9]{1,9}$")]] = Field(
        default_factory=list, max_length=10_000
    )


def _why(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"


def _checked(model: type[_Answer], data: Any, what: str) -> dict[str, Any]:
    """``data`` as ``model`` reads it (only its fields, by their JSON names); a RecordProblem
    saying which field is wrong otherwise."""
    try:
        return model.model_validate(data).model_dump(by_alias=True, exclude_none=True)
    except ValidationError as exc:
        raise RecordProblem(f"{what} has a field of the wrong kind: {_why(exc)}") from None


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
        data = self.client.get_json(f"{self.crossref}/works/{doi_for_url(doi)}", self.crossref_params)
        if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
            return None
        return _record(crossref_record, _checked(_CrossrefWork, data["message"], "Crossref's record"))

    def pubmed_summaries(self, pmids: list[str]) -> dict[str, LockedRecord | RecordProblem]:
        """Per PMID asked for and found: its record, or the problem of its answer."""
        found: dict[str, LockedRecord | RecordProblem] = {}
        pmids = [p for p in pmids if _URL_PMID.fullmatch(p)]
        for start in range(0, len(pmids), PUBMED_BATCH):
            batch = pmids[start : start + PUBMED_BATCH]
            params = {"db": "pubmed", "id": ",".join(batch), "retmode": "json", **self.ncbi_params}
            try:
                data = self.client.get_json(f"{self.eutils}/esummary.fcgi", params)
                result = data.get("result") if isinstance(data, dict) else None
                if not isinstance(result, dict):
                    continue
                uids = _checked(_EsummaryResult, result, "PubMed's answer")["uids"]
            except RecordProblem as problem:
                found.update((pmid, problem) for pmid in batch)
                continue
            for uid in uids:
                summary = result.get(uid)
                if uid not in batch or not isinstance(summary, dict) or "error" in summary:
                    continue
                try:
                    found[uid] = _record(pubmed_record, _checked(_PubmedSummary, summary, "PubMed's record"))
                except RecordProblem as problem:
                    found[uid] = problem
        return found

    def crossref_candidates(self, query: str, rows: int = 3) -> list[Candidate]:
        params = {"query.bibliographic": query, "rows": str(rows), **self.crossref_params}
        data = self.client.get_json(f"{self.crossref}/works", params)
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        found = []
        for item in (items if isinstance(items, list) else [])[:rows]:
            checked = _checked(_CrossrefWork, item, "a Crossref candidate")
            found.append(Candidate(float(checked.get("score") or 0.0), _record(crossref_record, checked)))
        return found


def _record(make: Any, data: dict[str, Any]) -> LockedRecord:
    try:
        record: LockedRecord = make(data)
    except ValidationError as exc:
        raise RecordProblem(f"the registry's record cannot be locked: {_why(exc)}") from None
    return record
