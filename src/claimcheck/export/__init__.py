"""Export: the vetted bundle as ``bundle.json`` and ``bundle.md``. Not a reporter: it writes
what downstream apps consume, and only what editors approved."""

from __future__ import annotations

from pathlib import Path

import orjson

from claimcheck.export.bundle import build_bundle
from claimcheck.export.markdown import render_markdown
from claimcheck.export.publish import publish
from claimcheck.model.bundle import Bundle
from claimcheck.run.engine import CheckResult


def bundle_json(bundle: Bundle) -> str:
    """The bundle as JSON, indented by two spaces, non-ASCII as is: ``json.dumps(data, indent=2,
    ensure_ascii=False)``'s text, written by orjson (the standard encoder is pure Python when
    indenting: 3 s of the export of 100,000 claims)."""
    data = bundle.model_dump(mode="json", by_alias=True, exclude_none=False)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def write_bundle(result: CheckResult, out: Path) -> Bundle:
    """Write ``bundle.json`` and ``bundle.md`` into ``out`` as one version (export/publish.py:
    a reader never sees the two files of different exports)."""
    bundle = build_bundle(result)
    publish(out, {"bundle.json": bundle_json(bundle), "bundle.md": render_markdown(bundle)})
    return bundle


__all__ = ["build_bundle", "bundle_json", "render_markdown", "write_bundle"]
