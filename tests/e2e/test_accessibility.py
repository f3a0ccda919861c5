"""WCAG 2.1 AA on every page each persona can reach, measured by axe-core in Chromium.

Each persona signs in and crawls the links they are shown, breadth first, from their home
page: every distinct page (by URL name, up to two objects per name) is checked with the
vendored axe-core (tests/e2e/vendor/axe-core, no network). A serious or critical
violation fails the test, listed with the page and the elements.

Every page below home must also say where it is (WCAG 2.4.8): a breadcrumb trail (base.html's
<nav aria-label="Breadcrumb">) of Home and at least the page itself, the last step marked
aria-current="page". A page without one fails the test, listed with its URL name and the
template's fix.

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


BREADCRUMB_STEPS = """() => {
  const nav = document.querySelector('nav[aria-label="Breadcrumb"]');
  if (!nav) return null;
  return [...nav.querySelectorAll('li')].map(li => ({
    text: li.textContent.trim(), current: li.getAttribute('aria-current')}));
}"""


def breadcrumb_problem(page) -> str | None:
    """What is wrong with the page's breadcrumb trail, or None when it is right."""
    steps = page.evaluate(BREADCRUMB_STEPS)
    if steps is None:
        return "no breadcrumb trail (<nav aria-label=\"Breadcrumb\">)"
    if len(steps) < 2:
        return ("the trail is only " + " > ".join(step["text"] for step in steps)
                + ": the template adds no {% crumb %} for the page itself")
    if steps[-1]["current"] != "page":
        return f"the last step ({steps[-1]['text']!r}) is not marked aria-current=\"page\""
    return None


def crawl(page, start: str = "/",
          trails: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """Every reachable page's blocking violations, keyed by path. With `trails`, also what
    is wrong with each page's breadcrumbs (pages below home), keyed by path."""
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
        if trails is not None and name != "home":
            problem = breadcrumb_problem(page)
            if problem:
                trails[path] = f"{path} ({name}): {problem}"
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
    trails: dict[str, str] = {}
    found.update(crawl(page, trails=trails))
    assert len(found) > 3, f"the crawl reached too little: {sorted(found)}"
    blocking = {path: v for path, v in found.items() if v}
    print(f"\n{persona}: {len(found)} pages, "
          f"{sum(len(v) for v in blocking.values())} blocking violations, "
          f"{len(trails)} pages without a breadcrumb trail")
    problems = []
    if blocking:
        problems.append("axe-core, serious or critical:\n" + describe(blocking))
    if trails:
        problems.append(
            "Pages below home without a proper breadcrumb trail. Add to the template: "
            "{% load navigation %}{% block breadcrumbs %}{% crumb \"Parent\" \"app:url\" pk %}"
            "{% crumb \"This page\" %}{% endblock %}\n" + "\n".join(sorted(trails.values())))
    assert not problems, "\n\n".join(problems)


def test_the_breadcrumb_check_can_fail(axe_page, live_server):
    """The check itself: a page with no trail, one with Home only, one whose last step is
    not marked current, and a right one."""
    page = axe_page
    page.set_content("<main>No trail</main>")
    assert breadcrumb_problem(page).startswith("no breadcrumb trail")
    home_only = ('<nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
                 "{}</ol></nav>")
    page.set_content(home_only.format(""))
    assert "adds no {% crumb %}" in breadcrumb_problem(page)
    page.set_content(home_only.format("<li>Roster</li>"))
    assert "not marked aria-current" in breadcrumb_problem(page)
    page.set_content(home_only.format('<li aria-current="page">Roster</li>'))
    assert breadcrumb_problem(page) is None

