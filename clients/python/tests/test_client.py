"""The Python client against a real khabar-server on a free loopback port.

Run by ctest (python_client), which sets PYTHONPATH to the staged package
and KHABAR_SERVER to the server binary.
"""

from __future__ import annotations

import os
import pathlib
import select
import subprocess
import sys
from typing import Iterator, List

import grpc
import pytest

import khabar
from khabar import KhabarClient, pb

ARTICLE = (
    "الوطن\n"
    "وزير الخارجية يزور بغداد\n"
    "\n"
    "قال وزير الخارجية إن الزيارة مهمة. وأكد أن التعاون مستمر.\n"
)
HEADLINE = "وزير الخارجية يزور بغداد"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    binary = os.environ.get("KHABAR_SERVER", "build/bin/khabar-server")
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no server binary at {binary} (set KHABAR_SERVER)")
    proc = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--threads", "2", "--log-format", "none"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("listening on "), f"server said {line!r}"
        yield line.removeprefix("listening on ").strip()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def client(server: str) -> Iterator[KhabarClient]:
    with KhabarClient(server, timeout=30) as c:
        yield c


def test_analyze_text(client: KhabarClient) -> None:
    response = client.analyze(ARTICLE, id="a1")
    assert response.article_id == "a1"
    assert response.language == "ar"
    assert response.structure.headline == HEADLINE
    assert len(response.sentences) >= 3
    assert any(t.text == "بغداد" for t in response.tokens)


def test_default_offsets_are_python_str_indices(client: KhabarClient) -> None:
    response = client.analyze(ARTICLE)
    assert response.offset_unit == pb.OFFSET_UNIT_CODE_POINTS
    assert response.text_length == len(ARTICLE)
    span = response.structure.headline_span
    assert ARTICLE[span.begin : span.end] == HEADLINE
    for token in response.tokens:
        assert ARTICLE[token.span.begin : token.span.end] == token.text


def test_utf8_offsets(client: KhabarClient) -> None:
    response = client.analyze(ARTICLE, offset_unit="utf8")
    data = ARTICLE.encode("utf-8")
    assert response.offset_unit == pb.OFFSET_UNIT_UTF8_BYTES
    assert response.text_length == len(data)
    span = response.structure.headline_span
    assert data[span.begin : span.end].decode("utf-8") == HEADLINE


def test_structured_input(client: KhabarClient) -> None:
    body = "قال الوزير إن الزيارة مهمة."
    response = client.analyze(
        headline=HEADLINE, subheadline="", body=body, source="الوطن", id="s"
    )
    joined = HEADLINE + "\n" + "" + "\n" + body
    assert response.structure.headline == HEADLINE
    span = response.structure.headline_span
    assert joined[span.begin : span.end] == HEADLINE
    assert response.text_length == len(joined)
    assert response.structure.source == "الوطن"


