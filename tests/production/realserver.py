"""Llais under gunicorn in a subprocess, set up through the real commands, and respondents over HTTP."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFORMANCE = ROOT / "tests" / "fixtures" / "conformance.yaml"
SURVEY = "/s/conformance-check"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def environment(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAIS_", "RATELIMIT_", "REDIS_"))}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": "real-server-" + "k" * 40,
                "LLAIS_EXPORT_DIR": str(tmp_path / "exports"), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def survey_command(env: dict[str, str], *args: str) -> str:
    """Run `survey ...` as an operator would; returns its output, failing the test if it fails."""
    done = subprocess.run([str(BIN / "survey"), *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"survey {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    access_log: Path

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def logs(self) -> str:
        return self.log.read_text(errors="replace") + self.access_log.read_text(errors="replace")


def start_gunicorn(env: dict[str, str], tmp_path: Path, workers: int = 4, threads: int = 4,
                   options: tuple[str, ...] = ()) -> Server:
    """gunicorn as in the README (several workers), with its default access log format unless
    `options` name another.

    --preload imports Llais once before the workers start, only to start faster here.
    """
    port = free_port()
    log, access_log = tmp_path / "gunicorn.log", tmp_path / "access.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "60",
             "--preload", "--no-control-socket", "--access-logfile", str(access_log), *options, "wsgi:app"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log, access_log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(server.url + "/healthz", timeout=10).status_code == 200:
                return server
        except requests.RequestException:  # not listening yet, or its workers still starting
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{server.logs()}")


@dataclass
class WebRespondent:
    """One person answering the conformance survey with their own browser session."""
    base: str
    number: int                      # their answer to "about how many times", unique to them
    lang: str = "en"
    retries: int = 0                 # how many times a step had to be tried again (503)
    statuses: list[int] = field(default_factory=list)
    refusal: tuple[int, str | None, str] | None = None  # the answer to a submission that was not thanked
    http: requests.Session = field(default_factory=requests.Session)

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = self.http.request(method, self.base + SURVEY + path, allow_redirects=False,
                                     timeout=60, **kwargs)
        self.statuses.append(response.status_code)
        return response

    def _step(self, path: str, data: dict[str, Any], patience: int) -> requests.Response:
        """GET the form, POST it; try again after a 'please try again' (503), as a person would."""
        for _ in range(patience):
            page = self._send("GET", path)
            if page.status_code == 200:
                token = CSRF.search(page.text)
                assert token, page.text[:500]
                response = self._send("POST", path, data={**data, "csrf_token": token.group(1)})
                if response.status_code != 503:
                    return response
            elif page.status_code != 503:
                return page
            self._wait()
        raise AssertionError(f"respondent {self.number}: still failing after {patience} tries")

    def _wait(self) -> None:
        self.retries += 1
        time.sleep(0.2)

    def answer_pages(self, patience: int = 1) -> None:
        lang = self.lang
        steps = [(f"/{lang}/p/your-area", {"area": "powys"}),
                 (f"/{lang}/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": str(self.number)}),
                 (f"/{lang}/p/services", {"used-services": "none"}),
                 (f"/{lang}/p/about-you", {"comments": f"marker-{self.number}-ŵŷ"})]
        for path, data in steps:
            response = self._step(path, data, patience)
            assert response.status_code == 302, (path, response.status_code, response.text[:300])

    def check_form(self, patience: int = 1) -> dict[str, str]:
        for _ in range(patience):
            page = self._send("GET", f"/{self.lang}/check")
            if page.status_code == 200:
                return {"csrf_token": CSRF.search(page.text).group(1),
                        "submission_key": SUBMISSION_KEY.search(page.text).group(1)}
            assert page.status_code == 503, page.status_code
            self._wait()
        raise AssertionError(f"respondent {self.number}: no check page after {patience} tries")

    def submit(self, patience: int = 1) -> bool:
        """Send the answers, sending the same form again after a 503 (the browser's 'resubmit').

        True once the thank-you page is promised: the response is acknowledged.
        """
        form = self.check_form(patience)
        for _ in range(patience):
            response = self.post_check(form)
            if response.status_code != 503:
                return self.acknowledged(response)
            self._wait()
        return False

    def acknowledged(self, response: requests.Response) -> bool:
        thanks = response.status_code == 302 and response.headers["Location"].endswith(f"/{self.lang}/thanks")
        if not thanks:
            self.refusal = (response.status_code, response.headers.get("Location"), response.text[:300])
        return thanks

    def post_check(self, form: dict[str, str]) -> requests.Response:
        return self._send("POST", f"/{self.lang}/check", data=form)
