"""The widget on a phone (390 x 844, touch), stop 48, helper h95: every
control of the panel, the footer's Privacy and emergency number included,
is a 44 px tap target. Screenshots go to
artifacts/screenshots/widget-stop48-*.png."""
from __future__ import annotations

PHONE = {"width": 390, "height": 844}
TOUCH = dict(viewport=PHONE, has_touch=True, is_mobile=True)


def phone(make_page):
    page = make_page(**TOUCH)
    page.launcher.tap()
    page.panel.wait_for(state="visible")
    page.page.get_by_role("button", name="OK", exact=True).tap()
    return page


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