def test_features_subset(client: KhabarClient) -> None:
    response = client.analyze(ARTICLE, features=["tokens"])
    assert len(response.tokens) > 0
    assert len(response.sentences) == 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": ""}, "article.text: no visible text to analyse"),
        ({"text": "abc\0def"}, "NUL character at byte offset 3"),
        ({"text": "x", "headline": "y"}, "exclusive"),
    ],
)
def test_invalid_article_raises(
    client: KhabarClient, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(khabar.InvalidArgumentError) as info:
        client.analyze(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert message in info.value.details
    assert not info.value.retryable


def test_oversized_article_is_resource_exhausted(client: KhabarClient) -> None:
    limit = client.info().limits.max_article_bytes
    with pytest.raises(khabar.ResourceExhaustedError) as info:
        client.analyze("ب" * (limit // 2 + 1))
    assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_analyze_many_bad_article_fails_alone(client: KhabarClient) -> None:
    articles = [
        pb.Article(id="good-1", text=ARTICLE),
        pb.Article(id="bad", text=""),
        pb.Article(id="good-2", text="قال الرئيس إن الوضع مستقر."),
    ]
    results = list(client.analyze_many(iter(articles)))
    assert [r.index for r in results] == [0, 1, 2]
    assert [r.article_id for r in results] == ["good-1", "bad", "good-2"]
    assert [r.ok for r in results] == [True, False, True]
    assert results[0].unwrap().structure.headline == HEADLINE
    bad = results[1]
    assert isinstance(bad.error, khabar.InvalidArgumentError)
    assert bad.error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert bad.response is None
    with pytest.raises(khabar.InvalidArgumentError):
        bad.unwrap()


def test_analyze_many_plain_strings_and_lazy_input(client: KhabarClient) -> None:
    def gen() -> Iterator[str]:
        for i in range(5):
            yield f"الخبر رقم {i} عن بغداد."

    results = list(client.analyze_many(gen(), features=["sentences"]))
    assert len(results) == 5
    assert all(r.ok and len(r.unwrap().sentences) == 1 for r in results)


def test_analyze_many_reraises_input_errors(client: KhabarClient) -> None:
    def gen() -> Iterator[str]:
        yield ARTICLE
        raise OSError("disk gone")

    seen = []
    with pytest.raises(OSError, match="disk gone"):
        for result in client.analyze_many(gen()):
            seen.append(result)
    assert len(seen) == 1 and seen[0].ok


def test_info(client: KhabarClient) -> None:
    info = client.info()
    assert info.version
    assert "ar" in info.supported_languages
    assert pb.FEATURE_TOKENS in info.features
    assert info.limits.max_article_bytes == 1 << 20


def test_health(client: KhabarClient) -> None:
    assert client.health() == khabar.HealthStatus.SERVING
    assert client.health("") == khabar.HealthStatus.SERVING
    with pytest.raises(khabar.NotFoundError):
        client.health("no.such.Service")


def test_unreachable_server_is_unavailable() -> None:
    with KhabarClient("127.0.0.1:1", timeout=5) as c:
        with pytest.raises(khabar.UnavailableError) as info:
            c.info()
    assert info.value.retryable
    with KhabarClient("127.0.0.1:1", timeout=5) as c:
        with pytest.raises(khabar.UnavailableError):
            list(c.analyze_many(["نص"]))


def test_example_prints_headline_entities_and_quotes(
    server: str, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    example = pathlib.Path(__file__).parent.parent / "examples" / "analyze.py"
    run = subprocess.run(
        [sys.executable, str(example), "--server", server, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert f"Headline:  {HEADLINE}" in run.stdout
    assert "Sentences: " in run.stdout
    assert "Entities (" in run.stdout
    assert "Quotes (" in run.stdout


# -- TLS, bearer token, replica lists ---------------------------------------

TOKEN = "py-t0ken-for-khabar"

_MAKE_CERTIFICATES = r"""set -e
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca \
  -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
  > server.ext
openssl req -new $ec -keyout server.key -out server.csr -subj /CN=localhost
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
  -out server.pem -days 2 -extfile server.ext
"""


def _start_server(args: List[str]) -> "subprocess.Popen[str]":
    binary = os.environ.get("KHABAR_SERVER", "build/bin/khabar-server")
    return subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--threads", "2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _address(proc: "subprocess.Popen[str]") -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    assert line.startswith("listening on "), f"server said {line!r}"
    return line.removeprefix("listening on ").strip()


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A CA and a server certificate for localhost and 127.0.0.1."""
    directory = tmp_path_factory.mktemp("certs")
    try:
        subprocess.run(
            ["/bin/sh", "-c", _MAKE_CERTIFICATES],
            cwd=directory,
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.CalledProcessError) as e:
        pytest.fail(f"openssl could not make certificates: {e}")
    (directory / "token.txt").write_text(TOKEN + "\n", encoding="ascii")
    return directory


@pytest.fixture(scope="module")
def secure_server(certs: pathlib.Path) -> Iterator[str]:
    """A server with TLS and a bearer token."""
    proc = _start_server(
        [
            "--log-format",
            "none",
            "--tls-cert",
            str(certs / "server.pem"),
            "--tls-key",
            str(certs / "server.key"),
            "--auth-token-file",
            str(certs / "token.txt"),
        ]
    )
    try:
        yield _address(proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_token_is_sent_over_tls(secure_server: str, certs: pathlib.Path) -> None:
    token = khabar.read_token_file(certs / "token.txt")
    assert token == TOKEN
    with KhabarClient(
        secure_server, tls_ca=certs / "ca.pem", token=token, timeout=30
    ) as c:
        assert c.info().version
        assert c.analyze(ARTICLE).structure.headline == HEADLINE
        results = list(c.analyze_many([ARTICLE, ARTICLE]))
        assert [r.ok for r in results] == [True, True]
    # The CA as PEM bytes works the same.
    ca = (certs / "ca.pem").read_bytes()
    with KhabarClient(secure_server, tls_ca=ca, token=TOKEN, timeout=30) as c:
        assert c.info().version


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_missing_or_wrong_token_is_unauthenticated(
    secure_server: str, certs: pathlib.Path, token: "str | None"
) -> None:
    with KhabarClient(
        secure_server, tls_ca=certs / "ca.pem", token=token, timeout=30
    ) as c:
        with pytest.raises(khabar.UnauthenticatedError) as info:
            c.info()
        assert info.value.code == grpc.StatusCode.UNAUTHENTICATED
        assert "bearer token" in info.value.details
        assert TOKEN not in info.value.details
        with pytest.raises(khabar.UnauthenticatedError):
            c.analyze(ARTICLE)
        with pytest.raises(khabar.UnauthenticatedError):
            list(c.analyze_many([ARTICLE]))
        # Probes need no token.
        assert c.health() == khabar.HealthStatus.SERVING


def test_replica_list_with_server_name(
    secure_server: str, certs: pathlib.Path
) -> None:
    # Two entries for one server: the list form goes through round_robin,
    # and the certificate is checked against the name given.
    replicas = [secure_server, secure_server]
    with KhabarClient(
        replicas,
        tls_ca=certs / "ca.pem",
        tls_server_name="localhost",
        token=TOKEN,
        timeout=30,
    ) as c:
        for _ in range(3):
            assert c.info().version
    with KhabarClient(
        ",".join(replicas),
        tls_ca=certs / "ca.pem",
        tls_server_name="localhost",
        token=TOKEN,
        timeout=30,
    ) as c:
        assert c.info().version


def test_plaintext_or_untrusted_client_cannot_connect(
    secure_server: str, certs: pathlib.Path
) -> None:
    with KhabarClient(secure_server, token=TOKEN, timeout=5) as c:
        with pytest.raises(khabar.UnavailableError):
            c.info()
    # The system roots do not hold this test's CA.
    with KhabarClient(secure_server, tls=True, token=TOKEN, timeout=5) as c:
        with pytest.raises(khabar.UnavailableError):
            c.info()


def test_target_for() -> None:
    assert khabar.target_for("127.0.0.1:1") == "127.0.0.1:1"
    assert khabar.target_for("dns:///khabar:50051") == "dns:///khabar:50051"
    assert khabar.target_for("10.0.0.1:1, 10.0.0.2:2") == "ipv4:10.0.0.1:1,10.0.0.2:2"
    assert khabar.target_for(["10.0.0.1:1", "10.0.0.2:2"]) == (
        "ipv4:10.0.0.1:1,10.0.0.2:2"
    )
    assert khabar.target_for(["[::1]:1", "[::1]:2"]) == "ipv6:[::1]:1,[::1]:2"
    assert khabar.target_for(["khabar:50051"]) == "khabar:50051"
    for bad in ["a:1,b:2", "10.0.0.1:1,,10.0.0.2:2", "", []]:
        with pytest.raises(ValueError):
            khabar.target_for(bad)


def test_bad_security_options_raise() -> None:
    with pytest.raises(ValueError):
        KhabarClient("127.0.0.1:1", token="two words")
    with pytest.raises(ValueError):
        KhabarClient("127.0.0.1:1", tls_cert=b"cert")
