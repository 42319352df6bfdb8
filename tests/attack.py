"""The attacker's kit for "unlinkable for real" (issue 11), shared by the integration and the
end-to-end tests: the phone events in one place, the orders a database offers (SQL, pages,
raw bytes of every file), and the statistics that say whether an order says more about who
sent what than chance would.

Nothing here knows how the server keeps its promise; it only reads what an attacker could
read: the files, the tables in every order the engine gives them, the frames a screen got."""
from __future__ import annotations

import hashlib
import math
import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pytest

# --- the protocol: every phone event name lives here ------------------------------------------


class Protocol:
    """The phone events carrying anonymous input, as the issue names them. Until the renames
    land, the server may still know the old names (`poll:answer` {choice}, `agenda:vote`,
    `agenda:alternative`, `agenda:nothing`, `agenda:resonate` {alternative},
    `agenda:condition`); whichever the server registers is used, so a test fails on what it
    tests, not on an event name."""

    def __init__(self, handlers: Iterable[str]):
        self.handlers = set(handlers)

    def _old(self, name: str) -> bool:
        return name in self.handlers

    def contribution(self, round_id, receipt, text):
        return "contribution:add", {"round": round_id, "receipt": receipt, "text": text}

    def edit(self, round_id, receipt, text):
        return "contribution:edit", {"round": round_id, "receipt": receipt, "text": text}

    def withdraw(self, round_id, receipt):
        return "contribution:withdraw", {"round": round_id, "receipt": receipt}

    def ballot(self, kind, round_id, receipt, choices: list[str]):
        if "ballot:cast" not in self.handlers:
            if kind == "poll":
                return "poll:answer", {"round": round_id, "receipt": receipt,
                                       "choice": choices[0]}
            return "agenda:vote", {"round": round_id, "receipt": receipt, "choices": choices}
        return "ballot:cast", {"round": round_id, "receipt": receipt, "choices": choices}

    def no(self, kind, round_id, receipt, text, ballot=None):
        if kind == "topics" and self._old("agenda:alternative"):
            return "agenda:alternative", {"round": round_id, "receipt": receipt, "text": text}
        payload = {"round": round_id, "receipt": receipt, "text": text}
        if ballot is not None:
            payload["ballot"] = ballot
        return "no:add", payload

    def nothing(self, round_id, receipt):
        name = "agenda:nothing" if self._old("agenda:nothing") else "no:nothing"
        return name, {"round": round_id, "receipt": receipt}

    def resonance(self, kind, round_id, no_id, receipt):
        if kind == "topics" and self._old("agenda:resonate"):
            return "agenda:resonate", {"round": round_id, "alternative": no_id,
                                       "receipt": receipt}
        return "resonance:add", {"round": round_id, "no": no_id, "receipt": receipt}

    def condition(self, kind, round_id, ballot, receipt, text):
        name = "agenda:condition" if kind == "topics" and self._old("agenda:condition") \
            else "condition:add"
        return name, {"round": round_id, "ballot": ballot, "receipt": receipt, "text": text}


def server_protocol() -> Protocol:
    import app.sockets  # noqa: F401  (registers every handler)
    from app.sockets.edge import HANDLERS

    return Protocol(HANDLERS)


def token_hash(secret: str) -> str:
    """How a receipt is kept (its SHA-256): what an attacker looks for in the files."""
    return hashlib.sha256(secret.encode()).hexdigest()


# --- views: what a screen shows of a stage --------------------------------------------------------


def round_of(event: str, frame: Any) -> dict | None:
    """The round view inside a frame a screen received, if any."""
    if not isinstance(frame, dict):
        return None
    if event == "session:state":
        return frame.get("round")
    if event in ("round:changed", "round:tallied"):
        return frame
    return None


# How many have answered (under each name a view gives it: `answered`, the agenda's `voted`,
# `spread_by`), how many joined, how many are connected: the only figures that may move.
ALLOWED_TO_MOVE = ("answered", "voted", "spread_by", "joined", "connected")


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, inner in value.items():
            found.update(flatten(inner, f"{path}.{key}"))
        return found
    if isinstance(value, list):
        found = {f"{path}#len": len(value)}
        for i, inner in enumerate(value):
            found.update(flatten(inner, f"{path}[{i}]"))
        return found
    return {path: value}


def moving(frames: list[tuple[str, Any]]) -> dict[str, list]:
    """Every field of the frames one screen received that changed from one frame of an
    event to the next, except how many have answered (and joined, and are connected): on a
    screen in a room, any other field that moves per tap names whoever tapped."""
    last: dict[str, dict[str, Any]] = {}
    moved: dict[str, list] = {}
    for event, frame in frames:
        flat = flatten(frame)
        before = last.get(event)
        if before is not None:
            for path in set(flat) | set(before):
                if path.rsplit(".", 1)[-1] in ALLOWED_TO_MOVE:
                    continue
                if flat.get(path) != before.get(path):
                    moved.setdefault(f"{event}{path}", []).append(
                        (before.get(path), flat.get(path)))
        last[event] = flat
    return moved


