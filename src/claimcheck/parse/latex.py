"""LaTeX in BibTeX field values read into nodes exactly as pylatexenc 2.x's LatexWalker reads it.

pylatexenc (behind bibtexparser's LatexDecodingMiddleware) reads about 150,000 characters a
second, plain text included, and costs 0.1 ms a call: a library whose abstracts each carry one
``20\\%`` took seconds to index, and a title of 1 MB took 7 to 9 seconds. Most of that time is
its walker's (a node object per character, a token per character). :func:`parse` finds the
same nodes with the same extents, reading runs of plain text at once: characters, groups
(``{..}``, and ``[..]`` where an optional argument is read), formulas, comments, specials
(``--``, ``~``...), environments, and macros with the arguments their specification in the
walker's database gives (``*``, ``[``, ``{``, \\verb's delimiters), including what the walker does
on malformed input in its tolerant mode (a stray closing brace dropped, a macro short of
arguments at the end of the input read without any, an unclosed group or formula running to
the end). :mod:`claimcheck.parse.latex_convert` turns the nodes into text as pylatexenc's
LatexNodes2Text does; tests/load/test_latex_atoms.py holds both to pylatexenc on generated
values.

Each ``pylatexenc`` function mirrored is named in the docstring that mirrors it
(``latexwalker.LatexWalker.get_token`` ...), for pylatexenc 2.10-2.11.
"""

from __future__ import annotations

from claimcheck.parse.latex_syntax import (
    BARE,
    CHARS,
    COMMENT,
    COMMENT_END,
    ENVIRONMENT,
    ENVIRONMENT_NAME,
    EOS,
    GROUP,
    LETTERS,
    MACRO,
    MACRO_NAME,
    MATH,
    MAX_DEPTH,
    RESET,
    RUN,
    RUN_BRACKETS,
    SKIPPED,
    SPACE,
    SPECIAL,
    SPECIALS,
    TEXT,
    TOKEN_STARTS,
    Kind,
    Node,
    ParseError,
    State,
    Token,
    TooDeep,
    Undecodable,
    environment_parser,
    macro_parser,
)

__all__ = ["MAX_DEPTH", "Kind", "Node", "TooDeep", "Undecodable", "atoms", "parse", "standalone"]


