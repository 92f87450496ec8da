"""The website widget in a real browser against the real running assistant.

Each test is a new visitor (its own browser context, so its own localStorage
and session id). Screenshots go to artifacts/screenshots/.
"""
from __future__ import annotations

import re

import requests
import yaml
from widget_support import DESKTOP, PHONE, ROOT, SCREENSHOTS, WidgetPage

from testkit.helpers import free_port

CLINIC = yaml.safe_load((ROOT / "clinic.yml").read_text(encoding="utf-8"))
PHONE_NUMBER = CLINIC["clinic"]["phone"]
EMERGENCY = str(CLINIC["clinic"]["emergency_number"])
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_open_privacy_notice_and_answer(widget):
    # The launcher is labelled and collapsed; the panel is closed.
    assert widget.launcher.get_attribute("aria-expanded") == "false"
    assert widget.launcher.get_attribute("aria-label") == f"Open chat with {CLINIC['clinic']['name']}"
    assert not widget.panel.is_visible()

    widget.launcher.click()
    widget.panel.wait_for(state="visible")
    assert widget.launcher.get_attribute("aria-expanded") == "true"
    assert widget.page.locator(".cc-title").inner_text() == CLINIC["clinic"]["name"]

    # First open: the clinic's privacy notice, with the OK button focused.
    notice = widget.page.locator(".cc-sheet")
    assert notice.is_visible()
    assert " ".join(CLINIC["privacy_notice"].split()) in notice.inner_text()
    assert widget.active()["text"] == "OK"
    widget.page.get_by_role("button", name="OK", exact=True).click()
    assert not notice.is_visible()
    assert widget.stored("privacy") == "1"
    assert widget.active()["id"] == "cc-input"  # focus moves to the input

    # The live region that announces the bot's messages.
    log = widget.page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"

    widget.ask("does it hurt")
    assert "numbing" in widget.transcript().lower()
    assert widget.page.locator(".cc-typing").count() == 0

    # The session id is a UUID v4 kept in localStorage.
    assert UUID4.match(widget.stored("session"))


def test_buttons_send_their_payload_and_show_the_title(widget):
    widget.open()
    # A suggestion on the welcome message...
    before = widget.bot_count()
    widget.page.get_by_role("button", name="Does it hurt?").click()
    widget.wait_for_reply(before)
    assert widget.page.locator(".cc-user .cc-bubble").last.inner_text().endswith("Does it hurt?")
    assert "numbing" in widget.transcript().lower()
    # ...and a button that came from the assistant.
    replies = widget.page.locator(".cc-replies .cc-reply")
    titles = replies.all_inner_texts()
    assert "Ask something else" in titles, titles
    before = widget.bot_count()
    widget.page.get_by_role("button", name="Ask something else").click()
    widget.wait_for_reply(before)
    assert widget.page.locator(".cc-user .cc-bubble").last.inner_text().endswith("Ask something else")
    # Only the newest message keeps its buttons.
    assert widget.page.locator(".cc-replies").count() <= 1
    # A topic button of that reply, then "Talk to a person" under the answer
    # hands the chat over: the banner of docs/design.md §3.
    before = widget.bot_count()
    widget.page.locator(".cc-replies").get_by_role("button", name="Does it hurt?").click()
    widget.wait_for_reply(before)
    widget.page.locator(".cc-replies").get_by_role("button", name="Talk to a person").click()
    widget.page.locator(".cc-handoff").wait_for(state="visible", timeout=30_000)
    assert "Connecting you to the clinic team" in widget.page.locator(".cc-handoff").inner_text()


def test_two_questions_get_two_answers_under_one_set_of_buttons(widget):
    widget.open()
    before = widget.bot_count()
    widget.ask("does it hurt, and how long will i look red for after?")
    answers = widget.page.locator(".cc-log > .cc-bot:not(.cc-welcome) .cc-bubble").all_inner_texts()[before:]
    assert len(answers) == 2, answers
    assert "numbing" in answers[0].lower() and "back to normal" in answers[1].lower(), answers
    # Each answer came with the same next steps: they are shown once, under the last.
    assert widget.page.locator(".cc-replies").count() == 1
    assert widget.page.locator(".cc-log > .cc-bot").last.locator(".cc-replies").count() == 1
    # The two answers are longer than the log: it shows the visitor's question
    # and the start of the first answer, not the end of the second.
    widget.page.wait_for_timeout(300)
    question = widget.page.locator(".cc-log > .cc-user").last.bounding_box()
    first = widget.page.locator(".cc-log > .cc-bot:not(.cc-welcome)").nth(before).bounding_box()
    log = widget.log.bounding_box()
    assert log["y"] - 1 <= question["y"] and first["y"] < log["y"] + log["height"], (log, question, first)
    widget.screenshot("two-questions.png")


