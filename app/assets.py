"""Static files for phones on a crowded Wi-Fi: content-hashed URLs, cached for a year, and
compressed once (brotli and gzip) instead of on every request.

`url_for('static', filename='js/phone.js')` gives `/static/js/phone.<hash>.js`. A hashed URL
never changes its content, so it is served `immutable` for a year: a phone that reloads or
comes back fetches no static file again. The ES modules import each other by absolute path
(`/static/js/live.js`); those paths are rewritten to the hashed ones when the files are
read, so a module's hash covers the modules it imports, and `module_graph(entry)` lists
every module a page will import so that the page can preload them all at once instead of
one round trip per level of imports.

Each text file is compressed (brotli at its best, and gzip) once, when first asked for.
A stale hash (a page rendered before the server was updated) or an unhashed path is still
answered, with the current file and `no-cache`, so it is never taken for the new one."""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from werkzeug.wrappers import Request, Response

from app.extensions import compress
from app.security import HEADERS

try:
    import brotli
except ImportError:  # pragma: no cover (a pinned requirement; gzip still works without it)
    brotli = None

YEAR = 60 * 60 * 24 * 365
IMMUTABLE = f"public, max-age={YEAR}, immutable"
COMPRESSIBLE = {".js", ".mjs", ".css", ".svg", ".json", ".txt", ".md", ".html", ".map"}
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.[^./]+)?$")
# `import x from "/static/..."`, `import "/static/..."`, `export ... from "/static/..."`
# and `import("/static/...")`: only absolute paths into /static/ are rewritten.
IMPORT = re.compile(r"""(?P<lead>\bfrom\s*|\bimport\s*\(?\s*)(?P<q>["'])/static/(?P<path>[^"']+)(?P=q)""")


@dataclass
class Asset:
    path: str  # "js/live.js", relative to the static folder
    hashed: str  # "js/live.0123456789ab.js"
    body: bytes
    mimetype: str
    imports: list[str] = field(default_factory=list)  # static paths this module imports
    encoded: dict[str, bytes] | None = None  # "br" / "gzip" -> body, once asked for


