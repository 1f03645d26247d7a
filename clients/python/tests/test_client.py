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
from typing import Iterator

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
        ({"text": ""}, "article is empty"),
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