def test_handoff_banner_and_a_staff_message_pushed_later(widget, stack, webhook):
    widget.open()
    widget.ask("I want to talk to a person")
    banner = widget.page.locator(".cc-handoff")
    banner.wait_for(state="visible")
    assert "Connecting you to the clinic team" in banner.inner_text()
    assert "cc-urgent" not in (banner.get_attribute("class") or "")
    ticket = re.search(r"Reference (\S+)", banner.inner_text())
    assert ticket, banner.inner_text()
    session = widget.stored("session")
    # The clinic's webhook names the ticket, never the conversation (issue 13).
    body = webhook.wait_for(lambda body: body.get("ticket") == ticket.group(1))
    assert session not in str(body)
    widget.screenshot("widget-desktop.png")

    # Staff hand the chat back through Rasa's HTTP API: the message reaches
    # the open page over the socket, without a reload.
    before = widget.bot_count()
    response = requests.post(
        f"{stack.url('rasa')}/conversations/{session}/execute",
        params={"token": stack.config["RASA_API_TOKEN"], "output_channel": "latest"},
        json={"name": "action_handback"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    widget.wait_for_reply(before)
    assert "handed the chat back" in widget.transcript()


def test_urgent_handoff_shows_the_emergency_number(widget):
    widget.open()
    widget.ask("my lips and throat are swelling and I can't breathe")
    banner = widget.page.locator(".cc-handoff.cc-urgent")
    banner.wait_for(state="visible")
    text = banner.inner_text()
    assert "Urgent" in text and EMERGENCY in text
    call = banner.get_by_role("link", name=f"Call {EMERGENCY}")
    assert call.get_attribute("href") == f"tel:{EMERGENCY}"
    widget.screenshot("widget-urgent.png")


def test_history_is_shown_again_after_a_reload(widget, stack):
    messages = widget.page.locator(".cc-log > :not(.cc-welcome):not(.cc-typing)")
    widget.open()
    widget.ask("does it hurt")
    session = widget.stored("session")
    before = messages.all_inner_texts()
    assert "numbing" in " ".join(before).lower()

    widget.page.reload()
    widget.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget.root")
    widget.launcher.click()
    widget.panel.wait_for(state="visible")
    assert not widget.page.locator(".cc-sheet").is_visible()  # the notice is remembered
    assert messages.all_inner_texts() == before
    assert widget.stored("session") == session
    # The same conversation goes on, on the server too.
    widget.page.wait_for_function("window.ClinicChat.widget.ready")
    widget.ask("how much does it cost")
    assert "$" in widget.transcript()
    tracker = requests.get(
        f"{stack.url('rasa')}/conversations/{session}/tracker",
        params={"token": stack.config["RASA_API_TOKEN"]},
        timeout=30,
    ).json()
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert said == ["does it hurt", "how much does it cost"], said
    assert tracker["latest_input_channel"] == "socketio"


def test_keyboard_only(widget):
    page = widget.page
    page.locator("body").focus()
    for _ in range(30):  # Tab through the page's own links to the launcher
        page.keyboard.press("Tab")
        if "cc-launcher" in widget.active()["cls"]:
            break
    assert "cc-launcher" in widget.active()["cls"], "the launcher is not reachable with Tab"

    page.keyboard.press("Enter")
    widget.panel.wait_for(state="visible")
    assert widget.active()["text"] == "OK"
    page.keyboard.press("Space")
    assert widget.active()["id"] == "cc-input"

    page.keyboard.type("does it hurt")
    before = widget.bot_count()
    page.keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert "numbing" in widget.transcript().lower()

    # Shift+Tab from the input walks back into the quick replies.
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if "cc-reply" in widget.active()["cls"]:
            break
    focused = widget.active()
    assert "cc-reply" in focused["cls"], focused
    before = widget.bot_count()
    page.keyboard.press("Enter")
    widget.wait_for_reply(before)
    assert widget.page.locator(".cc-user .cc-bubble").last.inner_text().endswith(focused["text"])

    # Escape closes the panel and gives focus back to the launcher.
    page.locator(".cc-input").focus()
    page.keyboard.press("Escape")
    assert not widget.panel.is_visible()
    assert "cc-launcher" in widget.active()["cls"]
    assert widget.launcher.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    widget.panel.wait_for(state="visible")
    assert widget.active()["id"] == "cc-input"

    # Every control has an accessible name.
    unnamed = page.evaluate(
        """() => {
            const root = document.getElementById('clinic-chat-widget').shadowRoot;
            return [...root.querySelectorAll('button, a, textarea, input, [tabindex]')].filter((el) => {
                const labelled = el.id && root.querySelector(`label[for="${el.id}"]`);
                return !(el.getAttribute('aria-label') || el.textContent.trim() || labelled);
            }).map((el) => el.outerHTML.slice(0, 80));
        }"""
    )
    assert unnamed == []


def test_message_text_is_never_html(widget):
    attack = '<img src=x onerror="window.__xss=1">'
    widget.open()
    widget.ask(attack)
    assert widget.page.evaluate("typeof window.__xss") == "undefined"
    assert widget.page.locator(".cc-log img").count() == 0
    assert widget.page.locator(".cc-user .cc-bubble").last.inner_text().endswith(attack)

    # Hostile content in the bot's own events is text too.
    widget.page.evaluate(
        """(attack) => window.ClinicChat.widget.receive({
            text: attack + ' <a href="javascript:window.__xss=2">x</a> javascript:window.__xss=3',
            quick_replies: [{title: attack, payload: attack}],
            custom: {handoff: {reason: attack, urgent: false, ticket: attack}},
        })""",
        attack,
    )
    assert widget.page.locator(".cc-log img").count() == 0
    hrefs = widget.page.locator(".cc-log a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert all(href.startswith(("http://", "https://", "tel:")) for href in hrefs), hrefs
    # A button whose title is markup: shown as the visitor's text, and its
    # payload answered by the server. Checked once that answer is on the page
    # (wait_for_reply waits for the server's acknowledgement of the turn).
    before = widget.bot_count()
    widget.page.locator(".cc-reply").last.click()
    widget.wait_for_reply(before)
    assert widget.page.locator(".cc-user .cc-bubble").last.inner_text().endswith(attack)
    assert widget.page.evaluate("window.__turns.answered") == widget.page.evaluate("window.__turns.sent") == 2
    assert widget.page.locator(".cc-log img").count() == 0
    assert widget.page.evaluate("typeof window.__xss") == "undefined"


def test_server_down_shows_the_offline_state(browser, site):
    # Never reached, so without the clinic's settings: no phone number to offer
    # (tests/browser/test_widget_settings.py); a page's data-phone would give one.
    page = WidgetPage(browser, f"{site.url}/?server=http://127.0.0.1:{free_port()}", DESKTOP)
    try:
        page.open()
        offline = page.page.locator(".cc-offline")
        offline.wait_for(state="visible", timeout=15_000)
        assert offline.get_attribute("role") == "alert"
        assert "Please try again in a few minutes." in offline.inner_text()
        assert "Offline" in page.page.locator(".cc-status").inner_text()
        # A message typed now waits for the connection instead of vanishing.
        page.say("hello?")
        assert "Waiting for the connection" in page.transcript()
        page.screenshot("widget-offline.png")
        assert not page.errors
    finally:
        page.close()


def test_reconnecting_state_then_the_conversation_goes_on(widget):
    widget.open()
    widget.page.wait_for_function("window.ClinicChat.widget.ready")
    widget.page.evaluate("window.ClinicChat.widget.socket.io.engine.close()")  # drop the connection
    widget.page.locator(".cc-reconnecting").wait_for(state="visible", timeout=5_000)
    assert "Reconnecting" in widget.page.locator(".cc-status").inner_text()
    widget.page.locator(".cc-reconnecting").wait_for(state="hidden", timeout=15_000)
    widget.ask("does it hurt")
    assert "numbing" in widget.transcript().lower()


def test_phone_viewport_375(make_page):
    phone = make_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.launcher.tap()
    phone.panel.wait_for(state="visible")
    phone.page.screenshot(path=str(_shots() / "widget-phone-375-privacy.png"))
    phone.page.get_by_role("button", name="OK", exact=True).tap()
    box = phone.panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, PHONE["width"], PHONE["height"])
    assert not phone.launcher.is_visible()  # the header's close button takes over
    phone.ask("does it hurt")
    phone.ask("can I talk to a person")
    phone.page.locator(".cc-handoff").wait_for(state="visible")
    overflow = phone.page.evaluate(
        "() => { const r = document.getElementById('clinic-chat-widget').shadowRoot; const l = r.querySelector('.cc-log'); return l.scrollWidth - l.clientWidth; }"
    )
    assert overflow <= 0
    phone.screenshot("widget-phone-375.png")
    phone.page.get_by_role("button", name="Close chat").first.tap()
    assert phone.launcher.is_visible()


def test_narrowest_screen_320(make_page):
    narrow = make_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    narrow.open()
    widths = narrow.page.evaluate(
        """() => {
            const r = document.getElementById('clinic-chat-widget').shadowRoot;
            const l = r.querySelector('.cc-log');
            return {panel: r.querySelector('.cc-panel').getBoundingClientRect().width,
                    overflow: l.scrollWidth - l.clientWidth, page: document.documentElement.scrollWidth};
        }"""
    )
    assert widths["panel"] == 320 and widths["overflow"] <= 0 and widths["page"] <= 320, widths


def test_colours_meet_wcag_aa(widget):
    widget.open()
    widget.ask("does it hurt")
    pairs = widget.page.evaluate(
        """() => {
            const root = document.getElementById('clinic-chat-widget').shadowRoot;
            const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            const bg = (el) => { for (; el; el = el.parentElement || (el.getRootNode() && el.getRootNode().host)) {
                const c = getComputedStyle(el).backgroundColor; const v = rgb(c); if (v.length === 3 || (v.length === 4 && v[3] === 1)) return v.slice(0, 3); }
                return [255, 255, 255]; };
            const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
            const selectors = ['.cc-title', '.cc-status', '.cc-bot .cc-bubble', '.cc-user .cc-bubble', '.cc-reply', '.cc-link-btn', '.cc-footer a', '.cc-bot .cc-bubble a'];
            return selectors.flatMap((sel) => [...root.querySelectorAll(sel)].slice(0, 2).map((el) =>
                [sel, ratio(rgb(getComputedStyle(el).color).slice(0, 3), bg(el))]));
        }"""
    )
    assert len(pairs) >= 8, pairs
    low = [(selector, round(value, 2)) for selector, value in pairs if value < 4.5]
    assert not low, low


def test_reduced_motion_is_respected(make_page):
    calm = make_page(reduced_motion="reduce")
    calm.open()
    assert calm.panel.evaluate("(el) => getComputedStyle(el).animationName") == "none"
    lively = make_page(reduced_motion="no-preference")
    lively.open()
    assert lively.panel.evaluate("(el) => getComputedStyle(el).animationName") != "none"


def test_socket_accepts_only_the_configured_origins(stack, site, foreign_site, browser):
    handshake = f"{stack.url('rasa')}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(handshake, headers={"Origin": site.url}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers.get("Access-Control-Allow-Origin") == site.url  # once, not duplicated
    refused = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10)
    assert refused.status_code == 400
    assert "Access-Control-Allow-Origin" not in refused.headers

    # The same page served from another origin cannot chat.
    page = WidgetPage(browser, f"{foreign_site.url}/?server={stack.url('rasa')}", DESKTOP)
    try:
        page.open()
        page.page.locator(".cc-offline").wait_for(state="visible", timeout=15_000)
        assert not page.page.evaluate("window.ClinicChat.widget.ready")
    finally:
        page.close()


def test_real_server_goes_down_then_comes_back(widget, stack):
    """The Rasa server stops mid-conversation: "reconnecting", then the offline
    state with the clinic's phone number; once it is back the chat goes on."""
    widget.open()
    widget.ask("does it hurt")
    offline = widget.page.locator(".cc-offline")
    stack.stop("rasa")
    try:
        widget.page.locator(".cc-reconnecting").wait_for(state="visible", timeout=5_000)
        offline.wait_for(state="visible", timeout=30_000)
        assert PHONE_NUMBER in offline.inner_text()
        assert "Offline" in widget.page.locator(".cc-status").inner_text()
        widget.screenshot("widget-server-down.png")
    finally:
        stack.start_rasa()
    widget.page.wait_for_function("window.ClinicChat.widget.ready", timeout=30_000)
    assert not offline.is_visible()
    widget.ask("how much does it cost")
    assert "$" in widget.transcript()


def _shots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
