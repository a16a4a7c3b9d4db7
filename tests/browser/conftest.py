"""Playwright fixtures for browser tests: Debian Chromium against pytest-django's live_server."""

import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an asyncio loop in the main thread; Django would otherwise refuse
# the ORM calls that fixtures and assertions make from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    # Once Playwright's event loop runs in this thread, Django's connection handler stores
    # connections per async context and would hand out fresh connection objects. Those lack
    # the test database's serialized snapshot, so serialized_rollback would silently stop
    # restoring the reference data. Keep using the connections Django already made.
    own_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in own_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_errors():
    """Console errors and uncaught exceptions seen by ``page``; tests assert it stays empty."""
    return []


@pytest.fixture
def page(browser, live_server, transactional_db, page_errors, settings, tmp_path):
    # Uploaded evidence goes to a throwaway folder, not the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, accept_downloads=True, locale="zh-CN"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(msg):
        # Chromium asks for /favicon.ico on its own; the site has none, which is not an error
        # of the page under test.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            page_errors.append(f"console: {msg.text} ({msg.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page_errors.append(f"pageerror: {exc}"))
    yield page
    context.close()
