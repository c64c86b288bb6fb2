"""The SMS webhook against its baselines, in one run (issue 6 item 5; see bench/README.md).

Serves, each on a free 127.0.0.1 port: the project (`gunicorn -c gunicorn.conf.py wsgi:app` on a
fresh database built by the migrations, Redis as in production), once alone and once in the
production shape (the instances deploy/nginx.conf lists, behind it); bare Flask's GET /hello in
the project's server shape; the naive webhook as its file says (`gunicorn -w 4 -k sync`) and,
like for like as the file also suggests, in the project's server shape. Each gets the same wrk
load (16 connections, fixed duration): unique, validly signed webhooks (half open a contact, half
thread into one) or GET /hello. Rounds are interleaved; figures are medians. Then counts the
statements, round trips and CPU of a webhook in-process.

    .venv/bin/python -m bench.webhook_bench [--seconds 10] [--repeats 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench import report, statements, wrk
from bench.failure import BenchFailure
from bench.stack import machine, running_stack
from bench.webhook_rounds import Rounds
from bench.webhook_summary import rows, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds of the servers")
    parser.add_argument("--connections", type=int, default=16, help="concurrent senders (wrk connections)")
    parser.add_argument("--pool", type=int, default=40_000, help="signed webhooks written per round")
    parser.add_argument("--inprocess", type=int, default=200, help="webhooks of each kind counted in-process")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if not wrk.available():
        print("BENCH FAILED: wrk is not installed (apt-get install wrk; `make bench` does)", file=sys.stderr)
        return 1
    results = report.begin(args)
    load = wrk.Load(threads=2, connections=args.connections, seconds=args.seconds)
    try:
        with running_stack(workers=False) as stack, tempfile.TemporaryDirectory() as tmp:
            results["machine"] = machine(stack)
            rounds = Rounds(stack, load, args.pool, Path(tmp))
            results["rounds"] = rounds.run(args.repeats)
            results["instances"] = rounds.instances
            print("in-process statement count...", flush=True)
            results["in_process"] = statements.measure(stack.env, args.inprocess)
            results["intake_statement_chars"] = statements.intake_statement_chars()
    except BenchFailure as failure:
        print(f"\nBENCH FAILED: {failure}", file=sys.stderr)
        return 1
    results["load_after"] = os.getloadavg()
    results["summary"] = summarise(results["rounds"])
    results["rows"] = rows(results)
    report.print_rows(results["rows"])
    if args.json:
        report.write_json(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
