"""Export: the vetted bundle as ``bundle.json`` and ``bundle.md``. Not a reporter: it writes
what downstream apps consume, and only what editors approved."""

from __future__ import annotations

import json
from pathlib import Path

from claimcheck.atomic import write_atomic
from claimcheck.engine import CheckResult
from claimcheck.export.bundle import build_bundle
from claimcheck.export.markdown import render_markdown
from claimcheck.export.model import Bundle


def bundle_json(bundle: Bundle) -> str:
    data = bundle.model_dump(mode="json", by_alias=True, exclude_none=False)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_bundle(result: CheckResult, out: Path) -> Bundle:
    bundle = build_bundle(result)
    write_atomic(out / "bundle.json", bundle_json(bundle))
    write_atomic(out / "bundle.md", render_markdown(bundle))
    return bundle


__all__ = ["build_bundle", "bundle_json", "render_markdown", "write_bundle"]
