"""Several server processes answering on one listening socket.

One Python event loop answers at most one request at a time: on a point
lookup the HTTP path, not the query, sets the pace, so ``kg serve
--processes N`` runs N server processes (about one per core) that accept
connections from one socket, each with the app, its own read-only handle on
the store and its own query workers. The store is a read-only folder, so
every process may open it.

The first process is the leader: it binds the socket, starts the others
(``spawn``, like the query workers) when its app starts and stops them when
it stops, and it alone rebuilds the store on SIGHUP. A switch to a rebuilt
store is made in two steps, so the processes change over together: each
process opens the new store and starts its new workers (``prepare``), and
only when all are ready does each switch to them (``commit``); if any
cannot, all keep the old store. A follower dies with the leader, as a query
worker dies with its server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
import socket
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import BadParameter

if TYPE_CHECKING:
    from kg.server.app import ServerConfig

log = logging.getLogger("kg.server")
SWITCH_SECONDS = 180  # the most a follower may take to start, or to open a new store


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` (not yet listening), for every
    server process to accept from; BadParameter naming the address if it is
    taken or not this machine's."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as err:
        raise BadParameter(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.set_inheritable(True)
    return sock


class Followers:
    """The leader's side of the other server processes: start, switch, stop."""

    def __init__(self, config: ServerConfig, sock: socket.socket, count: int) -> None:
        self.config = replace(config, rebuild=None)  # only the leader rebuilds
        self.sock = sock
        self.count = count
        self._processes: list[tuple[multiprocessing.process.BaseProcess, Any]] = []

    async def start(self) -> None:
        """Start the followers and wait until each serves (its app started);
        RuntimeError if one cannot."""
        context = multiprocessing.get_context("spawn")
        for _ in range(self.count):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=follower_main,
                args=(self.config, self.sock, theirs),
                daemon=False,
                name="kg-serve",
            )
            process.start()
            theirs.close()
            self._processes.append((process, mine))
        for _, connection in self._processes:
            status, detail = await self._receive(connection)
            if status != "up":
                raise RuntimeError(f"a server process could not start: {detail}")

    async def prepare(self, store_path: Path) -> None:
        """Have every follower open ``store_path`` and start its workers; on a
        failure all abandon it and RuntimeError says which."""
        replies = await asyncio.gather(
            *(
                self._ask(connection, ("prepare", str(store_path)))
                for _, connection in self._processes
            )
        )
        failed = [detail for status, detail in replies if status != "ready"]
        if failed:
            self._tell(("abandon",))
            raise RuntimeError(f"a server process cannot serve the new store: {failed[0]}")

    def commit(self) -> None:
        """Have every follower serve the store it prepared."""
        self._tell(("commit",))

    def stop(self, grace: float = 10.0) -> None:
        """Ask the followers to stop (SIGTERM: uvicorn's own graceful exit); kill
        any still running after ``grace`` seconds."""
        for process, _ in self._processes:
            with contextlib.suppress(OSError):
                process.terminate()
        for process, connection in self._processes:
            process.join(grace)
            if process.is_alive():
                process.kill()
                process.join(grace)
            connection.close()
        self._processes.clear()

    async def _ask(self, connection: Any, message: tuple[str, ...]) -> tuple[str, str]:
        try:
            connection.send(message)
        except OSError as err:
            return "failed", f"a server process is gone ({err})"
        return await self._receive(connection)

    async def _receive(self, connection: Any) -> tuple[str, str]:
        try:
            async with asyncio.timeout(SWITCH_SECONDS):
                return await asyncio.to_thread(connection.recv)
        except (OSError, EOFError, TimeoutError) as err:
            return "failed", f"no word from a server process ({type(err).__name__})"

    def _tell(self, message: tuple[str, ...]) -> None:
        for _, connection in self._processes:
            with contextlib.suppress(OSError):
                connection.send(message)


def follow(
    connection: Any,
    prepare: Callable[[Path], Awaitable[Any]],
    commit: Callable[[Any], None],
    abandon: Callable[[Any], None],
) -> None:
    """Tell the leader this process is up, then answer its switch messages on
    the running loop: ``prepare`` a store (its result kept), then ``commit``
    or ``abandon`` what was prepared."""
    loop = asyncio.get_running_loop()
    staged: list[Any] = []
    tasks: set[asyncio.Task[None]] = set()

    async def prepared(path: Path) -> None:
        try:
            staged.append(await prepare(path))
            connection.send(("ready", ""))
        except RuntimeError as err:
            connection.send(("failed", str(err)))

    def on_message() -> None:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            loop.remove_reader(connection.fileno())  # the leader is gone; so are we soon
            return
        if message[0] == "prepare":
            task = loop.create_task(prepared(Path(message[1])))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        elif staged:
            (commit if message[0] == "commit" else abandon)(staged.pop())

    loop.add_reader(connection.fileno(), on_message)
    connection.send(("up", ""))


def follower_main(config: ServerConfig, sock: socket.socket, connection: Any) -> None:
    """A follower's life: die with the leader, leave SIGHUP to it, and run the
    app on the shared socket until SIGTERM or SIGINT."""
    from kg.server.app import run_app
    from kg.server.workers import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the leader rebuilds, then tells us
    run_app(config, sock, leader=connection)
