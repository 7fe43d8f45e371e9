"""``Dependencies``: the claim ids of a claims file, kept joined, split only when asked."""

from __future__ import annotations

from claimcheck.run.changes import Dependencies


def _deps(ids: dict[str, str]) -> Dependencies:
    return Dependencies(articles={}, claims={}, ids=ids)


def test_the_ids_of_a_file_are_split_on_demand() -> None:
    deps = _deps({"claims/a.yaml": "vitamin-d sleep-2", "claims/b.yaml": ""})
    assert deps.ids_of("claims/a.yaml") == ["vitamin-d", "sleep-2"]
    assert deps.ids_of("claims/b.yaml") == []
    assert deps.ids_of("claims/gone.yaml") == []


def test_an_id_elsewhere_is_a_whole_id_of_a_file_not_replaced() -> None:
    deps = _deps({"claims/a.yaml": "vitamin-d sleep-2", "claims/b.yaml": "sleep", "claims/c.yaml": ""})
    assert deps.any_id_elsewhere({"sleep"}, {"claims/a.yaml"})
    assert not deps.any_id_elsewhere({"sleep"}, {"claims/b.yaml"})  # only a prefix of sleep-2
    assert not deps.any_id_elsewhere({"vitamin"}, set())  # nor of vitamin-d
    assert not deps.any_id_elsewhere({"d"}, set())
    assert deps.any_id_elsewhere({"vitamin-d"}, {"claims/b.yaml"})
    assert not deps.any_id_elsewhere({"vitamin-d", "sleep-2"}, {"claims/a.yaml"})
    assert not deps.any_id_elsewhere(set(), set())
