"""Respondent throughput: virtual respondents answering a survey through gunicorn on loopback.

Each virtual respondent is a thread with its own cookie session. It opens the survey's link,
chooses a language, GETs every page and POSTs it with its CSRF token, following the redirects
the server gives, then checks and submits its answers and reads the thank-you page. The ceiling
is the same server, at the same concurrency, answering GET /benchmark/ceiling (a trivial Flask
endpoint added to the same application by benchmarks/server.py) as fast as it can.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import requests

from survey.definition import SurveyDefinition
from survey.flow import next_page

from .answers import Respondents, form_for
from .server import CEILING_PATH

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
TIMEOUT = 60


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
    resent: int = 0              # requests sent again on a new connection (see closed_unanswered)


def closed_unanswered(exc: requests.RequestException) -> bool:
    """The server closed a kept-alive connection just as this request went out on it, before any
    answer: browsers then send the request again on a new connection, and so does this client."""
    return isinstance(exc, requests.ConnectionError) and "Remote end closed connection without response" in str(exc)


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
    client_cpu: float   # cores used by this (client) process
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


# ------------------------------------------------------------------ the server

@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn's workers (Linux /proc; 0 elsewhere)."""
        return sum(_cpu_of(pid) for pid in _children(self.process.pid))


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(database_url: str, folder: Path, workers: int, threads: int) -> Server:
    """gunicorn (gthread workers) on loopback, on the given database, with rate limits off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAIS_", "RATELIMIT_", "REDIS_"))}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark-" + "s" * 40,
                "LLAIS_EXPORT_DIR": str(folder / "exports"), "LLAIS_RATE_LIMITS": "0"})
    port = _free_port()
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
             "--backlog", "2048", "--preload", "--no-control-socket", "benchmarks.server:create_app()"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(server.url + "/healthz", timeout=10).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')}")


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

    def _send(self, http: requests.Session, method: str, path: str, expect: int,
              data: dict[str, object] | None = None) -> requests.Response:
        if time.monotonic() >= self.deadline:
            raise Abandoned()
        began = time.perf_counter()
        for attempt in (1, 2):
            try:
                response = http.request(method, urljoin(self.server, path), data=data,
                                        allow_redirects=False, timeout=TIMEOUT)
                break
            except requests.RequestException as exc:
                if attempt == 1 and closed_unanswered(exc):
                    self.tally.resent += 1
                    continue
                raise Abandoned(f"{method} {type(exc).__name__}") from None
        self.tally.latencies.append(time.perf_counter() - began)
        if response.status_code != expect:
            raise Abandoned(f"{method} {response.status_code}")
        return response

    def _token(self, html: str, pattern: re.Pattern[str] = CSRF) -> str:
        found = pattern.search(html)
        if not found:
            raise Abandoned("no form token")
        return found.group(1)

    def answer_once(self, lang: str) -> None:
        """One complete response, in its own browser session."""
        base = f"/s/{self.definition.id}"
        answers = self.generator.answers()
        before = len(self.tally.latencies)
        with requests.Session() as http:
            self._send(http, "GET", base, 200)
            self._send(http, "GET", f"{base}/{lang}", 200)
            first = next_page(self.definition, {}, None)
            path = f"{base}/{lang}/p/{first.id}" if first else f"{base}/{lang}/check"
            while "/p/" in path:
                page_id = urlsplit(path).path.rsplit("/", 1)[1]
                form: dict[str, object] = {}
                for question in self.questions.get(page_id, ()):
                    form.update(form_for(question, answers.get(question.id)))
                form["csrf_token"] = self._token(self._send(http, "GET", path, 200).text)
                path = self._send(http, "POST", path, 302, form).headers["Location"]
            check = self._send(http, "GET", path, 200).text
            form = {"csrf_token": self._token(check), "submission_key": self._token(check, SUBMISSION_KEY)}
            thanks = self._send(http, "POST", path, 302, form).headers["Location"]
            if not thanks.endswith("/thanks"):
                raise Abandoned("not thanked")
            self._send(http, "GET", thanks, 200)
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


def _ceiling_loop(server: str, tally: Tally, deadline: float, another: Callable[[], bool]) -> None:
    with requests.Session() as http:
        while time.monotonic() < deadline and another():
            began = time.perf_counter()
            try:
                response = http.get(server + CEILING_PATH, timeout=TIMEOUT)
            except requests.RequestException as exc:
                if closed_unanswered(exc):
                    tally.resent += 1
                else:
                    tally.errors[f"GET {type(exc).__name__}"] += 1
                continue
            tally.latencies.append(time.perf_counter() - began)
            if response.status_code == 200:
                tally.completed += 1
            else:
                tally.errors[f"GET {response.status_code}"] += 1


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _measure(server: Server, concurrency: int, seconds: float,
             work: Callable[[int, Tally, float], None], pages_per_response: float = 1.0) -> Rate:
    """Run `work` in `concurrency` threads started together; everything they saw, merged."""
    tallies = [Tally() for _ in range(concurrency)]
    go = threading.Event()
    deadline_box: list[float] = []

    def thread_body(number: int) -> None:
        go.wait()
        work(number, tallies[number], deadline_box[0])

    threads = [threading.Thread(target=thread_body, args=(n,), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    client_before, server_before = sum(os.times()[:2]), server.cpu_seconds()
    began = time.monotonic()
    deadline_box.append(began + seconds)
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    client_cpu, server_cpu = sum(os.times()[:2]) - client_before, server.cpu_seconds() - server_before
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
                client_cpu=client_cpu / elapsed, server_cpu=server_cpu / elapsed)


def _counter(most: int) -> Callable[[], bool]:
    """True `most` times, from any thread, then False."""
    started = iter(range(most))
    lock = threading.Lock()

    def another() -> bool:
        with lock:
            return next(started, None) is not None
    return another


def measure_ceiling(server: Server, concurrency: int, seconds: float, max_requests: int) -> Rate:
    """GET the trivial endpoint for `seconds`, or until `max_requests` have been sent."""
    another = _counter(max_requests)
    return _measure(server, concurrency, seconds,
                    lambda n, tally, deadline: _ceiling_loop(server.url, tally, deadline, another))


def measure_survey(server: Server, definition: SurveyDefinition, concurrency: int, seconds: float,
                   max_responses: int, pages_per_response: float) -> Rate:
    """Respondents answering for `seconds`, or until `max_responses` have been started.

    `pages_per_response` is used if no response is completed in the window.
    """
    another = _counter(max_responses)

    def work(number: int, tally: Tally, deadline: float) -> None:
        VirtualRespondent(server.url, definition, seed=1000 + number, tally=tally,
                          deadline=deadline).run(number, another)
    return _measure(server, concurrency, seconds, work, pages_per_response)


@dataclass(frozen=True)
class Throughput:
    """At one concurrency: the survey's figures beside the trivial endpoint's."""
    survey: Rate
    ceiling: Rate

    @property
    def ratio(self) -> float:
        return self.survey.per_second / self.ceiling.per_second if self.ceiling.per_second else float("nan")


def run_respondents(database_url: str, folder: Path, definition: SurveyDefinition, concurrencies: list[int],
                    seconds: float, max_responses: int, workers: int, threads: int,
                    log: Callable[[str], None] = print) -> list[Throughput]:
    """Start gunicorn, warm it up, then at each concurrency: the ceiling, then the survey.

    Each measurement stops after `seconds`, or after `max_responses` responses (the ceiling after
    20 requests for each of those), whichever comes first.
    """
    server = start_gunicorn(database_url, folder, workers, threads)
    try:
        warm = max(2, workers * threads)
        measure_ceiling(server, warm, min(1.0, seconds), max_responses * 20)
        warming = measure_survey(server, definition, warm, max(10.0, seconds), min(warm, max_responses), 0.0)
        results = []
        for concurrency in concurrencies:
            ceiling = measure_ceiling(server, concurrency, seconds, max_responses * 20)
            survey = measure_survey(server, definition, concurrency, seconds, max_responses,
                                    warming.pages_per_response)
            results.append(Throughput(survey=survey, ceiling=ceiling))
            log(f"  {concurrency:>4} respondents: {survey.completed_per_second:7.1f} responses/s, "
                f"{survey.per_second:7.1f} pages/s vs trivial endpoint {ceiling.per_second:7.1f}/s "
                f"(ratio {results[-1].ratio:.2f}), errors {survey.error_count}")
        return results
    finally:
        server.stop()
