"""A labelled row's whole page, rebuilt from the public repository it was cut from (a bare git
mirror on disk) as a Markdown article: the visible text of the file, one block per paragraph,
list item, heading or string, the way the collections of data/labels cut their pages (front
matter, links' targets, images, tags, code and class names dropped).

- Markdown (``.md``): the front matter's ``title`` becomes the article's title; HTML tags and
  comments, images and link targets are dropped, the rest is kept as written.
- React, Next.js and plain JavaScript (``.js``, ``.jsx``, ``.ts``, ``.tsx``): text between tags
  and prose string literals (two words or more, or one capitalised word), comments, imports,
  class names, URLs and technical attributes left out; a string holding HTML (an e-mail
  template) is read as HTML. ``<title>`` gives the article's title.
- HTML and PHP: text of the elements (lxml), scripts and styles left out.
- A CSV row (``path#idx<n>``): the row's ``text`` cell.
- MedQuAD (a row whose doc is the page URL the dataset gives): every answer of the documents
  with that URL, the document's focus as title (the dataset's questions are its own, not page text).
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import lxml.etree  # type: ignore[import-untyped]  # no stubs in the lock
import lxml.html  # type: ignore[import-untyped]

DOC = re.compile(
    r"^(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)@(?P<commit>[0-9a-f]{7,40}):(?P<path>[^#]+)(?:#(?P<part>.*))?$"
)
MEDQUAD = ("abachaa", "MedQuAD", "577bd37b96c02d1833b2c9eed2de9f96964e96cb")
"""The MedQuAD commit medquad-treat names (its rows' docs are the pages' URLs)."""


class PageMissing(Exception):
    """The page cannot be rebuilt offline (no mirror, commit or file); the message says why."""


@dataclass(frozen=True)
class Page:
    title: str | None
    blocks: list[str]
    """Markdown blocks: paragraphs, list items, headings (``## ...``)."""

    def article(self, article_id: str) -> str:
        """The page as a claimcheck article: front matter (id, title), then the blocks."""
        front = [f"id: {article_id}"]
        if self.title:
            front.append(f"title: {json.dumps(self.title, ensure_ascii=False)}")
        return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(self.blocks) + "\n"


def git_dir(mirrors: Path, owner: str, repo: str) -> Path:
    base = mirrors / f"{owner}+{repo}"
    for candidate in (base / "repo", base):
        if (candidate / "HEAD").is_file():
            return candidate
    raise PageMissing(f"no mirror of {owner}/{repo} under {mirrors}")


def git_show(directory: Path, commit: str, path: str) -> str:
    done = subprocess.run(
        ["git", f"--git-dir={directory}", "show", f"{commit}:{path}"], capture_output=True, check=False
    )
    if done.returncode != 0:
        raise PageMissing(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    return done.stdout.decode("utf-8", "replace")


def rebuild(doc: str, mirrors: Path) -> Page:
    """The page of a row's ``doc``; PageMissing when it cannot be had offline."""
    if doc.startswith(("http://", "https://")):
        return medquad_page(doc, mirrors)
    match = DOC.match(doc)
    if match is None:
        raise PageMissing("the doc names no repository@commit:path")
    directory = git_dir(mirrors, match["owner"], match["repo"])
    source = git_show(directory, match["commit"], match["path"])
    path, part = match["path"], match["part"]
    if path.endswith(".csv"):
        return csv_page(source, part or "")
    if path.endswith((".md", ".markdown", ".mdx")):
        return markdown_page(source)
    if path.endswith((".js", ".jsx", ".ts", ".tsx")):
        return script_page(source)
    if path.endswith((".html", ".htm", ".php")):
        return html_page(source)
    raise PageMissing(f"no text extraction for {Path(path).suffix or path} files")


# -- Markdown ---------------------------------------------------------------------------------

FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
TITLE = re.compile(r"^title:[ \t]*(?P<value>.+?)[ \t]*$", re.MULTILINE)


def markdown_page(source: str) -> Page:
    title = None
    front = FRONT.match(source)
    if front is not None:
        found = TITLE.search(front["body"])
        if found is not None:
            title = found["value"].strip().strip("\"'") or None
        source = source[front.end() :]
    text = re.sub(r"<!--.*?-->", " ", source, flags=re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = re.sub(r"</?[A-Za-z][^<>]*>", " ", text)  # HTML tags
    text = html.unescape(text)
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    return Page(title, blocks)


# -- HTML ---------------------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "td",
        "th",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "form",
        "blockquote",
        "figure",
        "figcaption",
        "br",
        "hr",
        "button",
        "label",
        "option",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
    ]
)
"""Elements whose text stands as its own block (a button's text is a line of its own on a page,
as the short-lines collection read them); inline elements (links, bold) stay in their block."""
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def html_blocks(source: str) -> tuple[str | None, list[str]]:
    """The title and the visible text blocks of an HTML document or fragment."""
    try:
        root = lxml.html.fromstring(source)
    except (lxml.etree.ParserError, ValueError):
        return None, []
    for dropped in root.xpath("//script | //style | //noscript | //comment()"):
        dropped.drop_tree()
    title = None
    titles = root.xpath("//title")
    if titles:
        title = squeeze(titles[0].text_content()) or None
        for element in titles:
            element.drop_tree()
    blocks: list[str] = []
    current: list[str] = []

    def close(heading: bool = False) -> None:
        text = squeeze(" ".join(current))
        current.clear()
        if text:
            blocks.append(heading_or_paragraph(text, heading))

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in BLOCK_TAGS:
            close()
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
        if tag in BLOCK_TAGS:
            close(heading=tag in HEADINGS)
        if element.tail:
            current.append(element.tail)

    walk(root)
    close()
    return title, blocks


def html_page(source: str) -> Page:
    source = re.sub(r"<\?php.*?(?:\?>|\Z)", " ", source, flags=re.DOTALL)
    return Page(*html_blocks(source))


# -- JavaScript, JSX ----------------------------------------------------------------------------

COMMENT = re.compile(r"/\*.*?\*/|(?<![:\w\"'])//[^\n]*", re.DOTALL)
IMPORT = re.compile(r"^\s*(?:import|export\s+\*|export\s+\{[^}]*\}\s+from)\b[^\n]*$", re.MULTILINE)
ARROW = re.compile(r"=>|>=|<=|->")
TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][\w.:-]*)?(?P<attributes>(?:[^<>\"'`{}]|\"[^\"]*\"|'[^']*'|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*)(?P<end>/?)>"
)
TEMPLATE = re.compile(r"`(?:[^`\\]|\\.)*`", re.DOTALL)
STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`", re.DOTALL)
ATTRIBUTE = re.compile(r"([\w-]+)\s*=\s*\{?\s*$")
TECHNICAL = frozenset(
    [
        "className",
        "class",
        "id",
        "key",
        "href",
        "src",
        "srcSet",
        "type",
        "rel",
        "name",
        "property",
        "content",
        "style",
        "target",
        "role",
        "variant",
        "size",
        "htmlFor",
        "for",
        "fill",
        "stroke",
        "viewBox",
        "d",
        "width",
        "height",
        "as",
        "method",
        "action",
        "loading",
        "sizes",
        "priority",
        "layout",
        "objectFit",
        "xmlns",
        "strokeWidth",
        "strokeLinecap",
        "strokeLinejoin",
        "fillRule",
        "clipRule",
        "charset",
        "lang",
        "dir",
        "colSpan",
        "rowSpan",
        "align",
        "valign",
        "cellSpacing",
        "cellPadding",
        "border",
        "tabIndex",
        "autoComplete",
        "inputMode",
        "pattern",
        "accept",
        "value",
    ]
)
CODE = re.compile(r"[;{}=]|&&|\|\||\breturn\b|\bconst\b|\bfunction\b|\)\s*\(|=>|^\s*[\w.]+\(.*\)\s*$")
CSS_LIKE = re.compile(r"^[\w:/\[\]().#%!&-]+(?:\s+[\w:/\[\]().#%!&-]+)*$")


def script_page(source: str) -> Page:
    """Visible text of a React or JavaScript page: JSX text and prose string literals, in order."""
    source = COMMENT.sub(lambda m: " " * len(m.group()), source)
    source = IMPORT.sub(lambda m: " " * len(m.group()), source)
    pieces: list[tuple[int, str]] = []
    for found in TEMPLATE.finditer(source):  # HTML templates (an e-mail): read as HTML, then hidden
        if re.search(r"<[A-Za-z!/][^<>]*>", found.group()):
            inner_title, blocks = html_blocks(re.sub(r"\$\{[^}]*\}", " ", found.group()[1:-1]))
            pieces += [
                (found.start(), block) for block in ([f"## {inner_title}"] if inner_title else []) + blocks
            ]
            source = source[: found.start()] + " " * len(found.group()) + source[found.end() :]
    masked = ARROW.sub(lambda m: "  ", source)  # arrows and comparisons are not tag ends
    title: str | None = None
    blanks = list(masked)
    tags = list(TAG.finditer(masked))
    for before, after in itertools.pairwise(tags):
        text = masked[before.end() : after.start()]
        if not text.strip() or CODE.search(_drop_expressions(text)):
            continue
        words = squeeze(html.unescape(_drop_expressions(text)))
        if re.search(r"[A-Za-z]{2}", words) is None:
            continue
        name = (before["name"] or "").lower() if not before["close"] else ""
        if name in ("style", "script"):
            continue
        if name == "title" and title is None:
            title = words
        else:
            pieces.append((before.end(), heading_or_paragraph(words, name in HEADINGS)))
        for position in range(before.end(), after.start()):
            blanks[position] = " "
    rest = "".join(blanks)
    for found in STRING.finditer(rest):
        literal = source[found.start() + 1 : found.end() - 1]  # as written: the mask hid "->" and "=>"
        attribute = ATTRIBUTE.search(rest, max(0, found.start() - 60), found.start())
        if attribute is not None and attribute.group(1) in TECHNICAL:
            continue
        literal = re.sub(r"\\([\"'`])", r"\1", literal.replace("\\n", " "))
        text = squeeze(html.unescape(re.sub(r"\$\{[^}]*\}", " ", literal)))
        if prose(text):
            pieces.append((found.start(), text))
    pieces.sort(key=lambda piece: piece[0])
    return Page(title, [text for _, text in pieces])


