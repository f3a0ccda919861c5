"""Production starts: collectstatic works with DEBUG=false, and gunicorn serves pages and
static files from it. (Without collected static files every page is a 500 in production.)"""

import json
import re

from tests.mentorship.production import ROOT, Browser, Gunicorn
from tests.programs.factories import PASSWORD

STATIC = ROOT / "static"
SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=([^\s*]+)")


def referenced_source_maps_missing(folder) -> list[str]:
    """Each `sourceMappingURL` in a .js or .css file under `folder` that names a file not
    there. The production storage refuses to collect a file that names a missing one."""
    missing = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".js", ".css"):
            continue
        for reference in SOURCE_MAP.findall(path.read_text(errors="replace")):
            if reference.startswith("data:"):
                continue
            if not (path.parent / reference).is_file():
                missing.append(f"{path.relative_to(folder)} -> {reference}")
    return missing


def test_the_source_map_check_finds_a_missing_map(tmp_path):
    # The check below must be able to fail.
    (tmp_path / "lib.min.js").write_text("x=1;\n//# sourceMappingURL=lib.min.js.map\n")
    (tmp_path / "ok.min.css").write_text("a{}\n/*# sourceMappingURL=ok.min.css.map */\n")
    (tmp_path / "ok.min.css.map").write_text("{}")
    assert referenced_source_maps_missing(tmp_path) == ["lib.min.js -> lib.min.js.map"]


def test_every_source_map_a_static_file_names_is_in_the_repository():
    assert referenced_source_maps_missing(STATIC) == []


def test_collectstatic_stores_every_static_file_under_a_hashed_name(production_site):
    manifest = json.loads((production_site.static_root / "staticfiles.json").read_text())
    for path in STATIC.rglob("*"):
        if path.is_file() and path.name != "VERSIONS":
            name = path.relative_to(STATIC).as_posix()
            assert name in manifest["paths"], name
            hashed = production_site.static_root / manifest["paths"][name]
            assert hashed.is_file(), name


def test_a_production_server_serves_the_sign_in_page_and_its_static_files(production_site):
    with Gunicorn(production_site) as web:
        browser = Browser(web.port, client_ip="203.0.113.1")
        page = browser.get("/accounts/login/")
        assert page.status == 200, page.text[:2000]
        assert "Sign in" in page.text
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
        assert len(assets) >= 4  # icon, two stylesheets, two scripts
        for asset in assets:
            assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", asset), asset
            response = browser.get(asset)
            assert response.status == 200, asset
            assert "immutable" in response.headers["Cache-Control"], asset


def test_a_production_server_signs_a_person_in_over_https_only(production_site):
    with Gunicorn(production_site) as web:
        browser = Browser(web.port, client_ip="203.0.113.2")
        plain = browser.get("/accounts/login/", proto="http")
        assert plain.status == 301
        assert plain.location == "https://mentorship.example.org/accounts/login/"

        signed_in = browser.sign_in("mentee@test.example", PASSWORD)
        assert signed_in.status == 302, signed_in.text[:2000]
        assert signed_in.location == "/"
        session_cookie = [header for header in signed_in.headers.get_all("Set-Cookie")
                          if header.startswith("sessionid=")]
        assert session_cookie and "Secure" in session_cookie[0]
        assert "max-age=31536000" in signed_in.headers["Strict-Transport-Security"]

        home = browser.get("/")
        assert home.status == 200
        assert "Mentor Tester" in home.text
        # An error page is a page too: our 404, not a 500 for a missing static file.
        missing = browser.get("/faculty/999999999/")
        assert missing.status == 404
        assert "Page not found" in missing.text
