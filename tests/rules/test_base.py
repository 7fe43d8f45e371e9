"""A rule's declaration: what one check of it reads (Rule.granularity), never how it runs."""

from __future__ import annotations

from claimcheck.rules import RULES
from claimcheck.run.ahead import preparers


def test_a_rule_over_one_article_gives_its_check_of_one_article() -> None:
    for rule in RULES:
        assert (rule.granularity == "article") == (rule.article_check is not None), rule.id
        assert rule.granularity in ("project", "article", "claims file"), rule.id
        if rule.reads_articles or rule.warm_up is not None:
            assert rule.granularity == "claims file", rule.id


def test_the_runner_runs_ahead_exactly_the_article_and_claims_file_rules() -> None:
    ahead = {r.id for r in RULES if r.granularity != "project"}
    assert ahead == {r.id for r in RULES if r.granularity in ("article", "claims file")}
    assert {"CC006", "CC101", "CC102", "CC502", "CC503"} <= {
        r.id for r in RULES if r.granularity == "claims file"
    }
    steps = preparers(RULES)
    assert len(steps) == 2  # one per article, one per chunk of claims files
    assert preparers([r for r in RULES if r.granularity == "project"]) == ()
