"""The markdown section bench/run_all.py appends to docs/benchmarks.md: the command, the date, the
machine, then each benchmark's figures.

A benchmark's JSON may carry `rows`, each a dict with `measure` and `value` and, where it has
them, `baseline` (measured in the same run), `ratio`, `target` and `met`: those make its table.
Without `rows`, its other top-level figures are listed as they are, one row per key."""

from __future__ import annotations

import shutil
import subprocess
from importlib import metadata
from typing import Any

from tests.support.services import ROOT

HEADING = "\n## Runs of `make bench`\n"
PACKAGES = ("Flask", "Flask-SocketIO", "python-socketio", "gunicorn", "gevent", "SQLAlchemy", "psycopg", "redis")
NOT_FIGURES = {"machine", "args", "command", "rows", "cpu", "load_before", "load_after"}
LATENCY = ("p50", "p95", "p99", "max")


def section(run: dict[str, Any], document: str) -> str:
    """The markdown of one run, to append to `document`; the heading of all runs comes first once."""
    lines = [f"\n### {run['started']:%Y-%m-%d %H:%M} UTC\n", *_about(run), ""]
    for result in run["results"]:
        lines += _benchmark(result)
    return ("" if HEADING.strip() in document else HEADING) + "\n".join(lines) + "\n"


def _about(run: dict[str, Any]) -> list[str]:
    found: dict[str, Any] = next((r["figures"]["machine"] for r in run["results"] if "machine" in r["figures"]), {})
    machine = {
        key: found.get(key, "?") for key in ("nproc", "cpu", "ram_gib", "kernel", "python", "postgresql", "redis")
    }
    packages = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    shared = run["outside_cpu_seconds"] / run["seconds"] if run["seconds"] else 0
    return [
        f"- Command: `{run['command']}`, {run['seconds'] / 60:.1f} min, at commit {_commit()}.",
        "- Machine: {nproc} cores ({cpu}), {ram_gib} GiB RAM, kernel {kernel}; Python {python}, PostgreSQL"
        " {postgresql}, Redis {redis}, ".format(**machine)
        + f"{_wrk()}.",
        f"- Packages: {packages}.",
        f"- Load: load average {_load(run['load_before'])} before, {_load(run['load_after'])} after; CPU used"
        f" outside the benchmarks' own processes (their PostgreSQL and Redis work included):"
        f" {run['outside_cpu_seconds']} s, {shared:.2f} of a core on average.",
    ]


def _benchmark(result: dict[str, Any]) -> list[str]:
    head = f"#### `python -m bench.{result['entry']}` ({result['seconds']} s)"
    if result["status"]:
        return [head, "", f"**FAILED** (exit status {result['status']}); its output: `{result['log']}`.", ""]
    figures = result["figures"]
    if not figures.get("rows"):
        rows = [
            f"| {key} | {_cell(_flat(value), 'value')} |" for key, value in figures.items() if key not in NOT_FIGURES
        ]
        return [head, "", "| figure | value |", "|---|---|", *rows, ""]
    table = ["| measure | value | baseline (same run) | ratio | target | met |", "|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(_cell(row.get(key), key) for key in _COLUMNS) + " |" for row in figures["rows"]]
    return [head, "", *table, ""]


_COLUMNS = ("measure", "value", "baseline", "ratio", "target", "met")


def _cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "**yes**" if value else "**NO**"
    if column == "ratio":
        return f"{value:.3g}x"
    return str(value).replace("|", "\\|")


def _flat(value: Any) -> str:
    """A figure as one line: latencies as p50 / p95 / p99 / max, nested figures as `key: value`."""
    if isinstance(value, dict) and set(LATENCY) <= value.keys():
        rest = {k: v for k, v in value.items() if k not in LATENCY}
        latency = " / ".join(str(value[k]) for k in LATENCY) + " ms (p50 / p95 / p99 / max)"
        return "; ".join([latency, *(f"{k}: {_flat(v)}" for k, v in rest.items())])
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items() if k not in NOT_FIGURES)
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value[:10]) + (" ..." if len(value) > 10 else "")
    return str(value)


def _load(average: list[float] | tuple[float, ...]) -> str:
    return " / ".join(f"{x:.1f}" for x in average) + " (1 / 5 / 15 min)"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    changed = " with uncommitted changes" if git("status", "--porcelain") else ""
    return f"`{git('rev-parse', '--short', 'HEAD')}`{changed}"


def _wrk() -> str:
    if not shutil.which("wrk"):
        return "wrk not installed"
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).split("[")[0].strip() or "wrk"
