"""``--format sarif``: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

Every active rule is described (summary, documentation, and a link to its section of
``docs/rules.md`` where the configuration says it is published: ``docs_url``); every finding is a result located by a region whose columns count
Unicode code points, like the finding's own. ``partialFingerprints`` leave the line out, so
a finding keeps its identity when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from claimcheck import __version__
from claimcheck.core.escape import json_text
from claimcheck.core.finding import Finding, Severity
from claimcheck.rules import RULES_BY_ID, Rule
from claimcheck.run.engine import CheckResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "claimcheck/v1"
ROOT_BASE = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_POSITION = re.compile(r":\d+(?::\d+)?\b")


def rule_anchor(rule: Rule) -> str:
    """The heading anchor of ``rule`` in ``docs/rules.md`` (as GitHub renders it)."""
    return f"{rule.id.lower()}-{rule.name.replace('.', '')}"


def _rule(rule: Rule, docs_url: str | None) -> dict[str, Any]:
    described: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.doc.split())},
        "help": {"text": rule.doc, "markdown": f"**{rule.summary}.**\n\n{rule.doc}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category.value, "tags": [rule.category.value]},
    }
    if docs_url:
        described["helpUri"] = f"{docs_url.partition('#')[0]}#{rule_anchor(rule)}"
    return described


def _identity(finding: Finding) -> str:
    """What the finding is about, without where it is: no line, no column (also not the
    ``path:line`` some messages quote)."""
    message = _POSITION.sub(":", finding.message)
    parts = (finding.rule, finding.path, finding.claim or "", finding.reference or "", message)
    return "\x1f".join(parts)


def fingerprints(findings: tuple[Finding, ...]) -> list[str]:
    """One stable fingerprint per finding; equal identities are told apart by their order."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        identity = _identity(finding)
        seen[identity] += 1
        digest = hashlib.sha256(
            f"{identity}\x1f{seen[identity]}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        out.append(digest[:32])
    return out


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    span = finding.span
    text = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": ROOT_BASE},
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if finding.waived:
        result["suppressions"] = [
            {
                "kind": "external",
                "justification": "waived: in the claim's review.waivers, or by a suppression comment "
                "in the article",
            }
        ]
    properties = {k: v for k, v in (("claim", finding.claim), ("reference", finding.reference)) if v}
    if finding.article:
        properties["article"] = finding.article
    if properties:
        result["properties"] = dict(sorted(properties.items()))
    return result


class SarifReporter:
    name = "sarif"

    def render(self, result: CheckResult) -> str:
        rules = {r.id: r for r in result.rules}
        for finding in result.findings:  # a finding of a rule not selected still needs its rule
            rules.setdefault(finding.rule, RULES_BY_ID[finding.rule])
        ordered = sorted(rules.values(), key=lambda r: r.id)
        index = {r.id: i for i, r in enumerate(ordered)}
        prints = fingerprints(result.findings)
        docs_url = result.project.settings.docs_url
        driver: dict[str, Any] = {
            "name": "claimcheck",
            "version": __version__,
            "semanticVersion": __version__,
        }
        if docs_url:
            driver["informationUri"] = docs_url.partition("#")[0]
        driver["rules"] = [_rule(r, docs_url) for r in ordered]
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": driver},
                    "columnKind": "unicodeCodePoints",
                    "originalUriBaseIds": {
                        ROOT_BASE: {"description": {"text": "The root of the content repository."}}
                    },
                    "results": [
                        _result(f, index[f.rule], p) for f, p in zip(result.findings, prints, strict=True)
                    ],
                }
            ],
        }
        return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
