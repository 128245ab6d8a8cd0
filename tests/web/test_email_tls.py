"""Email leaves encrypted (ASVS 5.0 V12.3.1): STARTTLS by default, or TLS from the first byte;
a server that offers no STARTTLS, or whose certificate nobody vouches for, gets nothing, not a
plain-text copy; the password goes only over TLS; a bad setting is refused by name. Sent
through Django's own SMTP backend to a server on 127.0.0.1 (tests/web/smtp_server.py)."""

from __future__ import annotations

import smtplib
import ssl
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from tests.certificates import self_signed
from tests.web.smtp_server import Received, smtp_server

from toxfill.web.email_config import email_settings

PASSWORD = "mail-password-not-a-real-one"


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, ssl.SSLContext]:
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "TOXFILL_EMAIL_HOST",
        "TOXFILL_EMAIL_SECURITY",
        "TOXFILL_EMAIL_PORT",
        "TOXFILL_EMAIL_USER",
        "TOXFILL_EMAIL_PASSWORD",
        "TOXFILL_EMAIL_PASSWORD_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _send(**environment: str) -> None:
    """One email through the settings the environment gives, as the server would read them."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        settings = email_settings()
    with override_settings(**settings):
        connection = mail.get_connection()
        try:
            mail.send_mail(
                "Your link",
                "Open it within a year.",
                None,
                ["patient@example.org"],
                connection=connection,
            )
        finally:
            connection.close()  # Django keeps a connection that failed half-way open till then


def _configured(port: int, security: str = "starttls") -> dict[str, str]:
    return {
        "TOXFILL_EMAIL_HOST": "127.0.0.1",
        "TOXFILL_EMAIL_PORT": str(port),
        "TOXFILL_EMAIL_SECURITY": security,
        "TOXFILL_EMAIL_USER": "toxfill",
        "TOXFILL_EMAIL_PASSWORD": PASSWORD,
    }


def _nothing_sent(received: Received) -> None:
    assert received.messages == []
    assert received.logins == []
    assert not {"MAIL", "RCPT", "DATA", "AUTH"} & {verb for verb, _ in received.commands}


def test_by_default_email_switches_to_tls_before_the_password_or_the_message(
    certificate: tuple[Path, ssl.SSLContext], clean_environment: pytest.MonkeyPatch
) -> None:
    cert_file, context = certificate
    clean_environment.setenv("SSL_CERT_FILE", str(cert_file))
    with smtp_server(context) as (port, received):
        environment = _configured(port)
        del environment["TOXFILL_EMAIL_SECURITY"]  # the default
        _send(**environment)

    assert received.before_tls() == ["EHLO", "STARTTLS"]
    assert received.logins == [("toxfill", PASSWORD, True)]
    [(message, encrypted)] = received.messages
    assert encrypted
    assert "Open it within a year." in message


def test_implicit_tls_encrypts_from_the_first_byte(
    certificate: tuple[Path, ssl.SSLContext], clean_environment: pytest.MonkeyPatch
) -> None:
    cert_file, context = certificate
    clean_environment.setenv("SSL_CERT_FILE", str(cert_file))
    with smtp_server(context, implicit_tls=True) as (port, received):
        _send(**_configured(port, "tls"))

    assert received.before_tls() == []
    assert received.logins == [("toxfill", PASSWORD, True)]
    assert len(received.messages) == 1


def test_a_server_that_offers_no_starttls_gets_nothing(
    certificate: tuple[Path, ssl.SSLContext], clean_environment: pytest.MonkeyPatch
) -> None:
    cert_file, context = certificate
    clean_environment.setenv("SSL_CERT_FILE", str(cert_file))
    with (
        smtp_server(context, starttls=False) as (port, received),
        pytest.raises(smtplib.SMTPNotSupportedError, match="STARTTLS"),
    ):
        _send(**_configured(port))

    _nothing_sent(received)


def test_a_connection_that_failed_half_way_is_closed_at_once(
    certificate: tuple[Path, ssl.SSLContext], clean_environment: pytest.MonkeyPatch
) -> None:
    cert_file, context = certificate
    clean_environment.setenv("SSL_CERT_FILE", str(cert_file))
    with smtp_server(context, starttls=False) as (port, received):
        with pytest.MonkeyPatch.context() as patch:
            for name, value in _configured(port).items():
                patch.setenv(name, value)
            settings = email_settings()
        with override_settings(**settings):
            connection = mail.get_connection()
            with pytest.raises(smtplib.SMTPNotSupportedError):
                connection.open()

    assert received.commands[-1][0] == "QUIT"  # ended at once, not left for the collector


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_server_whose_certificate_nobody_vouches_for_gets_nothing(
    certificate: tuple[Path, ssl.SSLContext], clean_environment: pytest.MonkeyPatch, security: str
) -> None:
    _, context = certificate  # not trusted: SSL_CERT_FILE left as the system's
    with (
        smtp_server(context, implicit_tls=security == "tls") as (port, received),
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        _send(**_configured(port, security))

    _nothing_sent(received)


def test_without_a_mail_host_email_is_printed_not_sent(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    assert email_settings()["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("security", "port", "starttls", "tls"),
    [("", 587, True, False), ("starttls", 587, True, False), ("TLS", 465, False, True)],
)
def test_the_port_follows_the_security_unless_set(
    clean_environment: pytest.MonkeyPatch, security: str, port: int, starttls: bool, tls: bool
) -> None:
    clean_environment.setenv("TOXFILL_EMAIL_HOST", "mail.example.org")
    clean_environment.setenv("TOXFILL_EMAIL_SECURITY", security)

    settings = email_settings()

    assert settings["EMAIL_BACKEND"] == "toxfill.web.email_config.ClosingSMTPBackend"
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (
        port,
        starttls,
        tls,
    )
    clean_environment.setenv("TOXFILL_EMAIL_PORT", "2525")
    assert email_settings()["EMAIL_PORT"] == 2525


def test_the_password_can_come_from_a_file(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "mail-password"
    secret.write_text(PASSWORD + "\n")
    clean_environment.setenv("TOXFILL_EMAIL_HOST", "mail.example.org")
    clean_environment.setenv("TOXFILL_EMAIL_USER", "toxfill")
    clean_environment.setenv("TOXFILL_EMAIL_PASSWORD_FILE", str(secret))

    assert email_settings()["EMAIL_HOST_PASSWORD"] == PASSWORD


def test_plain_smtp_goes_only_to_a_relay_on_this_machine(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    clean_environment.setenv("TOXFILL_EMAIL_SECURITY", "none")
    clean_environment.setenv("TOXFILL_EMAIL_HOST", "localhost")
    settings = email_settings()
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (
        25,
        False,
        False,
    )

    clean_environment.setenv("TOXFILL_EMAIL_HOST", "mail.example.org")
    with pytest.raises(ImproperlyConfigured, match=r"TOXFILL_EMAIL_SECURITY=none .* not to 'mail"):
        email_settings()


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TOXFILL_EMAIL_SECURITY", "ssl", "TOXFILL_EMAIL_SECURITY must be one of starttls, tls"),
        ("TOXFILL_EMAIL_PORT", "0", "TOXFILL_EMAIL_PORT must be a whole number from 1 to 65535"),
        ("TOXFILL_EMAIL_PORT", "smtp", "TOXFILL_EMAIL_PORT must be a whole number"),
        ("TOXFILL_EMAIL_PASSWORD", PASSWORD, "TOXFILL_EMAIL_USER is not"),
        ("TOXFILL_EMAIL_PASSWORD_FILE", "/nonexistent/mail", "TOXFILL_EMAIL_PASSWORD_FILE: "),
    ],
)
def test_a_bad_setting_is_refused_by_name(
    clean_environment: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    clean_environment.setenv("TOXFILL_EMAIL_HOST", "mail.example.org")
    clean_environment.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=says):
        email_settings()


def test_a_password_is_never_sent_without_tls(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("TOXFILL_EMAIL_HOST", "127.0.0.1")
    clean_environment.setenv("TOXFILL_EMAIL_SECURITY", "none")
    clean_environment.setenv("TOXFILL_EMAIL_USER", "toxfill")
    clean_environment.setenv("TOXFILL_EMAIL_PASSWORD", PASSWORD)

    with pytest.raises(ImproperlyConfigured, match="sent only over TLS"):
        email_settings()