def _drop_expressions(text: str) -> str:
    """JSX text without its ``{...}`` expressions (``{" "}`` and ``{'x'}`` keep their string)."""
    text = re.sub(r"\{\s*([\"'`])(.*?)\1\s*\}", r"\2", text)
    return re.sub(r"\{[^{}]*\}", " ", text)


def prose(text: str) -> bool:
    """A string literal a reader sees: words, not a class list, path, key or code."""
    if not re.search(r"[A-Za-z]{2}", text) or text.startswith(
        ("/", ".", "http", "@/", "#", "mailto:", "tel:")
    ):
        return False
    if text in ("use client", "use strict", "use server") or re.search(
        r"\d(?:px|rem|em|vh|vw)\b|rgba?\(", text
    ):
        return False  # directives, CSS values
    words = text.split()
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z][a-z]+[A-Za-z'’]*[!.?]?", text))
    if CSS_LIKE.match(text) and any("-" in w or ":" in w for w in words) and not re.search(r"[A-Z]", text):
        return False  # class names ("h-8 w-8 text-primary")
    return not re.search(r"[{};]|=>|\bfunction\b|\bconst\b", text)


# -- CSV rows, MedQuAD ------------------------------------------------------------------------------


def csv_page(source: str, part: str) -> Page:
    match = re.fullmatch(r"idx(\d+)", part)
    if match is None:
        raise PageMissing(f"no row in the CSV named by #{part}")
    for record in csv.DictReader(io.StringIO(source)):
        if record.get("idx") == match.group(1):
            return Page(None, [squeeze(record.get("text") or "")])
    raise PageMissing(f"no row idx {match.group(1)} in the CSV")


_MEDQUAD_PATHS: dict[str, list[str]] = {}


def medquad_page(url: str, mirrors: Path) -> Page:
    owner, repo, commit = MEDQUAD
    directory = git_dir(mirrors, owner, repo)
    if not _MEDQUAD_PATHS:
        done = subprocess.run(
            ["git", f"--git-dir={directory}", "grep", "-o", "-E", 'url="[^"]*"', commit, "--", "*.xml"],
            capture_output=True,
            check=False,
        )
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            where, _, found = line.partition(':url="')
            path = where.split(":", 1)[1]
            _MEDQUAD_PATHS.setdefault(html.unescape(found.rstrip('"')), []).append(path)
    paths = _MEDQUAD_PATHS.get(url)
    if not paths:
        raise PageMissing("no MedQuAD document gives this URL")
    title, blocks = None, []
    for path in paths:
        root = lxml.etree.fromstring(git_show(directory, commit, path).encode("utf-8"))
        title = title or squeeze(root.findtext("Focus") or "") or None
        for answer in root.iter("Answer"):
            blocks += [squeeze(b) for b in re.split(r"\n\s*\n", answer.text or "") if b.strip()]
    return Page(title, blocks)


def heading_or_paragraph(text: str, heading: bool) -> str:
    """A heading's Markdown line; a long "heading" (a page that sets its prose in h-tags) stays
    a paragraph, so that its sentences are read one by one."""
    return f"## {text}" if heading and len(text.split()) <= 12 else text


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
