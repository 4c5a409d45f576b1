"""Respondent throughput: virtual respondents answering a survey through gunicorn on loopback.

Each virtual respondent is a thread with its own connection and cookies (benchmarks/client.py). It
opens the survey's link, chooses a language, GETs every page and POSTs it with its CSRF token,
following the redirects the server gives, then checks and submits its answers and reads the
thank-you page. Two yardsticks are measured the same way, at the same concurrency, on the same
server and with the same client (benchmarks/server.py): the ceiling, a trivial endpoint, and the
floor, the least a form page does on this stack.

The respondents run in several client processes (one a core by default), so that the client's
own interpreter lock never sets the pace: the server does.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from survey.definition import SurveyDefinition, load_definition
from survey.flow import next_page

from .answers import Respondents, form_for
from .client import ConnectionClosed, Reply, Tab
from .serve import Server, start_gunicorn
from .server import CEILING_PATH, FLOOR_PATH

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
TIMEOUT = 60
START_MARGIN = 1.0  # seconds the client processes are given to start their threads before the window


class Abandoned(Exception):
    """A respondent who stopped: the time was up (not an error), or the server failed them."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__(error or "time is up")
        self.error = error


@dataclass
class Tally:
    """What one thread saw; threads' tallies are merged once they have all stopped."""
    latencies: list[float] = field(default_factory=list)
    completed: int = 0
    completed_pages: int = 0     # requests made by the respondents who completed
    errors: Counter[str] = field(default_factory=Counter)
    resent: int = 0              # requests sent again on a new connection (see Tab.request)
    stopped: float = 0.0         # time.monotonic() when the thread stopped


@dataclass(frozen=True)
class Rate:
    """One measured load: requests per second, latencies, errors, CPU; for the survey, responses.

    Every thread is busy from the start to the end of the window (a respondent still answering
    then is abandoned), so requests / seconds is a steady rate. A respondent takes longer than
    the window at high concurrency, so complete responses per second is that rate divided by the
    requests one complete response takes (measured on the responses that were completed).
    """
    concurrency: int
    seconds: float
    requests: int
    completed: int
    pages_per_response: float
    median_ms: float
    p95_ms: float
    errors: dict[str, int]
    resent: int         # requests sent again after a kept-alive connection closed (not errors)
    client_cpu: float   # cores used by the client processes
    server_cpu: float   # cores used by gunicorn's workers

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def completed_per_second(self) -> float:
        return self.per_second / self.pages_per_response if self.pages_per_response else float("nan")

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


# ------------------------------------------------------------------ virtual respondents

class VirtualRespondent:
    """Answers the survey from start to thank-you page, timing every request."""

    def __init__(self, server: str, definition: SurveyDefinition, seed: int, tally: Tally,
                 deadline: float) -> None:
        self.server = server
        self.definition = definition
        self.generator = Respondents(definition, seed)
        self.tally = tally
        self.deadline = deadline
        self.questions = {page.id: page.questions for page in definition.pages}

    def _send(self, tab: Tab, method: str, path: str, expect: int,
              form: dict[str, object] | None = None) -> Reply:
        if time.monotonic() >= self.deadline:
            raise Abandoned()
        began = time.perf_counter()
        for attempt in (1, 2):
            try:
                reply = tab.request(method, path, form)
                break
            except ConnectionClosed:
                if attempt == 2:
                    raise Abandoned(f"{method} closed") from None
                self.tally.resent += 1
            except OSError as exc:
                raise Abandoned(f"{method} {type(exc).__name__}") from None
        self.tally.latencies.append(time.perf_counter() - began)
        if reply.status != expect:
            raise Abandoned(f"{method} {reply.status}")
        return reply

    def _token(self, html: str, pattern: re.Pattern[str] = CSRF) -> str:
        found = pattern.search(html)
        if not found:
            raise Abandoned("no form token")
        return found.group(1)

    def answer_once(self, lang: str) -> None:
        """One complete response, in a browser session of its own."""
        base = f"/s/{self.definition.id}"
        answers = self.generator.answers()
        before = len(self.tally.latencies)
        with _tab(self.server) as tab:
            self._send(tab, "GET", base, 200)
            self._send(tab, "GET", f"{base}/{lang}", 200)
            first = next_page(self.definition, {}, None)
            path = f"{base}/{lang}/p/{first.id}" if first else f"{base}/{lang}/check"
            while "/p/" in path:
                page_id = urlsplit(path).path.rsplit("/", 1)[1]
                form: dict[str, object] = {}
                for question in self.questions.get(page_id, ()):
                    form.update(form_for(question, answers.get(question.id)))
                form["csrf_token"] = self._token(self._send(tab, "GET", path, 200).text)
                path = _path(self._send(tab, "POST", path, 302, form))
            check = self._send(tab, "GET", path, 200).text
            form = {"csrf_token": self._token(check), "submission_key": self._token(check, SUBMISSION_KEY)}
            thanks = _path(self._send(tab, "POST", path, 302, form))
            if not thanks.endswith("/thanks"):
                raise Abandoned("not thanked")
            self._send(tab, "GET", thanks, 200)
        self.tally.completed += 1
        self.tally.completed_pages += len(self.tally.latencies) - before

    def run(self, number: int, limit: Callable[[], bool]) -> None:
        lang = "cy" if number % 3 == 0 else "en"
        while time.monotonic() < self.deadline and limit():
            try:
                self.answer_once(lang)
            except Abandoned as stopped:
                if stopped.error:
                    self.tally.errors[stopped.error] += 1


