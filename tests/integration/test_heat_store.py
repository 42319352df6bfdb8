"""The heat of step 5 is kept where no file holds it: memory, or Redis under a short expiry
when a message queue is configured. Statements wait for their batch and come out shuffled,
each once; forgetting a round leaves nothing behind."""
import secrets

import pytest
import redis

from app.store.heat import EXPIRY_SECONDS, MemoryHeat, RedisHeat
from facilitation import step5

REDIS = "redis://127.0.0.1:6379/0"


def redis_heat():
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return RedisHeat(REDIS)


@pytest.fixture(params=["memory", "redis"])
def store(request):
    return MemoryHeat() if request.param == "memory" else redis_heat()


def statement(text, side="majority"):
    return {"id": secrets.token_hex(8), "side": side, "text": text}


def test_statements_wait_until_three_are_there_then_come_out_together(store):
    round_id = secrets.token_hex(8)
    store.open(round_id)
    for text in ("een", "twee"):
        assert store.add(round_id, secrets.token_hex(8), statement(text))

    early = store.take(round_id)
    store.add(round_id, secrets.token_hex(8), statement("drie", "minority"))
    batch = store.take(round_id)

    assert early == [] and store.shown(round_id) == batch
    assert sorted(s["text"] for s in batch) == ["drie", "een", "twee"]
    assert store.take(round_id) == []
    store.forget(round_id)


def test_a_lone_statement_comes_out_when_its_time_is_up_and_a_retry_is_taken_once(store):
    round_id, key = secrets.token_hex(8), secrets.token_hex(8)
    store.open(round_id)

    assert store.add(round_id, key, statement("alleen"))
    assert not store.add(round_id, key, statement("alleen"))
    assert store.take(round_id) == []
    released = store.take(round_id, force=True)

    assert [s["text"] for s in released] == ["alleen"]
    store.forget(round_id)


def test_forgetting_a_round_leaves_nothing_of_its_heat(store):
    round_id = secrets.token_hex(8)
    store.open(round_id)
    for text in ("een", "twee", "drie", "vier"):
        store.add(round_id, secrets.token_hex(8), statement(text))
    store.take(round_id)

    store.forget(round_id)

    assert store.shown(round_id) == [] and store.waiting(round_id)[0] == 0
    assert not store.alive(round_id)
    assert not store.add(round_id, secrets.token_hex(8), statement("na afloop"))


def test_a_heat_that_was_never_opened_here_keeps_nothing(store):
    round_id = secrets.token_hex(8)

    assert not store.alive(round_id)
    assert not store.add(round_id, secrets.token_hex(8), statement("na een herstart"))
    assert store.take(round_id, force=True) == [] and store.shown(round_id) == []


def test_in_redis_every_key_of_the_heat_expires_by_itself():
    store, round_id = redis_heat(), secrets.token_hex(8)
    store.open(round_id)
    for text in ("een", "twee", "drie", "vier"):
        store.add(round_id, secrets.token_hex(8), statement(text))
    store.take(round_id)
    store.add(round_id, secrets.token_hex(8), statement("vijf"))  # waiting for its batch
    client = redis.Redis.from_url(REDIS)

    keys = list(client.scan_iter(f"deepdemocracy:heat:{round_id}:*"))

    assert len(keys) == 5
    assert all(0 < client.ttl(key) <= EXPIRY_SECONDS for key in keys)
    store.forget(round_id)
    assert not list(client.scan_iter(f"deepdemocracy:heat:{round_id}:*"))


def test_a_round_holds_at_most_so_many_statements():
    store, round_id = MemoryHeat(), "r"
    store.open(round_id)
    for n in range(step5.HEAT_MAX):
        assert store.add(round_id, f"k{n}", statement(str(n)))

    assert not store.add(round_id, "one-more", statement("te veel"))
