"""``--format json``: the report contract, ``schemas/report.schema.json``."""

from __future__ import annotations

import json

from claimcheck.engine import CheckResult
from claimcheck.reporters.base import report


class JsonReporter:
    name = "json"

    def render(self, result: CheckResult) -> str:
        data = report(result).model_dump(mode="json")
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
