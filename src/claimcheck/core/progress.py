"""Progress of long steps (loading a large project, running the rules, verifying references
online), shown on the terminal only.

The steps say what they do (:func:`task`); the command decides whether anyone sees it
(:func:`shown_on`): a bar drawn with :mod:`rich` on standard error while it is a terminal and
``--quiet`` was not given, nothing otherwise (a pipe, a file, CI logs, pre-commit). The bar is
cleared when the step ends, so the report that follows is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

Advance = Callable[[int], None]


def _quiet(_: int) -> None:
    """Nobody is watching: nothing to draw."""


_DISPLAY: list[Any] = []
"""The rich ``Progress`` on screen while a command shows progress (empty: none)."""


@contextmanager
def task(description: str, total: int) -> Iterator[Advance]:
    """A step of ``total`` parts: the function it yields is called with the parts done since."""
    if not _DISPLAY or total <= 0:
        yield _quiet
        return
    display = _DISPLAY[0]
    task_id = display.add_task(description, total=total)
    display.refresh()  # shown at once, however short the step

    def advance(parts: int) -> None:
        display.advance(task_id, parts)

    try:
        yield advance
    finally:
        display.remove_task(task_id)


def wanted(stream: IO[str], quiet: bool) -> bool:
    """Whether progress is shown on ``stream``: a terminal, and not ``--quiet``."""
    try:
        return not quiet and stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


@contextmanager
def shown_on(stream: IO[str], active: bool) -> Iterator[None]:
    """Show the steps' progress on ``stream`` (a terminal) while in this block, if ``active``."""
    if not active:
        yield
        return
    from rich.console import Console  # only for a terminal: a piped run never imports it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, stderr=True)
    display = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    with display:
        _DISPLAY.append(display)
        try:
            yield
        finally:
            _DISPLAY.clear()
