"""The off-record store keeps the same promises in memory and in Redis: statements wait, then
are published once each; one place per phone token; nothing left after `clear`; in Redis,
every key expires by itself."""
import secrets
import time

import pytest
import redis

from app.store.off_record import EXPIRY_SECONDS, MemoryOffRecord, RedisOffRecord

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        yield MemoryOffRecord()
        return
    prefix = f"dd-test-offrecord-{secrets.token_hex(4)}"
    found = RedisOffRecord(REDIS, prefix)
    yield found
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_statement_waits_until_published_and_is_taken_once(store):
    store.open("r1")

    assert store.post("r1", {"id": "a", "text": "Eerste"})
    assert not store.post("r1", {"id": "a", "text": "Eerste"})  # a retry
    assert store.post("r1", {"id": "b", "text": "Tweede", "side": "for"})
    assert store.pending_count("r1") == 2 and store.shown("r1") == []
    taken = store.take_pending("r1")
    assert store.take_pending("r1") == []
    store.publish("r1", taken)

    assert sorted(s["id"] for s in store.shown("r1")) == ["a", "b"]
    assert {"id": "b", "text": "Tweede", "side": "for"} in store.shown("r1")
    assert store.known("r1", "a") and not store.known("r1", "c")


def test_a_phone_token_stands_in_one_place(store):
    store.open("r1")
    phone = store.token("r1", "participant-1")

    store.stand("r1", phone, "a")
    store.stand("r1", store.token("r1", "participant-2"), "a")
    before = store.stand("r1", phone, "b")

    assert before == "a" and store.standing_with("r1", phone) == "b"
    assert store.standing("r1") == {"a": 1, "b": 1}
    store.stand("r1", phone, None)
    assert store.standing("r1") == {"a": 1}


def test_the_token_names_nobody_and_differs_per_round(store):
    store.open("r1")
    store.open("r2")

    token = store.token("r1", "participant-1")

    assert "participant-1" not in token
    assert token == store.token("r1", "participant-1") != store.token("r2", "participant-1")


def test_values_counters_and_the_lease(store):
    store.open("r1")

    store.put("r1", "pulse", "a")
    assert store.get("r1", "pulse") == "a" and store.get("r1", "other", 7) == 7
    assert [store.bump("r1", "t", "said") for _ in range(3)] == [1, 2, 3]
    assert store.count("r1", "t", "said") == 3 and store.count("r1", "u", "said") == 0
    assert store.lease("r1", 0.2) and not store.lease("r1", 0.2)
    store.put("r1", "pulse", "b")  # a write refreshes the round, not the lease
    time.sleep(0.3)
    assert store.lease("r1", 0.2)


def test_clear_forgets_everything_and_a_round_not_opened_holds_nothing(store):
    store.open("r1")
    store.post("r1", {"id": "a", "text": "Weg ermee"})
    store.publish("r1", store.take_pending("r1"))
    store.stand("r1", store.token("r1", "p"), "a")

    store.clear("r1")

    assert not store.alive("r1") and store.shown("r1") == [] and store.standing("r1") == {}
    assert store.token("r1", "p") is None
    assert not store.post("r1", {"id": "b", "text": "Te laat"})
    assert not store.alive("never-opened")


def test_in_redis_every_key_expires_within_hours_and_clear_leaves_none():
    prefix = f"dd-test-offrecord-{secrets.token_hex(4)}"
    store = RedisOffRecord(REDIS, prefix)
    client = redis.Redis.from_url(REDIS)
    store.open("r1")
    store.post("r1", {"id": "a", "text": "Verloopt"})
    store.publish("r1", store.take_pending("r1"))
    store.stand("r1", store.token("r1", "p"), "a")
    store.put("r1", "pulse", "a")
    store.bump("r1", "t", "said")

    keys = list(client.scan_iter(f"{prefix}:*"))
    assert keys and all(0 < client.ttl(k) <= EXPIRY_SECONDS for k in keys)
    assert EXPIRY_SECONDS <= 6 * 60 * 60
    store.clear("r1")
    assert list(client.scan_iter(f"{prefix}:*")) == []
