"""Hard ceilings that configuration cannot lift (docs/robustness.md, "Limits that are decisions")."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.core.errors import ConfigError
from claimcheck.lexicon.load import MAX_PACK_BYTES, read_pack


def test_a_pack_over_the_ceiling_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    pack = tmp_path / "big.yaml"
    phrases = "".join(f"    - phrase number {i}\n" for i in range(MAX_PACK_BYTES // 20))
    pack.write_text("phrases:\n  promotional:\n" + phrases, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pack refused: .* bytes \(at most 1,000,000\)"):
        read_pack(pack)


def test_max_file_size_cannot_be_raised_past_ten_megabytes(tmp_path: Path) -> None:
    from claimcheck.settings import load_settings

    (tmp_path / "claimcheck.toml").write_text("max_file_size = 10000001\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="less than or equal to 10000000"):
        load_settings(tmp_path)
    (tmp_path / "claimcheck.toml").write_text("max_file_size = 10000000\n", encoding="utf-8")
    assert load_settings(tmp_path).max_file_size == 10_000_000
