"""A phone on a crowded Wi-Fi: pages and static files travel compressed, static files have
content-hashed URLs cached for a year, and an old hash is still answered."""
import gzip
import re

import brotli
import pytest

from tests.conftest import ROOT

CHROME = {"Accept-Encoding": "gzip, deflate, br, zstd"}
OLD_BROWSER = {"Accept-Encoding": "gzip"}


def hashed_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_the_join_page_is_served_with_brotli_when_the_browser_asks(client, code):
    response = client.get(f"/j/{code}", headers=CHROME)

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert b"<form" in brotli.decompress(response.data)


def test_a_page_is_served_with_gzip_to_a_browser_without_brotli(client, code):
    response = client.get(f"/j/{code}", headers=OLD_BROWSER)

    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(response.data)


@pytest.mark.parametrize("path", ["css/app.css", "js/phone.js", "vendor/socket.io.esm.min.js"])
@pytest.mark.parametrize("encoding, decompress", [("br", brotli.decompress),
                                                  ("gzip", gzip.decompress)])
def test_css_and_js_are_served_compressed(app, client, path, encoding, decompress):
    url = app.extensions["assets"].by_path[path].hashed

    response = client.get(f"/static/{url}", headers={"Accept-Encoding": encoding})

    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Vary"] == "Accept-Encoding"  # not Cookie: see assets.StaticFiles
    body = decompress(response.data)
    assert len(response.data) < len(body) / 2
    if path != "js/phone.js":  # phone.js's imports are rewritten to hashed URLs
        assert body == (ROOT / "static" / path).read_bytes()


def test_a_client_that_accepts_no_compression_gets_the_plain_file(app, client):
    url = app.extensions["assets"].by_path["css/app.css"].hashed

    response = client.get(f"/static/{url}")

    assert "Content-Encoding" not in response.headers
    assert response.data == (ROOT / "static/css/app.css").read_bytes()


def test_the_phone_page_links_only_hashed_static_urls_cached_for_a_year(client, phone_factory,
                                                                        code):
    phone = phone_factory("Bram")

    html = phone.http.get(f"/p/{code}").get_data(as_text=True)

    urls = hashed_urls(html)
    assert any(u.endswith(".css") for u in urls) and any("phone." in u for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_phone_page_preloads_what_it_imports_and_no_round_kind_it_may_not_need(
        phone_factory, code):
    phone = phone_factory("Bram")

    html = phone.http.get(f"/p/{code}").get_data(as_text=True)

    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', html))
    assert any("/static/js/live." in u for u in preloaded)
    assert any("/static/vendor/socket.io.esm.min." in u for u in preloaded)
    assert any("/static/js/kinds/index." in u for u in preloaded)
    # A round kind's module comes when a round of that kind does (a dynamic import).
    assert not any("/static/js/kinds/poll." in u for u in preloaded)


def test_modules_import_each_other_by_hashed_url(app, client):
    url = app.extensions["assets"].by_path["js/phone.js"].hashed

    body = client.get(f"/static/{url}").get_data(as_text=True)

    imports = re.findall(r'from "(/static/[^"]+)"', body)
    assert imports and all(re.search(r"\.[0-9a-f]{12}\.js$", u) for u in imports)
    for imported in imports:
        assert client.get(imported).headers["Cache-Control"].endswith("immutable")


def test_a_stale_hash_is_still_answered_with_the_current_file_but_not_cached(client):
    current = client.get("/static/css/app.css")

    stale = client.get("/static/css/app.0123456789ab.css")

    assert stale.status_code == 200
    assert stale.data == current.data == (ROOT / "static/css/app.css").read_bytes()
    assert stale.headers["Cache-Control"] == "no-cache"
    assert current.headers["Cache-Control"] == "no-cache"


def test_a_file_that_does_not_exist_is_not_found(client):
    assert client.get("/static/js/nothing.0123456789ab.js").status_code == 404
    assert client.get("/static/../app/config.py").status_code == 404


def test_a_hashed_file_asked_again_with_its_etag_is_not_sent_again(app, client):
    url = "/static/" + app.extensions["assets"].by_path["css/app.css"].hashed
    first = client.get(url, headers=CHROME)

    again = client.get(url, headers={**CHROME, "If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304 and again.data == b""


def test_the_strict_content_security_policy_is_kept_on_pages_and_static_files(client, code):
    page = client.get(f"/j/{code}", headers=CHROME)
    css = client.get("/static/css/app.css", headers=CHROME)

    for response in (page, css):
        assert "script-src 'self';" in response.headers["Content-Security-Policy"]
