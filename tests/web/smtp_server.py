"""A small SMTP server on 127.0.0.1 for the email tests: STARTTLS (or TLS from the first byte),
AUTH PLAIN, and a record of what each connection did, so a test can see whether anything was
sent, or a password given, before the connection was encrypted."""

from __future__ import annotations

import base64
import socketserver
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    """What the server was told: each command with whether TLS protected it, and messages."""

    commands: list[tuple[str, bool]] = field(default_factory=list)
    logins: list[tuple[str, str, bool]] = field(default_factory=list)
    messages: list[tuple[str, bool]] = field(default_factory=list)

    def before_tls(self) -> list[str]:
        return [command for command, encrypted in self.commands if not encrypted]


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.encrypted = self.server.implicit_tls
        self._reply("220 127.0.0.1 ESMTP test")
        while line := self.rfile.readline():
            command = line.decode("latin-1").rstrip("\r\n")
            verb = command.split(" ")[0].upper()
            self.server.received.commands.append((verb, self.encrypted))
            if not self._answer(verb, command):
                return

    def _answer(self, verb: str, command: str) -> bool:
        if verb in ("EHLO", "HELO"):
            offers = ["250-127.0.0.1"]
            if self.server.offers_starttls and not self.encrypted:
                offers.append("250-STARTTLS")
            if self.encrypted:
                offers.append("250-AUTH PLAIN")
            self._reply("\r\n".join([*offers, "250 8BITMIME"]))
        elif verb == "STARTTLS" and self.server.offers_starttls and not self.encrypted:
            self._reply("220 go ahead")
            connection = self.server.context.wrap_socket(self.connection, server_side=True)
            self.connection = self.request = connection
            self.rfile = connection.makefile("rb")
            self.wfile = connection.makefile("wb", buffering=0)
            self.encrypted = True
        elif verb == "AUTH" and self.encrypted:
            _, user, password = base64.b64decode(command.split(" ")[2]).split(b"\0")
            self.server.received.logins.append((user.decode(), password.decode(), True))
            self._reply("235 accepted")
        elif verb == "DATA":
            self._reply("354 end with a dot")
            lines = []
            while (line := self.rfile.readline()) not in (b".\r\n", b""):
                lines.append(line.decode("utf-8"))
            self.server.received.messages.append(("".join(lines), self.encrypted))
            self._reply("250 queued")
        elif verb == "QUIT":
            self._reply("221 bye")
            return False
        elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
            self._reply("250 ok")
        else:
            self._reply("502 not here")
        return True

    def finish(self) -> None:
        super().finish()
        self.connection.close()  # the TLS socket STARTTLS made; the server closes the plain one

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode("latin-1") + b"\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, context: ssl.SSLContext, *, implicit_tls: bool, starttls: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.context = context
        self.implicit_tls = implicit_tls
        self.offers_starttls = starttls
        self.received = Received()

    def get_request(self) -> Any:
        connection, address = super().get_request()
        if self.implicit_tls:
            connection = self.context.wrap_socket(connection, server_side=True)
        return connection, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that refuses the certificate hangs up mid-handshake: expected here


@contextmanager
def smtp_server(
    context: ssl.SSLContext, *, implicit_tls: bool = False, starttls: bool = True
) -> Iterator[tuple[int, Received]]:
    """A running server: its port, and what it receives."""
    server = _Server(context, implicit_tls=implicit_tls, starttls=starttls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.received
    finally:
        server.shutdown()
        server.server_close()
