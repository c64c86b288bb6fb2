"""The directory search on PostgreSQL at scale against a naive ILIKE scan, in one run (bench/README.md): seeded
data and queries (bench/directory_data.py) on a scratch database built by the migrations, dropped after.

    .venv/bin/python -m bench.directory_search_bench [--locations 50000] [--queries 300] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, or_, select, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.directory import search_index
from app.directory.normalize import fold
from app.directory.search import TOTAL_CAP, Query, filters, search
from app.directory.search_models import SearchEntry
from app.directory.text_search import WORD
from bench import directory_data as data
from bench import report
from tests.support import services

DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/switchboard_bench_dir_{os.getpid()}"
TARGET_P95_MS = 50.0  # the issue's
BATCH = 5000  # rows per executemany


@contextmanager
def scratch_database() -> Iterator[Session]:
    """A session on a fresh database built by the migrations, dropped on the way out."""
    services.recreate_database(DATABASE_URL)
    engine = make_engine(DATABASE_URL)
    try:
        services.migrate(DATABASE_URL)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
        services.drop_database(DATABASE_URL)


def fill(session: Session, locations: int, seed: int) -> dict[str, Any]:
    """Write the directory by bulk Core inserts (executemany, in batches), rebuild the index (timed), then VACUUM
    ANALYZE as autovacuum would soon after an import (not during the timing; it merges GIN pending lists)."""
    t0, tables = time.perf_counter(), data.rows(seed, locations)
    for model, table in tables.items():
        for start in range(0, len(table), BATCH):
            session.execute(insert(model), table[start : start + BATCH])
    session.commit()
    t1 = time.perf_counter()
    entries = search_index.rebuild(session)
    session.commit()
    t2 = time.perf_counter()
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"}).execute(text("VACUUM ANALYZE"))
    session.commit()
    written = sum(len(table) for table in tables.values())
    return {"rows": written, "insert_s": round(t1 - t0, 1), "entries": entries, "rebuild_s": round(t2 - t1, 1)}


def naive(session: Session, q: Query) -> int:
    """The baseline: each folded word ILIKE'd in either text, the search's SQL filters, a page by key, a count
    (to the search's cap, as the search counts)."""
    texts = (SearchEntry.text_en, SearchEntry.text_fr)
    where = [or_(*(t.ilike(f"%{w}%") for t in texts)) for w in WORD.findall(fold(q.words))] + filters(session, q)
    session.scalars(select(SearchEntry.key).where(*where).order_by(SearchEntry.key).limit(q.per_page)).all()
    counted = select(SearchEntry.key).where(*where).limit(TOTAL_CAP + 1).subquery()
    return session.scalar(select(func.count()).select_from(counted)) or 0


def measure(session: Session, asked: list[Query]) -> dict[str, Any]:
    """Each query through the search and the scan, after a warm-up pass; which goes first alternates."""
    ways: dict[str, Callable[[Query], int]] = {"search": lambda q: search(session, q).total}
    ways["naive"] = lambda q: naive(session, q)
    for q in asked:
        for run in ways.values():
            run(q)
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    totals: dict[str, list[int]] = {name: [] for name in ways}
    for i, q in enumerate(asked):
        for name in sorted(ways, reverse=bool(i % 2)):
            t0 = time.perf_counter()
            totals[name].append(ways[name](q))
            seconds[name].append(time.perf_counter() - t0)
    shapes = {"words only": lambda q: q == Query(words=q.words), "near a point": lambda q: q.near is not None}
    by_shape = {k: [s for q, s in zip(asked, seconds["search"], strict=True) if test(q)] for k, test in shapes.items()}
    slowest = sorted(range(len(asked)), key=lambda i: -seconds["search"][i])[:5]
    return {
        "latency_ms": {name: report.ms(values) for name, values in seconds.items()},
        "with_results": {name: sum(t > 0 for t in values) for name, values in totals.items()},
        "p95_ms_by_shape": {shape: report.ms(values)["p95"] for shape, values in by_shape.items()},
        "slowest": [(_asked(asked[i]), round(seconds["search"][i] * 1000, 1), totals["search"][i]) for i in slowest],
    }


def _asked(q: Query) -> dict[str, Any]:
    return {f.name: getattr(q, f.name) for f in fields(q) if getattr(q, f.name) != f.default}


def rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    s, built, n = results["summary"], results["built"], results["queries"]
    real, scan, shapes = s["latency_ms"]["search"], s["latency_ms"]["naive"], s["p95_ms_by_shape"]
    lat = report.LATENCY
    return [
        {"measure": f"directory search, {built['entries']} locations, {n} queries, first page of 20 and total "
         "(ratio: search p95 / scan p95, lower is better)", "value": lat.format(**real),
         "baseline": "naive ILIKE scan: " + lat.format(**scan), "ratio": round(real["p95"] / scan["p95"], 3),
         "target": f"p95 < {TARGET_P95_MS:g} ms", "met": real["p95"] < TARGET_P95_MS},
        {"measure": "search p95 by query shape", "value": "; ".join(f"{k} {v} ms" for k, v in shapes.items())},
        {"measure": "queries with results", "value": f"search {s['with_results']['search']} of {n}",
         "baseline": f"naive scan {s['with_results']['naive']} of {n}"},
        {"measure": "search_index.rebuild", "value": f"{built['rebuild_s']} s for {built['entries']} entries",
         "baseline": f"generating and inserting {built['rows']} HSDS rows: {built['insert_s']} s"},
    ]  # fmt: skip


def machine(session: Session) -> dict[str, Any]:
    """What bench/record.py prints of the machine (Redis is not used here)."""
    cpu = "".join(re.findall(r"model name\s*: (.*)", Path("/proc/cpuinfo").read_text())[:1])
    kib = int(re.findall(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[0])
    pg = session.scalar(text("SHOW server_version"))
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "ram_gib": round(kib / 2**20, 1), "postgresql": pg,
            "redis": "not used", "python": platform.python_version(), "kernel": platform.release()}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locations", type=int, default=50_000, help="locations generated (one service at each)")
    parser.add_argument("--queries", type=int, default=300, help="queries measured (after a warm-up pass)")
    parser.add_argument("--seed", type=int, default=211, help="seeds the directory and the queries")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results = report.begin(args)
    with scratch_database() as session:
        results["machine"] = machine(session)
        print(f"{args.locations} locations, the index rebuilt, then {args.queries} queries, twice...", flush=True)
        results["built"] = fill(session, args.locations, args.seed)
        asked = data.queries(args.seed, args.queries)
        results["summary"] = measure(session, asked)
    results["load_after"], results["queries"] = os.getloadavg(), len(asked)
    results["rows"] = rows(results)
    report.print_rows(results["rows"])
    if args.json:
        report.write_json(results, args.json)
    if (found := results["summary"]["with_results"]["search"]) * 2 < len(asked):
        print(f"\nBENCH FAILED: only {found} of {len(asked)} searches found anything", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
