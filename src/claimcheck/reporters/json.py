"""``--format json``: the report contract, ``schemas/report.schema.json``."""

from __future__ import annotations

from claimcheck import __version__
from claimcheck.model.report import REPORT_VERSION
from claimcheck.reporters.base import summary
from claimcheck.run.engine import CheckResult
from claimcheck.run.stored import dumps


class JsonReporter:
    name = "json"

    def render(self, result: CheckResult) -> str:
        return b"".join(self.render_chunks(result)).decode("utf-8", "surrogatepass")

    def render_chunks(self, result: CheckResult) -> list[bytes | memoryview]:
        """The report in UTF-8, in pieces to be written one after the other (a 30 MB report is
        neither joined nor decoded and encoded again)."""
        # What the pydantic Report model dumps (and json.dumps(indent=2, ensure_ascii=False)),
        # byte for byte (tests/reporters/test_json_output.py): the findings are joined from
        # their text per file (claimcheck.run.stored), which a re-check keeps for unchanged files.
        data = {
            "version": REPORT_VERSION,
            "tool": {"name": "claimcheck", "version": __version__},
            "summary": summary(result).model_dump(mode="json"),
            "findings": [],
        }
        text = dumps(data)
        chunks = result.stored.chunks()
        if not chunks:
            return [text, b"\n"]
        end = text.rindex(b"[]")  # the findings array: the last key
        return [text[:end], b"[\n", *chunks, b"\n  ]", text[end + 2 :], b"\n"]
