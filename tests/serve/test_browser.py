"""The review app driven in headless Chromium against the real server (a subprocess running
``claimcheck serve``): decisions land in the claims file exactly as the CLI writes them, a
stale page is refused, hostile content stays inert. Screenshots go to build/screenshots/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SCREENSHOTS, Run, needs_chromium
from tests.report.conftest import HOSTILE_ARTICLE, HOSTILE_BIB, HOSTILE_CLAIMS
from tests.serve.conftest import Server

pytestmark = needs_chromium

REVIEWER = "Browser Editor"
CLAIMS = "content/claims/demo.yaml"


def _wait(browser: Any, css: str, timeout: float = 30) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _submit(browser: Any, button: Any, then: str) -> Any:
    """Click ``button`` and wait for the next page to show ``then``. The page being left is
    marked; the next one is the first without the mark. While the old page is torn down,
    chromium may answer "Node with given id does not belong to the document" (or any other
    error about the page going away): those only mean "not yet"."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.__leaving = true")
    button.click()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script("return document.readyState === 'complete' && !window.__leaving")
    )
    return _wait(browser, then)


def _claim(browser: Any, claim: str) -> Any:
    return browser.find_element("id", f"claim-{claim}")


def _shot(browser: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / name
    assert browser.save_screenshot(str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return target


def _no_script_ran(browser: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    assert browser.execute_script("return typeof window.__xss") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    scripts = browser.find_elements("css selector", "script")
    assert [s.get_attribute("src") for s in scripts] == [
        browser.current_url.split("/", 3)[0] + "//" + browser.current_url.split("/", 3)[2] + "/static/app.js"
    ]


def test_four_decisions_in_the_browser_write_what_the_cli_writes(
    browser: Any, serve: Callable[..., Server], demo: Path, cli: Callable[..., Run], tmp_path: Path
) -> None:
    original = (demo / CLAIMS).read_text(encoding="utf-8")
    by_cli = tmp_path / "by-cli"
    shutil.copytree(demo, by_cli)
    server = serve(demo, "--reviewer", REVIEWER)

    browser.get(server.url + "/")
    queue = [i.get_attribute("data-claim") for i in browser.find_elements("css selector", "#queue > li")]
    listed = json.loads(cli("review", "list", "--root", demo, "--format", "json").out)["claims"]
    assert queue == [i["claim"] for i in listed]  # the ranking of review list
    assert queue[-1] == "vitamin-d-skin" and set(queue[:3]) == {
        "miracle-drops",
        "calcium-absorption",
        "daily-need",
    }
    _shot(browser, "review-app-queue.png")

    browser.find_element("css selector", '#queue > li[data-claim="vitamin-d-skin"] a.claim-link').click()
    _wait(browser, "#claim-vitamin-d-skin form.decide")
    assert browser.find_elements("css selector", "#article-text mark")  # the claims, highlighted in place
    assert "---" not in browser.find_element("id", "article-text").text.splitlines()[0]  # no front matter
    browser.execute_script("window.scrollTo(0, 0)")
    _shot(browser, "review-app-article.png")

    # 1. approve
    button = _claim(browser, "vitamin-d-skin").find_element("css selector", "form.decide button.approve")
    done = _submit(browser, button, "#claim-vitamin-d-skin [data-role=done]")
    assert "approved (recorded in content/claims/demo.yaml)" in done.text
    assert "+      status: approved # not yet looked at" in done.find_element("css selector", "pre.diff").text
    assert _claim(browser, "vitamin-d-skin").get_attribute("data-status") == "approved"

    # 2. cite a reference, with a relation and a locator
    form = _claim(browser, "calcium-absorption").find_element("css selector", "form.cite")
    form.find_element("name", "key").send_keys("holick2007")
    form.find_element("css selector", "select[name=relation] option[value=supports]").click()
    form.find_element("name", "locator").send_keys("p. 270")
    done = _submit(
        browser, form.find_element("css selector", "button"), "#claim-calcium-absorption [data-role=done]"
    )
    assert "cites holick2007 (supports)" in done.text
    assert (
        "holick2007"
        in _claim(browser, "calcium-absorption").find_element("css selector", "ul.citations").text
    )

    # 3. waive a finding, with a justification (and without one: refused)
    form = _claim(browser, "daily-need").find_element("css selector", 'form.waive[data-rule="CC102"]')
    refused = _submit(
        browser, form.find_element("css selector", "button"), "#claim-daily-need [data-role=problem]"
    )
    assert "needs a justification" in refused.text
    assert (demo / CLAIMS).read_text(encoding="utf-8").count("waivers") == 0
    form = _claim(browser, "daily-need").find_element("css selector", 'form.waive[data-rule="CC102"]')
    form.find_element("name", "justification").send_keys("Common knowledge, in every national guideline")
    done = _submit(browser, form.find_element("css selector", "button"), "#claim-daily-need [data-role=done]")
    assert "waived CC102" in done.text

    # 4. reject the promotional claim, with a note (approving it is refused first: open errors)
    form = _claim(browser, "miracle-drops").find_element("css selector", "form.decide")
    refused = _submit(
        browser,
        form.find_element("css selector", "button.approve"),
        "#claim-miracle-drops [data-role=problem]",
    )
    assert "cannot approve miracle-drops: unwaived error" in refused.text
    form = _claim(browser, "miracle-drops").find_element("css selector", "form.decide")
    form.find_element("name", "note").send_keys("An advert, not a claim")
    done = _submit(
        browser, form.find_element("css selector", "button.reject"), "#claim-miracle-drops [data-role=done]"
    )
    assert "rejected" in done.text
    _no_script_ran(browser)

    # the same four decisions through the CLI give the same file, byte for byte
    today = dt.date.today().isoformat()
    common = ("--root", by_cli, "--reviewer", REVIEWER, "--date", today)
    assert cli("review", "set", "vitamin-d-skin", "--status", "approved", *common).code == 0
    assert (
        cli(
            "review",
            "cite",
            "calcium-absorption",
            "holick2007",
            "--relation",
            "supports",
            "--locator",
            "p. 270",
            "--root",
            by_cli,
        ).code
        == 0
    )
    assert (
        cli(
            "review",
            "set",
            "daily-need",
            "--status",
            "pending",
            "--waive",
            "CC102",
            "--justification",
            "Common knowledge, in every national guideline",
            *common,
        ).code
        == 0
    )
    assert (
        cli(
            "review",
            "set",
            "miracle-drops",
            "--status",
            "rejected",
            "--note",
            "An advert, not a claim",
            *common,
        ).code
        == 0
    )
    edited = (demo / CLAIMS).read_text(encoding="utf-8")
    assert edited == (by_cli / CLAIMS).read_text(encoding="utf-8")
    assert edited != original
    for line in original.splitlines():  # every comment kept
        if "#" in line:
            assert line.split("#", 1)[1] in edited

    # and the check agrees: the same findings as after the CLI's decisions
    mine = json.loads(cli("check", "--root", demo, "--format", "json", "--no-cache").out)["findings"]
    theirs = json.loads(cli("check", "--root", by_cli, "--format", "json", "--no-cache").out)["findings"]
    assert mine == theirs
    on = {(f["claim"], f["rule"]): f["waived"] for f in mine if f["claim"]}
    assert ("calcium-absorption", "CC102") not in on
    assert on[("daily-need", "CC102")] is True
    assert not [f for f in mine if f["claim"] == "vitamin-d-skin" and f["severity"] == "error"]


def test_a_decision_on_a_page_older_than_the_file_is_refused_and_nothing_is_lost(
    browser: Any, serve: Callable[..., Server], demo: Path
) -> None:
    server = serve(demo, "--reviewer", REVIEWER)
    browser.get(server.url + "/article/demo")
    form = _claim(browser, "vitamin-d-skin").find_element("css selector", "form.decide")
    form.find_element("name", "note").send_keys("Checked against the review")

    # meanwhile someone saves the file in a text editor
    path = demo / CLAIMS
    meanwhile = path.read_text(encoding="utf-8").replace("# the advert", "# the advert (edited meanwhile)")
    path.write_text(meanwhile, encoding="utf-8")

    problem = _submit(browser, form.find_element("css selector", "button.approve"), "#problem")
    assert "changed on disk since it was read" in problem.text
    assert "nothing was written" in problem.text
    assert path.read_text(encoding="utf-8") == meanwhile
    kept = _claim(browser, "vitamin-d-skin").find_element("css selector", "form.decide input[name=note]")
    assert kept.get_attribute("value") == "Checked against the review"
    # the page now shows the file as it is: the same decision goes through
    form = _claim(browser, "vitamin-d-skin").find_element("css selector", "form.decide")
    done = _submit(
        browser, form.find_element("css selector", "button.approve"), "#claim-vitamin-d-skin [data-role=done]"
    )
    assert "recorded" in done.text
    assert "# the advert (edited meanwhile)" in path.read_text(encoding="utf-8")


def test_hostile_article_is_inert_in_the_queue_and_on_its_page(
    browser: Any, serve: Callable[..., Server], make_project: Callable[..., Path]
) -> None:
    links = "\n[a link](javascript:window.__xss='md-link') and ![x](javascript:window.__xss='md-img')\n"
    root = make_project(
        {
            "content/articles/demo.md": HOSTILE_ARTICLE + links,
            "content/claims/demo.yaml": HOSTILE_CLAIMS,
            "references.bib": HOSTILE_BIB,
        }
    )
    server = serve(root, "--reviewer", "<script>window.__xss='reviewer-option'</script>")
    browser.get_log("browser")
    for path in ("/?settled=1", "/article/demo"):
        browser.get(server.url + path)
        _wait(browser, "main")
        _no_script_ran(browser)
        assert browser.find_elements("css selector", "main img, main iframe, main svg, main b") == []
        assert browser.find_elements("css selector", 'a[href^="javascript"], [onerror], [onmouseover]') == []
    assert browser.title.startswith("Vitamin D </title><script>")
    text = browser.find_element("id", "article-text").text
    assert "<script>window.__xss = 'body'</script> Really." in text
    assert "<a href=\"javascript:window.__xss='link'\">cures</a>" in text
    assert "[a link](javascript:window.__xss='md-link')" in text  # not made a link
    claim = _claim(browser, "vitamin-d-skin").text
    assert "<script>window.__xss='reviewer'</script>" in claim  # the recorded reviewer
    assert "<img src=x onerror=\"window.__xss='bib-title'\">" in claim  # a BibTeX field
    reviewer = _claim(browser, "vitamin-d-skin").find_element(
        "css selector", "form.decide input[name=reviewer]"
    )
    assert reviewer.get_attribute("value") == "<script>window.__xss='reviewer-option'</script>"
    assert not [m for m in browser.get_log("browser") if m["level"] == "SEVERE"], "nothing was even tried"
    _shot(browser, "review-app-hostile.png")


def test_shipped_article_page_and_queue_filters_in_the_url(
    browser: Any, serve: Callable[..., Server], shipped: Path, cli: Callable[..., Run]
) -> None:
    server = serve(shipped, "--reviewer", REVIEWER)
    browser.get(server.url + "/")
    listed = json.loads(cli("review", "list", "--root", shipped, "--format", "json").out)["claims"]
    shown = [i.get_attribute("data-claim") for i in browser.find_elements("css selector", "#queue > li")]
    assert shown == [i["claim"] for i in listed]  # one ranking: the app's queue is review list's
    _shot(browser, "review-app-queue-shipped.png")

    # a filter chosen in the page is kept in the URL, and the counts follow it
    browser.find_element("css selector", "#filters select[name=tier] option[value=pending]").click()
    _wait(browser, "#filters select[name=tier] option[value=pending]:checked")
    assert "tier=pending" in browser.current_url
    pending = [i["claim"] for i in listed if i["priority"] == "pending"]
    assert browser.find_element("id", "shown-count").text == str(len(pending))
    browser.get(server.url + "/?q=liver")
    found = [i.get_attribute("data-claim") for i in browser.find_elements("css selector", "#queue > li")]
    assert found == [i["claim"] for i in listed if i["claim"] in found]  # still in rank order
    assert found and all("liver" in json.dumps(i).lower() for i in listed if i["claim"] in found)
    assert browser.find_element("id", "shown-count").text == str(len(found))

    browser.get(server.url + "/article/igf1-lifestyle")
    _wait(browser, "#article-text h2")
    text = browser.find_element("id", "article-text").text
    assert not text.startswith("---") and "title:" not in text.split("\n", 3)[0]
    substances = browser.find_element("css selector", "section.substances").text
    assert "sermorelin" in substances and "WADA: prohibited" in substances
    assert browser.find_elements("css selector", "#article-text mark.r0")  # errors highlighted in place
    _shot(browser, "review-app-article-shipped.png")
