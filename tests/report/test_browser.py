"""The HTML report in a real headless Chromium (Debian's chromium + chromium-driver, driven
by selenium through the system chromedriver; selenium's own driver download is never used).

Install the browser with ``.ci/install-browser``. These tests are skipped only when
/usr/bin/chromium is missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, needs_chromium

pytestmark = needs_chromium


def _open(browser: Any, cli: Callable[..., Run], root: Path, out: Path) -> list[dict[str, Any]]:
    """Write the report, load it from file://, and return the console messages of the load."""
    run = cli("report", "--root", root, "--out", out)
    assert run.code == 0, run.err
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get((out / "index.html").as_uri())
    browser.find_element("id", "visible-count")
    messages: list[dict[str, Any]] = browser.get_log("browser")
    return messages


def _visible_findings(browser: Any) -> dict[str, bool]:
    items = browser.find_elements("css selector", "li.finding")
    return {item.get_attribute("id"): item.is_displayed() for item in items}


def test_report_loads_without_console_errors(
    browser: Any, cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    messages = _open(browser, cli, shipped, tmp_path / "out")
    assert [m for m in messages if m["level"] in ("SEVERE", "WARNING")] == []
    assert browser.title == "claimcheck review report"
    expected = len(json.loads(cli("check", "--root", shipped, "--format", "json").out)["findings"])
    assert browser.find_element("id", "visible-count").text == str(expected)
    screenshot = tmp_path / "report.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


def test_category_filter_hides_and_shows_findings(
    browser: Any, cli: Callable[..., Run], mixed: Path, tmp_path: Path
) -> None:
    messages = _open(browser, cli, mixed, tmp_path / "out")
    assert [m for m in messages if m["level"] == "SEVERE"] == []
    items = browser.find_elements("css selector", "li.finding")
    category = {i.get_attribute("id"): i.get_attribute("data-category") for i in items}
    assert sorted(category.values()) == ["citation", "review", "review"]
    assert all(_visible_findings(browser).values())
    marks = browser.find_elements("css selector", "mark.hl")
    assert marks and not any("off" in (m.get_attribute("class") or "").split() for m in marks)

    box = browser.find_element("css selector", '#filter-category input[value="review"]')
    box.click()
    shown = _visible_findings(browser)
    assert {fid for fid, visible in shown.items() if visible} == {
        f for f, c in category.items() if c == "citation"
    }
    assert browser.find_element("id", "visible-count").text == "1"
    # the highlight of the sunlight claim (only review findings) is switched off, the other stays
    states = {
        m.get_attribute("data-findings"): "off" in (m.get_attribute("class") or "").split()
        for m in browser.find_elements("css selector", "mark.hl")
    }
    assert sorted(states.values()) == [False, True]
    browser.execute_script("document.getElementById('article-demo').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "filtered.png"))
    browser.execute_script("window.scrollTo(0, 0)")

    box.click()
    assert all(_visible_findings(browser).values())
    assert browser.find_element("id", "visible-count").text == "3"

    # the status filter hides claims (and their findings) of that status
    browser.find_element("css selector", '#filter-status input[value="approved"]').click()
    assert not browser.find_element("id", "claim-vitamin-d-sunlight").is_displayed()
    assert browser.find_element("id", "claim-vitamin-d-skin").is_displayed()
    assert browser.find_element("id", "visible-count").text == "1"


def test_hostile_article_markup_is_shown_as_text_and_runs_nothing(
    browser: Any, cli: Callable[..., Run], hostile: Path, tmp_path: Path
) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    messages = _open(browser, cli, hostile, tmp_path / "out")
    assert [m for m in messages if m["level"] == "SEVERE"] == [], "nothing was blocked: nothing tried to run"
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    source = browser.find_element("css selector", "#article-demo .source").text
    assert "<script>window.__xss = 'body'</script> Really." in source
    assert "<img src=x onerror=\"window.__xss = 'img'\"> Sunlight" in source
    assert browser.find_elements("css selector", "img, iframe, svg:not([role]), b") == []
    assert len(browser.find_elements("css selector", "script")) == 1
    # the markup is highlighted as the quote of a flagged claim (no citation), still as text
    # (the content and quality rules mark the front matter and "cures" too: all as text)
    marked = [m.text for m in browser.find_elements("css selector", "#article-demo mark.hl")]
    assert "<img src=x onerror=\"window.__xss = 'img'\"> Sunlight" in marked
    claim = browser.find_element("id", "claim-vitamin-d-skin").text
    assert "<script>window.__xss='reviewer'</script>" in claim
    assert "<img src=x onerror=\"window.__xss='bib-title'\">" in claim
    assert browser.find_element("tag name", "body").is_displayed()  # the <style> justification did not apply
    assert browser.title.startswith("claimcheck review report")
    browser.execute_script("document.getElementById('article-demo').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "hostile.png"))


def test_fix_first_ranking_counts_follow_filters_and_the_state_is_in_the_url(
    browser: Any, cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    from tests.conftest import SCREENSHOTS

    messages = _open(browser, cli, shipped, tmp_path / "out")
    assert [m for m in messages if m["level"] == "SEVERE"] == []
    listed = json.loads(cli("review", "list", "--root", shipped, "--format", "json").out)["claims"]
    ranked = [i.get_attribute("data-claim") for i in browser.find_elements("css selector", "li.fix")]
    assert ranked == [i["claim"] for i in listed]  # one ranking: the report's is review list's
    first = browser.find_element("css selector", "li.fix .command code").text
    assert (
        first
        == f'claimcheck review set {listed[0]["claim"]} --status approved --reviewer "$CLAIMCHECK_REVIEWER"'
    )
    for article in browser.find_elements("css selector", "section.article .source"):
        assert not article.text.startswith("---") and "\nid: " not in article.text  # no front matter
    assert browser.find_elements("css selector", "section.article .source h2")  # Markdown, rendered
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "report-fix-first.png"))

    def count(key: str) -> int:
        return int(browser.find_element("css selector", f'[data-count="{key}"]').text)

    report = json.loads(cli("check", "--root", shipped, "--format", "json").out)["findings"]
    errors = [f for f in report if f["severity"] == "error" and not f["waived"]]
    assert count("error") == len(errors)
    # only errors: the warning count drops to 0, the error count stays, the queue shows the error tier
    for level in ("warning", "info"):
        browser.find_element("css selector", f'#filter-severity input[value="{level}"]').click()
    assert (count("warning"), count("info"), count("error")) == (0, 0, len(errors))
    assert "severity=error" in browser.current_url
    # a search narrows claims, findings, the queue and the counts together
    browser.find_element("id", "search").send_keys("liver")
    matching = [i for i in listed if "liver" in (i["quote"] + " " + i["claim"]).lower()]
    queue = [i for i in browser.find_elements("css selector", "li.fix") if i.is_displayed()]
    assert [i.get_attribute("data-claim") for i in queue] == [
        i["claim"]
        for i in matching
        if any(f["severity"] == "error" and not f["waived"] for f in i["findings"])
    ]
    assert queue and browser.find_element("id", "queue-count").text == str(len(queue))
    assert count("error") == sum(
        1 for i in matching for f in i["findings"] if f["severity"] == "error" and not f["waived"]
    )
    # the address keeps the state: opening it again shows the same
    address = browser.current_url
    assert "q=liver" in address
    browser.get("about:blank")
    browser.get(address)
    browser.find_element("id", "visible-count")
    assert browser.find_element("id", "search").get_attribute("value") == "liver"
    assert not browser.find_element("css selector", '#filter-severity input[value="warning"]').is_selected()
    assert browser.find_element("id", "queue-count").text == str(len(queue))


def test_a_page_of_capped_lists_filters_what_it_lists(
    browser: Any, cli: Callable[..., Run], shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists of 10 items at most: every listed item shows (a finding or Fix first claim whose
    claim has no card here too), the filters and the search apply to what is listed, the
    visible counts are of what is listed and the summary keeps the project's totals."""
    from claimcheck.report import html as report_html

    monkeypatch.setattr(report_html, "LIST_SHOWN", 10)  # a finding of a claim without a card listed
    messages = _open(browser, cli, shipped, tmp_path / "out")
    assert [m for m in messages if m["level"] in ("SEVERE", "WARNING")] == []
    shown = _visible_findings(browser)
    assert 10 < len(shown) <= 30 and all(shown.values())
    cards = {
        c.get_attribute("id")[len("claim-") :] for c in browser.find_elements("css selector", "article.claim")
    }
    claims = [i.get_attribute("data-claim") for i in browser.find_elements("css selector", "li.finding")]
    assert any(claim and claim not in cards for claim in claims)  # shown though its card is not
    fixes = browser.find_elements("css selector", "li.fix")
    assert len(fixes) == 10 and all(i.is_displayed() for i in fixes)
    assert browser.find_element("id", "queue-count").text == "10"
    assert browser.find_element("id", "visible-count").text == str(len(shown))
    report = json.loads(cli("check", "--root", shipped, "--format", "json").out)["findings"]
    errors = len([f for f in report if f["severity"] == "error" and not f["waived"]])
    summary = browser.find_element("css selector", '[data-count="error"]')
    assert summary.text == str(errors)
    marks = browser.find_elements("css selector", "mark.hl")
    assert marks and not [m for m in marks if "off" in (m.get_attribute("class") or "")]
    for level in ("error", "warning", "info"):
        browser.find_element("css selector", f'#filter-severity input[value="{level}"]').click()
    assert not any(_visible_findings(browser).values())
    assert browser.find_element("id", "visible-count").text == "0"
    assert summary.text == str(errors)  # the summary counts everything, not what is listed
    for level in ("error", "warning", "info"):
        browser.find_element("css selector", f'#filter-severity input[value="{level}"]').click()
    first = fixes[0].get_attribute("data-claim")
    browser.find_element("id", "search").send_keys(first)
    assert [i.get_attribute("data-claim") for i in fixes if i.is_displayed()] == [first]
