"""wrk, the HTTP load generator of the webhook bench: its Lua script (signed webhooks read from a
data file, one disjoint slice per wrk thread) and the JSON summary the script prints at the end.

wrk is C with LuaJIT: unlike a Python sender on the same 2 cores, it costs the servers little
CPU. Installed by `make bench` (Debian package `wrk`) when missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.failure import BenchFailure

# wrk's latency figures are microseconds; `sent` counts the requests each thread generated.
_DONE = r"""
threads = {}
function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
sent = 0
function done(summary, latency, requests)
  local generated = 0
  for _, t in ipairs(threads) do generated = generated + t:get("sent") end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests": %d, "duration_us": %d, "sent": %d, "status_errors": %d, '
    .. '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, generated, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""

# Each thread keeps lines [tid * per_thread, (tid + 1) * per_thread) of the data file, each line
# "signature<TAB>form body". Past its slice a thread would repeat requests: `sent` shows it.
_POST = r"""
function init(args)
  reqs = {}
  local first, n = tid * %(per_thread)d, 0
  for line in io.lines("%(data)s") do
    if n >= first and n < first + %(per_thread)d then
      local tab = line:find("\t", 1, true)
      table.insert(reqs, {line:sub(1, tab - 1), line:sub(tab + 1)})
    end
    n = n + 1
  end
end
function request()
  sent = sent + 1
  local r = reqs[(sent - 1) %% #reqs + 1]
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = r[1]}, r[2])
end
"""


@dataclass(frozen=True)
class Load:
    """One wrk run's shape: `threads` threads holding `connections` keep-alive connections for `seconds`."""

    threads: int
    connections: int
    seconds: float


def available() -> bool:
    return shutil.which("wrk") is not None


def get_script(path: Path) -> Path:
    """A script that only counts (wrk's own GET of the URL it is given)."""
    path.write_text(_DONE)
    return path


def post_script(path: Path, data: Path, url_path: str, per_thread: int) -> Path:
    """A script POSTing the data file's signed requests, each thread its own slice."""
    path.write_text(_DONE + _POST % {"data": data, "path": url_path, "per_thread": per_thread})
    return path


def run(url: str, script: Path, load: Load) -> dict[str, float]:
    """Run wrk against `url`; returns requests/s, latency p50/p95/p99/max in ms and the counts."""
    command = ["wrk", f"-t{load.threads}", f"-c{load.connections}", f"-d{load.seconds:g}s", "--timeout", "15s"]
    done = subprocess.run([*command, "-s", str(script), url], capture_output=True, text=True, timeout=load.seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchFailure(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "sent": raw["sent"],
        "seconds": round(seconds, 2),
        "per_second": round(raw["requests"] / seconds, 1),
        "errors": raw["status_errors"] + raw["socket_errors"] + raw["timeouts"],
        **{f"{k}_ms": round(raw[f"{k}_us"] / 1000, 1) for k in ("p50", "p95", "p99", "max")},
    }
