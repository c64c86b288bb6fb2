"""The funder's report at scale (issue 9 item 7; bench/README.md): ten million contacts over five
years on a scratch PostgreSQL database built by the migrations (dropped after), the daily rollup
built, then the five-year report and one fiscal quarter served as the app serves them (rollup for
built days, the contacts for the others) against the same report counted from the contacts alone,
in the same run. Every pair of answers must be identical (else the run fails), also after a
contact of a built day changed.

    .venv/bin/python -m bench.report_scale [--contacts 10000000] [--repeats 7] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.db import Ports, make_engine
from app.reports import definitions, periods, rollup, service_data
from app.reports.periods import Period
from bench import report
from bench.directory_search_bench import machine
from bench.report_scale_data import fill
from bench.report_scale_summary import rows
from config import Config
from tests.support import services

DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/switchboard_bench_report_{os.getpid()}"
ZONE = "America/Toronto"
CLEAR_ONE = ("UPDATE contact SET spam_verdict = 'clean', spam_review = 'cleared' WHERE id = "
             "(SELECT min(id) FROM contact WHERE spam_verdict = 'spam' AND channel = 'voice')")  # fmt: skip


@contextmanager
def scratch_database() -> Iterator[Engine]:
    services.recreate_database(DATABASE_URL)
    engine = make_engine(DATABASE_URL)
    try:
        services.migrate(DATABASE_URL)
        yield engine
    finally:
        engine.dispose()
        services.drop_database(DATABASE_URL)


def transactions(engine: Engine) -> Callable[[], AbstractContextManager[Session]]:
    """Sessions as the app's: the report reads the settings (TIME_ZONE) through the session."""
    ports = Ports(Config.from_env({"DATABASE_URL": DATABASE_URL, "TIME_ZONE": ZONE}), None, None)  # type: ignore[arg-type]

    @contextmanager
    def transaction() -> Iterator[Session]:
        with Session(engine, info={"ports": ports}) as session, session.begin():
            yield session

    return transaction


def build(engine: Engine) -> dict[str, Any]:
    t0 = time.perf_counter()
    days = rollup.build_all(transactions(engine), ZONE, 2)
    seconds = time.perf_counter() - t0
    with engine.connect() as conn:
        rows = conn.scalar(text("SELECT count(*) FROM report_day"))
        size = {t: conn.scalar(text(f"SELECT pg_total_relation_size('{t}')")) for t in ("report_day", "contact")}
    return {"days": len(days), "rows": rows, "build_s": round(seconds, 1),
            "size_mib": {t: round(b / 2**20, 1) for t, b in size.items()}}  # fmt: skip


def measure(engine: Engine, period: Period, repeats: int) -> dict[str, Any]:
    """The report as served and from the contacts alone, alternately (which goes first too), after
    a warm-up of each; every pair of answers compared."""
    d = definitions.in_force(period.first)
    transaction = transactions(engine)
    seconds: dict[str, list[float]] = {"rollup": [], "raw": []}
    unequal = 0
    for round_ in range(repeats + 1):
        answers = {}
        for way in sorted(seconds, reverse=bool(round_ % 2)):
            t0 = time.perf_counter()
            with transaction() as session:
                answers[way] = service_data.report(session, d, period, rollup=way == "rollup")
            if round_:  # the first round warms up
                seconds[way].append(time.perf_counter() - t0)
        unequal += answers["rollup"] != answers["raw"]
    figures = {f["key"]: f["value"] for f in answers["rollup"]["figures"]}
    return {"period": period.shown(), "pairs": repeats + 1, "unequal": unequal, "figures": figures,
            "excluded": answers["rollup"]["excluded"]["total"],
            "ms": {way: _ms(values) for way, values in seconds.items()}}  # fmt: skip


def _ms(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values) * 1000, 1), "p95": report.ms(values)["p95"],
            "max": report.ms(values)["max"]}  # fmt: skip


def change_one(engine: Engine, period: Period) -> dict[str, Any]:
    """A supervisor's decision on an old contact (spam cleared), as the app writes it: the trigger
    invalidates its day; the next report must equal the contacts again."""
    with engine.begin() as conn:
        t0 = time.perf_counter()
        conn.execute(text(CLEAR_ONE))
        update_ms = round((time.perf_counter() - t0) * 1000, 1)
    after = measure(engine, period, 1)
    return {"update_ms": update_ms, "unequal": after["unequal"], "rollup_ms": after["ms"]["rollup"]["p50"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000_000, help="contacts generated over five years")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of each report (after a warm-up)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results = report.begin(args)
    today = datetime.now(ZoneInfo(ZONE)).date()
    five_years = Period(today.replace(year=today.year - 5) + timedelta(days=1), today, ZONE)
    last_quarter = _last_quarter(today)  # every day built
    with scratch_database() as engine:
        with Session(engine) as session:
            results["machine"] = machine(session)
        print(f"generating {args.contacts:,} contacts over five years...", flush=True)
        results["generated"] = fill(engine, args.contacts, datetime.now(ZoneInfo(ZONE)))
        print("building the rollup...", flush=True)
        results["built"] = build(engine)
        print(f"built: {results['built']}; measuring...", flush=True)
        results["five_years"] = measure(engine, five_years, args.repeats)
        results["quarter"] = measure(engine, last_quarter, args.repeats)
        results["changed"] = change_one(engine, five_years)
    results["unequal"] = results["five_years"]["unequal"] + results["quarter"]["unequal"]
    results["load_after"] = os.getloadavg()
    results["rows"] = rows(results)
    report.print_rows(results["rows"])
    if args.json:
        report.write_json(results, args.json)
    if results["unequal"] or results["changed"]["unequal"]:
        print("\nBENCH FAILED: the rollup-backed report differs from the contacts' own", file=sys.stderr)
        return 1
    return 0


def _last_quarter(today: date) -> Period:
    """The last whole Ontario fiscal quarter (April to June is Q1 of the fiscal year starting April 1)."""
    year, number = periods.fiscal_year_start(today).year, (today.month - 4) % 12 // 3 + 1
    year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return periods.quarter(f"FY{year}-Q{number}", ZONE)


if __name__ == "__main__":
    sys.exit(main())
