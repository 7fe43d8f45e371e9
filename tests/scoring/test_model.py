"""The linear model: file round trip, batch scoring, the article fast path, explanations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.scoring import Featurizer, LinearModel, ModelFileError
from claimcheck.scoring.features import prepare


def _binary() -> LinearModel:
    return LinearModel(
        name="toy",
        label="promotes",
        classes=(0, 1),
        featurizer=Featurizer(1, 2),
        features=("00 %", "book", "not", "save", "save 00", "today"),
        weights=np.array([[1.0], [1.5], [-2.0], [0.5], [1.25], [0.75]]),
        bias=np.array([-1.0]),
        threshold=0.6,
        metadata={"dev": {"rows": 3}},
    )


def _kinds() -> LinearModel:
    return LinearModel(
        name="kinds",
        label="kind",
        classes=("mechanism", "statistic", "advice"),
        featurizer=Featurizer(1, 1),
        features=("binds", "percent", "should"),
        weights=np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]]),
        bias=np.array([0.0, 0.0, 0.0]),
    )


def test_binary_scores_are_the_logistic_of_bias_plus_weights() -> None:
    model = _binary()
    scores = model.score(["Save 20% today!", "Not today."])
    expected = 1 / (1 + np.exp(-np.array([-1.0 + 0.5 + 1.25 + 1.0 + 0.75, -1.0 - 2.0 + 0.75])))
    assert np.allclose(scores, expected)
    assert model.predict(["Save 20% today!", "Not today."]) == [1, 0]


def test_the_article_fast_path_scores_as_the_sentences_alone() -> None:
    model = _binary()
    text = "Book now. Save 35% today! It is not for sale."
    spans = [(0, 9), (10, 25), (26, len(text))]
    alone = model.raw([text[s:e] for s, e in spans])
    assert np.allclose(model.raw_spans(prepare(text), spans), alone)


def test_multiclass_scores_are_a_softmax_over_the_classes() -> None:
    model = _kinds()
    scores = model.score(["IGF-1 binds its receptor.", "You should sleep.", "Nothing here."])
    assert scores.shape == (3, 3) and np.allclose(scores.sum(axis=1), 1)
    assert model.predict(["IGF-1 binds its receptor.", "You should sleep."]) == ["mechanism", "advice"]
    assert np.allclose(scores[2], 1 / 3)


def test_explain_quotes_the_sentence_in_its_own_words() -> None:
    model = _binary()
    text = "SAVE 20% on ipamorelin — book today"
    phrases = model.explain(text, k=2)
    assert [p.text for p in phrases] == ["SAVE 20%", "book today"]
    assert all(text[p.start : p.end] == p.text for p in phrases)
    assert phrases[0].weight == pytest.approx(0.5 + 1.25 + 1.0)


def test_explain_for_a_multiclass_target() -> None:
    model = _kinds()
    assert [p.text for p in model.explain("It binds, and 40 percent should.", k=1, target="statistic")] == [
        "percent"
    ]
    with pytest.raises(ValueError, match="no class"):
        model.explain("x", target="product")


@pytest.mark.parametrize("make", [_binary, _kinds])
def test_a_model_file_reads_back_the_same_and_writes_the_same_bytes(make: object, tmp_path: Path) -> None:
    model = make()  # type: ignore[operator]
    path = tmp_path / "m.json"
    model.save(path)
    again = LinearModel.load(path)
    assert again.dumps() == path.read_text(encoding="utf-8")
    assert again.classes == model.classes and again.threshold == model.threshold
    texts = ["Save 20% today", "IGF-1 binds; 3 percent should"]
    assert np.allclose(again.score(texts), model.score(texts))


@pytest.mark.parametrize(
    "text",
    ["", "{}", '{"format": "claimcheck-linear/1"}', "[1, 2]", '{"format": "other"}'],
)
def test_a_broken_model_file_is_a_one_line_error(text: str, tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFileError) as caught:
        LinearModel.load(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_model_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read"):
        LinearModel.load(tmp_path / "none.json")


def test_a_stack_scores_as_its_models_alone() -> None:
    from claimcheck.scoring.stack import Stack

    first = _binary()
    second = LinearModel(
        name="other",
        label="absolute",
        classes=(0, 1),
        featurizer=Featurizer(1, 2),
        features=("cures", "save", "zzz"),
        weights=np.array([[3.0], [-0.5], [1.0]]),
        bias=np.array([0.25]),
        threshold=0.9,
    )
    stack = Stack.of([first, second])
    text = "It cures all. Save 20% today! Nothing."
    spans = [(0, 13), (14, 29), (30, 38), (38, 38)]
    both = stack.on_page(prepare(text), spans)[0]
    assert both.shape == (4, 2)
    for column, model in enumerate((first, second)):
        assert np.allclose(both[:, column], model.score([text[s:e] for s, e in spans]))
    assert list(stack.thresholds) == [0.6, 0.9]
    with pytest.raises(ValueError, match="featurizer"):
        Stack.of(
            [
                first,
                LinearModel("x", "y", (0, 1), Featurizer(1, 1), ("a",), np.array([[1.0]]), np.array([0.0])),
            ]
        )
    assert stack.on_page(prepare(text), [])[0].shape == (0, 2)


def test_idf_models_score_normalised_sentences_and_stack_as_alone() -> None:
    from claimcheck.scoring.stack import Stack

    def idf_model(name: str, weights: list[float], idf: list[float]) -> LinearModel:
        return LinearModel(
            name=name,
            label=name,
            classes=(0, 1),
            featurizer=Featurizer(1, 1),
            features=("book", "cures", "now", "today"),
            weights=np.array([[w] for w in weights]),
            bias=np.array([-0.5]),
            idf=np.array(idf),
        )

    first = idf_model("a", [2.0, 0.0, 1.0, -1.0], [1.5, 2.0, 1.0, 1.2])
    second = idf_model("b", [0.0, 3.0, 0.0, 0.5], [1.4, 2.5, 1.1, 1.0])
    # "book now now": book and now once each; norm sqrt(1.5^2 + 1^2)
    expected = -0.5 + (2.0 * 1.5 + 1.0 * 1.0) / np.sqrt(1.5**2 + 1.0**2)
    assert first.raw(["Book now, now!"])[0] == pytest.approx(expected)
    assert first.raw(["nothing known"])[0] == pytest.approx(-0.5)
    text = "Book now. It cures today. Nothing."
    spans = [(0, 9), (10, 25), (26, 34)]
    both = Stack.of([first, second]).on_page(prepare(text), spans)[0]
    for column, model in enumerate((first, second)):
        assert np.allclose(both[:, column], model.score([text[s:e] for s, e in spans]))
    counted = LinearModel("c", "c", (0, 1), Featurizer(1, 1), ("book",), np.array([[1.0]]), np.array([0.0]))
    with pytest.raises(ValueError, match="idf"):
        Stack.of([first, counted])
    phrases = first.explain("Book it now", k=1)
    assert [p.text for p in phrases] == ["Book"]


@pytest.mark.parametrize("idf", [False, True])
def test_a_shrink_draws_few_known_features_toward_the_bias_alone_stacked_and_read_back(idf: bool) -> None:
    from claimcheck.scoring.stack import Stack

    def model(name: str, weights: list[float], shrink: float | None) -> LinearModel:
        return LinearModel(
            name=name,
            label=name,
            classes=(0, 1),
            featurizer=Featurizer(1, 1),
            features=("book", "cures", "now", "today"),
            weights=np.array([[w] for w in weights]),
            bias=np.array([-0.5]),
            idf=np.array([1.5, 2.0, 1.0, 1.2]) if idf else None,
            shrink=shrink,
        )

    plain = model("a", [2.0, 1.0, 1.0, -1.0], None)
    shrunk = model("a", [2.0, 1.0, 1.0, -1.0], 2.0)
    other = model("b", [0.0, 3.0, 0.0, 0.5], None)
    # one known feature: a third of its pull; three: three fifths
    assert shrunk.raw(["Book"])[0] == pytest.approx(-0.5 + (plain.raw(["Book"])[0] + 0.5) / 3)
    three = "Book it now today"
    assert shrunk.raw([three])[0] == pytest.approx(-0.5 + (plain.raw([three])[0] + 0.5) * 3 / 5)
    assert shrunk.raw(["nothing known"])[0] == pytest.approx(-0.5)
    text = "Book now. It cures today. Nothing. Book"
    spans = [(0, 9), (10, 25), (26, 34), (35, 39)]
    stack = Stack.of([shrunk, other])
    back = Stack.loads(stack.dumps())
    for column, alone in enumerate((shrunk, other)):
        expected = alone.score([text[s:e] for s, e in spans])
        assert np.allclose(stack.on_page(prepare(text), spans)[0][:, column], expected)
        assert np.allclose(back.on_page(prepare(text), spans)[0][:, column], expected)
    assert LinearModel.loads(shrunk.dumps()).shrink == 2.0
    assert '"shrink"' not in plain.dumps()
    with pytest.raises(ModelFileError, match="shrink"):
        LinearModel.loads(shrunk.dumps().replace('"shrink": 2.0', '"shrink": -1.0'))


@pytest.mark.parametrize("idf", [False, True])
def test_a_stack_file_reads_back_the_same_and_explains_as_its_models(idf: bool) -> None:
    from claimcheck.scoring.stack import Stack

    weights = {"a": [2.0, 0.0, 1.0, -1.0], "b": [0.0, 3.0, 0.0, 0.5]}
    models = [
        LinearModel(
            name=name,
            label=name,
            classes=(0, 1),
            featurizer=Featurizer(1, 2),
            features=("book", "cures", "now", "today"),
            weights=np.array([[w] for w in ws]),
            bias=np.array([-0.5]),
            threshold=0.7,
            idf=np.array([1.5, 2.0, 1.0, 1.2]) if idf else None,
        )
        for name, ws in weights.items()
    ]
    stack = Stack.of(models, {"a": "x", "b": "y"})
    again = Stack.loads(stack.dumps())
    assert again.dumps() == stack.dumps() and again.sources == {"a": "x", "b": "y"}
    text = "Book it now: it cures today"
    assert np.allclose(
        again.on_page(prepare(text), [(0, len(text))])[0][0], [m.score([text])[0] for m in models]
    )
    for column, model in enumerate(models):
        assert again.explain(column, text) == model.explain(text)
    with pytest.raises(ModelFileError):
        Stack.loads(b'{"format": "claimcheck-stack/1"}\n')


def test_the_shipped_stack_is_its_shipped_models() -> None:
    from claimcheck.rules.stance import MODELS, stack
    from claimcheck.scoring import load
    from claimcheck.scoring.shipped import model_path, stack_path
    from claimcheck.scoring.stack import Stack, file_sha256

    on_disk = Stack.loads(stack_path("content").read_bytes())
    current = {name: file_sha256(model_path(name).read_bytes()) for name in MODELS}
    assert on_disk.sources == current, "content.stack is stale: retrain (nox -s train) or rebuild it"
    shipped = stack()
    built = Stack.of([load(name) for name in MODELS])
    assert shipped.names == built.names and shipped.features == built.features
    assert np.array_equal(shipped.weights, built.weights) and np.array_equal(
        shipped.thresholds, built.thresholds
    )
    text = "Start your personalized hormone protocol today and save 20% on your first month."
    for column, name in enumerate(MODELS):
        assert shipped.explain(column, text) == load(name).explain(text)


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("Eat more fruit every day.", {"k:imperative", "k:lifestyle"}),
        ("Adults should do 150 minutes of activity a week.", {"k:directive", "k:number"}),
        ("Sarcopenia is the age-related loss of muscle.", {"k:definition"}),
        ("This condition is called portal hypertension.", {"k:called"}),
        ("About one in three adults has prediabetes.", {"k:number"}),
        ("Smoking is linked to a higher risk of Crohn's disease.", {"k:association", "k:lifestyle"}),
        ("Our formula is $49 today.", {"k:number", "k:seller", "k:offer"}),
        ("Further studies are needed.", {"k:study"}),
        ("Sleep was measured with wrist actigraphy.", {"k:lifestyle", "k:procedure"}),
        ("Some people worry that statins cause memory loss.", {"k:reported", "k:cause"}),
        ("The NINDS supports research on coma.", {"k:agency"}),
        ("For more information, visit the institute's website.", {"k:pointer", "k:agency"}),
        ("I tried it and my knees feel better.", {"k:person", "k:symptom"}),
        ("Your care team replies within a day.", {"k:you"}),
        ("Diverticulitis can cause complications, such as", {"k:cause", "k:dangling"}),
        ("Risk factors include:", {"k:association", "k:dangling"}),
        # a claim that links its source is no pointer
        ("Statins lower LDL, as [reviewed here](https://example.org).", set()),
    ],
)
def test_the_kind_guide_cues_are_features_of_the_sentence(text: str, cues: set[str]) -> None:
    found = {f for f in Featurizer(1, 1, cues=True).text_features(text) if f.startswith("k:")}
    assert found == cues
    assert not any(f.startswith("k:") for f in Featurizer(1, 1).text_features(text))
    assert Featurizer.from_settings(Featurizer(1, 2, 4, cues=True).settings()).cues


def test_a_link_s_address_is_no_words_of_the_sentence() -> None:
    linked = "Statins lower LDL, as [reviewed here](https://example.org/statins) and at www.nih.gov."
    plain = "Statins lower LDL, as [reviewed here] and at."
    featurizer = Featurizer(1, 2, prefix=4, shape=True, cues=True, links=True)
    found = featurizer.text_features(linked)
    assert not {"https", "example", "org", "p:exam", "www", "nih", "gov", "k:agency"} & set(found)
    assert "s:end." in found and set(found) == set(featurizer.text_features(plain))
    assert not any("example" in feature for feature, _ in featurizer.located(linked))
    # within an article prepared once, a sentence's features are the same as alone
    article = prepare("Intro. " + linked + " More text with https://other.example.")
    assert featurizer.features(article, 7, 7 + len(linked)) == featurizer.text_features(linked)
    # off by default: the content models' features are unchanged
    assert "example" in Featurizer(1, 2).text_features(linked)
    assert Featurizer.from_settings(featurizer.settings()).links