def _tab(server: str) -> Tab:
    """A new browser tab on the server at this address."""
    address = urlsplit(server)
    return Tab(address.hostname or "127.0.0.1", address.port or 80, TIMEOUT)


def _path(reply: Reply) -> str:
    """Where a redirect leads, as a path on this server."""
    address = urlsplit(reply.headers.get("location", ""))
    return address.path + (f"?{address.query}" if address.query else "")


def _endpoint_loop(server: str, path: str, tally: Tally, deadline: float, another: Callable[[], bool]) -> None:
    """GET one path over and over on one connection, keeping the cookies it sets."""
    with _tab(server) as tab:
        while time.monotonic() < deadline and another():
            began = time.perf_counter()
            try:
                reply = tab.request("GET", path)
            except ConnectionClosed:
                tally.resent += 1
                continue
            except OSError as exc:
                tally.errors[f"GET {type(exc).__name__}"] += 1
                continue
            tally.latencies.append(time.perf_counter() - began)
            if reply.status != 200:
                tally.errors[f"GET {reply.status}"] += 1


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _counter(most: int) -> Callable[[], bool]:
    """True `most` times, from any thread, then False."""
    started = iter(range(most))
    lock = threading.Lock()

    def another() -> bool:
        with lock:
            return next(started, None) is not None
    return another


# ------------------------------------------------------------------ client processes

@dataclass(frozen=True)
class Share:
    """One client process's part of a measurement: its threads (numbered from `first`), and when.

    `began` and `deadline` are time.monotonic() values: on Linux every process reads the same clock.
    """
    path: str | None       # an endpoint to GET over and over; None: answer the survey
    server: str
    survey: str            # the survey definition's file
    first: int
    threads: int
    most: int              # at most this many responses (an endpoint: requests) from this process
    began: float
    deadline: float


@dataclass(frozen=True)
class ShareResult:
    tallies: list[Tally]
    cpu_seconds: float     # this process's CPU time during the share


@lru_cache(maxsize=4)
def _definition(path: str) -> SurveyDefinition:
    return load_definition(Path(path))


def run_share(share: Share) -> ShareResult:
    """In a client process: run the share's threads from `began` to `deadline` (or their count)."""
    definition = _definition(share.survey)
    another = _counter(share.most)
    tallies = [Tally() for _ in range(share.threads)]

    def thread_body(index: int) -> None:
        tally = tallies[index]
        time.sleep(max(0.0, share.began - time.monotonic()))
        if share.path:
            _endpoint_loop(share.server, share.path, tally, share.deadline, another)
        else:
            VirtualRespondent(share.server, definition, seed=1000 + share.first + index, tally=tally,
                              deadline=share.deadline).run(share.first + index, another)
        tally.stopped = time.monotonic()

    threads = [threading.Thread(target=thread_body, args=(i,), daemon=True) for i in range(share.threads)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, share.began - time.monotonic()))
    cpu_before = time.process_time()  # the whole process, all its threads
    for thread in threads:
        thread.join()
    return ShareResult(tallies, time.process_time() - cpu_before)


@dataclass(frozen=True)
class Clients:
    """The processes the virtual respondents run in."""
    pool: Pool
    processes: int


