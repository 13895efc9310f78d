"""Browser tests: headless Debian Chromium driving the app on a live server, with axe-core."""

import os
import tempfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# The sync Playwright API runs an event loop; the ORM calls the tests make beside it are safe
# because each test has the database to itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: install Debian's 'chromium' package")
    home = tempfile.mkdtemp(prefix="piew-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home},
        )
        yield browser
        browser.close()


class AccessiblePage:
    """A page that runs axe-core after every navigation the test makes, and keeps the results."""

    def __init__(self, page):
        self.page = page
        self.axe = Axe()
        self.checked: list[str] = []

    def check(self) -> None:
        results = self.axe.run(self.page)
        assert results.violations_count == 0, (
            f"axe-core found problems on {self.page.url}:\n{results.generate_report()}"
        )
        self.checked.append(self.page.url)


@pytest.fixture
def page(browser, live_server, settings):
    settings.PIEW_MFA_REQUIRED = True
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe(page):
    return AccessiblePage(page)
