"""TLS against a real local server with a certificate from a private CA (made here with
`cryptography`): a certificate the trust store refuses is named as such and not retried; on
Linux, SSL_CERT_FILE is honoured (truststore reads OpenSSL's default paths), as the README says."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import ssl
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fulfildesk.providers.errors import CertificateNotTrusted
from fulfildesk.providers.http import HttpPolicy, ProviderHttp, tls_context


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def make_certs(folder: Path) -> tuple[Path, Path, Path]:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("fulfildesk test CA"))
        .issuer_name(_name("fulfildesk test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem = folder / "server.pem"
    cert_pem.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_pem = folder / "server.key"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, cert_pem, key_pem


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        return None  # a refused handshake is expected here


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca_pem, cert_pem, key_pem = make_certs(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_pem, key_pem)
    server = _Server(("127.0.0.1", 0), _Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tls_context.cache_clear()  # a fresh trust store for each test
    try:
        yield f"https://localhost:{server.server_address[1]}", ca_pem
    finally:
        server.shutdown()
        server.server_close()
        tls_context.cache_clear()


async def test_an_untrusted_certificate_is_named_and_not_retried(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ca = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    http = ProviderHttp("kinguin", url, policy=HttpPolicy(max_attempts=4), sleep=sleep)
    try:
        with pytest.raises(CertificateNotTrusted) as info:
            await http.request("GET", "/v1/order", idempotent=True)
    finally:
        await http.aclose()
    assert info.value.message.startswith("certificate not trusted: ")
    assert "Nothing was sent" in info.value.message
    assert not info.value.retryable and not info.value.outcome_unknown
    assert sleeps == []  # every retry of this policy sleeps first: not retried


@pytest.mark.skipif(
    sys.platform != "linux", reason="SSL_CERT_FILE is an OpenSSL variable: honoured on Linux"
)
async def test_ssl_cert_file_is_honoured_on_linux(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca_pem = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_pem))
    http = ProviderHttp("kinguin", url)
    try:
        response = await http.request("GET", "/v1/order", idempotent=True)
    finally:
        await http.aclose()
    assert response.json() == {"ok": True}
