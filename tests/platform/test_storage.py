"""The storage interface, on the local folder and on a real S3 API server."""

import io
import urllib.request

import pytest

from portal.core.storage import (
    ObjectMissing,
    S3Storage,
    StorageUnavailable,
    content_disposition,
    current_storage,
    new_key,
)

pytestmark = pytest.mark.both_backends


def test_put_then_read_returns_the_same_bytes_and_hash(app):
    store = current_storage()
    data = b"%PDF-1.7\n" + bytes(range(256)) * 5000
    key = new_key()
    stored = store.put(key, io.BytesIO(data), "application/pdf")
    assert stored.size == len(data)
    import hashlib

    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.read(key) == data
    assert store.exists(key)


def test_delete_removes_the_object(app):
    store = current_storage()
    key = new_key()
    store.put(key, io.BytesIO(b"x"), "text/plain")
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(ObjectMissing):
        store.read(key)


def test_keys_are_generated_and_unique():
    keys = {new_key() for _ in range(1000)}
    assert len(keys) == 1000
    assert all(".." not in k and not k.startswith("/") for k in keys)


def test_keys_that_escape_the_store_are_refused(app):
    with pytest.raises(ValueError):
        current_storage().put("../../etc/passwd", io.BytesIO(b"x"), "text/plain")


def test_check_passes_when_reachable(app):
    current_storage().check()


def test_download_url_is_presigned_on_s3_and_none_locally(app, backend):
    store = current_storage()
    key = new_key()
    store.put(key, io.BytesIO(b"hello"), "text/plain")
    url = store.download_url(key, "Zertifikat 2027 ü.pdf", "application/pdf")
    if backend.name == "sqlite":
        assert url is None
        return
    assert url and "X-Amz-Signature" in url and "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url) as response:  # the moto server on loopback
        assert response.read() == b"hello"
        assert (
            "filename*=UTF-8''Zertifikat%202027%20%C3%BC.pdf"
            in response.headers["Content-Disposition"]
        )


def test_s3_objects_are_encrypted_at_rest(app, backend):
    if backend.name != "postgres":
        pytest.skip("server-side encryption is an S3 setting")
    store = current_storage()
    assert isinstance(store, S3Storage)
    key = new_key()
    store.put(key, io.BytesIO(b"secret"), "text/plain")
    head = store.client.head_object(Bucket=store.bucket, Key=store._key(key))
    assert head["ServerSideEncryption"] == "AES256"


def test_unreachable_s3_raises_storage_unavailable(aws_credentials):
    from tests.support.services import free_port

    store = S3Storage("bucket", endpoint_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StorageUnavailable):
        store.put(new_key(), io.BytesIO(b"x"), "text/plain")
    with pytest.raises(StorageUnavailable):
        store.check()


def test_content_disposition_is_rfc6266_with_ascii_fallback():
    header = content_disposition('营业执照 "2026".pdf')
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E8%90%A5%E4%B8%9A" in header
    assert '\\"' not in header and header.count('"') == 2
