"""A sentence read on its page (claimcheck.scoring.context): the page's mean, the trainer's
out-of-fold regression, the model and stack files, the one decision the rules and the
evaluation share, and what the shipped promotion model makes of a page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.scoring import Featurizer, LinearModel, Row
from claimcheck.scoring.context import CLIP, PageContext, page_means, promotes
from claimcheck.scoring.evaluate import decide
from claimcheck.scoring.features import prepare
from claimcheck.scoring.labels import labels_dir, read_rows
from claimcheck.scoring.metrics import alarm_rate, figures
from claimcheck.scoring.model import ModelFileError
from claimcheck.scoring.registry import MODELS, ModelSpec
from claimcheck.scoring.shipped import load
from claimcheck.scoring.stack import Stack
from claimcheck.scoring.train import fit

SELLING = ["book your visit today", "save on your first month", "join our exclusive program"]
NEUTRAL = ["the trial measured blood pressure", "the agency reported a risk", "the study enrolled adults"]
PLAIN = ["you choose each month", "plans include regular check ins", "you can stop at any time"]
"""Sentences whose label is their page's: selling on a selling page, information on a neutral one."""


def _pages(split: str, count: int, offset: int = 0) -> list[Row]:
    rows = []
    for n in range(offset, offset + count):
        label = n % 2
        own = SELLING if label else NEUTRAL
        doc = f"{split}-page-{n}"
        for i, text in enumerate([*own, *PLAIN]):
            rows.append(Row(f"{doc}-{i}", f"{text} {n % 5}", "c", doc, "written", {"promotes": label}, split))
    return rows


SPEC = ModelSpec("toy", "promotes", featurizer=Featurizer(1, 2), context=True)


def test_a_unit_s_page_is_the_mean_of_the_others() -> None:
    mean, has = page_means(np.array([1.0, 2.0, 6.0]))
    assert mean.tolist() == [4.0, 3.5, 1.5] and has.all()
    mean, has = page_means(np.array([3.0]))
    assert mean.tolist() == [0.0] and not has.any()
    mean, has = page_means(np.array([1.0, 3.0, 5.0]), ["a", "b", "a"])
    assert mean.tolist() == [5.0, 0.0, 1.0] and has.tolist() == [True, False, True]


def test_log_odds_are_clipped_before_they_weigh() -> None:
    context = PageContext(sentence=1.0, page=1.0, with_page=0.0, alone=0.0, threshold=0.5)
    assert context.raw(np.array([100.0, -1.0])).tolist() == [CLIP - 1.0, -1.0 + CLIP]


def test_the_page_decides_what_the_sentence_alone_cannot() -> None:
    train, dev = _pages("train", 40), _pages("dev", 10, 100)
    model = fit(SPEC, train, dev)
    assert model.context is not None and model.context.page > 0
    texts, pages = [r.text for r in dev], [r.doc for r in dev]
    truth = [int(r.labels["promotes"]) for r in dev]
    on_pages = figures(truth, model.predict_on_pages(texts, pages))
    alone = figures(truth, model.predict(texts))
    assert on_pages.f1 == 1.0 and alone.f1 < 0.9
    assert model.metadata["dev"]["figures"]["f1"] == 1.0
    assert model.metadata["dev"]["alone"]["f1"] == alone.f1
    assert fit(SPEC, train, dev).dumps() == model.dumps()  # the same bytes, trained twice


def test_no_context_without_pages_to_learn_from() -> None:
    single = [Row(r.id, r.text, r.collection, r.id, r.origin, r.labels, r.split) for r in _pages("train", 20)]
    assert fit(SPEC, single, _pages("dev", 4, 100)).context is None
    assert fit(SPEC, _pages("train", 20), []).context is None


def test_the_context_travels_in_the_model_and_stack_files() -> None:
    model = fit(SPEC, _pages("train", 40), _pages("dev", 10, 100))
    again = LinearModel.loads(model.dumps())
    assert again.context == model.context
    texts = [f"{t} 1" for t in [*SELLING, *PLAIN]]
    stack = Stack.loads(Stack.of([again]).dumps())
    prepared = prepare("\n".join(texts))
    spans, start = [], 0
    for text in texts:
        spans.append((start, start + len(text)))
        start += len(text) + 1
    alone, paged = stack.on_page(prepared, spans)
    assert alone[:, 0] == pytest.approx(again.score(texts))
    assert paged[:, 0] == pytest.approx(again.score_on_pages(texts, [0] * len(texts)))
    assert stack.page_thresholds[0] == again.context.threshold != stack.thresholds[0]


@pytest.mark.parametrize(
    "context",
    [
        {"sentence": 1, "page": 1, "with_page": 0, "alone": 0},
        {"sentence": 1, "page": "x", "with_page": 0, "alone": 0, "threshold": 0.5},
        {"sentence": None, "page": 1, "with_page": 0, "alone": 0, "threshold": 0.5},
        {"sentence": 1, "page": 1, "with_page": 0, "alone": 0, "threshold": 2},
    ],
)
def test_an_unreadable_context_is_a_model_file_error(context: dict[str, object]) -> None:
    import json

    model = fit(SPEC, _pages("train", 40), _pages("dev", 10, 100))
    head, rest = model.dumps().split(', "weights": [', 1)
    data = json.loads(head + "}")
    data["context"] = context
    broken = json.dumps(data)[:-1] + ', "weights": [' + rest
    with pytest.raises(ModelFileError, match="context"):
        LinearModel.loads(broken, "toy.json")


def test_a_regulated_substance_keeps_its_sentence_alone_flag() -> None:
    assert promotes(on_page=True, alone=False, names_regulated=False)
    assert not promotes(on_page=False, alone=True, names_regulated=False)
    assert promotes(on_page=False, alone=True, names_regulated=True)
    assert not promotes(on_page=False, alone=False, names_regulated=True)


def test_the_shipped_model_reads_the_same_sentence_by_its_page() -> None:
    """The labels were given with the page in view: the same plain sentence sells on a
    telehealth page and informs in a drug leaflet."""
    model = load("promotes")
    assert model.context is not None
    plain = "Each month you decide to continue or stop."
    clinic = [
        "Start your weight loss journey with our licensed providers.",
        "Get started today with a free online consultation.",
        plain,
    ]
    leaflet = [
        "Semaglutide is a prescription medicine for type 2 diabetes and weight management.",
        "Common side effects include nausea, diarrhea and constipation.",
        plain,
    ]
    on_clinic = model.score_on_pages(clinic, [0] * 3)[-1]
    on_leaflet = model.score_on_pages(leaflet, [0] * 3)[-1]
    assert on_clinic >= model.context.threshold > on_leaflet
    assert model.score([plain])[0] == pytest.approx(model.score(clinic)[-1])


def test_the_shipped_threshold_holds_for_the_decision_the_rules_take() -> None:
    """The page threshold is chosen on the rules' decision (a regulated substance flagged alone is
    flagged), so the dev floors hold for what the rules flag, not only for the page's reading."""
    spec = MODELS["promotes"]
    assert spec.alone_decides is not None and spec.false_alarm is not None
    dev = spec.rows(read_rows(labels_dir(Path(__file__).resolve().parents[2]), split="dev"))
    predicted = [int(p) for p in decide(load("promotes"), dev)]
    found = figures([r.labels["promotes"] for r in dev], predicted)
    assert spec.min_precision is not None and found.precision >= spec.min_precision
    assert spec.max_false_alarms is not None
    assert alarm_rate(predicted, [spec.false_alarm(r) for r in dev]) <= spec.max_false_alarms
