"""JSON Schemas, generated from the pydantic models. ``schemas/`` holds the committed copies.

``claimcheck schemas --out schemas`` (``nox -s schemas``) writes them; a test fails when a
committed file drifts from its model. The loader validates raw data against these schemas
(all errors at once, each with a JSON pointer) before building the models.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from claimcheck.model import ArticleFrontMatter, ClaimsDocument
from claimcheck.model.config import Settings
from claimcheck.model.lock import LockFile

if TYPE_CHECKING:  # imported when a document needs it (start-up time)
    from jsonschema import Draft202012Validator

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://claimcheck.dev/schemas/"


def _models() -> dict[str, Callable[[], type[BaseModel]]]:
    # Imported lazily: the bundle and report models import the engine's vocabulary.
    from claimcheck.model.bundle import Bundle
    from claimcheck.model.pack import Pack
    from claimcheck.model.report import Report

    return {
        "article": lambda: ArticleFrontMatter,
        "claims": lambda: ClaimsDocument,
        "config": lambda: Settings,
        "lock": lambda: LockFile,
        "bundle": lambda: Bundle,
        "report": lambda: Report,
        "pack": lambda: Pack,
    }


SCHEMA_NAMES = ("article", "bundle", "claims", "config", "lock", "pack", "report")


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (one of :data:`SCHEMA_NAMES`)."""
    model = _models()[name]()
    generated = model.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"{SCHEMA_BASE}{name}.schema.json", **generated}


def schema_text(name: str) -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def file_name(name: str) -> str:
    return f"{name}.schema.json"


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)
