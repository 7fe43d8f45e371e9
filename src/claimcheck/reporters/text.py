"""``--format text``: ``path:line:col: severity rule message``, a hint below, a summary line."""

from __future__ import annotations

from claimcheck.core.escape import in_github_actions, shown
from claimcheck.reporters.base import summary
from claimcheck.run.engine import CheckResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class TextReporter:
    name = "text"

    def render(self, result: CheckResult) -> str:
        lines = []
        actions = in_github_actions()
        for f in result.findings:
            if f.waived:
                continue
            path, message = shown(f.path, actions), shown(f.message, actions)
            lines.append(f"{path}:{f.span.line}:{f.span.column}: {f.severity} {f.rule} {message}")
            if f.hint:
                lines.append(f"    hint: {shown(f.hint, actions)}")
        lines.append(summary_line(result))
        return "\n".join(lines) + "\n"


def summary_line(result: CheckResult) -> str:
    """The text report's last line: the verdict and the counts."""
    s = summary(result)
    parts = [
        _plural(s.errors, "error"),
        _plural(s.warnings, "warning"),
        _plural(s.infos, "info"),
    ]
    if s.waived:
        parts.append(f"{s.waived} waived")
    checked = (
        f"{_plural(s.articles, 'article')}, {_plural(s.claims, 'claim')}, "
        f"{_plural(s.references, 'reference')}"
    )
    verdict = "failed" if s.failed else "passed"
    return f"claimcheck: {verdict}: {', '.join(parts)} ({checked} checked)"
