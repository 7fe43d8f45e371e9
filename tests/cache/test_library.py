"""``rankings.json`` read only when CC102 asks for a ranking (:class:`cache.library.KeptRankings`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.cache import files, store
from claimcheck.cache.library import KeptRankings
from tests.conftest import Run


def test_kept_rankings_are_read_when_first_asked_for() -> None:
    reads: list[int] = []

    def read() -> dict[str, list[tuple[str, float]]]:
        reads.append(1)
        return {"query": [("key", 1.0)]}

    kept = KeptRankings(read)
    assert reads == [] and not kept.added()
    assert kept.get("query") == [("key", 1.0)] and kept.get("other") is None
    assert reads == [1] and not kept.added()  # read once, nothing new
    kept["other"] = [("key", 0.5)]
    assert kept.added() and len(kept) == 2 and reads == [1]
    assert dict(kept) == {"query": [("key", 1.0)], "other": [("key", 0.5)]}


def test_a_recheck_without_unsupported_claims_reads_no_rankings(
    cli: Callable[..., Run], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = shipped / "content" / "articles" / "plain.md"  # no claims file: nothing for CC102 to rank
    plain.write_text("---\nid: plain\ntitle: Plain\n---\n## Sleep\n\nSleep matters.\n", encoding="utf-8")
    cold = json.loads(cli("check", "--root", shipped, "--format", "json").out)
    ranked_paths = {Path(f["path"]).stem for f in cold["findings"] if f["rule"] == "CC102"}
    articles = sorted((shipped / "content" / "articles").glob("*.md"))
    quiet = [a for a in articles if a.stem not in ranked_paths]
    ranked = [a for a in articles if a.stem in ranked_paths]
    assert quiet and ranked
    kept = (shipped / ".claimcheck_cache" / files.RANKINGS).read_bytes()
    reads: list[str] = []
    real = store.CheckCache._rankings

    def spy(self: store.CheckCache, bib_hash: str) -> dict[str, list[tuple[str, float]]]:
        reads.append(bib_hash)
        return real(self, bib_hash)

    monkeypatch.setattr(store.CheckCache, "_rankings", spy)
    for article, read in ((quiet[0], False), (ranked[0], True)):
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        reads.clear()
        again = cli("check", "--root", shipped, "--format", "json").out
        assert bool(reads) is read, article.name
        assert again == cli("check", "--root", shipped, "--format", "json", "--no-cache").out
    # every claim was ranked before: rankings.json is not written again
    assert (shipped / ".claimcheck_cache" / files.RANKINGS).read_bytes() == kept
