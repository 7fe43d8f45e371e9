"""The featurizer: a sentence as the word n-grams (and optional word-start prefixes) a linear
model weighs, each with the span of the sentence it comes from.

Deterministic and cheap: text is prepared once per document (:meth:`Featurizer.prepare`:
typography and case folded as :func:`claimcheck.text.quotes.fold` does, every digit read as
``0``, one character for one, so offsets hold and "save 20%" and "save 35%" are one feature),
words are found by one compiled regular expression, and the features are plain strings that
a model looks up in a dict. Its settings travel in the model file, so a model is always read
with the featurizer it was trained with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from claimcheck.text.quotes import fold

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?%$€£]")
_DIGITS = str.maketrans("123456789", "000000000")
_ADDRESS = re.compile(r"(?:https?://|www\.)(?:[^\s()<>\[\]]*[^\s()<>\[\].,;:!?'\"])?")
"""A web address, without the stop or bracket that follows it."""
_ADDRESS_HINT = re.compile(r"https?://|www\.")

Span = tuple[int, int]


def prepare_folded(folded: str) -> str:
    """Folded text (:func:`claimcheck.text.quotes.fold`) with every digit read as ``0``."""
    return folded.translate(_DIGITS)


def prepare(text: str) -> str:
    """``text`` as the featurizer reads it: folded, digits as ``0``; offsets unchanged."""
    return fold(text).translate(_DIGITS)


@dataclass(frozen=True, slots=True)
class Featurizer:
    """Word n-grams of ``min_n``..``max_n`` words (joined by a space), and, with ``prefix``
    above 0, the first ``prefix`` letters of each word longer than that (``p:boost`` for
    "boosts", "boosting"), so unseen inflections still count. With ``shape``, the sentence's
    shape too (:func:`shape_features`: its length, how it ends, its first and last word, a
    leading list dash), which tells a fragment or a heading from a sentence. With ``cues``,
    the questions of the kind guide as features (:func:`cue_features`: a number, a directive,
    a definition form, ...), which the model weighs as it learns, never as rules. (A
    :class:`~claimcheck.scoring.stack.Stack` gathers word and n-gram features only: a model
    with ``shape`` or ``cues`` is scored on its own, as extract's models are.)"""

    min_n: int = 1
    max_n: int = 2
    prefix: int = 0
    shape: bool = False
    cues: bool = False
    links: bool = False
    """Leave out the words of web addresses ("https://example.org/x", "www.nih.gov"): a claim that
    links its source reads as well as one that does not (the link text stays)."""

    def settings(self) -> dict[str, int]:
        settings = {"min_n": self.min_n, "max_n": self.max_n, "prefix": self.prefix}
        if self.shape:  # only when set: the files of models without it stay as they were
            settings["shape"] = 1
        if self.cues:
            settings["cues"] = 1
        if self.links:
            settings["links"] = 1
        return settings

    @classmethod
    def from_settings(cls, settings: dict[str, int]) -> Featurizer:
        return cls(
            int(settings["min_n"]),
            int(settings["max_n"]),
            int(settings.get("prefix", 0)),
            bool(settings.get("shape", 0)),
            bool(settings.get("cues", 0)),
            bool(settings.get("links", 0)),
        )

    def features(self, prepared: str, start: int = 0, end: int | None = None) -> list[str]:
        """The features of ``prepared[start:end]`` (text from :func:`prepare`; no spans)."""
        prepared, start, stop = self._unlinked(prepared, start, len(prepared) if end is None else end)
        words = self.words(prepared, start, stop)
        out: list[str] = []
        for word in words:
            out += self.word_features(word)
        out += self.ngram_features(words)
        if self.shape:
            out += shape_features(prepared, start, stop, words)
        if self.cues:
            out += cue_features(prepared, start, stop, words)
        return out

    def words(self, prepared: str, start: int = 0, end: int | None = None) -> list[str]:
        """The words of ``prepared[start:end]``."""
        text, start, stop = self._unlinked(prepared, start, len(prepared) if end is None else end)
        found: list[str] = _TOKEN.findall(text, start, stop)
        return found

    def _unlinked(self, prepared: str, start: int, end: int) -> tuple[str, int, int]:
        """``prepared[start:end]`` as (text, start, end): with ``links`` set and a web address in
        it, the sentence alone with its addresses blanked (same length, so spans within it hold);
        otherwise ``prepared`` itself, untouched."""
        if not self.links or not _ADDRESS_HINT.search(prepared, start, end):
            return prepared, start, end
        blanked = _ADDRESS.sub(lambda m: " " * len(m.group()), prepared[start:end])
        return blanked, 0, len(blanked)

    def word_features(self, word: str) -> list[str]:
        """The features of one word alone (the word, its first letters): the same wherever it
        stands, so a caller may remember them per word."""
        out = [word] if self.min_n <= 1 else []
        if self.prefix and len(word) > self.prefix:
            out.append("p:" + word[: self.prefix])
        return out

    def ngram_features(self, words: list[str]) -> list[str]:
        """The features of runs of ``min_n``..``max_n`` words (at least two)."""
        out: list[str] = []
        if self.min_n <= 2 <= self.max_n:
            out += [a + " " + b for a, b in pairwise(words)]
        for n in range(max(3, self.min_n), self.max_n + 1):
            out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        return out

    def text_features(self, text: str) -> list[str]:
        """The features of ``text`` as written."""
        return self.features(prepare(text))

    def located(self, text: str) -> Iterator[tuple[str, Span]]:
        """Every feature of ``text`` (as written) with the span of ``text`` it comes from."""
        words: list[str] = []
        spans: list[Span] = []
        prepared = prepare(text)
        for match in _TOKEN.finditer(self._unlinked(prepared, 0, len(prepared))[0]):
            words.append(match.group())
            spans.append(match.span())
        if self.min_n <= 1:
            yield from zip(words, spans, strict=True)
        for n in range(max(2, self.min_n), self.max_n + 1):
            for i in range(len(words) - n + 1):
                yield " ".join(words[i : i + n]), (spans[i][0], spans[i + n - 1][1])
        if self.prefix:
            size = self.prefix
            for word, span in zip(words, spans, strict=True):
                if len(word) > size:
                    yield "p:" + word[:size], span
        if self.shape and words:  # the first and last word are phrases; length and ending are not
            yield "s:first " + words[0], spans[0]
            yield "s:last " + words[-1], spans[-1]


_LENGTHS = ((4, "s:len1"), (8, "s:len2"), (15, "s:len3"), (30, "s:len4"))
_ENDS = frozenset(".?!:;)")


def shape_features(prepared: str, start: int, end: int, words: list[str]) -> list[str]:
    """The shape of ``prepared[start:end]`` (whose tokens are ``words``): its length in words
    (up to 4, 8, 15, 30, more), its last character when a stop, colon, semicolon or bracket
    (``s:end_`` otherwise), its first and last word, and ``s:dash`` when it starts with a list
    dash or bullet. Chosen on dev for claim-worthiness (claimcheck.extract.models)."""
    text = prepared[start:end].strip()
    count = len(words)
    out = [next((name for limit, name in _LENGTHS if count <= limit), "s:len5")]
    out.append("s:end" + (text[-1] if text and text[-1] in _ENDS else "_"))
    if words:
        out += ["s:first " + words[0], "s:last " + words[-1]]
    if text[:1] in ("-", "•", "*"):
        out.append("s:dash")
    return out


_IMPERATIVES = frozenset(
    [
        "add",
        "aim",
        "ask",
        "avoid",
        "be",
        "book",
        "call",
        "check",
        "choose",
        "clean",
        "consult",
        "cook",
        "cut",
        "do",
        "don't",
        "drink",
        "eat",
        "eliminate",
        "exercise",
        "follow",
        "freeze",
        "get",
        "give",
        "go",
        "have",
        "keep",
        "learn",
        "limit",
        "make",
        "never",
        "protect",
        "read",
        "reduce",
        "remember",
        "remove",
        "see",
        "seek",
        "start",
        "stay",
        "stop",
        "swap",
        "take",
        "talk",
        "teach",
        "tell",
        "try",
        "use",
        "wash",
        "wear",
    ]
)
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "k:number",
        re.compile(r"\b0|%|\bpercent\b|\b(?:one|two|three|four|half|a third|a quarter) (?:in|of|out of)\b"),
    ),
    (
        "k:frequency",
        re.compile(
            r"\b(?:common(?:est|ly)?|rare(?:ly)?|prevalen\w*|incidence|most|majority|affects?|"
            r"millions?|each year|per year|leading cause)\b"
        ),
    ),
    (
        "k:directive",
        re.compile(
            r"\b(?:should|must|need(?:s)? to|recommend\w*|advis\w*|important to|aim for|avoid|"
            r"make sure|be sure|it is best to)\b"
        ),
    ),
    (
        "k:definition",
        re.compile(r"^(?:[^,;]{0,60}?)\b(?:is|are)\s+(?:a|an|the|one of the|a type of|a form of)\b"),
    ),
    (
        "k:called",
        re.compile(
            r"\b(?:called|known as|refers? to|defined as|means|stands for|types of|forms of|"
            r"consists? of)\b"
        ),
    ),
    ("k:symptom", re.compile(r"\b(?:symptoms?|signs? (?:of|include)|feel(?:s|ing)?)\b")),
    (
        "k:cause",
        re.compile(
            r"\b(?:caused by|causes?|lead(?:s)? to|result(?:s|ing)? in|due to|because|"
            r"spread(?:s)?|inherit\w*|mutation\w*|genes?)\b"
        ),
    ),
    (
        "k:association",
        re.compile(
            r"\b(?:associat\w*|linked|correlat\w*|risk factors?|predict\w*|(?:more|"
            r"less) likely|(?:higher|lower|increased|reduced) risk)\b"
        ),
    ),
    ("k:seller", re.compile(r"\b(?:our|we|we're|us|you'll)\b")),
    (
        "k:offer",
        re.compile(
            r"[$€£]|\b(?:price|order|buy|shop|today|free|discount|offer|off|subscribe|guarantee\w*)\b"
        ),
    ),
    (
        "k:treatment",
        re.compile(
            r"\b(?:treat\w*|therap\w*|drugs?|medic\w*|surgery|vaccin\w*|dose\w*|trial\w*|"
            r"prescri\w*|injection\w*|tests?)\b"
        ),
    ),
    (
        "k:lifestyle",
        re.compile(
            r"\b(?:diet\w*|eat\w*|food\w*|exercis\w*|physical activity|sleep\w*|smok\w*|"
            r"alcohol|drink\w*|coffee|sugar\w*|fruit\w*|vegetables?)\b"
        ),
    ),
    (
        "k:study",
        re.compile(
            r"\b(?:this study|our (?:study|findings|results|data)|participants|"
            r"were randomi[sz]ed|further (?:research|studies)|future (?:research|studies)|"
            r"are needed|is needed|warranted|nct0+)\b"
        ),
    ),
    ("k:hedge", re.compile(r"\b(?:may|might|could|suggests?|appears? to|possibly)\b")),
    # what the claim model proposed wrongly on dev: study procedure, reported belief, an agency's
    # own work, a pointer to other pages, a speaker's or the reader's voice (not a link's URL: a
    # claim that links its source is still a claim)
    (
        "k:procedure",
        re.compile(
            r"\b(?:was|were|been) (?:measured|assessed|recruited|followed|randomi[sz]ed|enrolled|included|"
            r"excluded|collected|analy[sz]ed|evaluated|asked|given|assigned|performed|conducted|used|"
            r"recorded|surveyed|interviewed|screened|selected|compared|obtained|calculated|decided)\b|"
            r"\b(?:inclusion|exclusion) criteria\b|\b(?:aim|objective|purpose|goal)s? (?:of|was|is)\b|"
            r"\bwe (?:hypothesi[sz]ed|aimed|sought|examined|investigated|evaluated|assessed|recruited|"
            r"conducted|analy[sz]ed|included|used|identified)\b"
        ),
    ),
    (
        "k:reported",
        re.compile(
            r"\b(?:said|says|say|worry|worried|believe[sd]?|claim(?:s|ed)?|think|thought|according to|"
            r"told|argue[sd]?)\b"
        ),
    ),
    (
        "k:agency",
        re.compile(
            r"\b(?:ninds|nih|cdc|niddk|nhlbi|nci|fda|epa|institute|agency|department|campaign|grants?|"
            r"funded|supports? (?:research|studies)|conducts?)\b"
        ),
    ),
    (
        "k:pointer",
        re.compile(
            r"\b(?:more information|for information|see the|visit|go to|available (?:at|from|through)|"
            r"listed (?:under|below)|this (?:section|article|page|document|fact sheet))\b"
        ),
    ),
    ("k:person", re.compile(r"\b(?:i|i'm|i've|my|me)\b")),
    ("k:you", re.compile(r"\b(?:you|your|you're|you'll)\b")),
)
_DANGLING_WORDS = frozenset(
    [
        "such",
        "as",
        "include",
        "includes",
        "including",
        "and",
        "or",
        "the",
        "of",
        "with",
        "to",
        "for",
        "who",
        "that",
        "are",
        "by",
    ]
)


def cue_features(prepared: str, start: int, end: int, words: list[str]) -> list[str]:
    """The kind guide's questions (data/labels/README.md) asked of ``prepared[start:end]`` as
    features: a number or frequency (statistic), a directive or an imperative first word
    (advice), a definition form ("X is a ...", "called", "refers to"), symptoms, causes,
    association words, a seller's voice or an offer (product), treatment, lifestyle and
    study-report words, hedges; and, for claim-worthiness, study procedure ("were randomised",
    "the aim of"), reported belief ("worry", "said"), an agency's own work, a pointer to other
    pages, the first and second person, and a sentence cut off before its list ("such as",
    a closing colon). Each is one feature a model weighs; none decides alone."""
    text = prepared[start:end]
    out = [name for name, pattern in _CUES if pattern.search(text)]
    first = words[0] if words else ""  # a list dash or a quote is not a word
    if first in _IMPERATIVES or first == "always":
        out.append("k:imperative")
    stripped = text.rstrip()
    if stripped[-1:] in (":", ",", "-") or (
        stripped[-1:].isalpha() and words and words[-1] in _DANGLING_WORDS
    ):
        out.append("k:dangling")  # a fragment cut before its list or object: "... such as", "... include:"
    return out
