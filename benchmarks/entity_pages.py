"""Fact-sheet pages of `kg serve`: how long an entity page takes, beside a SPARQL lookup.

Starts `kg serve` on loopback over the built record (one worker, no answer
cache, so every page is drawn again), then asks for each page several times
and, in the same run and the same server, for a point lookup by SPARQL (every
triple about the same entity, `entity-facts`) as the baseline. The first
request of each page after start-up is reported apart: a worker reads its fact
sheets once per store (ahead, right after start-up, when the store is small).
Target: an entity page in under 50 ms on the curated graph.

Writes benchmarks/results/entity-pages.md.

Run: python benchmarks/entity_pages.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx
from machine import describe, write_results
from server_benchmark import running
from servers import free_port

PAGES = {
    "Niger (state, 46 relationships)": "/entity/Niger",
    "Tiani (person, by surname)": "/entity/tchiani",
    "Wagner Group": "/entity/wagner-group",
    "Niamey (place)": "/entity/niamey",
    "2023 coup (event)": "/entity/niger-coup-2023",
    "seed article (source)": "/source/seed-article",
    "Niger in ECOWAS (statement)": "/statement/niger-member-of-ecowas",
    "unknown name (404 page)": "/entity/Nigerie",
}
FACTS = "SELECT ?p ?o WHERE {{ <https://w3id.org/sahel-kg/{path}> ?p ?o }}"
OUT = Path(__file__).parent / "results" / "entity-pages.md"


def timed(client: httpx.Client, method: str, url: str, **kwargs) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.request(method, url, **kwargs)
    return time.perf_counter() - start, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve"]
    command += ["--port", str(port), "--workers", "1", "--cache", "0"]
    rows = []
    with running(command, url + "/sparql"), httpx.Client(base_url=url, timeout=60) as client:
        time.sleep(3)  # the worker reads its sheets ahead
        for name, path in PAGES.items():
            first, size = timed(client, "GET", path)
            page = [timed(client, "GET", path)[0] for _ in range(runs)]
            target = path.removeprefix("/entity/")
            iri_path = path.lstrip("/") if not path.startswith("/entity/") else "id/" + target
            query = {"query": FACTS.format(path=iri_path.lower())}
            accept = {"Accept": "application/json"}
            lookup = [
                timed(client, "POST", "/sparql", data=query, headers=accept)[0] for _ in range(runs)
            ]
            page_ms, lookup_ms = statistics.median(page) * 1000, statistics.median(lookup) * 1000
            p95 = sorted(page)[int(0.95 * (len(page) - 1))] * 1000
            rows.append(
                f"| {name} | {first * 1000:.1f} | {page_ms:.1f} | {p95:.1f} | {size / 1024:.0f} "
                f"| {lookup_ms:.1f} | {page_ms / lookup_ms:.1f}x |"
            )
    with open("/proc/loadavg", encoding="utf-8") as load:
        load_average = load.read().split()[0]
    write_results(
        OUT,
        [
            "# Entity pages (fact sheets) of `kg serve`",
            "",
            describe("pyoxigraph", "starlette", "uvicorn", "httpx"),
            f"- load average at the end: {load_average}",
            f"- `kg serve --workers 1 --cache 0` on loopback; {runs} requests per page, "
            "one at a time, after one first request",
            "",
            "| page | first (ms) | median (ms) | p95 (ms) | page (KiB) "
            "| SPARQL lookup, same entity (ms) | page / lookup |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Target: under 50 ms on the curated graph. A page is the sheet's book (read "
            "from the worker's fact sheets, one small query for the entity's triples) "
            "written into the page as JSON; the browser draws it. The lookup is the "
            "same server answering every triple about the entity as SPARQL JSON.",
        ],
    )


if __name__ == "__main__":
    main()
