"""Helpers of the browser tests: the static site server and one visitor's page."""
from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
SITE = ROOT / "build" / "site"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


class StaticSite:
    """build/site over HTTP on 127.0.0.1 (what `make run` serves)."""

    def __init__(self, directory: Path, port: int) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class WidgetPage:
    """One visitor: a browser context (own localStorage) on the demo page."""

    def __init__(self, browser, url: str, viewport: Dict[str, int], reduced_motion: str = "reduce", **options) -> None:
        self.context = browser.new_context(viewport=viewport, reduced_motion=reduced_motion, **options)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: List[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.url = url
        self.page.goto(url)
        self.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget && window.ClinicChat.widget.root")

    # locators (Playwright's CSS and role locators pierce the open shadow root)
    @property
    def launcher(self):
        return self.page.locator(".cc-launcher")

    @property
    def panel(self):
        return self.page.locator(".cc-panel")

    @property
    def log(self):
        return self.page.locator(".cc-log")

    @property
    def input(self):
        return self.page.get_by_label("Your message")

    def active(self) -> Dict[str, str]:
        """The focused element inside the widget's shadow root."""
        return self.page.evaluate(
            """() => {
                const host = document.getElementById('clinic-chat-widget');
                const el = host && host.shadowRoot.activeElement;
                if (!el) return {tag: '', id: '', cls: '', label: '', text: ''};
                return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
                        label: el.getAttribute('aria-label') || '', text: el.textContent.trim()};
            }"""
        )

    def open(self, accept_privacy: bool = True) -> None:
        self.launcher.click()
        self.panel.wait_for(state="visible")
        if accept_privacy and self.page.locator(".cc-sheet").is_visible():
            self.page.get_by_role("button", name="OK", exact=True).click()

    def bot_count(self) -> int:
        return self.page.locator(".cc-log > .cc-bot:not(.cc-welcome):not(.cc-typing), .cc-log > .cc-handoff").count()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def wait_for_reply(self, before: int, timeout: float = 30_000) -> None:
        self.page.wait_for_function(
            """(before) => {
                const root = document.getElementById('clinic-chat-widget').shadowRoot;
                return root.querySelectorAll('.cc-log > .cc-bot:not(.cc-welcome):not(.cc-typing), .cc-log > .cc-handoff').length > before;
            }""",
            arg=before,
            timeout=timeout,
        )
        # Rasa sends a turn as several events; let the rest of it arrive.
        self.page.wait_for_timeout(700)

    def ask(self, text: str, timeout: float = 30_000) -> None:
        before = self.bot_count()
        self.say(text)
        self.wait_for_reply(before, timeout)

    def stored(self, suffix: str):
        """The widget's localStorage entry whose key ends with ':<suffix>' (e.g. the session id)."""
        return self.page.evaluate(
            "(suffix) => { for (const k of Object.keys(localStorage)) if (k.endsWith(':' + suffix)) return localStorage.getItem(k); return null; }",
            suffix,
        )

    def transcript(self) -> str:
        return self.log.inner_text()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()
