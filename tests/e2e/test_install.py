"""Installed as Python apps are (`pipx install .`): a fresh virtualenv gets the package and
its `deepdemocracy` command, which serves the app in Dutch with its templates, static files,
migrations and translations, keeping its data in a per-user folder.

The fresh virtualenv borrows the already installed pinned requirements (a .pth file), so
the test needs no download for them; `pip check` then says whether pyproject.toml's
dependencies are met by that pinned set. The package itself is built as pipx builds it."""
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import brotli
import pytest

from tests.e2e.conftest import ROOT, free_port

SOURCES = ("app", "facilitation", "templates", "static", "migrations", "serve.py",
           "pyproject.toml", "setup.py", "README.md")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A checkout as a fresh clone has it (no compiled .mo), installed into a new venv."""
    tmp = tmp_path_factory.mktemp("install")
    checkout = tmp / "checkout"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, checkout / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            checkout.mkdir(exist_ok=True)
            shutil.copy(source, checkout / name)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True)
    Path(site.stdout.strip(), "pinned-requirements.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q",
                           "--disable-pip-version-check", str(checkout)],
                          cwd=tmp, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp, venv


def run(venv, tmp, *args, **env):
    full = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp / "home"), **env}
    return subprocess.run([str(venv / "bin" / "deepdemocracy"), *args], cwd=tmp, env=full,
                          capture_output=True, text=True, timeout=60)


def test_the_declared_dependencies_are_met_by_the_pinned_requirements(installed):
    tmp, venv = installed

    check = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)

    assert check.returncode == 0, check.stdout + check.stderr


def test_the_package_carries_templates_static_files_migrations_and_translations(installed):
    tmp, venv = installed

    found = subprocess.run([str(venv / "bin" / "python"), "-c", "import app, pathlib; "
                            "print(pathlib.Path(app.__file__).parent)"],
                           cwd=tmp, capture_output=True, text=True, check=True)

    package = Path(found.stdout.strip())
    assert package.is_relative_to(venv)
    for part in ("templates/phone/session.html", "static/js/phone.js",
                 "static/vendor/socket.io.esm.min.js", "static/fonts/DejaVuSans.ttf",
                 "migrations/env.py", "migrations/versions/0001_session_core.py",
                 "translations/nl/LC_MESSAGES/messages.po",
                 "translations/nl/LC_MESSAGES/messages.mo"):
        assert (package / part).is_file(), part


def test_the_command_creates_a_facilitator_and_prints_sign_in_links(installed):
    tmp, venv = installed

    created = run(venv, tmp, "facilitator", "create", "Bea", "--password", "")
    link = run(venv, tmp, "signin-link", "Bea")

    assert created.returncode == 0, created.stderr
    assert "Created Bea. One-time sign-in: http" in created.stdout
    assert link.returncode == 0 and "/signin/" in link.stdout
    assert (tmp / "home/.local/share/deepdemocracy/deepdemocracy.sqlite3").is_file()


def test_the_command_serves_the_app_in_dutch_compressed(installed):
    tmp, venv = installed
    port = free_port()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp / "home"),
           "PORT": str(port), "HOST": "127.0.0.1", "QUIET": "1"}
    server = subprocess.Popen([str(venv / "bin" / "deepdemocracy"), "serve"], cwd=tmp,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        deadline = time.time() + 30
        while True:
            assert server.poll() is None and time.time() < deadline, server.stdout.read()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        request = urllib.request.Request(f"http://127.0.0.1:{port}/join", headers={
            "Accept-Language": "nl", "Accept-Encoding": "br"})
        with urllib.request.urlopen(request, timeout=10) as response:
            encoding = response.headers["Content-Encoding"]
            html = brotli.decompress(response.read()).decode()
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert encoding == "br"
    assert "Meedoen aan een sessie" in html
    assert "/static/css/app." in html