@contextlib.contextmanager
def client_processes(processes: int) -> Iterator[Clients]:
    """Processes started afresh (spawn: no state of this one copied), stopped afterwards."""
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        yield Clients(pool, processes)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _measure(clients: Clients, server: Server, survey: Path, path: str | None, concurrency: int, seconds: float,
             most: int, pages_per_response: float = 1.0) -> Rate:
    """Run `concurrency` threads, spread over the client processes, started together; all they saw."""
    processes = min(concurrency, clients.processes)
    began = time.monotonic() + START_MARGIN
    shares, first = [], 0
    for threads, share_most in zip(_split(concurrency, processes), _split(most, processes)):
        shares.append(Share(path, server.url, str(survey), first, threads, share_most, began, began + seconds))
        first += threads
    pending = clients.pool.map_async(run_share, shares)
    time.sleep(max(0.0, began - time.monotonic()))
    server_before = server.cpu_seconds()
    results = pending.get()
    server_cpu = server.cpu_seconds() - server_before
    server_elapsed = time.monotonic() - began
    tallies = [t for result in results for t in result.tallies]
    elapsed = max(t.stopped for t in tallies) - began
    latencies = [x for t in tallies for x in t.latencies]
    errors: Counter[str] = sum((t.errors for t in tallies), Counter())
    completed = sum(t.completed for t in tallies)
    if completed:
        pages_per_response = sum(t.completed_pages for t in tallies) / completed
    return Rate(concurrency=concurrency, seconds=elapsed, requests=len(latencies), completed=completed,
                pages_per_response=pages_per_response,
                median_ms=1000 * statistics.median(latencies) if latencies else float("nan"),
                p95_ms=1000 * _percentile(latencies, 0.95), errors=dict(errors),
                resent=sum(t.resent for t in tallies),
                client_cpu=sum(r.cpu_seconds for r in results) / elapsed,
                server_cpu=server_cpu / server_elapsed)


@dataclass(frozen=True)
class Throughput:
    """At one concurrency: the survey's figures beside the yardsticks' (benchmarks/server.py)."""
    survey: Rate
    ceiling: Rate
    floor: Rate

    @staticmethod
    def _ratio(rate: Rate, to: Rate) -> float:
        return rate.per_second / to.per_second if to.per_second else float("nan")

    @property
    def ratio(self) -> float:
        """Survey pages a second, as a share of the trivial endpoint's requests a second."""
        return self._ratio(self.survey, self.ceiling)

    @property
    def floor_ratio(self) -> float:
        """The floor's requests a second, as a share of the trivial endpoint's."""
        return self._ratio(self.floor, self.ceiling)

    @property
    def to_floor(self) -> float:
        """Survey pages a second, as a share of the floor's requests a second."""
        return self._ratio(self.survey, self.floor)


def run_respondents(database_url: str, folder: Path, survey: Path, concurrencies: list[int],
                    seconds: float, max_responses: int, workers: int, threads: int, clients: int,
                    log: Callable[[str], None] = print) -> list[Throughput]:
    """Start gunicorn, warm it up, then at each concurrency: the ceiling, the floor, the survey.

    Each measurement stops after `seconds`, or after `max_responses` responses (the yardsticks
    after 20 requests for each of those), whichever comes first. `clients` is the number of client
    processes.
    """
    server = start_gunicorn(database_url, folder, workers, threads)
    try:
        with client_processes(clients) as processes:
            warm = max(2, workers * threads)
            most_requests = max_responses * 20
            for path in (CEILING_PATH, FLOOR_PATH):
                _measure(processes, server, survey, path, warm, min(1.0, seconds), most_requests)
            warming = _measure(processes, server, survey, None, warm, max(10.0, seconds),
                               min(warm, max_responses), 0.0)
            results = []
            for concurrency in concurrencies:
                ceiling = _measure(processes, server, survey, CEILING_PATH, concurrency, seconds, most_requests)
                floor = _measure(processes, server, survey, FLOOR_PATH, concurrency, seconds, most_requests)
                answered = _measure(processes, server, survey, None, concurrency, seconds, max_responses,
                                    warming.pages_per_response)
                results.append(Throughput(survey=answered, ceiling=ceiling, floor=floor))
                log(f"  {concurrency:>4} respondents: {answered.completed_per_second:7.1f} responses/s, "
                    f"{answered.per_second:7.1f} pages/s; trivial endpoint {ceiling.per_second:7.1f}/s "
                    f"(ratio {results[-1].ratio:.2f}), floor {floor.per_second:7.1f}/s "
                    f"(ratio {results[-1].to_floor:.2f}), errors {answered.error_count}")
            return results
    finally:
        server.stop()
