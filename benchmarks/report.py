"""The figures as markdown tables, with the machine they were measured on."""
from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path
from typing import Sequence

from .exports import ExportFigures
from .respondents import Rate, Throughput


def machine(postgres_version: str | None, workers: int, threads: int, clients: int) -> str:
    """One line describing the machine and the software measured."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    parts = [f"{os.cpu_count()} cores ({cpu}){memory}", f"Python {platform.python_version()}",
             f"SQLite {sqlite3.sqlite_version}"]
    if postgres_version:
        parts.append(f"PostgreSQL {postgres_version}")
    parts.append(f"gunicorn {workers} workers x {threads} threads (gthread)")
    parts.append(f"{clients} client processes")
    if hasattr(os, "getloadavg"):
        parts.append("load average {:.1f} {:.1f} {:.1f} at the end".format(*os.getloadavg()))
    return "Machine: " + "; ".join(parts) + "."


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _errors(errors: dict[str, int]) -> str:
    if not errors:
        return "0"
    return f"{sum(errors.values())} (" + ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) + ")"


def _per_request_ms(rate: Rate) -> float:
    """gunicorn's processor time for each request, in milliseconds."""
    return 1000 * rate.server_cpu / rate.per_second if rate.per_second else float("nan")


def respondents_table(rows: Sequence[tuple[str, Throughput]]) -> str:
    lines = ["| database | respondents | responses/s | pages/s | trivial/s | pages ÷ trivial | floor/s | "
             "floor ÷ trivial | pages ÷ floor | median ms | p95 ms | completed | errors | resent | "
             "server CPU ms: page / floor / trivial | client CPU |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for name, t in rows:
        s, c, f = t.survey, t.ceiling, t.floor
        lines.append(f"| {name} | {s.concurrency} | {s.completed_per_second:.1f} | {s.per_second:.0f} | "
                     f"{c.per_second:.0f} | {t.ratio:.2f} | {f.per_second:.0f} | {t.floor_ratio:.2f} | "
                     f"{t.to_floor:.2f} | {_ms(s.median_ms)} | {_ms(s.p95_ms)} | {s.completed} | "
                     f"{_errors(s.errors)} | {s.resent} | {_per_request_ms(s):.2f} / {_per_request_ms(f):.2f} / "
                     f"{_per_request_ms(c):.2f} | {s.client_cpu:.2f} |")
    return "\n".join(lines)


def _or_dash(value: float | None, form: str) -> str:
    return "—" if value is None else format(value, form)


def exports_table(rows: Sequence[tuple[str, ExportFigures]], by: Sequence[str]) -> str:
    split = " + ".join(by)
    lines = [f"| database | responses | answers | bare GROUP BY s | export s | ÷ GROUP BY | peak MB | "
             f"export by {split} s | ÷ GROUP BY | of which SQL s | peak MB by {split} |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for name, f in rows:
        s = f.split
        timing = (f"{s.seconds:.3f} | {f.split_ratio:.1f} | {s.parts.get('sql', 0):.3f}" if s else
                  f"skipped (~{f.split_estimate:.0f} expected) | — | —")
        lines.append(f"| {name} | {f.responses:,} | {f.answers:,} | {f.group_by.seconds:.3f} | "
                     f"{f.plain.seconds:.3f} | {f.plain_ratio:.1f} | {f.plain_peak_mb:.1f} | {timing} | "
                     f"{_or_dash(f.split_peak_mb, '.1f')} |")
    return "\n".join(lines)
