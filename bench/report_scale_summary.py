"""The report bench's figures for docs/benchmarks.md (see bench/run_all.py), the target checked."""

from __future__ import annotations

from typing import Any

TARGET_MS = 500.0  # issue 9, item 7: each report


def rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    n, built, made = results["args"]["contacts"], results["built"], results["generated"]
    out = []
    for name in ("five_years", "quarter"):
        m = results[name]
        rolled, raw = m["ms"]["rollup"], m["ms"]["raw"]
        shown = f"{m['period']['from']} to {m['period']['to']}"
        out.append({"measure": f"service-data report, {name.replace('_', ' ')} ({shown}), {n} contacts, "
                    f"{results['args']['repeats']} runs: rollup + the unsettled days' contacts (ratio: p50 / raw p50)",
                    "value": f"p50 {rolled['p50']} / p95 {rolled['p95']} / max {rolled['max']} ms",
                    "baseline": f"raw contacts: p50 {raw['p50']} / p95 {raw['p95']} / max {raw['max']} ms",
                    "ratio": round(rolled["p50"] / raw["p50"], 4), "target": f"p95 < {TARGET_MS:g} ms",
                    "met": rolled["p95"] < TARGET_MS})  # fmt: skip
    pairs = results["five_years"]["pairs"] + results["quarter"]["pairs"]
    changed = results["changed"]
    after = "yes" if not changed["unequal"] else "NO"
    out += [
        {"measure": "answers identical (rollup-backed vs raw, every pair; and after a change to a built day)",
         "value": f"{pairs - results['unequal']} of {pairs}; after the change: {after}"
                  f" (update {changed['update_ms']} ms, report {changed['rollup_ms']} ms)",
         "target": "all", "met": results["unequal"] == 0 and not changed["unequal"]},
        {"measure": "rollup build (all settled days, a month per transaction)",
         "value": f"{built['build_s']} s for {built['days']} days, {built['rows']} rows "
                  f"({built['size_mib']['report_day']} MiB; contact table {built['size_mib']['contact']} MiB)",
         "baseline": f"generating {made['contacts']} contacts: {made['insert_s']} s, VACUUM ANALYZE "
                     f"{made['vacuum_analyze_s']} s"},
    ]  # fmt: skip
    return out
