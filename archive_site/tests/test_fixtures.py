"""The shared fixtures' own promises: a missing founding article is a failure under CI, never a silent skip."""

import pytest

import conftest


def test_missing_founding_article_fails_under_ci_and_says_what_is_missing(monkeypatch, tmp_path):
    missing = tmp_path / "000_250272190c6ac8f2.txt"
    monkeypatch.setattr(conftest, "FOUNDING_ARTICLE", missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set and the founding article .*000_250272190c6ac8f2.txt is missing"):
        conftest.require_founding_article()
    # Elsewhere a skip, with the same explanation.
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="ARCHIVE_SEED_DIR"):
        conftest.require_founding_article()


def test_present_founding_article_is_returned(monkeypatch, tmp_path):
    present = tmp_path / "000_250272190c6ac8f2.txt"
    present.write_text("تیتر", encoding="utf-8")
    monkeypatch.setattr(conftest, "FOUNDING_ARTICLE", present)
    monkeypatch.setenv("CI", "true")
    assert conftest.require_founding_article() == present
