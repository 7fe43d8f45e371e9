"""``bundle.md``: the vetted claims per article, for a person to read, references numbered."""

from __future__ import annotations

import re

from claimcheck.model.bundle import Bundle, BundleArticle

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LEADING = re.compile(r"([#+=-])|(\d{1,9})([.)])")
"""What starts a block where a line starts (a heading, a list, a rule): escaped there only."""


_REFERENCE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
"""An '&' that starts what would be read as a character reference (``&amp;``, ``&#60;``)."""


def escape(text: str) -> str:
    """Markdown- and HTML-inert text: markup characters are backslash-escaped, an '&' that would
    start a character reference too (any other '&' is literal in Markdown and stays as it is, so
    "Growth Hormone & IGF Research" reads the same in the file and rendered), and a leading '#',
    '+', '-', '=' or '1.' too: after a list marker or a heading's '#' it would start a heading, a
    list or a rule inside (escaping it is harmless elsewhere)."""
    text = " ".join(text.split())
    text = _REFERENCE.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))
    leading = _LEADING.match(text)
    if leading is None:
        return text
    if leading.group(1):
        return "\\" + text
    return f"{leading.group(2)}\\{text[leading.end(2) :]}"


def _article(article: BundleArticle) -> list[str]:
    lines = [f"## {escape(article.title)}", ""]
    byline = []
    if article.authors:
        byline.append("By " + ", ".join(escape(a.name) for a in article.authors))
    if article.updated or article.published:
        byline.append(f"updated {article.updated or article.published}")
    lines.append(f"`{article.id}`" + (" · " + " · ".join(byline) if byline else ""))
    lines.append("")
    if not article.claims:
        lines += ["No vetted claims.", ""]
        return lines
    numbers: dict[str, int] = {}
    formatted: list[str] = []
    for claim in article.claims:
        marks = []
        for citation in claim.citations:
            if citation.key not in numbers:
                numbers[citation.key] = len(numbers) + 1
                ref = citation.reference
                formatted.append(ref.formatted + ("" if ref.verified else " [unverified]"))
            marks.append(str(numbers[citation.key]))
        text = escape(claim.statement or claim.quote)
        cite = f" [{', '.join(marks)}]" if marks else ""
        lines.append(f"- {text}{cite}  ")
        evidence = f", evidence: {claim.evidence.value}" if claim.evidence else ""
        lines.append(
            f"  > “{escape(claim.quote)}” ({claim.kind.value}, {claim.support.value}{evidence}, `{claim.id}`)"
        )
    lines += ["", "### References", ""]
    lines += [f"{n}. {escape(text)}" for n, text in enumerate(formatted, start=1)]
    lines.append("")
    return lines


def render_markdown(bundle: Bundle) -> str:
    summary = bundle.summary
    lines = [
        "# Vetted claims",
        "",
        f"{summary.exported} of {summary.claims} claims vetted for publication; "
        f"{summary.held_back} held back.",
        "",
    ]
    if bundle.source.commit:
        lines += [f"Source commit `{bundle.source.commit}`.", ""]
    for article in bundle.articles:
        lines += _article(article)
    if summary.held_back_by_reason:
        lines += ["## Held back", "", "| reason | claims |", "|---|---|"]
        lines += [f"| {escape(r)} | {n} |" for r, n in summary.held_back_by_reason.items()]
        lines.append("")
    return "\n".join(lines)
