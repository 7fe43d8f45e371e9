"""Claims files: ``content/claims/<article-id>.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimcheck.load.files import read, relative
from claimcheck.load.project import ClaimRecord, ClaimsFileRecord, Problem
from claimcheck.load.validate import json_path, json_payload, quick_validate, validate
from claimcheck.model import Claim, ClaimsDocument
from claimcheck.parse.source_text import TextProblem
from claimcheck.parse.yaml_source import Items, YamlProblem, YamlSource, parse_yaml

SYNTAX, SCHEMA = "CC002", "CC001"


def _claim_id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _item_index(pointer: tuple[str | int, ...]) -> int:
    """The claim a schema error's pointer is in; -1 for the rest of the document."""
    if len(pointer) >= 2 and pointer[0] == "claims" and isinstance(pointer[1], int):
        return pointer[1]
    return -1


def load_claims_file(root: Path, path: Path, max_bytes: int) -> tuple[ClaimsFileRecord, list[Problem]]:
    record, problems, _ = load_claims_payload(root, path, max_bytes)
    return record, problems


def load_claims_payload(
    root: Path, path: Path, max_bytes: int
) -> tuple[ClaimsFileRecord, list[Problem], bytes | str | None]:
    """The record and its problems, and for a valid file the JSON its models were built from
    (a worker process sends that, not the models: see :func:`claims_from_payload`)."""
    rel = relative(root, path)
    text = read(root, path, max_bytes)
    if isinstance(text, TextProblem):
        return (
            ClaimsFileRecord(rel, path.stem, None),
            [Problem(SYNTAX, rel, text.span, text.message, text.hint)],
            None,
        )
    return _from_text(rel, path.stem, text)


def claims_file_from_text(rel: str, stem: str, text: str) -> tuple[ClaimsFileRecord, list[Problem]]:
    """A claims file from its text (also used to check an edit in memory before saving it)."""
    record, problems, _ = _from_text(rel, stem, text)
    return record, problems


def _from_text(rel: str, stem: str, text: str) -> tuple[ClaimsFileRecord, list[Problem], bytes | str | None]:
    record = ClaimsFileRecord(rel, stem, None)
    try:
        source = parse_yaml(text)
    except YamlProblem as exc:
        return record, [Problem(SYNTAX, rel, exc.span, exc.message, exc.hint)], None
    record.source = source
    data = source.data
    payload = json_payload(data)
    document = quick_validate(ClaimsDocument, payload)
    if document is not None:  # valid: the common case, without jsonschema
        source.data = None  # the models hold it; positions come from the text
        record.article_id = document.article
        record.claims = [ClaimRecord(claim, record, i) for i, claim in enumerate(document.claims)]
        return record, [], payload
    errors = list(validate("claims", data, source, items_of="claims"))
    items = data.get("claims") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    if isinstance(data, dict) and isinstance(data.get("article"), str):
        record.article_id = data["article"]
    problems: list[Problem] = []
    broken: set[int] = set()
    # past the error limit, items were not validated: the invalid ones are in that last error
    unchecked = next((_item_index(e.pointer) for e in errors if e.truncated), len(items))
    for error in errors:
        claim_id = None
        if len(error.pointer) >= 2 and error.pointer[0] == "claims" and isinstance(error.pointer[1], int):
            broken.add(error.pointer[1])
            claim_id = _claim_id(items[error.pointer[1]]) if error.pointer[1] < len(items) else None
        problems.append(
            Problem(SCHEMA, rel, error.span, error.message, error.hint, record.article_id, claim_id)
        )
    for index, item in enumerate(items):
        if index in broken:
            continue
        try:
            claim = Claim.model_validate(item)
        except ValidationError as exc:  # the schema and the model disagree: still a finding
            if index > unchecked:
                continue
            first = exc.errors()[0]
            pointer = ("claims", index, *first["loc"])
            message = f"{json_path(pointer)}: {first['msg']}"
            problems.append(Problem(SCHEMA, rel, source.locate(pointer), message))
            continue
        record.claims.append(ClaimRecord(claim, record, index))
    return record, problems, None


def claims_from_payload(
    rel: str,
    stem: str,
    text: str,
    items: Items,
    payload: bytes | str,
    article_id: str | None,
) -> ClaimsFileRecord:
    """A valid claims file's record, from what :func:`load_claims_payload` returned; its claims
    are made from ``payload`` when first asked for."""
    record = ClaimsFileRecord(rel, stem, YamlSource(text=text, data=None, items=items), article_id)
    record.payload = payload
    return record