class Assets:
    def __init__(self, folder: str | Path, compress: bool = True):
        self.folder = Path(folder)
        self.compress = compress
        self.by_path: dict[str, Asset] = {}
        self.by_hashed: dict[str, Asset] = {}
        self.load()

    def load(self) -> None:
        raw = {p.relative_to(self.folder).as_posix(): p.read_bytes()
               for p in sorted(self.folder.rglob("*")) if p.is_file()}
        done: dict[str, Asset] = {}

        def build(path: str, visiting: tuple[str, ...] = ()) -> Asset:
            if path in done:
                return done[path]
            if path in visiting:
                raise ValueError(f"static modules import each other in a cycle: {visiting}")
            body, imports = raw[path], []
            if path.endswith((".js", ".mjs")):
                text = body.decode("utf-8")

                def hashed_import(match: re.Match) -> str:
                    target = match["path"]
                    if target not in raw:
                        return match[0]  # not ours to rewrite; the browser will say 404
                    if "(" not in match["lead"]:
                        # A static import is preloaded with its page; a dynamic one
                        # (`import("...")`) is fetched only when the page needs it.
                        imports.append(target)
                    dep = build(target, visiting + (path,))
                    return f"{match['lead']}{match['q']}/static/{dep.hashed}{match['q']}"

                body = IMPORT.sub(hashed_import, text).encode("utf-8")
            digest = hashlib.sha256(body).hexdigest()[:12]
            stem, dot, ext = path.rpartition(".")
            hashed = f"{stem}.{digest}.{ext}" if dot and "/" not in ext else f"{path}.{digest}"
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.endswith((".js", ".mjs")):
                mimetype = "text/javascript"
            asset = done[path] = Asset(path, hashed, body, mimetype, imports)
            return asset

        for path in raw:
            build(path)
        self.by_path = done
        self.by_hashed = {a.hashed: a for a in done.values()}

    def encoded(self, asset: Asset) -> dict[str, bytes]:
        """The file compressed, once, on its first request (about 40 ms for the largest,
        at brotli's best), not at start: a restart with phones waiting must be quick."""
        if asset.encoded is None:
            asset.encoded = {}
            if self.compress and Path(asset.path).suffix in COMPRESSIBLE and len(asset.body) >= 256:
                candidates = {"gzip": gzip.compress(asset.body, 9, mtime=0)}
                if brotli is not None:
                    candidates["br"] = brotli.compress(asset.body, quality=11)
                asset.encoded = {k: v for k, v in candidates.items() if len(v) < len(asset.body)}
        return asset.encoded

    def url_path(self, filename: str) -> str:
        asset = self.by_path.get(filename)
        return asset.hashed if asset else filename

    def module_graph(self, entry: str) -> list[str]:
        """Every module `entry` imports, directly or not, as hashed static paths."""
        seen: list[str] = []

        def visit(path: str) -> None:
            for dep in self.by_path[path].imports:
                if dep not in seen:
                    seen.append(dep)
                    visit(dep)

        visit(entry)
        return [self.by_path[p].hashed for p in seen]

    def response(self, filename: str, request: Request) -> Response:
        asset = self.by_hashed.get(filename)
        fresh = asset is not None
        if asset is None:
            match = HASHED.match(filename)
            logical = f"{match['stem']}{match['ext'] or ''}" if match else filename
            asset = self.by_path.get(logical) or self.by_path.get(filename)
        if asset is None:
            return Response("Not found", status=404, mimetype="text/plain")
        encoded = self.encoded(asset)
        encoding = self._negotiate(encoded, request)
        body = encoded[encoding] if encoding else asset.body
        response = Response(body, mimetype=asset.mimetype)
        if asset.mimetype.startswith("text/") or asset.mimetype in ("application/json",
                                                                     "image/svg+xml"):
            response.charset = "utf-8"
            response.headers["Content-Type"] = f"{asset.mimetype}; charset=utf-8"
        if encoding:
            response.headers["Content-Encoding"] = encoding
        if encoded:
            response.headers["Vary"] = "Accept-Encoding"
        response.set_etag(f"{asset.hashed}{':' + encoding if encoding else ''}")
        response.headers["Cache-Control"] = IMMUTABLE if fresh else "no-cache"
        return response.make_conditional(request)

    @staticmethod
    def _negotiate(encoded: dict[str, bytes], request: Request) -> str | None:
        accepted = request.accept_encodings
        for encoding in ("br", "gzip"):
            if encoding in encoded and accepted[encoding] > 0:
                return encoding
        return None


class StaticFiles:
    """WSGI middleware in front of Flask for /static/: a static file needs no session,
    sign-in or language. Through Flask, Flask-Login's after-request hook touches the
    session on every response, and Flask then adds `Vary: Cookie`: a phone whose cookie
    changed (it joined) could not use its cached files. The Flask route stays, to build
    URLs."""

    def __init__(self, wsgi_app, assets: Assets, prefix: str):
        self.wsgi_app = wsgi_app
        self.assets = assets
        self.prefix = prefix.rstrip("/") + "/"

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix) or environ.get("REQUEST_METHOD") not in ("GET",
                                                                                  "HEAD"):
            return self.wsgi_app(environ, start_response)
        request = Request(environ)
        response = self.assets.response(path[len(self.prefix):], request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response(environ, start_response)


def init_app(app: Flask) -> None:
    """Serves `app.static_folder` through `Assets` and makes `url_for('static', ...)` give
    hashed URLs; `module_graph(entry)` is there for templates (modulepreload links)."""
    assets = Assets(app.static_folder, compress=app.config.get("COMPRESS_STATIC", True))
    app.extensions["assets"] = assets
    app.wsgi_app = StaticFiles(app.wsgi_app, assets, app.static_url_path)

    @app.url_defaults
    def hashed_static_urls(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.url_path(values["filename"])

    app.jinja_env.globals["module_graph"] = lambda entry: [
        f"{app.static_url_path}/{path}" for path in assets.module_graph(entry)]

    # Pages (HTML, and JSON or Markdown exports) are compressed per response by
    # Flask-Compress; static files above carry their Content-Encoding already, which it
    # leaves alone.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)
