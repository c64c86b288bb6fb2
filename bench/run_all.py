"""Every benchmark in bench/, one after another, and their figures appended to docs/benchmarks.md
(`make bench`; see bench/README.md).

Each benchmark is a module run in its own process as `python -m bench.<module> [args] --json PATH`;
it prints its progress and writes its figures to PATH. Adding one is adding a line to MODULES. A
module that fails (exit status other than 0) is recorded as failed, the others still run, and
the runner exits 1.

    .venv/bin/python -m bench.run_all [--only MODULE ...] [--doc docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import record
from bench.cpu import machine_busy
from tests.support.services import ARTIFACTS, ROOT

# Each entry: a module of bench/ and its arguments; run in this order.
MODULES = [
    "webhook_bench",
    "claims_scale",
    "claims_scale --web 2",
    "sockets_bench",
    "queue_bench",
    "directory_search_bench",
    "report_scale",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only this entry of MODULES (repeatable)")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md", help="append the results here")
    args = parser.parse_args(argv)
    chosen = [entry for entry in MODULES if not args.only or entry in args.only]
    started = datetime.now(UTC)
    out = ARTIFACTS / f"bench-{started:%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=True)
    run = Run(chosen, out).execute()
    run["command"] = " ".join(
        ["make bench" if os.environ.get("MAKELEVEL") else "python -m bench.run_all", shlex.join(sys.argv[1:])]
    ).strip()
    run["started"] = started
    section = record.section(run, args.doc.read_text() if args.doc.exists() else "")
    with args.doc.open("a") as doc:
        doc.write(section)
    print(f"\nappended to {args.doc}; JSON files in {out}")
    return 1 if any(result["status"] for result in run["results"]) else 0


class Run:
    """The chosen benchmarks, run in turn, with what the machine did meanwhile."""

    def __init__(self, entries: list[str], out: Path) -> None:
        self.entries, self.out = entries, out

    def execute(self) -> dict[str, Any]:
        load_before, busy_before, t0 = os.getloadavg(), machine_busy()[0], time.monotonic()
        ours_before = _children_cpu()
        results = [self._one(entry) for entry in self.entries]
        wall = time.monotonic() - t0
        others = machine_busy()[0] - busy_before - (_children_cpu() - ours_before)
        return {
            "results": results,
            "seconds": round(wall),
            "load_before": load_before,
            "load_after": os.getloadavg(),
            "outside_cpu_seconds": round(max(0.0, others)),
        }

    def _one(self, entry: str) -> dict[str, Any]:
        """Run one benchmark, its output shown and kept in a log beside its JSON."""
        name, *args = shlex.split(entry)
        path = self.out / f"{'_'.join([name, *args]).replace('-', '')}.json"
        command = [sys.executable, "-m", f"bench.{name}", *args, "--json", str(path)]
        print(f"\n=== {entry}", flush=True)
        t0 = time.monotonic()
        with path.with_suffix(".log").open("w") as log:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            assert process.stdout
            for line in process.stdout:
                print(line, end="", flush=True)
                log.write(line)
            status = process.wait()
        figures = json.loads(path.read_text()) if status == 0 and path.exists() else {}
        log_path = path.with_suffix(".log").relative_to(ROOT)
        return {
            "entry": entry,
            "status": status,
            "seconds": round(time.monotonic() - t0),
            "figures": figures,
            "log": str(log_path),
        }


def _children_cpu() -> float:
    """CPU seconds of this process's finished children and theirs (the benchmarks, their servers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
