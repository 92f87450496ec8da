"""The widget on a phone (390 x 844, touch), stop 48, helper h95: a visitor
who sends messages faster than the conversation's rate (a burst of 20,
channels/rate_limit.py) sees which of them were not read, each with a
finger-sized "Send again", also after a reload, and sending one again gets it
answered; every control of the panel, the footer's Privacy and emergency
number included, is a 44 px tap target. Screenshots go to
artifacts/screenshots/widget-stop48-*.png."""
from __future__ import annotations

import requests

PHONE = {"width": 390, "height": 844}
TOUCH = dict(viewport=PHONE, has_touch=True, is_mobile=True)


def phone(make_page):
    page = make_page(**TOUCH)
    page.launcher.tap()
    page.panel.wait_for(state="visible")
    page.page.get_by_role("button", name="OK", exact=True).tap()
    return page


def user_texts(stack, sender):
    token = stack.config["RASA_API_TOKEN"]
    events = requests.get(f"{stack.url('rasa')}/conversations/{sender}/tracker", params={"token": token}, timeout=30).json()["events"]
    return [event["text"] for event in events if event["event"] == "user"]


def height(locator) -> float:
    return locator.bounding_box()["height"]


def test_messages_sent_too_fast_are_marked_not_read_and_can_be_sent_again(make_page, stack):
    visitor = phone(make_page)
    visitor.ask("does it hurt")
    before = visitor.bot_count()
    sent = [f"and how long does it take, question {n}" for n in range(26)]
    for text in sent:  # as fast as a paste-and-Enter loop goes: over the burst of 20
        visitor.input.fill(text)
        visitor.input.press("Enter")
    visitor.wait_for_reply(before, 120_000)

    marked = visitor.page.locator(".cc-log > .cc-user.cc-not-read")
    assert marked.count() >= 1
    visitor.screenshot("widget-stop48-not-read.png")
    stored = user_texts(stack, visitor.stored("session"))
    shown = visitor.page.locator(".cc-log > .cc-user .cc-bubble").all_inner_texts()
    not_read = [text.replace("You:", "").strip() for text in marked.locator(".cc-bubble").all_inner_texts()]
    # Before stop 48 every one of these looked sent; only the first was named by the rate notice.
    assert not_read and not set(not_read) & set(stored), (not_read, stored)
    for text in sent:  # each message is either read by the server or marked, never silently lost
        assert text in stored or text in not_read, text
    assert len(shown) == 1 + len(sent)
    first = marked.first
    assert "Not read" in first.inner_text()
    again = first.get_by_role("button", name="Send again")
    assert height(again) >= 44

    # After a reload the marks are still there: the transcript keeps them.
    visitor.page.reload()
    visitor.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget && window.ClinicChat.widget.root")
    if not visitor.panel.is_visible():
        visitor.launcher.tap()
        visitor.panel.wait_for(state="visible")
    marked = visitor.page.locator(".cc-log > .cc-user.cc-not-read")
    assert [text.replace("You:", "").strip() for text in marked.locator(".cc-bubble").all_inner_texts()] == not_read

    # Once the rate allows, "Send again" sends it as the newest message (moved, not copied) and it is answered.
    visitor.page.wait_for_timeout(4_000)
    before = visitor.bot_count()
    marked.first.get_by_role("button", name="Send again").focus()
    visitor.page.keyboard.press("Enter")  # from the keyboard: the focus stays in the widget
    visitor.wait_for_reply(before, 60_000)
    assert visitor.page.locator(".cc-log > .cc-user.cc-not-read").count() == len(not_read) - 1
    assert not_read[0] in user_texts(stack, visitor.stored("session"))
    shown = visitor.page.locator(".cc-log > .cc-user .cc-bubble").all_inner_texts()
    assert len(shown) == 1 + len(sent) and shown[-1].replace("You:", "").strip() == not_read[0]
    assert visitor.active()["id"] == "cc-input"  # the button went; focus is not lost to the page
    visitor.screenshot("widget-stop48-sent-again.png")


def test_every_control_on_a_phone_is_a_44px_tap_target(make_page):
    visitor = phone(make_page)
    visitor.ask("how much is it")
    targets = visitor.page.evaluate(
        """() => {
            const root = document.getElementById('clinic-chat-widget').shadowRoot;
            return [...root.querySelectorAll('.cc-panel button, .cc-footer a, .cc-replies button')]
                .filter((el) => el.offsetParent)
                .map((el) => { const box = el.getBoundingClientRect();
                               return [(el.getAttribute('aria-label') || el.textContent).trim(), box.width, box.height]; });
        }"""
    )
    names = [name for name, _, _ in targets]
    assert "Privacy" in names and "911" in names and "Talk to a person" in names, names
    # Before stop 48: Privacy 43 x 32, the emergency number 20 x 14, the suggested replies 40 high.
    small = [(name, round(width), round(height)) for name, width, height in targets if width < 44 or height < 44]
    assert not small, small
    visitor.screenshot("widget-stop48-tap-targets.png")


def test_a_suggested_reply_pressed_from_the_keyboard_leaves_the_focus_in_the_message_box(make_page):
    visitor = make_page(viewport=PHONE)
    visitor.launcher.focus()
    visitor.page.keyboard.press("Enter")
    visitor.page.keyboard.press("Enter")  # the privacy notice's OK
    assert visitor.active()["id"] == "cc-input"
    visitor.page.keyboard.press("Shift+Tab")
    assert visitor.active()["cls"] == "cc-reply", visitor.active()  # the last suggestion, "Talk to a person"
    visitor.page.locator(".cc-reply", has_text="Does it hurt?").focus()
    before = visitor.bot_count()
    visitor.page.keyboard.press("Enter")
    visitor.wait_for_reply(before)
    # Before stop 48 the pressed button went with its group and the focus fell to the page's body.
    assert visitor.active()["id"] == "cc-input", visitor.active()
    visitor.page.keyboard.type("and how long does it take")
    before = visitor.bot_count()
    visitor.page.keyboard.press("Enter")
    visitor.wait_for_reply(before)
    assert "and how long does it take" in visitor.transcript()


def test_a_suggested_reply_tapped_on_a_phone_does_not_bring_up_the_keyboard(make_page):
    visitor = phone(make_page)
    before = visitor.bot_count()
    visitor.page.locator(".cc-reply", has_text="Does it hurt?").tap()
    visitor.wait_for_reply(before)
    assert visitor.active()["id"] != "cc-input"