class Reader:
    """One value, read as ``latexwalker.LatexWalker`` (tolerant parsing) reads it."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)

    def token(self, p: int, brackets: bool, environments: bool, state: State) -> Token:
        """``LatexWalker.get_token``."""
        s, n = self.s, self.n
        if p < n and not s[p].isspace():
            q = p
        else:
            q = SPACE.match(s, p).end()  # type: ignore[union-attr]  # '\s*' always matches
            if q > p:
                paragraph = s.find("\n\n", p, q)
                if paragraph >= 0:
                    return ("char", "\n\n", paragraph, paragraph + 2)
            if q >= n:
                raise EOS(n)
        first = s[q]
        if first == "\\":
            if q + 1 >= n:
                raise EOS(p)
            name, i = s[q + 1], q + 2
            alpha = name.isalpha()
            if alpha:
                match = LETTERS.match(s, i)
                if match is not None:
                    i = match.end()
                while i < n and s[i].isalpha():  # the rest, where \w is wider than str.isalpha
                    i += 1
                name = s[q + 1 : i]
            if name in ("[", "]"):
                return ("display", "\\" + name, q, i)
            if name in ("(", ")"):
                return ("inline", "\\" + name, q, i)
            if environments and name in ("begin", "end"):
                match = ENVIRONMENT_NAME.match(s, i)
                if match is None:
                    return ("char", "\\" + name, q, i)  # the tolerant walker's placeholder
                return (name, match.group(1), q, match.end())
            if alpha:
                while i < n and s[i].isspace():
                    i += 1
                    if s[i - 2 : i] == "\n\n" and i - 2 >= q + 1 + len(name):
                        i -= 2
                        break
            return ("macro", name, q, i)
        if first == "%":
            match = COMMENT_END.search(s, q)
            if match is None:
                return ("comment", "", q, n)
            if match.group("extraspace").startswith(("\n", "\r", "\n\r")):
                return ("comment", "", q, match.start())
            return ("comment", match.group(), q, match.end())
        if first == "{" or (brackets and first == "["):
            return ("open", first, q, q + 1)
        if first == "}" or (brackets and first == "]"):
            return ("close", first, q, q + 1)
        if first == "$":
            if s.startswith("$$", q) and not (state[0] and state[1] == "$"):
                return ("display", "$$", q, q + 2)
            return ("inline", "$", q, q + 1)
        match = SPECIAL.match(s, q)
        if match is not None:
            return ("specials", match.group(), q, match.end())
        return ("char", first, q, q + 1)

    def nodes(
        self,
        p: int,
        state: State,
        depth: int,
        close: str = "",
        environment: str = "",
        math: str = "",
    ) -> tuple[list[Node], int]:
        """``LatexWalker.get_latex_nodes`` up to ``close`` ('}' or ']'), the end of
        ``environment`` or the formula delimiter ``math`` (each included), or the end."""
        if depth > MAX_DEPTH:
            raise TooDeep
        s, n = self.s, self.n
        brackets = close == "]"
        run = RUN_BRACKETS if brackets else RUN
        out: list[Node] = []
        chars = -1  # where the characters read since the last node start
        while True:
            match = run.match(s, p)
            if match is not None:
                end = match.end()
                if end == n - 1 and s[end] == "\\":  # a final backslash: the space before is dropped
                    end = p + len(s[p:end].rstrip())
                if end > p:
                    if chars < 0:
                        chars = p
                    p = end
            if close and p < n and s[p] == close:  # the usual end of a group, read at once
                if 0 <= chars < p:
                    out.append(Node(CHARS, chars, p))
                return out, p + 1
            macro = MACRO_NAME.match(s, p)
            if macro is not None and not (macro.end(1) < n and s[macro.end(1)].isalpha()):
                name = macro.group(1)
                if name != "begin" and name != "end":  # an ASCII-lettered macro and its space
                    if chars >= 0:
                        out.append(Node(CHARS, chars, p))
                        chars = -1
                    node = self.macro(p, macro.end(), name, state, depth + 1)
                    p = node.end
                    out.append(node)
                    continue
            try:
                kind, arg, at, end = self.token(p, brackets, True, state)
            except EOS as eos:  # the tolerant walker keeps the final space, even in a group
                if chars < 0:
                    chars = p
                if eos.final > chars:
                    out.append(Node(CHARS, chars, eos.final))
                return out, max(p, eos.final)
            if kind == "char":
                if chars < 0:
                    chars = p
                p = end
                continue
            if chars < 0:
                chars = p
            if at > chars:
                out.append(Node(CHARS, chars, at))
            chars = -1
            p = end
            if kind == "macro":
                node = self.macro(at, end, arg, state, depth + 1)
                p = node.end
                out.append(node)
            elif kind == "open":
                node = self.group(at, arg, state, depth + 1)
                p = node.end
                out.append(node)
            elif kind == "close":
                if arg == close:
                    return out, p
                out.append(Node(SKIPPED, at, end))
            elif kind == "end":
                if environment and arg == environment:
                    return out, p
                out.append(Node(SKIPPED, at, end))
            elif kind in ("inline", "display"):
                if math and arg == math:
                    return out, p
                if arg in ("\\)", "\\]"):
                    out.append(Node(SKIPPED, at, end))
                    continue
                closing = {"\\(": "\\)", "\\[": "\\]"}.get(arg, arg)
                inner, p = self.nodes(p, (True, arg), depth + 1, math=closing)
                display = "d" if arg in ("$$", "\\[") else ""
                out.append(Node(MATH, at, p, display, children=inner))
            elif kind == "comment":
                out.append(Node(COMMENT, at, end, arg))
            elif kind == "begin":
                node = self.environment(at, end, arg, state, depth + 1)
                p = node.end
                out.append(node)
            else:  # specials: none of the database's takes arguments
                out.append(Node(SPECIALS, at, end, arg))

    def group(self, at: int, opening: str, state: State, depth: int) -> Node:
        """``LatexWalker.get_latex_braced_group`` at its opening '{' or '['."""
        close = "}" if opening == "{" else "]"
        match = (RUN if opening == "{" else RUN_BRACKETS).match(self.s, at + 1)
        if match is not None and self.s[match.end() : match.end() + 1] == close:  # characters only
            return Node(GROUP, at, match.end() + 1, opening, children=[Node(CHARS, at + 1, match.end())])
        inner, end = self.nodes(at + 1, state, depth, close=close)
        return Node(GROUP, at, end, opening, children=inner)

    def macro(self, at: int, end: int, name: str, state: State, depth: int) -> Node:
        """A macro token and its arguments (the walker's ``tok.tok == 'macro'`` branch)."""
        parser = macro_parser(name)
        if isinstance(parser, tuple) and not parser[0]:
            return Node(MACRO, at, end, name, [])
        node = Node(MACRO, at, end, name)
        try:
            if parser == "verb-macro":
                node.args, node.end = self.verb(end)
            elif isinstance(parser, tuple):
                node.args, node.end, node.peeked = self.arguments(end, parser, state, depth)
            else:
                raise TypeError(parser)
        except (EOS, ParseError):  # the tolerant walker: the macro without arguments
            node.args, node.end, node.how, node.peeked = None, end, RESET, False
        return node

    def verb(self, p: int) -> tuple[list[Node | None], int]:
        """``VerbatimArgsParser`` ('verb-macro'): the next non-space character delimits."""
        s, n = self.s, self.n
        if p >= n:
            raise Undecodable  # pylatexenc: IndexError, the whole value fails
        while s[p].isspace():
            p += 1
            if p >= n:
                raise ParseError
        end = s.find(s[p], p + 1)
        if end < 0:
            raise ParseError
        return [Node(CHARS, p + 1, end)], end + 1

    def environment(self, at: int, end: int, name: str, state: State, depth: int) -> Node:
        """``LatexWalker.get_latex_environment``."""
        parser, is_math = environment_parser(name)
        node = Node(ENVIRONMENT, at, end, name)
        p = end
        try:
            if parser == "verbatim-environment":
                stop = self.s.find("\\end{verbatim}", p)
                if stop < 0:
                    raise ParseError
                node.args, p = [Node(CHARS, p, stop)], stop
            elif isinstance(parser, tuple):
                node.args, p, _ = self.arguments(p, parser, state, depth)
            else:
                raise TypeError(parser)
        except (EOS, ParseError):
            node.args, node.how, p = None, RESET, end
        inner_state = (True, "{" + name + "}") if is_math else state
        node.children, node.end = self.nodes(p, inner_state, depth, environment=name)
        return node

    def arguments(
        self, p: int, parser: tuple[str, bool, tuple[bool | None, ...] | None], state: State, depth: int
    ) -> tuple[list[Node | None], int, bool]:
        """``MacroStandardArgsParser.parse_args``: the arguments, where they end, and whether
        the last look ahead found a token it did not take (see :attr:`Node.peeked`)."""
        argspec, no_space, modes = parser
        s, n = self.s, self.n
        args: list[Node | None] = []
        peeked = False
        for j, kind in enumerate(argspec):
            inner = state
            if modes is not None and modes[j] is not None and modes[j] != state[0]:
                inner = (True, state[1]) if modes[j] else TEXT
            if kind == "{":
                node = self.expression(p, inner, depth)
                peeked = node.start == node.end
                p = node.end
                args.append(node)
            elif kind == "[":
                if no_space and p < n and s[p].isspace():
                    args.append(None)
                    continue
                if p < n and s[p] == "[":
                    node = self.group(p, "[", inner, depth + 1)
                    p, peeked = node.end, False
                    args.append(node)
                    continue
                if p < n - 1 and not s[p].isspace():  # a token, and not '['
                    args.append(None)
                    peeked = True
                    continue
                try:
                    tok, arg, at, _ = self.token(p, True, False, inner)
                except EOS:
                    args.append(None)
                    continue
                if tok == "open" and arg == "[":
                    node = self.group(at, "[", inner, depth + 1)
                    p, peeked = node.end, False
                    args.append(node)
                else:
                    args.append(None)
                    peeked = True
            else:  # '*'
                tok, arg, at, _ = self.token(p, False, True, state)
                if tok == "char" and arg.startswith("*"):
                    args.append(Node(CHARS, at, at + 1))
                    p, peeked = at + 1, False
                else:
                    args.append(None)
                    peeked = True
        return args, p, peeked

    def expression(self, p: int, state: State, depth: int) -> Node:
        """``LatexWalker.get_latex_expression``: one token or group (what TeX reads as one
        argument); an empty one at a closing brace or ``\\end``."""
        if p < self.n:
            first = self.s[p]
            if first == "{":
                return self.group(p, "{", state, depth + 1)
            if first not in TOKEN_STARTS and not first.isspace():  # one character
                return Node(CHARS, p, p + 1)
        kind, arg, at, end = self.token(p, False, False, state)
        hops = 0
        while kind == "comment":  # the walker reads on after a comment (recursively)
            hops += 1
            if hops > MAX_DEPTH:
                raise TooDeep
            kind, arg, at, end = self.token(end, False, False, state)
        if kind == "macro":
            if arg == "end":
                return Node(SKIPPED, at, at)
            return Node(MACRO, at, end, arg, how=BARE)
        if kind == "inline" or kind == "display":
            if arg.startswith("\\"):
                return Node(MACRO, at, end, arg, how=BARE)
            return Node(CHARS, at, end)
        if kind == "specials":
            return Node(SPECIALS, at, end, arg)
        if kind == "open":
            return self.group(at, "{", state, depth + 1)
        if kind == "close":
            return Node(SKIPPED, at, at)
        return Node(CHARS, at, end)


def parse(value: str) -> list[Node]:
    """The walker's nodes of ``value``. Raises :class:`TooDeep` past :data:`MAX_DEPTH` levels,
    :class:`Undecodable` where pylatexenc fails on the value."""
    return Reader(value).nodes(0, TEXT, 0)[0]


def atoms(value: str) -> list[tuple[Kind, str]]:
    """The top-level nodes of ``value`` as (kind, source): decoding may be cut between them."""
    return [(node.kind, value[node.start : node.end]) for node in parse(value)]


def standalone(value: str, node: Node) -> str:
    """Source that pylatexenc reads, alone, as this one node: a node that looked at the next
    token without taking it is given a closing brace to look at instead (which the walker
    then drops) rather than the end of the input."""
    return value[node.start : node.end] + ("}" if node.peeked else "")
