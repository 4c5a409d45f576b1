"""The benchmark's HTTP client reads replies as a browser would: cookies, chunked bodies, closed connections."""
from __future__ import annotations

import socket
import threading
from typing import Callable, Iterator

import pytest

from benchmarks.client import ConnectionClosed, Tab

CLOSE = b""  # in a script: close the connection instead of answering


def reply(status: str, *headers: str, body: bytes = b"") -> bytes:
    head = [f"HTTP/1.1 {status}", *headers]
    if not any(h.lower().startswith("transfer-encoding") for h in headers):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


Serve = Callable[..., tuple[Tab, list[bytes]]]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """serve(reply, ...): a server answering each request with the next reply, and a Tab on it."""
    listener = socket.create_server(("127.0.0.1", 0))
    tabs: list[Tab] = []

    def start(*script: bytes) -> tuple[Tab, list[bytes]]:
        replies, seen = list(script), []

        def run() -> None:
            while replies:
                try:
                    connection, _ = listener.accept()
                except OSError:
                    return
                with connection:
                    while replies and (request := connection.recv(65536)):
                        seen.append(request)
                        answer = replies.pop(0)
                        if answer == CLOSE:
                            break
                        connection.sendall(answer)

        threading.Thread(target=run, daemon=True).start()
        tabs.append(Tab("127.0.0.1", listener.getsockname()[1], timeout=5))
        return tabs[-1], seen

    yield start
    for tab in tabs:
        tab.close()
    listener.close()


def test_cookies_are_kept_sent_back_and_forgotten_when_the_server_deletes_them(serve: Serve) -> None:
    tab, seen = serve(
        reply("200 OK", "Set-Cookie: session=abc; HttpOnly; Path=/", "Set-Cookie: other=1; Path=/"),
        reply("302 FOUND", "Location: /next",
              "Set-Cookie: session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"),
        reply("200 OK"))
    assert tab.request("GET", "/").status == 200
    moved = tab.request("POST", "/form", {"csrf_token": "t", "choice": ["a", "b"]})
    assert (moved.status, moved.headers["location"]) == (302, "/next")
    tab.request("GET", "/next")
    assert b"Cookie: session=abc; other=1\r\n" in seen[1]
    assert seen[1].endswith(b"\r\n\r\ncsrf_token=t&choice=a&choice=b")
    assert b"Cookie: other=1\r\n" in seen[2]


def test_a_chunked_body_is_read_whole_and_the_connection_kept(serve: Serve) -> None:
    chunked = reply("200 OK", "Transfer-Encoding: chunked") + b"5\r\nHello\r\n7\r\n, Cymru\r\n0\r\n\r\n"
    tab, seen = serve(chunked, reply("200 OK", body=b"again"))
    assert tab.request("GET", "/").text == "Hello, Cymru"
    assert tab.request("GET", "/").body == b"again"
    assert len(seen) == 2


def test_a_kept_alive_connection_closed_before_a_reply_can_be_sent_again(serve: Serve) -> None:
    tab, seen = serve(reply("200 OK", body=b"first"), CLOSE, reply("200 OK", body=b"resent"))
    assert tab.request("GET", "/").body == b"first"
    with pytest.raises(ConnectionClosed):
        tab.request("GET", "/again")
    assert tab.request("GET", "/again").body == b"resent"  # on a new connection
    assert [r.split(b" ")[1] for r in seen] == [b"/", b"/again", b"/again"]


def test_a_new_connection_closed_at_once_is_a_failure_not_a_closed_kept_alive_one(serve: Serve) -> None:
    tab, _ = serve(CLOSE)
    with pytest.raises(OSError) as failure:
        tab.request("GET", "/")
    assert not isinstance(failure.value, ConnectionClosed)
