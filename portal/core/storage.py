"""Document storage: a local folder (default) or S3 / any S3-compatible store through boto3.

The only module that knows the storage backend. Keys are generated here, never taken from
filenames.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import quote, urlsplit

from portal.core.db import utcnow

CHUNK = 1024 * 1024


class StorageUnavailable(Exception):
    """The store could not be reached; the operation can be retried later."""


class ObjectMissing(Exception):
    """The key names no stored object."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str


class Storage(Protocol):
    def put(
        self, key: str, stream: IO[bytes], media_type: str, sha256: str | None = None
    ) -> StoredObject:
        """Store the stream's bytes under `key`; `sha256`, when the caller knows it, saves a
        second pass (and, on S3, a temporary copy of a seekable stream)."""
        ...

    def open(self, key: str) -> IO[bytes]: ...

    def read(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def download_url(
        self, key: str, filename: str, media_type: str, expires_in: int = 300
    ) -> str | None:
        """A short-lived direct URL, or None when the portal must stream the bytes itself."""
        ...

    def check(self) -> None:
        """Raise StorageUnavailable unless the store is reachable and writable."""
        ...


def new_key(prefix: str = "documents") -> str:
    now = utcnow()
    return f"{prefix}/{now:%Y/%m}/{uuid.uuid4().hex}"


def content_disposition(filename: str) -> str:
    """RFC 6266 attachment header with an ASCII fallback and a UTF-8 `filename*`."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback or 'document'}\"; filename*=UTF-8''{quote(filename)}"


def _hash_copy(stream: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _safe_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _safe_key(key)

    def put(
        self, key: str, stream: IO[bytes], media_type: str, sha256: str | None = None
    ) -> StoredObject:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
                if sha256 is None:
                    size, sha = _hash_copy(stream, tmp)
                else:
                    shutil.copyfileobj(stream, tmp, CHUNK)
                    size, sha = tmp.tell(), sha256
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp.name, path)
        except OSError as exc:
            raise StorageUnavailable(f"local storage failed: {exc.strerror}") from exc
        return StoredObject(key, size, sha)

    def open(self, key: str) -> IO[bytes]:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise ObjectMissing(key) from None
        except OSError as exc:
            raise StorageUnavailable(f"local storage failed: {exc.strerror}") from exc

    def read(self, key: str) -> bytes:
        with self.open(key) as handle:
            return handle.read()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def download_url(
        self, key: str, filename: str, media_type: str, expires_in: int = 300
    ) -> str | None:
        return None

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            raise StorageUnavailable(f"local storage not writable: {exc.strerror}") from exc


class S3Storage:
    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        sse: str = "AES256",
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.sse = None if sse == "none" else sse
        config = Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            signature_version="s3v4",
        )
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region, config=config
        )

    def _key(self, key: str) -> str:
        key = _safe_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _unavailable(self, exc: Exception) -> StorageUnavailable:
        return StorageUnavailable(f"object store unreachable: {exc}")

    def put(
        self, key: str, stream: IO[bytes], media_type: str, sha256: str | None = None
    ) -> StoredObject:
        if sha256 is not None and _seekable(stream):
            # The caller hashed it already: send the stream as it is, without another copy.
            start = stream.tell()
            size = stream.seek(0, os.SEEK_END) - start
            stream.seek(start)
            self._upload(key, stream, media_type, sha256)
            return StoredObject(key, size, sha256)
        # Hash while streaming: the spooled copy never holds the whole file in memory.
        with tempfile.TemporaryFile() as spool:
            size, sha = _hash_copy(stream, spool)
            spool.seek(0)
            self._upload(key, spool, media_type, sha)
        return StoredObject(key, size, sha)

    def _upload(self, key: str, stream: IO[bytes], media_type: str, sha256: str) -> None:
        from boto3.s3.transfer import TransferConfig
        from botocore.exceptions import BotoCoreError, ClientError

        extra: dict[str, Any] = {"ContentType": media_type, "Metadata": {"sha256": sha256}}
        if self.sse:
            extra["ServerSideEncryption"] = self.sse
        try:
            self.client.upload_fileobj(
                stream,
                self.bucket,
                self._key(key),
                ExtraArgs=extra,
                Config=TransferConfig(multipart_threshold=16 * CHUNK, use_threads=False),
            )
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable(exc) from exc

    def open(self, key: str) -> IO[bytes]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise ObjectMissing(key) from None
            raise self._unavailable(exc) from exc
        except BotoCoreError as exc:
            raise self._unavailable(exc) from exc
        body: IO[bytes] = response["Body"]
        return body

    def read(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError

        handle = self.open(key)
        try:
            return handle.read()
        except BotoCoreError as exc:
            raise self._unavailable(exc) from exc
        finally:
            handle.close()

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable(exc) from exc

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise self._unavailable(exc) from exc
        except BotoCoreError as exc:
            raise self._unavailable(exc) from exc
        return True

    def download_url(
        self, key: str, filename: str, media_type: str, expires_in: int = 300
    ) -> str | None:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self._key(key),
                "ResponseContentDisposition": content_disposition(filename),
                "ResponseContentType": media_type,
            },
            ExpiresIn=expires_in,
        )
        return url

    def check(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as exc:
            raise self._unavailable(exc) from exc

    def ensure_bucket(self) -> None:
        """Create the bucket if it is missing (development and tests)."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)


def storage_from_url(
    url: str, endpoint_url: str | None = None, region: str = "us-east-1", sse: str = "AES256"
) -> Storage:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return LocalStorage(parts.netloc + parts.path if parts.netloc else parts.path)
    if parts.scheme == "s3":
        return S3Storage(parts.netloc, parts.path, endpoint_url, region, sse)
    raise ValueError(f"unsupported storage URL {url!r}")


def iter_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def copy_to_file(handle: IO[bytes], path: Path) -> None:
    with handle, path.open("wb") as out:
        shutil.copyfileobj(handle, out, CHUNK)


def init_app(app: Any, url: str, endpoint_url: str | None, region: str, sse: str) -> None:
    app.extensions["portal.storage"] = storage_from_url(url, endpoint_url, region, sse)


def current_storage() -> Storage:
    from flask import current_app

    store: Storage = current_app.extensions["portal.storage"]
    return store
