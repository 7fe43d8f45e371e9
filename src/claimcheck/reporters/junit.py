"""``--format junit``: JUnit XML, one test case per checked file, one failure per finding.

Findings that fail the run are ``<failure>`` elements; warnings and notes that do not fail it
(without ``--strict``) are listed in the test case's ``<system-out>``, so a CI test view turns
red exactly when ``claimcheck check`` exits 1. Waived findings are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from claimcheck.core.escape import xml_document, xml_text
from claimcheck.core.finding import Finding
from claimcheck.run.engine import CheckResult


def checked_files(result: CheckResult) -> list[str]:
    """Every file the run read, and any other file a finding points at, sorted."""
    paths = set(result.inventory.files)
    paths.update(f.path for f in result.findings)
    return sorted(paths)


def _line(finding: Finding) -> str:
    return (
        f"{xml_text(finding.path)}:{finding.span.line}:{finding.span.column}: "
        f"{finding.severity} {finding.rule} {xml_text(finding.message)}"
    )


def _detail(finding: Finding) -> str:
    hint = f"\nhint: {xml_text(finding.hint)}" if finding.hint else ""
    return _line(finding) + hint


class JunitReporter:
    name = "junit"

    def render(self, result: CheckResult) -> str:
        by_path: dict[str, list[Finding]] = {}
        for finding in result.findings:
            if not finding.waived:
                by_path.setdefault(finding.path, []).append(finding)
        files = checked_files(result)
        failing = sum(1 for path in files if any(f.fails(result.strict) for f in by_path.get(path, [])))
        suites = ET.Element("testsuites", name="claimcheck", tests=str(len(files)), failures=str(failing))
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="claimcheck",
            tests=str(len(files)),
            failures=str(failing),
            errors="0",
            skipped="0",
        )
        for path in files:
            name = xml_text(path)
            case = ET.SubElement(suite, "testcase", classname="claimcheck", name=name, file=name)
            notes = []
            for finding in by_path.get(path, []):
                if finding.fails(result.strict):
                    failure = ET.SubElement(
                        case,
                        "failure",
                        message=f"{finding.rule} {xml_text(finding.message)}",
                        type=f"{finding.severity} {finding.rule}",
                    )
                    failure.text = _detail(finding)
                else:
                    notes.append(_detail(finding))
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(notes)
        ET.indent(suites)
        body = ET.tostring(suites, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_document(body) + "\n"
