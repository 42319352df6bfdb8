"""One hostile phone in a burst (issue 12): on the real server (gevent) the writer stores a
burst of phones' input in one transaction. A phone that sends text no database can store
(valid JSON: a lone UTF-16 surrogate, "\\ud800", as JSON.stringify writes it) is refused
alone: the others' input in the same burst is acknowledged and stored, and the server's log
holds none of the texts."""
from __future__ import annotations

import asyncio
import secrets

import pytest

from tests.e2e.hostile import Loop, facilitator, phone

HONEST = 8
BURSTS = 5


def test_a_phone_sending_unstorable_text_is_refused_alone_and_nothing_is_logged(server):
    async def scenario():
        console, code = await facilitator(server)
        await console.connect(code, "facilitator")
        checkin = (await console.call("round:open", {"kind": "checkin"}))["round"]
        phones = [await phone(server, code, f"Telefoon {i}") for i in range(HONEST + 1)]
        hostile, honest = phones[0], phones[1:]

        async def send(device, text):
            return await device.sio.call("contribution:add", {
                "id": f"c-{secrets.token_hex(6)}", "round": checkin,
                "receipt": secrets.token_urlsafe(18), "text": text}, timeout=15)

        acks = []
        for burst in range(BURSTS):  # a few bursts: the hostile text lands in a batch with others
            acks += await asyncio.gather(
                *(send(hostile, f"Kwaad \ud800 {burst}-{n}") for n in range(3)),
                *(send(device, f"Eerlijk {burst}-{i}") for i, device in enumerate(honest)))
        for client in [console, *phones]:
            await client.close()
        return acks

    loop = Loop()
    try:
        acks = loop.run(scenario(), 120)
    finally:
        loop.close()
    log = server.output.read_text()

    hostile_acks = [a for i, a in enumerate(acks) if i % (HONEST + 3) < 3]
    honest_acks = [a for i, a in enumerate(acks) if i % (HONEST + 3) >= 3]
    assert len(honest_acks) == BURSTS * HONEST and len(hostile_acks) == 3 * BURSTS
    assert all(a.get("ok") is False for a in hostile_acks)
    assert [a for a in honest_acks if not a.get("ok")] == []
    assert "Eerlijk" not in log and "Kwaad" not in log
