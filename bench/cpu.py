"""CPU accounting from /proc: which processes spent the CPU during a measured phase."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from "state" on


def _cpu_seconds(pid: int) -> float:
    fields = _proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK if fields else 0.0


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def process_tree(root: int) -> set[int]:
    """`root` and every process descended from it."""
    parents = {pid: int(f[1]) for pid in _all_pids() if (f := _proc_stat(pid))}
    found = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return found


def pids_running(needle: str) -> set[int]:
    """Every process whose command line contains `needle`."""
    pids = set()
    for pid in _all_pids():
        try:
            if needle in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                pids.add(pid)
        except OSError:
            continue
    return pids


def machine_busy() -> tuple[float, float]:
    """CPU seconds all cores spent running anything, and seconds stolen by the hypervisor."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle, steal = values[3] + values[4], values[7] if len(values) > 7 else 0
    return (sum(values) - idle - steal) / CLK_TCK, steal / CLK_TCK


class CpuMeter:
    """CPU seconds used by each group of processes between start() and stop()."""

    def __init__(self, groups: dict[str, Callable[[], set[int]]]) -> None:
        self.groups = groups

    def _sample(self) -> dict[str, dict[int, float]]:
        return {name: {pid: _cpu_seconds(pid) for pid in pids()} for name, pids in self.groups.items()}

    def start(self) -> CpuMeter:
        """Note every group's CPU seconds and the machine's so far."""
        self.before, self.machine_before, self.t0 = self._sample(), machine_busy(), time.monotonic()
        return self

    def stop(self) -> dict[str, Any]:
        """CPU seconds per group since start(), as percent of one core too, plus the rest of the machine."""
        after, machine_after, wall = self._sample(), machine_busy(), time.monotonic() - self.t0
        used = {
            name: sum(after[name].get(pid, 0.0) - self.before[name].get(pid, 0.0) for pid in after[name])
            for name in self.groups
        }
        busy = machine_after[0] - self.machine_before[0]
        percent = {name: round(100 * seconds / wall) for name, seconds in used.items()}
        percent["everything else"] = max(0, round(100 * (busy - sum(used.values())) / wall))
        percent["stolen by hypervisor"] = round(100 * (machine_after[1] - self.machine_before[1]) / wall)
        return {"seconds": {k: round(v, 2) for k, v in used.items()}, "percent_of_one_core": percent}
