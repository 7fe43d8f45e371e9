"""``--format json``: the report contract, ``schemas/report.schema.json``."""

from __future__ import annotations

from claimcheck.engine import CheckResult
from claimcheck.reporters.base import report


class JsonReporter:
    name = "json"

    def render(self, result: CheckResult) -> str:
        # pydantic's serializer writes what json.dumps(indent=2, ensure_ascii=False) writes,
        # several times faster on a large report (tests/reporters/test_json_output.py)
        return report(result).model_dump_json(indent=2) + "\n"
