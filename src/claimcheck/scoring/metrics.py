"""Precision, recall and F1 of predictions against labels, and the dev-chosen threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    n: int
    """Rows measured."""
    positives: int
    """Rows labelled positive (support)."""

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n": self.n,
            "positives": self.positives,
        }


def figures(truth: Sequence[object], predicted: Sequence[object], positive: object = 1) -> Figures:
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == positive and p == positive)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != positive and p == positive)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == positive and p != positive)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(precision, recall, f1, len(truth), tp + fn)


def rate(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def choose_threshold(
    truth: Sequence[int],
    probabilities: Sequence[float],
    min_precision: float | None = None,
    min_recall: float | None = None,
    fewest_positives: bool = False,
    *,
    alarms: Sequence[bool] | None = None,
    max_false_alarms: float | None = None,
    most_recall: bool = False,
) -> float:
    """The threshold with the best F1 on these (dev) rows; among thresholds reaching
    ``min_precision`` and ``min_recall`` (and flagging at most ``max_false_alarms`` of the rows
    marked in ``alarms``) when one does. Candidates are the rows' own probabilities (rounded
    down to 4 decimals); ties go to the higher threshold. 0.5 when no row is positive.
    ``fewest_positives``: the highest threshold reaching them instead; ``most_recall``: the one
    with the highest recall (the highest threshold among equals)."""
    if not any(truth):
        return 0.5
    candidates = sorted({int(p * 10_000) / 10_000 for p in probabilities}, reverse=True)
    best: tuple[bool, float, float] | None = None
    for cut in candidates:
        predicted = [1 if p >= cut else 0 for p in probabilities]
        found = figures(truth, predicted)
        reaches = reaches_floors(found, min_precision, min_recall) and (
            max_false_alarms is None or alarm_rate(predicted, alarms) <= max_false_alarms
        )
        value = 0.0 if fewest_positives else found.recall if most_recall else found.f1
        key = (reaches, value, cut)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    return best[2]


def reaches_floors(found: Figures, min_precision: float | None, min_recall: float | None) -> bool:
    return (min_precision is None or found.precision >= min_precision) and (
        min_recall is None or found.recall >= min_recall
    )


def alarm_rate(predicted: Sequence[int], alarms: Sequence[bool] | None) -> float:
    """The share of the rows marked in ``alarms`` (negatives that must not be flagged) that are
    predicted 1; 0 when no row is marked."""
    if alarms is None:
        return 0.0
    return rate([p == 1 for p, marked in zip(predicted, alarms, strict=True) if marked])
