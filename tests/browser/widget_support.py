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

# Added to every page before its scripts run: counts the visitor's messages the
# widget sends (`user_uttered`, a re-send counting again) and how many of those
# sends are settled: acknowledged by the server, or not within the widget's
# timeout or before its socket dropped (then it sends again). The
# socket.io channel acknowledges a message when its handler returns, which is
# after Rasa has processed the whole turn and emitted every reply on the same
# socket (channels/socketio.py awaits the turn); socket.io delivers in order,
# so once a message's acknowledgement has arrived, every reply to it has
# arrived and been rendered (the widget renders a `bot_uttered` event
# synchronously). The widget itself is not changed: its `emit` is wrapped on
# the instance, so the wrapping also holds after a reconnection or a reset.
TURN_COUNTER = """
(() => {
  const turns = { sent: 0, answered: 0 };
  let api;
  Object.defineProperty(window, "__turns", { value: turns });
  Object.defineProperty(window, "ClinicChat", {
    configurable: true,
    get: () => api,
    set: (value) => {
      api = value;
      const widget = value && value.widget;
      if (!widget || widget.__counted) return;
      widget.__counted = true;
      const emit = widget.emit;
      widget.emit = function (...args) {
        const socket = this.socket;
        const send = socket.emit;
        socket.emit = function (event, ...payload) {
          if (event !== "user_uttered") return send.call(this, event, ...payload);
          turns.sent += 1;
          // The widget's own callback (outbox.js): acknowledged, or not within its timeout.
          const settled = typeof payload[payload.length - 1] === "function" ? payload.pop() : () => {};
          return send.call(this, event, ...payload, (...result) => { turns.answered += 1; settled(...result); });
        };
        try { return emit.apply(this, args); } finally { delete socket.emit; }
      };
    },
  });
})();
"""

# A round trip on the widget's socket: a `user_uttered` event that is not an
# object is ignored by the channel (channels/socketio.py) and acknowledged at
# once. Its acknowledgement comes after everything the server had already
# emitted on that socket, such as messages staff pushed through Rasa's HTTP API.
ROUND_TRIP = """
(timeout) => new Promise((resolve, reject) => {
  const socket = window.ClinicChat.widget.socket;
  if (!socket) { reject(new Error("the widget has no socket")); return; }
  const timer = setTimeout(() => reject(new Error("no acknowledgement from the server")), timeout);
  socket.emit("user_uttered", null, () => { clearTimeout(timer); resolve(true); });
})
"""


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
        self.context.add_init_script(TURN_COUNTER)
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
        """Returns once the reply has started (more than `before` bot messages)
        and every turn the page sent has been acknowledged by the server, so
        that every message of those turns is on the page (TURN_COUNTER); then
        one round trip on the socket, for messages pushed by other means."""
        self.page.wait_for_function(
            """(before) => {
                const root = document.getElementById('clinic-chat-widget').shadowRoot;
                const shown = root.querySelectorAll('.cc-log > .cc-bot:not(.cc-welcome):not(.cc-typing), .cc-log > .cc-handoff').length;
                return shown > before && window.__turns.answered >= window.__turns.sent;
            }""",
            arg=before,
            timeout=timeout,
        )
        self.page.evaluate(ROUND_TRIP, timeout)

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
