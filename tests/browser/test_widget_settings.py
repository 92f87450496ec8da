"""The widget reads the clinic's settings from the server it talks to
(GET /webhooks/socketio/settings): an embed with only `data-server` shows the
clinic's name and numbers from clinic.yml; a data attribute still overrides
one; without the server it stays neutral and invents no number."""
from __future__ import annotations

import re

import yaml
from widget_support import DESKTOP, ROOT, WidgetPage

from testkit.helpers import free_port

CLINIC = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))["clinic"]
NAME, PHONE_NUMBER, EMERGENCY = CLINIC["name"], CLINIC["phone"], str(CLINIC["emergency_number"])


def _embed(site, browser, attributes: str) -> WidgetPage:
    """A page of the allowed site whose whole embedding is `<script src=widget.js {attributes}>`."""
    # WidgetPage opens the demo page first; then the same browser context
    # (its test hooks included) goes to the embed page, on the allowed origin.
    page = WidgetPage(browser, f"{site.url}/?server=http://127.0.0.1:{free_port()}", DESKTOP)
    url = f"{site.url}/embed.html"
    html = f'<!doctype html><html lang="en"><body><script src="widget.js" defer {attributes}></script></body></html>'
    page.page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
    page.page.goto(url)
    page.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget && window.ClinicChat.widget.root")
    return page


def test_an_embed_with_only_data_server_shows_the_clinic_from_clinic_yml(widget):
    # The demo page's tag carries nothing but the server (and no language here).
    attributes = widget.page.evaluate("Object.keys(document.querySelector('script[src=\"widget.js\"]').dataset)")
    assert attributes == ["server"]
    assert widget.launcher.get_attribute("aria-label") == f"Open chat with {NAME}"
    widget.open()
    assert widget.page.locator(".cc-title").inner_text() == NAME
    footer = widget.page.locator(".cc-footer .cc-emergency")
    assert EMERGENCY in footer.inner_text()
    assert footer.get_by_role("link").get_attribute("href") == f"tel:{EMERGENCY}"
    # The clinic's phone number in an answer is its own, linked as a number to call.
    widget.ask("what is your phone number?")
    call = widget.log.get_by_role("link", name=PHONE_NUMBER).last
    assert call.get_attribute("href") == "tel:" + re.sub(r"[^\d+]", "", PHONE_NUMBER)


def test_without_the_server_the_widget_is_neutral_and_names_no_number(browser, site):
    page = _embed(site, browser, f'data-server="http://127.0.0.1:{free_port()}"')
    try:
        assert page.launcher.get_attribute("aria-label") == "Open chat with Chat with us"  # the widget's default title
        page.open()
        assert page.page.locator(".cc-title").inner_text() == "Chat with us"
        offline = page.page.locator(".cc-offline")
        offline.wait_for(state="visible", timeout=15_000)
        assert "Please try again in a few minutes." in offline.inner_text()
        panel = page.panel.inner_text()
        assert NAME not in panel and PHONE_NUMBER not in panel
        assert page.page.locator(".cc-emergency").count() == 0
        assert page.panel.locator("a[href^='tel:']").count() == 0
        assert not page.errors
    finally:
        page.close()


def test_a_data_attribute_overrides_the_server_and_serves_when_it_is_down(browser, site):
    page = _embed(site, browser, f'data-server="http://127.0.0.1:{free_port()}" data-phone="(555) 000-1111"')
    try:
        page.open()
        offline = page.page.locator(".cc-offline")
        offline.wait_for(state="visible", timeout=15_000)
        assert offline.get_by_role("link", name="Call (555) 000-1111").get_attribute("href") == "tel:5550001111"
        assert not page.errors
    finally:
        page.close()
