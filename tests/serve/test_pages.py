"""The article page's records (serve/pages.py)."""

from __future__ import annotations

import datetime as dt

from claimcheck.model.pack import RegulatoryStatus, StatusValue, Substance
from claimcheck.serve.pages import SubstanceStatus


def _status(jurisdiction: str, value: StatusValue, detail: str) -> RegulatoryStatus:
    return RegulatoryStatus(
        jurisdiction=jurisdiction,
        status=value,
        detail=detail,
        source="a source",
        checked=dt.date(2026, 11, 21),
    )


def test_two_records_of_one_status_make_one_badge_with_their_count() -> None:
    substance = Substance.model_validate(
        {
            "id": "cjc-1295",
            "names": ["CJC-1295"],
            "class": "GHRH analogue (peptide)",
            "statuses": [
                _status("US-FDA", StatusValue.UNVERIFIED, "No approved product known."),
                _status("WADA", StatusValue.PROHIBITED, "S2.5"),
                _status("US-FDA", StatusValue.UNVERIFIED, "503A category 2, reported removed."),
            ],
        }
    )
    badges = SubstanceStatus("CJC-1295", substance, ()).badges
    assert badges == [("US-FDA", "unverified", 2), ("WADA", "prohibited", 1)]


def test_a_substance_without_statuses_has_no_badge() -> None:
    substance = Substance.model_validate({"id": "x", "names": ["X"], "class": "peptide"})
    assert SubstanceStatus("X", substance, ()).badges == []
