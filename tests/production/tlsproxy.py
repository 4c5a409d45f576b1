"""Debian's nginx in front of a server, terminating TLS with a throwaway certificate, as the README deploys it.

The nginx configuration is the one the README's Deployment section shows (its ```nginx block),
with only the addresses, ports and certificate files changed for the test: each change must
match the README exactly once, so the test cannot silently run a configuration the README lost.
nginx runs as an unprivileged user (nobody, when the tests run as root) with its own prefix,
configuration, logs and temporary files in a directory of its own, on free loopback ports.
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.production.realserver import ROOT, free_port

NGINX = os.environ.get("LLAIS_NGINX", "/usr/sbin/nginx")
README = ROOT / "README.md"
NGINX_BLOCK = re.compile(r"```nginx\n(.*?)```", re.S)
ACCESS_LOG_FORMAT = re.compile(r"--access-logformat '([^']+)'")
# what the README says -> what the test puts in its place (each must occur exactly once)
README_CERTIFICATE = "/etc/letsencrypt/live/llais.example.org/fullchain.pem"
README_KEY = "/etc/letsencrypt/live/llais.example.org/privkey.pem"
README_UPSTREAM = "http://127.0.0.1:8000"
MAIN_CONFIG = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    access_log {dir}/access.log;
    include {dir}/llais.conf;
}}
"""


def documented_config() -> str:
    """The nginx configuration in the README's Deployment section."""
    blocks = NGINX_BLOCK.findall(README.read_text(encoding="utf-8"))
    assert len(blocks) == 1, "the README should show exactly one nginx configuration"
    return str(blocks[0])


def documented_access_log_format() -> str:
    """The gunicorn access-log format the README's Deployment section starts gunicorn with."""
    formats = ACCESS_LOG_FORMAT.findall(README.read_text(encoding="utf-8"))
    assert len(formats) == 1, "the README should start gunicorn with one --access-logformat"
    return str(formats[0])


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the README's nginx configuration should say {old!r} exactly once"
    return text.replace(old, new)


def throwaway_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day, made with openssl."""
    certificate, key = directory / "certificate.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True, timeout=60)
    return certificate, key


@dataclass
class TlsProxy:
    """nginx listening on `url` (https) and `plain_url` (http), passing requests on to `upstream`."""
    url: str
    plain_url: str
    certificate: Path  # the throwaway certificate, to verify the proxy against (`requests` verify=)
    directory: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # nginx's graceful shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)

    def logs(self) -> str:
        return "".join((self.directory / name).read_text(errors="replace")
                       for name in ("error.log", "access.log") if (self.directory / name).exists())


def _unprivileged() -> dict[str, int]:
    """Popen arguments that run nginx as nobody when the tests run as root (nothing otherwise)."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def start_tls_proxy(upstream: str, https_port: int | None = None) -> TlsProxy:
    """nginx with the README's configuration in front of `upstream` (http://127.0.0.1:PORT)."""
    if not os.access(NGINX, os.X_OK) or shutil.which("openssl") is None:
        raise RuntimeError(f"this test needs Debian's nginx ({NGINX}, or LLAIS_NGINX) and openssl: make browser-deps")
    directory = Path(tempfile.mkdtemp(prefix="llais-nginx-"))
    certificate, key = throwaway_certificate(directory)
    https_port, http_port = https_port or free_port(), free_port()
    config = documented_config()
    for old, new in [("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     (README_CERTIFICATE, str(certificate)), (README_KEY, str(key)), (README_UPSTREAM, upstream)]:
        config = replace_once(config, old, new)
    (directory / "llais.conf").write_text(config, encoding="utf-8")
    (directory / "nginx.conf").write_text(MAIN_CONFIG.format(dir=directory), encoding="utf-8")
    privileges = _unprivileged()
    if privileges:
        for path in [directory, *directory.iterdir()]:
            os.chown(path, privileges["user"], privileges["group"])
    output = directory / "nginx.out"
    with output.open("wb") as out:
        process = subprocess.Popen([NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"),
                                    "-e", str(directory / "error.log")],
                                   stdout=out, stderr=subprocess.STDOUT, **privileges)  # type: ignore[call-overload]
    proxy = TlsProxy(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", certificate, directory,
                     process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(proxy.url + "/healthz", timeout=5, verify=str(certificate)).status_code == 200:
                return proxy
        except requests.RequestException:  # not listening yet
            pass
        time.sleep(0.1)
    problem = output.read_text(errors="replace") + proxy.logs()
    proxy.stop()
    raise RuntimeError(f"nginx did not start or pass requests on:\n{problem}")
