"""Describe the machine and library versions a benchmark ran on, and write its results page."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe(*packages: str) -> str:
    """A Markdown block: date, CPU, cores, memory, Python and package versions."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = float("nan")
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {cpu_model()}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()}",
        f"- Python {platform.python_version()}; "
        + ", ".join(f"{p} {version(p)}" for p in packages),
    ]
    return "\n".join(lines)


def write_results(path: Path, lines: list[str]) -> None:
    """Write a results page whole (to a scratch file, then renamed) and print it."""
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".md.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    print(text, end="")
