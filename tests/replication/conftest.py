"""Real Litestream against a file replica and against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.serve.served import free_port, small_book, stop

WAIT_SECONDS = 60.0
"""The bound on every wait for a condition (a server listening, a replica growing)."""
BUCKET = "team"
CA_FILES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` until it holds; fail naming `what` after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def tendtui(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real CLI, bounded."""
    return subprocess.run(
        [sys.executable, "-m", "tendtui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A small book: Acme Corp and Globex."""
    return small_book(tmp_path / "alice.db")


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 and a free port, with the bucket `team`; the endpoint
    and fake credentials in the environment (subprocesses inherit them). Stopped after."""
    port = free_port()
    binary = Path(sys.executable).parent / "moto_server"
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        monkeypatch.setenv("TENDTUI_S3_ENDPOINT", endpoint)
        monkeypatch.setenv("AWS_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
        # Litestream 0.5 fails at start with AWS_CA_BUNDLE set, even for plain http: set it
        # here, wherever the test runs, so the test proves tendtui leaves it out for that.
        bundle = next((c for c in CA_FILES if Path(c).is_file()), None)
        if bundle:
            monkeypatch.setenv("AWS_CA_BUNDLE", bundle)
        import boto3

        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"moto_server stopped: {stop(process)[1]}")
            try:
                client.create_bucket(Bucket=BUCKET)
            except Exception:
                return False
            return True

        wait_for(ready, "moto_server to listen")
        yield endpoint
    finally:
        stop(process)


def s3_keys(endpoint: str) -> list[str]:
    """Every key in the bucket."""
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    listed = client.list_objects_v2(Bucket=BUCKET)
    return [str(item["Key"]) for item in listed.get("Contents", [])]


__all__ = ["BUCKET", "s3_keys", "tendtui", "wait_for"]
