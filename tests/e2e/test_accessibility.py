"""WCAG 2.1 AA on every page each persona can reach, measured by axe-core in Chromium.

Each persona signs in and crawls the links they are shown, breadth first, from their home
page: every distinct page (by URL name, up to two objects per name) is checked with the
vendored axe-core (tests/e2e/vendor/axe-core, no network). A serious or critical
violation fails the test, listed with the page and the elements.

axe-core is injected into a browser context that bypasses the CSP: the app itself never
serves it, and its policy stays strict for every other test.
"""

import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from programs.demo.department import DEMO_PASSWORD, PERSONAS
from tests.e2e.conftest import E2E_MARKS, TIMEOUT_MS

pytestmark = E2E_MARKS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PAGES_PER_NAME = 2
MAX_PAGES = 60
# Links that are not pages to check: they sign out, download a file, or leave the app.
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/awards/letters/")
SKIP_SUFFIXES = (".csv", ".ics", ".pdf")


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def links_on(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # mailto:, other sites, fragments
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        paths.append(path)
    return paths


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA)
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def crawl(page, start: str = "/") -> dict[str, list[dict]]:
    """Every reachable page's blocking violations, keyed by path."""
    seen_per_name: dict[str, int] = {}
    visited: set[str] = set()
    queue = deque([start])
    found: dict[str, list[dict]] = {}
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        if path in visited:
            continue
        name = url_name(urlsplit(path).path)
        if name is None or seen_per_name.get(name, 0) >= PAGES_PER_NAME:
            continue
        visited.add(path)
        seen_per_name[name] = seen_per_name.get(name, 0) + 1
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{path}: {response}"
        found[path] = axe_violations(page)
        queue.extend(link for link in links_on(page) if link not in visited)
    return found


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for path, violations in found.items():
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"][:3]]
            lines.append(f"{path}: [{violation['impact']}] {violation['id']}: "
                         f"{violation['help']} ({len(violation['nodes'])} elements, e.g. "
                         f"{json.dumps(targets)})")
    return "\n".join(lines)


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_page_the_persona_reaches_passes_axe(axe_page, demo, persona):
    page = axe_page
    page.goto("/accounts/login/")
    found = {"/accounts/login/": axe_violations(page)}
    page.get_by_label("Email").fill(PERSONAS[persona].email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    found.update(crawl(page))
    assert len(found) > 3, f"the crawl reached too little: {sorted(found)}"
    blocking = {path: v for path, v in found.items() if v}
    print(f"\n{persona}: {len(found)} pages, "
          f"{sum(len(v) for v in blocking.values())} blocking violations")
    assert not blocking, describe(blocking)