def agenda_nos(steps: dict) -> list[dict] | None:
    """The spread no's of an agenda's steps view (`nos`, formerly `alternatives`)."""
    if steps.get("nos") is not None:
        return steps["nos"]
    return steps.get("alternatives")


# --- SQLite files: pages, the WAL, raw bytes --------------------------------------------------

WAL_HEADER, WAL_FRAME_HEADER = 32, 24


def sqlite_page_size(db_file: Path) -> int:
    header = db_file.read_bytes()[:100]
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def wal_transactions(wal: bytes) -> list[list[tuple[int, bytes]]]:
    """The committed transactions in a WAL file, each a list of (page number, page), in the
    order they were written: exactly what a reader of the file after a crash sees."""
    if len(wal) < WAL_HEADER:
        return []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salt = wal[16:24]
    done, pending, at = [], [], WAL_HEADER
    while at + WAL_FRAME_HEADER + page_size <= len(wal):
        pgno, commit = struct.unpack(">II", wal[at:at + 8])
        if wal[at + 8:at + 16] != salt:
            break
        pending.append((pgno, wal[at + WAL_FRAME_HEADER:at + WAL_FRAME_HEADER + page_size]))
        if commit:
            done.append(pending)
            pending = []
        at += WAL_FRAME_HEADER + page_size
    return done


