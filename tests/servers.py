"""Real servers on loopback for the tests and benchmarks: free ports and Virtuoso's setup.

Virtuoso (Debian ``virtuoso-opensource``) runs from its own ini in a
throwaway folder, on two free loopback ports (SQL and HTTP); ``GRANTS`` lets
the anonymous SPARQL user write through the Graph Store endpoint, which is
acceptable only for such a throwaway server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {seconds}
MaxQueryCostEstimationTime = 0
"""
GRANTS = """GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def write_virtuoso_ini(
    folder: Path,
    sql_port: int,
    http_port: int,
    *,
    readable: tuple[Path, ...] = (),
    buffers: int = 10_000,
    max_rows: int = 100_000,
    seconds: int = 60,
) -> Path:
    """Write ``folder/virtuoso.ini`` for a server living in ``folder``; return its path.

    ``readable`` are further folders its bulk loader may read; ``seconds``
    bounds each query.
    """
    ini = folder / "virtuoso.ini"
    dirs = ", ".join([".", str(folder), *map(str, readable)])
    ini.write_text(
        VIRTUOSO_INI.format(
            dir=folder,
            dirs=dirs,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
            max_rows=max_rows,
            seconds=seconds,
        ),
        encoding="utf-8",
    )
    return ini


def launch_virtuoso(
    folder: Path, *, readable: tuple[Path, ...] = (), **ini: int
) -> tuple[subprocess.Popen, int, int]:
    """Start Debian's ``virtuoso-t`` living in ``folder``, on two free loopback
    ports, from an ini written there (``readable`` and ``ini`` as
    ``write_virtuoso_ini`` takes them); return the process and its SQL and HTTP
    ports. It is not yet answering: wait for its endpoint before use."""
    sql_port, http_port = free_ports(2)
    config = write_virtuoso_ini(folder, sql_port, http_port, readable=readable, **ini)
    server = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(config), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, sql_port, http_port


def isql(port: int, script: str, timeout: float = 600) -> None:
    """Run SQL statements (one per line) as dba through isql-vt; RuntimeError on any error."""
    proc = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", "dba"],
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = proc.stdout + proc.stderr
    if proc.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql failed: {output.strip()[-500:]}")


def stop(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Ask a server to stop; kill it if it is still running after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


class ServerURL(str):
    """A running server's URL that also names its process (``.process``)."""

    process: subprocess.Popen


def kg_serve(*flags: str, ready_query: str = "ASK { ?s ?p ?o }") -> Iterator[ServerURL]:
    """Run `kg serve` on a free loopback port with ``flags``; yield its URL, then stop it."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kg.cli import main; main()",
            "serve",
            "--port",
            str(port),
            *flags,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.process = process
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited: {process.stderr.read()}")
        try:
            answer = httpx.get(url + "/sparql", params={"query": ready_query}, timeout=5)
            if answer.status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("kg serve did not answer within 180 s")
        time.sleep(0.2)
    try:
        yield url
    finally:
        stop(process)


class Canary:
    """A listener on a free loopback port that counts the connections it receives.

    A test points a SERVICE call at ``url`` and asserts ``connections == 0``:
    any fetch the server makes, by whatever spelling, is counted.
    """

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._socket.close()

    def __enter__(self) -> Canary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Virtuoso 7.2.5 departs from SPARQL 1.1 in these ways. Each has a minimal test
# at the end of this file (named in the reason); the named queries that differ
# only because of one are listed in ENGINE_DIFFERENCES.
VALUES_START_PATH = (
    "Virtuoso rejects a one-or-more path whose start is bound by VALUES: "
    "'TR...: transitive start not given' (test_engine_path_from_a_values_bound_start)"
)
DATE_AT_MOST = (
    "Virtuoso drops rows for FILTER(?date <= ?day) when it scans a date range in its "
    "index; FILTER(!(?date > ?day)) is right (test_engine_at_most_a_date_in_an_index_range)"
)
PATH_IN_EXISTS = (
    "Virtuoso evaluates a property path inside (NOT) EXISTS without the outer row's binding "
    "of its end (test_engine_exists_with_a_path_to_an_outer_variable, "
    "test_engine_not_exists_with_a_path_to_an_outer_variable)"
)
OPTIONALS_AFTER_ALTERNATIVE = (
    "After an alternative path (p|^p), Virtuoso's second OPTIONAL loses its binding on some "
    "rows (test_engine_second_optional_after_an_alternative_path)"
)
# Departures whose effect on a whole named query depends on the plan Virtuoso
# picks for the data, which can differ from one run to the next: forces-of
# differed in earlier full runs and run alone, and agreed in one full run (the
# minimal test in test_virtuoso.py is strict). It reads kg:within now, no
# alternative path, and still loses an OPTIONAL's binding (kg:attested) on some
# rows: the departure is wider than its minimal test. A named query that hits
# one is a non-strict xfail.
PLAN_DEPENDENT = {OPTIONALS_AFTER_ALTERNATIVE}
BOOLEAN_FORM = (
    'Virtuoso returns xsd:boolean false as the literal "0", not "false" '
    "(test_engine_keeps_the_boolean_literal)"
)
ASK_AS_SELECT = (
    "Virtuoso answers ASK in SPARQL JSON as a one-row SELECT of ?__ASK_RETVAL, not as "
    '{"boolean": ...} (test_engine_ask_answers_a_boolean)'
)
ENGINE_DIFFERENCES = {
    "chronology": PATH_IN_EXISTS,
    "events": PATH_IN_EXISTS,
    "events-near": PATH_IN_EXISTS,
    "resource-events": PATH_IN_EXISTS,
    "single-source": PATH_IN_EXISTS,
    "forces-of": OPTIONALS_AFTER_ALTERNATIVE,
    "russian-deployments": BOOLEAN_FORM,
}
