"""Load generation for the benchmarks: wrk, with a Lua script that rotates paths."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

FIGURE = {
    "category": "killed",
    "text": "at least 40",
    "as_of": "2024-03-22T21:00:00+03:00",
    "source": {"name": "TASS", "kind": "state_media"},
}

LUA = """
local paths = {%(paths)s}
local body = %(body)s
local method = "%(method)s"
local i = 0
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "%(authorization)s"
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if method == "POST" then
    return wrk.format("POST", path, nil, body)
  end
  return wrk.format("GET", path)
end
"""


@dataclass(frozen=True, slots=True)
class Run:
    """What a wrk run measured, over every server loaded."""

    rate: float  # requests per second
    requests: int  # responses received
    errors: int  # non-2xx responses and socket errors


def wrk(
    urls: list[str],
    method: str,
    paths: list[str],
    authorization: str,
    seconds: float,
    connections: int,
    folder: Path,
    body: dict[str, object] | None = None,
) -> Run:
    """Run wrk against every server at once, rotating over the paths."""
    script = folder / f"{method.lower()}.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "body": json.dumps(json.dumps(body or FIGURE)),
            "method": method,
            "authorization": authorization,
        }
    )
    share = max(1, connections // len(urls))
    runs = [
        subprocess.Popen(
            ["wrk", "-t", "1", "-c", str(share), "-d", f"{seconds}s", "-s", str(script), url],
            stdout=subprocess.PIPE,
            text=True,
        )
        for url in urls
    ]
    rate, requests, errors = 0.0, 0, 0
    for run in runs:
        out, _ = run.communicate()
        rate += float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
        requests += int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
        if found := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
            errors += int(found[1])
        if found := re.search(r"Socket errors: .*", out):
            errors += sum(int(n) for n in re.findall(r"\d+", found[0]))
    return Run(rate, requests, errors)