def live_pages(db_file: Path) -> dict[int, bytes]:
    """Every page of the database as SQLite reads it: the main file, overlaid with the
    committed frames of its WAL."""
    data = db_file.read_bytes()
    size = sqlite_page_size(db_file)
    pages = {i // size + 1: data[i:i + size] for i in range(0, len(data), size)}
    wal = db_file.with_name(db_file.name + "-wal")
    if wal.exists():
        for transaction in wal_transactions(wal.read_bytes()):
            for pgno, page in transaction:
                pages[pgno] = page
    return pages


def occurrences(data: bytes, needle: bytes) -> list[int]:
    found, at = [], data.find(needle)
    while at >= 0:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file an attacker finds in the folder, as raw bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def chunks_of(name: str, data: bytes, page_size: int = 4096) -> list[tuple[str, bytes]]:
    """What lies "within reach" in a file: one page of a database file, one transaction of a
    WAL, a whole journal or any other file."""
    if name.endswith("-wal"):
        transactions = wal_transactions(data)
        if transactions:
            return [(f"{name}#tx{i}", b"".join(page for _, page in tx))
                    for i, tx in enumerate(transactions)]
        return [(name, data)]
    if data[:16] == b"SQLite format 3\x00":
        return [(f"{name}#p{i // page_size + 1}", data[i:i + page_size])
                for i in range(0, len(data), page_size)]
    return [(name, data)]


# --- the orders a database offers ---------------------------------------------------------------

RECEIPT_COLUMN = re.compile("receipt|token_hash", re.I)


def content_tables(inspector) -> dict[str, str]:
    """Every table keeping the hash of something a phone holds (a receipt, a roll token),
    with that column: the ballot box, and the proofs that someone answered."""
    found = {}
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if RECEIPT_COLUMN.search(column["name"]):
                found[table] = column["name"]
                break
    return found


def primary_key(conn, table: str) -> str:
    from sqlalchemy import inspect

    columns = inspect(conn).get_pk_constraint(table)["constrained_columns"]
    return ", ".join(f'"{c}"' for c in columns) or "1"


def sqlite_orders(conn, db_file: Path, tokens: set[str]) -> dict[str, list[str]]:
    """Every order in which SQLite offers the rows holding `tokens` (receipt hashes): by
    primary key, by a bare scan, by rowid where there is one; by position in the pages of
    each b-tree (table and index, through `dbstat`), both ways; and by the first and the last
    byte offset in every file of the folder (database, WAL, journal)."""
    from sqlalchemy import inspect, text

    orders: dict[str, list[str]] = {}
    for table, column in content_tables(inspect(conn)).items():
        orders[f"sql:{table}:pk"] = list(conn.execute(
            text(f'SELECT "{column}" FROM "{table}" ORDER BY {primary_key(conn, table)}'))
            .scalars())
        orders[f"sql:{table}:scan"] = list(conn.execute(
            text(f'SELECT "{column}" FROM "{table}"')).scalars())
        try:
            orders[f"sql:{table}:rowid"] = list(conn.execute(
                text(f'SELECT "{column}" FROM "{table}" ORDER BY rowid')).scalars())
        except Exception:  # noqa: BLE001  WITHOUT ROWID: no such order
            conn.rollback()
    pages = live_pages(db_file)
    btrees: dict[str, list[int]] = {}
    for name, pageno in conn.execute(text("SELECT name, pageno FROM dbstat")).all():
        btrees.setdefault(name, []).append(pageno)
    needles = {t: t.encode() for t in tokens}
    for name, pagenos in btrees.items():
        where: dict[str, tuple[int, int]] = {}
        for pgno in sorted(pagenos):
            page = pages.get(pgno, b"")
            for token, needle in needles.items():
                at = page.find(needle)
                if at >= 0 and token not in where:
                    where[token] = (pgno, at)
        if where:
            orders[f"page:{name}:asc"] = sorted(where, key=lambda t: where[t])
            orders[f"page:{name}:desc"] = sorted(where, key=lambda t: (where[t][0],
                                                                      -where[t][1]))
    orders.update(file_orders(db_file.parent, tokens))
    return orders


def file_orders(folder: Path, tokens: set[str]) -> dict[str, list[str]]:
    orders = {}
    for name, data in files_in(folder).items():
        first, last = {}, {}
        for token in tokens:
            found = occurrences(data, token.encode())
            if found:
                first[token], last[token] = found[0], found[-1]
        if first:
            orders[f"file:{name}:first"] = sorted(first, key=first.get)
            orders[f"file:{name}:last"] = sorted(last, key=last.get)
    return orders


def postgresql_orders(conn, tokens: set[str]) -> dict[str, list[str]]:
    """Every order in which PostgreSQL offers the rows: by primary key, by a bare scan
    (heap order), by `ctid`; and by position in the raw pages of the table and of each of
    its indexes (`pageinspect`), where dead tuples still lie until the space is rewritten."""
    from sqlalchemy import inspect, text

    orders: dict[str, list[str]] = {}
    tables = content_tables(inspect(conn))
    for table, column in tables.items():
        orders[f"sql:{table}:pk"] = list(conn.execute(
            text(f'SELECT "{column}" FROM "{table}" ORDER BY {primary_key(conn, table)}'))
            .scalars())
        orders[f"sql:{table}:scan"] = list(conn.execute(
            text(f'SELECT "{column}" FROM "{table}"')).scalars())
        orders[f"sql:{table}:ctid"] = list(conn.execute(
            text(f'SELECT "{column}" FROM "{table}" ORDER BY ctid')).scalars())
    relations = conn.execute(text(
        "SELECT c.relname, c.relkind FROM pg_class c WHERE c.relname = ANY(:t) "
        "UNION SELECT i.relname, i.relkind FROM pg_index x JOIN pg_class i "
        "ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = ANY(:t)"), {"t": list(tables)}).all()
    needles = {t: t.encode() for t in tokens}
    for relname, _kind in relations:
        blocks = conn.execute(text("SELECT pg_relation_size(:r) / 8192"),
                              {"r": relname}).scalar()
        where: dict[str, tuple[int, int]] = {}
        pages = conn.execute(text("SELECT b, get_raw_page(:r, b::int) FROM "
                                  "generate_series(0, :n - 1) AS b ORDER BY b"),
                             {"r": relname, "n": blocks}).all()
        for block, raw in pages:
            page = bytes(raw)
            for token, needle in needles.items():
                at = page.find(needle)
                if at >= 0 and token not in where:
                    where[token] = (block, at)
        if where:
            orders[f"pgpage:{relname}:asc"] = sorted(where, key=lambda t: where[t])
            orders[f"pgpage:{relname}:desc"] = sorted(where, key=lambda t: (where[t][0],
                                                                           -where[t][1]))
    return orders


# --- statistics ----------------------------------------------------------------------------------


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2
        i = j + 1
    return result


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy) if vx and vy else 0.0


