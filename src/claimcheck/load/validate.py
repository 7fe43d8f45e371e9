"""Raw data against a JSON Schema: every error, as a message and the place it points at."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

import orjson
import pydantic

from claimcheck.core.location import Span
from claimcheck.model import Claim
from claimcheck.model.schemas import schema, validator
from claimcheck.parse.yaml_source import YamlSource

if TYPE_CHECKING:  # jsonschema is imported when pydantic refuses a document (start-up time)
    from jsonschema import Draft202012Validator, ValidationError


@dataclass(frozen=True, slots=True)
class SchemaError:
    pointer: tuple[str | int, ...]
    message: str
    hint: str
    span: Span
    truncated: bool = False
    """The error past :data:`MAX_SCHEMA_ERRORS`, standing for it and every later one."""


MAX_SCHEMA_ERRORS = 1000
"""Schema errors reported per file. More is not a file with mistakes but a file of another
kind: the rest are left out, said by one more error, and not looked for (each costs a
validation and a position; 60,000 of them in a file of 1 MB took 48 seconds)."""


def json_path(pointer: tuple[str | int, ...]) -> str:
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


_NAMES_SHOWN = 20


def _explain(error: ValidationError) -> tuple[str, str, tuple[str | int, ...] | None]:
    """Message, hint and, for a misspelt key, the pointer to that key."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        inner = best_match(error.context)
        if inner.validator != "type" or all(e.validator == "type" for e in error.context):
            return _explain(inner)
    kind = error.validator
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            names = ", ".join(repr(k) for k in extra[:_NAMES_SHOWN])
            if len(extra) > _NAMES_SHOWN:
                names += f" and {len(extra) - _NAMES_SHOWN:,} more"
            hint = "remove it or fix its spelling; allowed keys: " + ", ".join(sorted(allowed))
            return f"unknown key {names}", hint, (*error.absolute_path, extra[0])
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        return f"missing required key {missing!r}", f"add '{missing}'", None
    if kind == "enum":
        options = ", ".join(str(o) for o in cast(list[Any], error.validator_value))
        return f"{error.instance!r} is not allowed", f"use one of: {options}", None
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, got {type_name(error.instance)}", "", None
    if kind == "pattern":
        return (
            f"{error.instance!r} does not match the required pattern",
            f"the value must match {error.validator_value}",
            None,
        )
    if kind == "format":
        return f"{error.instance!r} is not a valid {error.validator_value}", "", None
    return error.message, "", None


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(value), type(value).__name__)


M = TypeVar("M", bound=pydantic.BaseModel)

FAST_PATH = True
"""Try pydantic before jsonschema (tests switch it off to compare the two paths)."""


_ORJSON_STRICT = (
    orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS
)
"""What orjson would write but ``json`` refuses (dates, dataclasses, subclasses of builtins)
is handed back: orjson then refuses it too, and ``json`` gets the final word."""


def json_payload(data: Any) -> bytes | str | None:
    """``data`` as JSON text, or ``None`` when the fast path is off or it is not JSON data.

    orjson writes it (ten times faster than ``json``: 2 CPU seconds over 200,000 claims);
    ``json`` (no NaN, no infinity) decides whatever orjson refuses (integers past 64 bits,
    keys that are not strings, lone surrogates) and every text orjson wrote with a ``null``,
    since orjson writes NaN and infinity as ``null`` where ``json`` refuses them."""
    if not FAST_PATH:
        return None
    try:
        payload = orjson.dumps(data, option=_ORJSON_STRICT)
    except TypeError:  # orjson.JSONEncodeError is one
        payload = None
    if payload is not None and b"null" not in payload:
        return payload
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None


def quick_validate(model: type[M], payload: bytes | str | None) -> M | None:
    """The JSON text ``payload`` as ``model`` if pydantic accepts it in strict JSON mode.

    The JSON Schemas are generated from the models, and strict JSON-mode validation accepts
    no more than they do (no coercion: dates only as ``YYYY-MM-DD`` strings, booleans only
    as booleans; its regular expressions are, if anything, stricter). So a document pydantic
    accepts has no schema error, and only the documents it refuses go through jsonschema,
    which stays the authority for what is wrong and where. About 30 times faster on valid
    content; tests/load/test_fast_validation.py holds the two paths to the same findings.
    """
    if payload is None:
        return None
    try:
        return model.model_validate_json(payload, strict=True)
    except pydantic.ValidationError:
        return None


def quick_model(model: type[M], data: Any) -> M | None:
    """``data`` as ``model`` when pydantic accepts it (see :func:`quick_validate`)."""
    return quick_validate(model, json_payload(data))


@cache
def _item_validator(schema_name: str, key: str) -> Draft202012Validator:
    """A validator for one item of the array ``key`` of schema ``schema_name``."""
    from jsonschema import Draft202012Validator

    whole = schema(schema_name)
    items = whole["properties"][key]["items"]
    return Draft202012Validator(
        {"$schema": whole["$schema"], **items, "$defs": whole.get("$defs", {})},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _errors(schema_name: str, data: Any, items_of: str | None) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """jsonschema's errors of ``data`` with their pointers. With ``items_of``, the items of
    that array which pydantic accepts are not given to jsonschema again (they have no error):
    the document is validated with the array empty, and each other item on its own."""
    items = data.get(items_of) if items_of and isinstance(data, dict) else None
    if not FAST_PATH or items_of is None or not isinstance(items, list):
        for error in validator(schema_name).iter_errors(data):
            yield tuple(error.absolute_path), error
        return
    for error in validator(schema_name).iter_errors({**data, items_of: []}):
        yield tuple(error.absolute_path), error
    model = ITEM_MODELS[(schema_name, items_of)]
    for index, item in enumerate(items):
        if quick_model(model, item) is not None:
            continue
        for error in _item_validator(schema_name, items_of).iter_errors(item):
            yield (items_of, index, *error.absolute_path), error


ITEM_MODELS: dict[tuple[str, str], type[pydantic.BaseModel]] = {("claims", "claims"): Claim}
"""(schema, array) -> the model of one item: arrays whose valid items skip jsonschema."""


def validate(
    schema_name: str,
    data: Any,
    source: YamlSource,
    items_of: str | None = None,
    limit: int = MAX_SCHEMA_ERRORS,
) -> Iterator[SchemaError]:
    """Every schema error of ``data`` (at most ``limit``, then one that says there are more),
    sorted by where it is in the file."""
    errors: list[SchemaError] = []
    for pointer, error in _errors(schema_name, data, items_of):
        if len(errors) == limit:
            message = f"{json_path(pointer)}: more than {limit:,} schema errors; the rest are not reported"
            hint = "fix the errors reported (is this the right kind of file?), then check again"
            errors.append(SchemaError(pointer, message, hint, source.locate(pointer), truncated=True))
            break
        message, hint, key_pointer = _explain(error)
        if key_pointer is not None and pointer != tuple(error.absolute_path):  # an item on its own
            key_pointer = (*pointer[: len(pointer) - len(error.absolute_path)], *key_pointer)
        span = source.locate_key(key_pointer) if key_pointer is not None else source.locate(pointer)
        where = json_path(pointer)
        errors.append(SchemaError(pointer, f"{where}: {message}", hint, span))
    errors.sort(key=lambda e: (e.span.line, e.span.column, e.message))
    yield from errors
