"""All UI text exists in Dutch and English; a phone follows its browser and can switch;
the projector speaks the session's language."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_text_in_the_code_has_a_dutch_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-k", "plural:1,2", "-o", str(pot), "."],
                   check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with (ROOT / "app/translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        dutch = {m.id: m.string for m in read_po(f) if m.id and not m.fuzzy}

    untranslated = sorted(str(m) for m in wanted if not dutch.get(m))

    assert untranslated == []


def test_a_phone_follows_its_browsers_language(client, code):
    dutch = client.get(f"/j/{code}", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    english = client.get(f"/j/{code}", headers={"Accept-Language": "en-GB,en;q=0.9"})

    assert "Je naam (mag leeg blijven)" in dutch.get_data(as_text=True)
    assert "Your name (optional)" in english.get_data(as_text=True)


def test_a_phone_can_switch_language(client, code):
    switched = client.get(f"/lang/en?next=/j/{code}", headers={"Accept-Language": "nl"})
    page = client.get(f"/j/{code}", headers={"Accept-Language": "nl"})

    assert switched.headers["Location"] == f"/j/{code}"
    assert "Your name (optional)" in page.get_data(as_text=True)


def test_switching_language_never_redirects_off_site(client):
    response = client.get("/lang/en?next=//evil.example/")

    assert response.headers["Location"] == "/"


def test_the_projector_speaks_the_sessions_language(facilitator, code):
    facilitator.set_cookie("lang", "en")

    page = facilitator.get(f"/console/{code}/projector").get_data(as_text=True)

    assert '<html lang="nl">' in page
    assert "verbonden" in page


def _app_with_uncompiled_translations(config, tmp_path):
    from app import create_app

    translations = tmp_path / "translations"
    po = translations / "nl/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes((ROOT / "app/translations/nl/LC_MESSAGES/messages.po").read_bytes())
    config.BABEL_TRANSLATION_DIRECTORIES = str(translations)
    return create_app(config), po.with_suffix(".mo")


def _dutch_join_page(app):
    from flask_migrate import upgrade

    from tests.conftest import create_session, make_facilitator, sign_in

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    make_facilitator(app, "Anna")
    facilitator = app.test_client()
    sign_in(facilitator, "Anna")
    code = create_session(facilitator)
    return app.test_client().get(f"/j/{code}", headers={"Accept-Language": "nl"})


def test_a_server_started_without_compiled_translations_still_speaks_dutch(config, tmp_path):
    app, mo = _app_with_uncompiled_translations(config, tmp_path)

    page = _dutch_join_page(app)

    assert mo.exists()
    assert "Je naam (mag leeg blijven)" in page.get_data(as_text=True)


def test_translations_compile_into_the_instance_folder_when_the_package_is_read_only(
        config, tmp_path, monkeypatch):
    import os

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if "translations" in str(path)
                        and mode == os.W_OK else real_access(path, mode))
    monkeypatch.setattr("app.INSTANCE", tmp_path / "instance")
    app, mo = _app_with_uncompiled_translations(config, tmp_path)

    page = _dutch_join_page(app)

    assert not mo.exists()
    assert (tmp_path / "instance/translations/nl/LC_MESSAGES/messages.mo").exists()
    assert "Je naam (mag leeg blijven)" in page.get_data(as_text=True)
