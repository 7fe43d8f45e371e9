"""Committed generated files (schemas/, docs/rules.md) must match what the code generates."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from claimcheck.model.schemas import SCHEMA_NAMES, file_name, schema_text
from claimcheck.rules.docs import render_rules_markdown
from tests.conftest import REPO


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_committed_schema_matches_model(name: str) -> None:
    committed = (REPO / "schemas" / file_name(name)).read_text(encoding="utf-8")
    assert committed == schema_text(name), f"schemas/{file_name(name)} drifted: run 'nox -s schemas'"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(json.loads(schema_text(name)))


def test_rules_doc_is_current() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_rules_markdown(), "docs/rules.md is stale: run 'nox -s schemas'"