def matches_moments(labels: list[Any]) -> tuple[float, float]:
    """Mean and variance of how many positions i have labels[i] == labels[s(i)] for a
    uniformly random permutation s: the chance an attacker has of naming the sender of a
    row by lining up a stored order that carries nothing with the sending order."""
    n = len(labels)
    counts: dict[Any, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    mean = sum(counts[c] / n for c in labels)
    if n < 2:
        return mean, 0.0
    pair = 0.0
    for i, ci in enumerate(labels):
        for j, cj in enumerate(labels):
            if i != j:
                pair += (counts[ci] * counts[cj] - (counts[ci] if ci == cj else 0)) / (
                    n * (n - 1))
    second = mean + pair
    return mean, max(0.0, second - mean * mean)


Z = 4.265  # one-sided normal quantile for 1e-5


def chi2_upper(k: int, z: float = Z) -> float:
    """The upper quantile of a chi-square with k degrees of freedom (Wilson-Hilferty)."""
    c = 2 / (9 * k)
    return k * (1 - c + z * math.sqrt(c)) ** 3


def poisson_upper(mean: float, alpha: float = 1e-6) -> int:
    """The smallest k with P(X > k) < alpha for X ~ Poisson(mean)."""
    if mean <= 0:
        return 0
    k, log_pmf = 0, -mean
    cdf = math.exp(log_pmf)
    while 1 - cdf >= alpha:
        k += 1
        log_pmf += math.log(mean / k)
        cdf += math.exp(log_pmf)
    return k


@dataclass
class Sample:
    """One stage's rows in one stored order, against the order they were sent in."""

    family: str
    stage: str
    n: int
    rho: float
    forward: int  # senders named right, lining up stored order with sending order
    backward: int  # the same with the stored order reversed
    chance: float
    variance: float


@dataclass
class Verdict:
    family: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def chi2(self) -> float:
        return sum((s.n - 1) * s.rho ** 2 for s in self.samples)

    @property
    def chi2_limit(self) -> float:
        return chi2_upper(len(self.samples))

    def attributed(self, direction: str) -> int:
        return sum(getattr(s, direction) for s in self.samples)

    @property
    def chance(self) -> float:
        return sum(s.chance for s in self.samples)

    @property
    def attribution_limit(self) -> float:
        """Senders named right by chance stay below this but once in a million: a sum of
        random-permutation match counts has a variance at most its mean (computed exactly
        per stage) and a right-skewed tail, which a Poisson of that mean bounds."""
        variance = sum(s.variance for s in self.samples)
        return max(poisson_upper(self.chance), self.chance + Z * math.sqrt(variance))

    @property
    def rows(self) -> int:
        return sum(s.n for s in self.samples)

    def leaks(self) -> list[str]:
        found = []
        if self.samples and self.chi2 > self.chi2_limit:
            found.append(f"{self.family}: sum (n-1)rho^2 = {self.chi2:.1f} > "
                         f"{self.chi2_limit:.1f} over {len(self.samples)} stages "
                         f"(mean rho {self.mean_rho:+.2f}, max |rho| {self.max_rho:.2f})")
        for direction in ("forward", "backward"):
            if self.samples and self.attributed(direction) > self.attribution_limit:
                found.append(f"{self.family}: {self.attributed(direction)} of {self.rows} "
                             f"rows attributed ({direction}), chance {self.chance:.1f}, "
                             f"limit {self.attribution_limit:.1f}")
        return found

    @property
    def mean_rho(self) -> float:
        return sum(s.rho for s in self.samples) / len(self.samples) if self.samples else 0.0

    @property
    def max_rho(self) -> float:
        return max((abs(s.rho) for s in self.samples), default=0.0)


def judge(orders: dict[str, list[str]], stage: str, sent: list[tuple[str, Any]],
          suffix: str = "") -> list[Sample]:
    """Lines up every stored order with the sending order of one stage. `sent` is the
    stage's rows as (token, sender) in the order the phones sent them."""
    rank = {token: i for i, (token, _) in enumerate(sent)}
    sender = dict(sent)
    samples = []
    for family, order in orders.items():
        stored, seen = [], set()
        for token in order:
            if token in rank and token not in seen:
                stored.append(token)
                seen.add(token)
        if len(stored) < 3:
            continue
        by_sending = sorted(stored, key=rank.get)
        labels = [sender[t] for t in by_sending]
        forward = sum(sender[a] == sender[b] for a, b in zip(by_sending, stored))
        backward = sum(sender[a] == sender[b] for a, b in zip(by_sending, reversed(stored)))
        chance, variance = matches_moments(labels)
        samples.append(Sample(family + suffix, stage, len(stored),
                              spearman([rank[t] for t in stored], list(range(len(stored)))),
                              forward, backward, chance, variance))
    return samples


def verdicts(samples: list[Sample]) -> dict[str, Verdict]:
    result: dict[str, Verdict] = {}
    for sample in samples:
        result.setdefault(sample.family, Verdict(sample.family)).samples.append(sample)
    return result


# --- the engines under attack: SQLite always, PostgreSQL where there is one ----------------

PG = "postgresql://postgres@127.0.0.1:5432"


def postgresql_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG}/postgres", connect_timeout=2).close()
        return True
    except Exception:  # noqa: BLE001
        return False


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not os.environ.get("CI") and not postgresql_reachable(),
    reason="no PostgreSQL on 127.0.0.1:5432 (CI=true runs it)"))]
