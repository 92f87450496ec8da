"""Browser tests of the website widget: Debian's Chromium driven by Playwright.

They run against the real stack of tests/conftest.py (the `stack` fixture:
action server and Rasa server with the project's credentials.yml, so with the
socket.io channel), plus its web server (`Stack.start_web`, what `make run`
serves: build/site, the demo clinic page with the widget).

The widget is built by the Makefile's own target (`make install` / `make
test` do it too), so a stale build is never tested. Never downloads a
browser: Chromium comes from Debian (`apt-get install chromium`,
/usr/bin/chromium, or CHROMIUM_PATH).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from playwright import sync_api as playwright_sync  # noqa: E402
from widget_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, ROOT, SITE, StaticSite, WidgetPage

from testkit.helpers import free_port


@pytest.fixture(scope="session")
def widget_build() -> Path:
    """build/site/widget.js, (re)built by `make widget` when its sources changed."""
    if shutil.which("npm") is None:
        pytest.fail("npm is missing: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    subprocess.run(["make", "--no-print-directory", "widget"], cwd=ROOT, check=True)
    assert (SITE / "widget.js").exists() and (SITE / "index.html").exists()
    return SITE


class Site:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture(scope="session")
def site(stack, widget_build) -> Site:
    """The demo page as `make run` serves it, on the test stack's WEB_PORT."""
    if "web" not in stack.processes:
        stack.start_web()
    return Site(stack.url("web"))


@pytest.fixture(scope="session")
def foreign_site(widget_build) -> Iterator[StaticSite]:
    """The same page on an origin that is not in WIDGET_ORIGINS."""
    served = StaticSite(widget_build, free_port())
    yield served
    served.close()


# Module scope: Playwright's sync API keeps an event loop running in this
# thread while it is open, and later tests need asyncio.run().
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (`make install` does; never `playwright install`)")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def make_page(browser, site, stack):
    """Opens the demo page pointed at the test stack: make_page(viewport=...)."""
    pages: List[WidgetPage] = []
    rasa = stack.url("rasa")

    def make(viewport: Dict[str, int] = DESKTOP, query: str = "", **options) -> WidgetPage:
        url = f"{site.url}/?server={rasa}{query}"
        page = WidgetPage(browser, url, viewport, **options)
        pages.append(page)
        return page

    yield make
    errors = [error for page in pages for error in page.errors]
    for page in pages:
        page.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def widget(make_page) -> WidgetPage:
    return make_page()
