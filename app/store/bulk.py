"""The writer's statements, run on the database driver's own cursor.

A batch of a hundred answers ran five statements through SQLAlchemy Core in 1.6 ms, of
which SQLite's own work was 0.8 ms: the rest was Core building each row's parameters and
each result's objects (measured in-process, 2026-11-26). Each statement here is still
written with SQLAlchemy and compiled by it, once per dialect (and, for an `IN` list, once
per size, rounded up to a power of two), then run on the cursor with plain tuples, its
results read through the column types' own processors. The same code serves SQLite and
PostgreSQL.

What runs here bypasses Core's events: a test that watches the statements reads them from
the driver (`sqlite3.Connection.set_trace_callback`)."""
from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import Select, Table, bindparam, insert
from sqlalchemy.exc import DBAPIError


def size_for(count: int) -> int:
    """The size of `IN` list compiled for `count` values: the next power of two, so that a
    statement is compiled for at most a dozen sizes."""
    return 1 << max(0, count - 1).bit_length()


def sizes_up_to(most: int) -> list[int]:
    """Every size an `IN` list of at most `most` values is compiled for."""
    return sorted({size_for(n) for n in range(1, most + 1)})


def in_list(size: int | None) -> list:
    """The parameters of an `IN` list of `size` values, named k0, k1, ..."""
    return [bindparam(f"k{i}") for i in range(size or 0)]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters, in the order a positional driver takes them
    positional: bool
    row: Any = None  # a select's row type (a named tuple of its columns)
    processors: tuple = ()  # a select's result processors, per column (None: as it comes)

    def params(self, given: dict) -> tuple | dict:
        return tuple(given[n] for n in self.names) if self.positional \
            else {n: given[n] for n in self.names}


class Statement:
    """A statement built by `build(size)` (size: how many values its `IN` list holds, None
    when it has none), compiled once per dialect and size."""

    made: list["Statement"] = []  # every statement, for `compilations`

    def __init__(self, build: Callable[[int | None], Any], *, sized: bool,
                 column_keys: Sequence[str] = ()):
        self.build = build
        self.sized = sized  # whether it has an IN list (`in_list`)
        self.column_keys = list(column_keys) or None
        self._compiled: dict[tuple[str, str, int | None], _Compiled] = {}
        Statement.made.append(self)

    def compiled(self, dialect, size: int | None = None) -> _Compiled:
        key = (dialect.name, dialect.driver, size)
        found = self._compiled.get(key)
        if found is None:
            statement = self.build(size)
            compiled = statement.compile(dialect=dialect, column_keys=self.column_keys)
            names = tuple(compiled.positiontup) if compiled.positional \
                else tuple(compiled.bind_names.values())
            row, processors = None, ()
            if isinstance(statement, Select):
                columns = list(statement.selected_columns)
                row = namedtuple("Row", [c.key for c in columns])
                processors = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None)
                                   for c in columns)
                if not any(processors):
                    processors = ()
            found = self._compiled[key] = _Compiled(compiled.string, names,
                                                    compiled.positional, row, processors)
        return found

    def rows(self, conn, values: Iterable[Any]) -> list:
        """Runs the select with its `IN` list (`k0`, `k1`, ...) holding `values`; returns
        its rows as named tuples of its columns."""
        compiled, found = self._run(conn, list(values), fetch=True)
        if compiled is None:
            return []
        make, processors = compiled.row._make, compiled.processors
        if processors:
            return [make(value if p is None else p(value) for p, value in zip(processors, row))
                    for row in found]
        return [make(row) for row in found]

    def run(self, conn, values: Iterable[Any]) -> None:
        """Runs the statement (a delete) with its `IN` list holding `values`."""
        self._run(conn, list(values), fetch=False)

    def run_many(self, conn, rows: Iterable[dict]) -> None:
        """Runs the statement once per row (a dict of its parameters), in one call."""
        compiled = self.compiled(conn.dialect)
        params = [compiled.params(row) for row in rows]
        if params:
            _execute(conn, compiled.sql, params, many=True)

    def _run(self, conn, values: list, *, fetch: bool):
        if not values:
            return None, []
        size = size_for(len(values))
        compiled = self.compiled(conn.dialect, size)
        given = {f"k{i}": values[i] if i < len(values) else values[0] for i in range(size)}
        return compiled, _execute(conn, compiled.sql, compiled.params(given), fetch=fetch)


def compilations() -> int:
    """How many compiled forms the statements hold (what a warm-up has compiled)."""
    return sum(len(statement._compiled) for statement in Statement.made)


def compile_all(dialect, most: int) -> None:
    """Compiles every statement, each with an IN list in every size up to `most` values,
    so that no burst of answers pays for it."""
    for statement in Statement.made:
        for size in sizes_up_to(most) if statement.sized else (None,):
            statement.compiled(dialect, size)


def forget() -> None:
    """Drops every compiled form, as a new process starts (for tests)."""
    for statement in Statement.made:
        statement._compiled.clear()


def inserting(table: Table, columns: Sequence[str]) -> Statement:
    """An insert of these columns of `table`, for `run_many`."""
    return Statement(lambda _size: insert(table), sized=False, column_keys=columns)


def _execute(conn, sql: str, params, *, many: bool = False, fetch: bool = False) -> list:
    """Runs `sql` on the connection's driver cursor, in its transaction. The driver's errors
    are raised as SQLAlchemy's (an IntegrityError as IntegrityError), as Core would, without
    the parameters (texts) in their message."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchall() if fetch else []
    except conn.dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(sql, params, error, conn.dialect.loaded_dbapi.Error,
                                  hide_parameters=True, dialect=conn.dialect) from error
    finally:
        cursor.close()
