"""A fault in a hostile room (issue 12): the real server (`serve.py`, gevent, SQLite) is
killed with SIGKILL in the middle of a burst from ten phones, each sending contributions to a
check-in and a ballot to a poll at once. After the restart the phones reconnect (presenting
their roll tokens) and send again what they had not seen acknowledged, under the same
receipts. Every acknowledged input is there exactly once; every retried one once; nothing
is there twice, and nothing that nobody sent."""
from __future__ import annotations

import asyncio
import json
import secrets
import signal
import sqlite3
from collections import Counter

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.hostile import Loop, facilitator, phone

PHONES = 10
CONTRIBUTIONS = 12  # per phone


@pytest.mark.parametrize("kill_after", [10, 40, 100], ids=lambda n: f"after-{n}-acks")
def test_a_server_killed_mid_burst_keeps_every_acknowledged_input_exactly_once(server,
                                                                               kill_after):
    """Killed after `kill_after` of the 130 inputs were acknowledged."""
    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        checkin = (await console.call("round:open", {"kind": "checkin"}))["round"]
        poll = (await console.call("poll:start", {"proposal": "We gaan door"}))["round"]
        phones = [await phone(server, code, f"Telefoon {i}") for i in range(PHONES)]
        # What each phone sends: (event, payload with its id and receipt), kept for a retry.
        plans = []
        for i, device in enumerate(phones):
            plan = [("contribution:add", {"id": f"c-{i}-{n}-{secrets.token_hex(4)}",
                                          "round": checkin, "receipt": secrets.token_urlsafe(18),
                                          "text": f"Telefoon {i} zegt {n}"})
                    for n in range(CONTRIBUTIONS)]
            plan.insert(CONTRIBUTIONS // 2, ("ballot:cast", {
                "id": f"b-{i}-{secrets.token_hex(4)}", "round": poll,
                "receipt": secrets.token_urlsafe(18), "choices": ["yes" if i % 3 else "no"]}))
            plans.append(plan)
        acked: dict[str, dict] = {}
        killed = asyncio.Event()

        async def send(device, event, payload):
            try:
                ack = await device.sio.call(event, payload, timeout=5)
            except Exception:  # noqa: BLE001  the server is gone: not acknowledged
                return
            if ack and ack.get("ok") and not killed.is_set():
                acked[payload["receipt"]] = ack
                if ack.get("roll"):
                    device.rolls.append(ack["roll"])
                if len(acked) >= kill_after:
                    killed.set()
                    server.process.send_signal(signal.SIGKILL)

        await asyncio.gather(*(send(device, event, payload)
                               for device, plan in zip(phones, plans)
                               for event, payload in plan))
        server.process.wait(timeout=10)
        server.log.close()
        for client in [console, *phones]:
            try:
                await client.sio.disconnect()
            except Exception:  # noqa: BLE001
                pass
        server.start()

        await console.connect(code, "facilitator")
        retried, refused = 0, []
        for device, plan in zip(phones, plans):
            await device.connect(code, "participant", rolls=device.rolls)
            for event, payload in plan:
                again = payload["receipt"] in acked  # a retry of what was acknowledged, too
                if not again or payload is plan[0][1]:
                    ack = await device.sio.call(event, payload, timeout=15)
                    retried += not again
                    if not ack.get("ok"):
                        refused.append((event, ack))
        revealed = await console.call("round:reveal", {"round": checkin, "confirm": True})
        closed = await console.call("poll:close_vote", {"round": poll, "confirm": True})
        await asyncio.sleep(0.5)
        views = {frame["id"]: frame for event, frame in console.frames
                 if event == "round:changed" and isinstance(frame, dict)}
        for client in [console, *phones]:
            await client.close()
        return plans, acked, retried, refused, revealed, closed, views

    # In a thread of its own: Playwright's sync API (another test's browser) may hold the
    # main thread's event loop.
    loop = Loop()
    try:
        plans, acked, retried, refused, revealed, closed, views = loop.run(scenario(), 180)
    finally:
        loop.close()

    texts = Counter(c["text"] for c in views[plans[0][0][1]["round"]]["contributions"])
    counts = views[next(p for e, p in plans[0] if e == "ballot:cast")["round"]]["poll"][
        "current"]["counts"]
    sent_texts = {p["text"] for plan in plans for e, p in plan if e == "contribution:add"}
    acked_texts = {p["text"] for plan in plans for e, p in plan
                   if e == "contribution:add" and p["receipt"] in acked}
    choices = Counter(p["choices"][0] for plan in plans for e, p in plan if e == "ballot:cast")
    with sqlite3.connect(server.instance / "deepdemocracy.sqlite3") as db:
        rows = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("contribution", "ballot")}
    figures = {"phones": PHONES, "sent": sum(len(p) for p in plans),
               "acknowledged_before_the_kill": len(acked), "retried_after_restart": retried}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"hardening-fault-{kill_after}.json").write_text(json.dumps(figures))

    assert kill_after <= len(acked) < figures["sent"], "the kill did not fall mid-burst"
    assert retried > 0 and refused == []
    assert revealed.get("ok") and closed.get("ok"), (revealed, closed)
    assert all(texts[t] == 1 for t in acked_texts), "an acknowledged contribution lost or doubled"
    assert set(texts) == sent_texts and max(texts.values()) == 1
    assert counts == {o: choices.get(o, 0) for o in ("yes", "yes_bit_of_no", "no")}
    assert rows == {"contribution": len(sent_texts), "ballot": PHONES}
