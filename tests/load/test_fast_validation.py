"""pydantic first, jsonschema only for what it refuses: the same findings as jsonschema alone.

A corpus of claims files and front matter, most of them invalid in some way, is checked
with the fast path on and off; the findings must be identical, and for every document the
fast path accepts, jsonschema must find no error.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimcheck.load.validate as validate
from claimcheck.load import load_project
from claimcheck.model import ArticleFrontMatter, ClaimsDocument
from claimcheck.model.schemas import validator
from claimcheck.rules.examples import base_files
from claimcheck.run.engine import check
from claimcheck.settings import load_settings

CLAIM: dict[str, Any] = {
    "id": "vitamin-d-skin",
    "quote": "Vitamin D is made in the skin",
    "statement": "Skin makes vitamin D",
    "kind": "mechanism",
    "substances": ["vitamin D"],
    "citations": [{"key": "holick2007", "relation": "supports", "locator": "p. 3"}],
    "review": {
        "status": "approved",
        "reviewer": "A. Editor",
        "date": "2026-01-15",
        "waivers": [{"rule": "CC102", "justification": "fine", "date": "2026-01-15"}],
        "history": [{"status": "pending", "date": "2026-01-01", "action": "created"}],
    },
}
FRONT: dict[str, Any] = {
    "id": "demo",
    "title": "Vitamin D and sunlight",
    "authors": [{"name": "Ada Lovelace", "credentials": "MD"}],
    "published": "2026-01-10",
    "disclosures": {"affiliate_links": False, "sponsorship": "none"},
    "source_url": "https://example.org/a",
    "status": "published",
    "tags": ["vitamin D"],
}
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    1.5,
    float("nan"),
    float("inf"),
    "",
    " ",
    "x",
    "yes",
    "no",
    "on",
    "2026-01-15",
    "2026-02-30",
    "2026-1-5",
    "2026-01-15T00:00:00",
    "20260115",
    "1700000000",
    "abc\n",
    "ABC",
    "a b",
    "mechanism",
    "supports",
    "approved",
    "CC102",
    "CC1",
    "cc102",
    "https://example.org",
    "http:// x",
    "holick2007",
    "bad,key",
    "x" * 201,
    [],
    [1],
    ["a"],
    {},
    {"a": 1},
    {"name": "x"},
    {"key": "holick2007", "relation": "supports"},
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _mutate(document: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    document = copy.deepcopy(document)
    if not path:
        return value if action == "set" else document
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "set":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "extra" and isinstance(parent[last], dict):
        parent[last]["unknown_key"] = value
    return document


def _accepts_same(schema_name: str, model: type[Any], data: Any) -> None:
    quick = validate.quick_model(model, data)
    errors = list(validator(schema_name).iter_errors(data))
    if quick is not None:
        assert errors == [], f"pydantic accepted what the schema refuses: {data!r}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_pydantic_never_accepts_what_the_schema_refuses(data: st.DataObject) -> None:
    document = {"article": "demo", "claims": [CLAIM, {**CLAIM, "id": "second"}]}
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        action = data.draw(st.sampled_from(["set", "delete", "extra"]))
        document = _mutate(document, path, action, data.draw(st.sampled_from(ODD_VALUES)))
    _accepts_same("claims", ClaimsDocument, document)
    front = FRONT
    path = data.draw(st.sampled_from(_paths(front)))
    front = _mutate(
        front,
        path,
        data.draw(st.sampled_from(["set", "delete", "extra"])),
        data.draw(st.sampled_from(ODD_VALUES)),
    )
    _accepts_same("article", ArticleFrontMatter, front)


def _corpus(root: Path) -> None:
    """One project with many invalid claims files and articles (every mutation of one kind)."""
    files = dict(base_files())
    article = files["content/articles/demo.md"]
    number = 0
    for path in _paths({"article": "demo", "claims": [CLAIM]}):
        for action, value in (
            ("set", 5),
            ("set", "abc\n"),
            ("set", None),
            ("delete", None),
            ("extra", 1),
            ("set", "2026-13-01"),
        ):
            document = _mutate(
                {"article": f"a{number}", "claims": [{**CLAIM, "id": f"c{number}"}]}, path, action, value
            )
            text = yaml.safe_dump(json.loads(json.dumps(document, default=str)), sort_keys=False)
            files[f"content/claims/a{number}.yaml"] = text
            files[f"content/articles/a{number}.md"] = article.replace("id: demo", f"id: a{number}")
            number += 1
    for path in _paths(FRONT):
        for action, value in (("set", 5), ("set", "x y"), ("delete", None), ("extra", "z"), ("set", "yes")):
            front = _mutate({**FRONT, "id": f"f{number}"}, path, action, value)
            head = yaml.safe_dump(front, sort_keys=False)
            files[f"content/articles/f{number}.md"] = f"---\n{head}---\nVitamin D is made in the skin.\n"
            number += 1
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _findings(root: Path) -> list[tuple[Any, ...]]:
    options = load_settings(root)
    result = check(load_project(root, options), options)
    return [(f.rule, f.path, f.span, f.message, f.hint, f.claim, f.article) for f in result.findings]


def test_invalid_corpus_gives_the_same_findings_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path)
    fast = _findings(tmp_path)
    monkeypatch.setattr(validate, "FAST_PATH", False)
    slow = _findings(tmp_path)
    assert fast == slow
    assert sum(1 for f in fast if f[0] == "CC001") > 100  # the corpus is mostly invalid
