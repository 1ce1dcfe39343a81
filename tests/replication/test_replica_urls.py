"""Replica URLs as a user writes them, and the Litestream config and environment made of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tendtui.domain.errors import InvalidInput
from tendtui.transfer.replica import Replica, config_text, litestream_env, parse_replica


def test_a_folder_replica_from_a_url_or_a_path(tmp_path: Path) -> None:
    assert parse_replica(f"file://{tmp_path}/alice") == Replica("file", f"{tmp_path}/alice")
    assert parse_replica(str(tmp_path / "alice")) == Replica("file", f"{tmp_path}/alice")


def test_an_s3_replica_takes_its_endpoint_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TENDTUI_S3_ENDPOINT", "https://minio.example.com")
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    replica = parse_replica("s3://acme-cs/team/alice/")
    assert replica == Replica("s3", "team/alice", "acme-cs")
    config = json.loads(config_text(tmp_path / "alice.db", replica))
    assert config["dbs"] == [
        {
            "path": str(tmp_path / "alice.db"),
            "replicas": [
                {
                    "type": "s3",
                    "bucket": "acme-cs",
                    "path": "team/alice",
                    "region": "eu-west-3",
                    "sync-interval": "1s",
                    "endpoint": "https://minio.example.com",
                    "force-path-style": True,
                }
            ],
        }
    ]


def test_aws_itself_needs_no_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TENDTUI_S3_ENDPOINT", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    entry = json.loads(config_text(tmp_path / "b.db", parse_replica("s3://b/p")))["dbs"][0]
    assert entry["replicas"][0] == {
        "type": "s3",
        "bucket": "b",
        "path": "p",
        "region": "us-east-1",
        "sync-interval": "1s",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("s3:///team/alice", "names no bucket"),
        ("https://example.com/team", "a replica is file://FOLDER or s3://BUCKET/PATH"),
    ],
)
def test_a_bad_replica_url_is_one_line(url: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_replica(url)


@pytest.mark.parametrize(
    ("endpoint", "kept"), [("http://127.0.0.1:9000", False), ("https://s3.example.com", True)]
)
def test_the_ca_bundle_is_left_out_only_for_plain_http(
    monkeypatch: pytest.MonkeyPatch, endpoint: str, kept: bool
) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("TENDTUI_S3_ENDPOINT", endpoint)
    env = litestream_env(parse_replica("s3://team/alice"))
    assert ("AWS_CA_BUNDLE" in env) is kept
