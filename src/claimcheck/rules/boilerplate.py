"""CC307, CC308: text scraped along with an article that is not the article."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.base import Rule
from claimcheck.rules.per_article import ArticleScope, article_rule
from claimcheck.text.segments import BlockKind


@article_rule(
    "CC307",
    "boilerplate.scraped-text",
    Category.BOILERPLATE,
    Severity.ERROR,
    "Scraped page text that is not the article",
)
def scraped_text(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """Cookie and consent banners, newsletter prompts, sharing and navigation links copied
    along with an article are not its content. Short blocks with that vocabulary ("we use
    cookies", "manage your preferences", "subscribe to our newsletter") are reported as one
    finding per run of such blocks, including short blocks caught between them; the other
    content rules do not judge the sentences of such a run."""
    read = scope.reading(article)
    segments = read.cues.segments
    for first, last in read.scraped:
        start, end = segments.blocks[first].start, segments.blocks[last].end
        yield self.finding(
            article.path,
            article.lines.span(start, end),
            f"scraped page text (cookie banner, newsletter or navigation): {last - first + 1} block(s)",
            "delete it: it is not part of the article",
            article=article.id,
        )


_TAG_MIN_RUN = 5
_TAG_MAX_WORDS = 4


@article_rule(
    "CC308",
    "boilerplate.tag-list",
    Category.BOILERPLATE,
    Severity.WARNING,
    "Scraped list of tags or keywords",
)
def tag_list(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """Five or more consecutive paragraphs of at most four words, none ending in a full stop,
    are a scraped tag or keyword list (the "Glossary" of terms with no definitions that page
    templates add for search engines), not article content."""
    segments = article.segments
    run: list[int] = []
    for index, block in enumerate([*segments.blocks, None]):
        text = segments.block_text(block) if block is not None else ""
        if block is not None and block.kind is BlockKind.PARAGRAPH and _is_tag(text):
            run.append(index)
            continue
        if len(run) >= _TAG_MIN_RUN:
            start, end = segments.blocks[run[0]].start, segments.blocks[run[-1]].end
            yield self.finding(
                article.path,
                article.lines.span(start, end),
                f"list of {len(run)} bare keywords, not article content",
                "delete the list, or turn it into a glossary with definitions",
                article=article.id,
            )
        run = []


def _is_tag(text: str) -> bool:
    stripped = text.strip()
    return 0 < len(stripped.split()) <= _TAG_MAX_WORDS and stripped[-1] not in ".!?:;"


RULES = (scraped_text, tag_list)
