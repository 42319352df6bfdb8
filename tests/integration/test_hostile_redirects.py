"""Links a hostile participant could share (issue 12): every GET route of the url_map, with
query strings an attacker would try (a `next` to another site by every trick browsers
forgive, newlines, very long values), never answers with a server error and never sends the
browser to another site. The routes come from the url_map, so a new one is covered."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.integration.test_hostile_matrix import ROUTES, anna, fill  # noqa: F401

HOSTILE_VALUES = [
    "//evil.example/", "https://evil.example/", "/\\evil.example/", "/\t/evil.example/",
    "/\t\t/evil.example/", "\t//evil.example/", "/\n/evil.example/", "/\r\nSet-Cookie: x=1",
    "/%2F%2Fevil.example/", "javascript:alert(1)", "/\x00", "x" * 10_000, "1", "on", "",
]
QUERY_KEYS = ["next", "url", "redirect", "return_to", "attendance", "code", "lang"]
GET_ROUTES = sorted({(rule, endpoint) for rule, method, endpoint in ROUTES if method == "GET"})
# This test found that the language switch let `/<TAB>/evil.example` through as a path, to
# leave as `Location: //evil.example`, and met a newline with a 500 (fixed in a1fd1f2).


def where_a_browser_goes(location: str, base: str) -> str:
    """The host a browser lands on: it drops tabs and newlines from a URL and reads a
    backslash as a slash (WHATWG URL), then resolves it against the page."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin(base, cleaned.strip())).netloc


def test_every_get_route_is_probed():
    assert len(GET_ROUTES) >= 14 and ("/lang/<language>", "i18n.switch") in GET_ROUTES


@pytest.mark.parametrize("rule,endpoint", GET_ROUTES, ids=[rule for rule, _ in GET_ROUTES])
def test_a_hostile_query_string_never_errs_and_never_leaves_the_site(rule, endpoint, app,
                                                                     facilitator, anna):
    # The summary's query string is read the same way for every format; JSON is the quick one.
    path = fill(rule, anna).replace("summary.pdf", "summary.json")
    probes, errors, offsite = 0, [], []

    for client in (facilitator, app.test_client()):
        for key in QUERY_KEYS:
            for value in HOSTILE_VALUES:
                probes += 1
                try:
                    response = client.get(path, query_string={key: value})
                except Exception as error:  # noqa: BLE001  a defect: the server would 500
                    errors.append((key, value[:20], type(error).__name__))
                    continue
                if response.status_code >= 500:
                    errors.append((key, value[:20], response.status_code))
                location = response.headers.get("Location")
                if location and where_a_browser_goes(location, "http://localhost/") not in (
                        "localhost", "phones.example:5000"):
                    offsite.append((key, value[:20], location))

    assert probes == 2 * len(QUERY_KEYS) * len(HOSTILE_VALUES)
    assert errors == []
    assert offsite == []
