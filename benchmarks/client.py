"""A lean HTTP/1.1 client for the load: one kept-alive connection and its cookies, like a browser tab.

The load runs on the same machine as the server, so every microsecond the client spends is taken
from the server. The `requests` library spent about 0.7 ms of processor time on each request and,
in one process, could not send more than about 1,200 requests a second: the trivial endpoint was
measured at the client's speed, not the server's. This client writes the request and reads the
reply on a plain socket (Content-Length or chunked bodies), and keeps cookies by name, which is all
Llais's pages need.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from urllib.parse import urlencode

HEADER_END = b"\r\n\r\n"
READ = 65536


class ConnectionClosed(OSError):
    """The server closed the kept-alive connection before answering anything on it."""


class BadReply(OSError):
    """A reply that is not HTTP/1.1 as this client reads it."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]   # lower-case names; the last value of a repeated header (but cookies)
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Tab:
    """One browser tab: a kept-alive connection to host:port, and the cookies the server set."""
    host: str
    port: int
    timeout: float = 60.0
    cookies: dict[str, str] = field(default_factory=dict)
    _socket: socket.socket | None = None
    _buffer: bytes = b""

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
        self._socket, self._buffer = None, b""

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, form: dict[str, object] | None = None) -> Reply:
        """Send one request and read its whole reply.

        Raises ConnectionClosed if a kept-alive connection was closed before any reply came (the
        caller may send the request again, as browsers do), another OSError on any other failure.
        """
        fresh = self._socket is None
        if fresh:
            self._socket = socket.create_connection((self.host, self.port), timeout=self.timeout)
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self._socket.sendall(self._encode(method, path, form))  # type: ignore[union-attr]
            reply, keep = self._read_reply()
        except ConnectionClosed:
            self.close()
            if fresh:  # not a kept-alive connection timing out: the server would not answer
                raise OSError("the server closed a new connection without answering") from None
            raise
        except OSError:
            self.close()
            raise
        if not keep:
            self.close()
        return reply

    def _encode(self, method: str, path: str, form: dict[str, object] | None) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def _fill(self) -> None:
        chunk = self._socket.recv(READ)  # type: ignore[union-attr]
        if not chunk:
            if self._buffer:
                raise OSError("the server closed the connection part way through a reply")
            raise ConnectionClosed()
        self._buffer += chunk

    def _take(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        taken, self._buffer = self._buffer[:size], self._buffer[size:]
        return taken

    def _line(self, end: bytes = b"\r\n") -> bytes:
        while (at := self._buffer.find(end)) < 0:
            self._fill()
        line, self._buffer = self._buffer[:at], self._buffer[at + len(end):]
        return line

    def _read_reply(self) -> tuple[Reply, bool]:
        status_line, *header_lines = self._line(HEADER_END).decode("latin-1").split("\r\n")
        version, _, rest = status_line.partition(" ")
        if not version.startswith("HTTP/1."):
            raise BadReply(status_line[:80])
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._remember_cookie(value)
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._chunked()
        else:
            body = self._take(int(headers.get("content-length", "0")))
        keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        return Reply(int(rest[:3]), headers, body), keep

    def _chunked(self) -> bytes:
        parts = []
        while size := int(self._line().split(b";")[0], 16):
            parts.append(self._take(size))
            self._take(2)
        while self._line():  # trailers, up to the empty line
            pass
        return b"".join(parts)

    def _remember_cookie(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        gone = any(a.strip().lower() in ("max-age=0", "expires=thu, 01 jan 1970 00:00:00 gmt")
                   for a in attributes)
        if gone:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value
