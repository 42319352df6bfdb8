"""A hostile room types markup (issue 12): an XSS corpus goes through every text field a
person can type, and is rendered in Chromium on the console, the projector, a phone, the
printable summary and the shared summary. Nothing runs (no dialog, no flag set by a payload,
no Content-Security-Policy violation, no console error) and nothing is injected (no element
or attribute a payload would create is in the DOM); every payload shows as the text it is.

Setup goes through the real forms (titles, a name) in the browser, and through
python-socketio clients with the browser's or a phone's cookies (everything else); only the
rendering needs Chromium. Each payload carries a tag naming its field (`~co`), so that the
text found on the screens says which field rendered it."""
from __future__ import annotations

import json
import secrets

from tests.e2e.conftest import ARTIFACTS, LAPTOP, BEAMER, create_session, join, sign_in
from tests.e2e.hostile import Loop, client_with_cookies, cookie_header, phone

# At most 36 characters each, so that a payload and its tag fit a display name (40).
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=window.xss=2>",
    '"><svg onload=alert(3)>',
    "javascript:alert(4)",
    "{{7*7}}",
    "${7*7}#{7*7}<%= 7*7 %>",
    "<iframe src=javascript:alert(7)>",
    "'><details open ontoggle=alert(8)>",
    "</title><script>window.xss=9</script>",
    '<a href="javascript:alert(10)">x</a>',
    "<b onmouseover=alert(11)>b</b>",
    "</textarea><svg onload=window.xss=12>",
    "{{config.items()}}",
]
FIELDS = {
    "ti": "session title", "qu": "session question", "nm": "display name",
    "pr": "round prompt", "co": "contribution", "gl": "check-in group label",
    "po": "check-in polarity (typed pole)", "su": "check-in summary", "to": "topic",
    "rw": "topic rewording", "ta": "topic typed by the facilitator", "no": "no",
    "cn": "condition", "pp": "poll proposal", "op": "poll option", "nt": "outcome note",
    "cw": "check-out contribution", "ww": "weather report word",
}
# What a payload would create if it were parsed as markup, rather than shown as text.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(el.tagName + '[' + attr.name + ']');
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name) &&
          /^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + '[' + attr.name + '=js]');
    }
  }
  for (const el of document.querySelectorAll('iframe, svg, math'))
    found.push(el.tagName);
  for (const s of document.querySelectorAll('script'))
    if (!s.src && !/json/.test(s.type || '')) found.push('inline script');
  for (const img of document.querySelectorAll('img'))
    if (img.getAttribute('src') === 'x') found.push('img src=x');
  return {found, flag: window.xss === undefined ? null : String(window.xss),
          csp: window.__csp || []};
}"""
SHOWN = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script').forEach(s => s.remove());
  const values = [...document.querySelectorAll('input, textarea')].map(e => e.value);
  return body.textContent + '\\n' + values.join('\\n');
}"""
WATCH_CSP = """document.addEventListener('securitypolicyviolation', e => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


def tagged(payload: str, field: str) -> str:
    return f"{payload}~{field}"


def joined(field: str, limit: int, payloads=PAYLOADS) -> tuple[str, list[str]]:
    """As many tagged payloads as fit in one text of `limit` characters, and which."""
    text, used = "", []
    for payload in payloads:
        piece = tagged(payload, field)
        if len(text) + len(piece) + 1 > limit:
            break
        text, used = (f"{text} {piece}" if text else piece), used + [payload]
    return text, used


def eid() -> str:
    return f"x-{secrets.token_hex(8)}"


class Watch:
    """Everything a page does that it should not: dialogs, console errors, page errors."""

    def __init__(self):
        self.dialogs, self.errors, self.seen, self.injected = [], [], {}, []
        self.rendered = 0

    def page(self, page):
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # The browser's own request for /favicon.ico (there is none) is not the page's doing.
        page.on("console", lambda m: m.type == "error" and "favicon.ico" not in str(
            m.location.get("url")) and self.errors.append(
            f"{m.text} at {m.location.get('url')} on {page.url}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def check(self, page, name: str, ready: str = "body") -> None:
        page.reload() if page.url.startswith("http") else None
        page.wait_for_selector(ready)
        page.wait_for_timeout(600)  # the socket's session:state, and any late handler
        result = page.evaluate(INJECTED)
        if result["found"] or result["flag"] or result["csp"]:
            self.injected.append((name, result))
        text = page.evaluate(SHOWN)
        for field in FIELDS:
            for payload in PAYLOADS:
                if tagged(payload, field) in text:
                    self.seen.setdefault(field, set()).add(payload)
                    self.rendered += 1
        page.screenshot(path=str(ARTIFACTS / f"xss-{name}.png"), full_page=True)


def test_markup_typed_into_any_field_is_shown_as_text_and_never_runs(server, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    watch, loop = Watch(), Loop()
    sent: dict[str, list[str]] = {}

    def typed(field, payloads):
        sent.setdefault(field, []).extend(payloads)

    laptop = contexts(LAPTOP)
    laptop.add_init_script(WATCH_CSP)
    console = watch.page(sign_in(laptop, server))
    for payload in PAYLOADS:  # one session per payload: every title on the list
        console.goto(f"{server.url}/console")
        create_session(console, title=tagged(payload, "ti"), question="Gewoon")
    typed("ti", PAYLOADS)
    console.goto(f"{server.url}/console")
    title, in_title = joined("ti", 200)
    question, in_question = joined("qu", 1000)
    code = create_session(console, title=title, question=question)
    typed("qu", in_question)
    projector = watch.page(laptop.new_page())
    projector.set_viewport_size(BEAMER["viewport"])
    projector.goto(f"{server.url}/console/{code}/projector")
    handset = contexts()
    handset.add_init_script(WATCH_CSP)
    browser_phone = watch.page(join(handset, f"{server.url}/j/{code}",
                                    name=tagged(PAYLOADS[0], "nm")))

    cookie = cookie_header(laptop)

    async def room():
        desk = await client_with_cookies(server, cookie)
        await desk.connect(code, "facilitator")
        phones = [await phone(server, code, tagged(p, "nm")) for p in PAYLOADS[1:]]
        return desk, phones

    desk, phones = loop.run(room(), 120)
    typed("nm", PAYLOADS)

    async def act(event, **payload):
        ack = await desk.call(event, payload)
        assert ack.get("ok"), (event, payload, ack)
        return ack

    async def state():
        await desk.call("session:resync", {})
        import asyncio
        await asyncio.sleep(0.3)
        return desk.state["round"]

    async def from_phone(device, event, **payload):
        ack = await device.call(event, payload)
        assert ack.get("ok"), (event, payload, ack)
        return ack

    def pages(stage):
        watch.check(console, f"console-{stage}")
        watch.check(projector, f"projector-{stage}")
        watch.check(browser_phone, f"phone-{stage}", "body[data-connection=connected]")

    # --- the check-in: prompt, contributions, group labels, polarities, summary --------------
    async def checkin():
        prompt, in_prompt = joined("pr", 500)
        typed("pr", in_prompt)
        rid = (await act("round:open", kind="checkin", prompt=prompt))["round"]
        for i, device in enumerate(phones):
            await from_phone(device, "contribution:add", round=rid,
                             receipt=secrets.token_urlsafe(18),
                             text=tagged(PAYLOADS[i + 1], "co"))
            await from_phone(device, "contribution:add", round=rid,
                             receipt=secrets.token_urlsafe(18),
                             text=tagged(PAYLOADS[i], "co"))
        typed("co", PAYLOADS)
        await act("round:reveal", round=rid, confirm=True)
        ids = [c["id"] for c in (await state())["contributions"]]
        for j, payload in enumerate(PAYLOADS[:len(ids) // 2]):
            await act("checkin:group", round=rid, members=ids[2 * j:2 * j + 2],
                      label=tagged(payload, "gl"))
            typed("gl", [payload])
        for j in range(0, len(PAYLOADS), 2):
            pair = PAYLOADS[j:j + 2] if j + 1 < len(PAYLOADS) else [PAYLOADS[j], PAYLOADS[0]]
            await act("checkin:polarity", round=rid, left={"text": tagged(pair[0], "po")},
                      right={"text": tagged(pair[1], "po")})
            typed("po", pair)
        summary, in_summary = joined("su", 2000)
        await act("checkin:summary", round=rid, text=summary)
        typed("su", in_summary)

    loop.run(checkin())
    pages("checkin")

    # --- the agenda: topics, rewording, typed topics, no's, conditions, note -------------------
    async def agenda():
        rid = (await act("round:open", kind="topics", prompt=""))["round"]
        for i, device in enumerate(phones):
            await from_phone(device, "contribution:add", round=rid,
                             receipt=secrets.token_urlsafe(18), text=tagged(PAYLOADS[i], "to"))
        typed("to", PAYLOADS[:len(phones)])
        await act("round:reveal", round=rid, confirm=True)
        topics = [t["id"] for t in (await state())["topics"]]
        for topic, payload in zip(topics, PAYLOADS):
            await act("agenda:reword", round=rid, topic=topic, text=tagged(payload, "rw"))
            typed("rw", [payload])
        await act("agenda:add", round=rid, text=tagged(PAYLOADS[-1], "ta"))
        typed("ta", [PAYLOADS[-1]])
        await act("agenda:step", round=rid, to="seek_no")
        for i, payload in enumerate(PAYLOADS):
            await from_phone(phones[i % len(phones)], "no:add", round=rid,
                             receipt=secrets.token_urlsafe(18), text=tagged(payload, "no"))
        typed("no", PAYLOADS)
        await act("agenda:step", round=rid, to="spread")
        await act("agenda:step", round=rid, to="vote", mode="single", dots=1)
        topics = [t["id"] for t in (await state())["topics"]]
        ballots = []
        for i, device in enumerate(phones):
            ballot = secrets.token_urlsafe(18)
            await from_phone(device, "ballot:cast", round=rid, receipt=ballot,
                             choices=[topics[0] if i < 7 else topics[1]])
            ballots.append(ballot)
        await act("agenda:close_vote", round=rid, confirm=True)
        for n, payload in enumerate(PAYLOADS):
            i = 7 + n % 5
            await from_phone(phones[i], "condition:add", round=rid, ballot=ballots[i],
                             receipt=secrets.token_urlsafe(18), text=tagged(payload, "cn"))
            typed("cn", [payload])
        await act("agenda:close_conditions", round=rid)
        note, in_note = joined("nt", 500, PAYLOADS[:6])
        await act("agenda:outcome", round=rid, outcome="step5", note=note)
        typed("nt", in_note)

    loop.run(agenda(), 120)
    pages("agenda")

    # --- polls: proposal, options, no's and conditions, note ----------------------------------
    async def polls():
        proposal, in_proposal = joined("pp", 500)
        typed("pp", in_proposal)
        rid = (await act("poll:start", proposal=proposal))["round"]
        ballots = []
        for i, device in enumerate(phones):
            ballot = secrets.token_urlsafe(18)
            await from_phone(device, "ballot:cast", round=rid, receipt=ballot,
                             choices=["yes" if i < 7 else "no"])
            ballots.append(ballot)
        await act("poll:close_vote", round=rid, confirm=True)
        for n, payload in enumerate(PAYLOADS):
            i = 7 + n % 5
            await from_phone(phones[i], "no:add", round=rid, ballot=ballots[i],
                             receipt=secrets.token_urlsafe(18), text=tagged(payload, "no"))
        await act("poll:step", round=rid, step="spread")
        await act("poll:step", round=rid, step="minority")
        for n, payload in enumerate(PAYLOADS):
            i = 7 + n % 5
            await from_phone(phones[i], "condition:add", round=rid, ballot=ballots[i],
                             receipt=secrets.token_urlsafe(18), text=tagged(payload, "cn"))
        await act("poll:close_conditions", round=rid)
        note, in_note = joined("nt", 500, PAYLOADS[6:])
        await act("poll:outcome", round=rid, outcome="step5", note=note)
        typed("nt", in_note)

    loop.run(polls(), 120)
    pages("poll")

    async def choice(first):
        options = [tagged(p, "op") for p in PAYLOADS[first:first + 8]]
        await act("poll:start", proposal=tagged(PAYLOADS[first], "pp"), options=options)
        typed("op", PAYLOADS[first:first + 8])

    for first in (0, 8):  # a multiple choice takes at most 8 options
        loop.run(choice(first))
        pages(f"choice-{first}")

    # --- a weather report (one word per phone) and a check-out --------------------------------
    async def weather():
        rid = (await act("round:open", kind="weather", prompt=""))["round"]
        for i, device in enumerate(phones):
            await from_phone(device, "weather:tap", round=rid, receipt=secrets.token_urlsafe(18),
                             choices=["sunny" if i % 2 else "rain"])
            await from_phone(device, "weather:word", round=rid,
                             receipt=secrets.token_urlsafe(18), text=tagged(PAYLOADS[i], "ww"))
        typed("ww", PAYLOADS[:len(phones)])
        await act("round:reveal", round=rid, confirm=True)

    loop.run(weather())
    pages("weather")

    async def checkout():
        rid = (await act("round:open", kind="checkout", prompt=""))["round"]
        for i, device in enumerate(phones):
            await from_phone(device, "contribution:add", round=rid,
                             receipt=secrets.token_urlsafe(18), text=tagged(PAYLOADS[i], "cw"))
        await from_phone(phones[0], "contribution:add", round=rid,
                         receipt=secrets.token_urlsafe(18), text=tagged(PAYLOADS[-1], "cw"))
        typed("cw", PAYLOADS)
        await act("round:reveal", round=rid, confirm=True)

    loop.run(checkout())
    pages("checkout")

    # --- the end: the printable summary (with the attendance list) and the shared one --------
    async def end():
        await act("session:close")
        return (await act("summary:share"))["url"]

    shared_url = loop.run(end())
    pages("ended")
    console.goto(f"{server.url}/console/{code}/summary?attendance=1")
    watch.check(console, "summary")
    console.goto(f"{server.url}/console")
    watch.check(console, "session-list")
    reader = watch.page(contexts().new_page())
    reader.goto(shared_url)
    watch.check(reader, "shared-summary")

    async def close():
        for client in [desk, *phones]:
            await client.close()

    loop.run(close())
    loop.close()

    missing = {f: sorted(set(ps) - watch.seen.get(f, set())) for f, ps in sent.items()}
    figures = {"payloads": len(PAYLOADS), "fields": len(sent),
               "payload_x_field": sum(len(set(ps)) for ps in sent.values()),
               "shown_as_text_on_screens": watch.rendered}
    (ARTIFACTS / "hardening-xss.json").write_text(json.dumps(figures, indent=2))
    assert watch.dialogs == []
    assert watch.injected == []
    assert watch.errors == []
    assert set(sent) == set(FIELDS)
    assert {f: m for f, m in missing.items() if m} == {}, "typed but never shown as text"


def test_the_detector_sees_every_markup_payload_when_it_is_parsed_as_markup(contexts):
    """The checks above could pass by seeing nothing: on a page without our escaping and
    without a policy, every payload that is markup is found (or runs)."""
    page = contexts(LAPTOP).new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    markup = [p for p in PAYLOADS if "<" in p]
    seen = []

    for payload in markup:
        page.set_content(f"<!doctype html><title>t</title><body><div>{payload}</div></body>")
        page.wait_for_timeout(100)
        result = page.evaluate(INJECTED)
        if result["found"] or result["flag"]:
            seen.append(payload)

    assert len(markup) >= 9
    assert seen == markup
