"""Taking a vendor's file: check it, store it under a generated key, record it, queue it.

The row is committed before the queue is told (the after-commit hook); a failed enqueue leaves
the document `uploaded`, and the reaper queues it later. Nothing points at a missing object: the
file is stored before the row exists, and a failed store creates no row.
"""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from typing import IO

from flask import current_app
from sqlalchemy import func, select

from portal.audit.service import record
from portal.auth.models import User
from portal.core.db import db
from portal.core.storage import CHUNK, StorageUnavailable, current_storage, new_key
from portal.documents.filetypes import FileTypeRejected, check_file_type
from portal.documents.models import Document
from portal.documents.processing import request_extraction
from portal.i18n import lazy_gettext as _l
from portal.requirements.catalog import KINDS
from portal.vendors.models import Vendor

REUPLOADABLE = ("rejected", "failed", "superseded")


class UploadRejected(Exception):
    """A refused upload; `status` is the HTTP status a view should answer with."""

    status = 400

    def __init__(self, message: object, document_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.document_id = document_id


class FileTooLarge(UploadRejected):
    status = 413


class UnsupportedFile(UploadRejected):
    status = 415


class DuplicateUpload(UploadRejected):
    status = 409


class QuotaExceeded(UploadRejected):
    status = 429


class StorageDown(UploadRejected):
    status = 503


class RenewalTargetInvalid(UploadRejected):
    status = 404


@dataclass(frozen=True)
class _Measured:
    file: IO[bytes]
    size: int
    sha256: str
    # A temporary copy made here (closed here), rather than the caller's own stream.
    owned: bool


def _too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(
        _l("The file is larger than the limit of %(mb)d MB.", mb=limit // (1024 * 1024))
    )


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _measure(stream: IO[bytes], limit: int) -> _Measured:
    """Size and SHA-256 of the upload, stopping as soon as the limit is passed.

    A seekable stream (Werkzeug has already spooled the request's file part to a temporary file)
    is read in place and rewound: no copy. Anything else is copied once to a temporary file.
    """
    digest = hashlib.sha256()
    size = 0
    if _seekable(stream):
        stream.seek(0)
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            digest.update(chunk)
        stream.seek(0)
        return _Measured(stream, size, digest.hexdigest(), owned=False)
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the caller through `owned`)
    try:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            digest.update(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _Measured(spool, size, digest.hexdigest(), owned=True)


def upload_document(
    vendor: Vendor,
    uploader: User | None,
    filename: str,
    stream: IO[bytes],
    kind: str | None = None,
    supersedes_id: int | None = None,
) -> Document:
    """Store one file for `vendor` and create its document; the caller commits.

    `kind` is what the vendor says the document is (a requirements catalogue code); a renewal
    names the document it replaces in `supersedes_id` and inherits its kind.
    """
    settings = current_app.config["PORTAL"]
    if kind is not None and kind not in KINDS:
        raise UploadRejected(_l("Unknown document type “%(kind)s”.", kind=kind))
    filename = _clean_filename(filename)
    spooled = _measure(stream, settings.max_upload_bytes)
    with spooled.file if spooled.owned else nullcontext():
        if spooled.size == 0:
            raise UnsupportedFile(_l("The file “%(name)s” is empty.", name=filename))
        try:
            file_type = check_file_type(filename, spooled.file)
        except FileTypeRejected as exc:
            raise UnsupportedFile(exc.args[0]) from None
        _check_duplicate(vendor, spooled.sha256, filename)
        _check_quota(vendor, spooled.size, settings.vendor_quota_mb)
        supersedes = _renewal_target(vendor, supersedes_id)
        if supersedes is not None and kind is None:
            kind = supersedes.kind

        key = new_key()
        try:
            current_storage().put(key, spooled.file, file_type.media_type, spooled.sha256)
        except StorageUnavailable:
            raise StorageDown(
                _l("Document storage is unavailable. Nothing was saved; please try again shortly.")
            ) from None

    document = Document(
        vendor_id=vendor.id,
        kind=kind,
        declared_type=KINDS[kind].doc_type if kind and kind != "other" else None,
        original_filename=filename,
        storage_key=key,
        sha256=spooled.sha256,
        size=spooled.size,
        media_type=file_type.media_type,
        state="uploaded",
        supersedes_id=supersedes.id if supersedes else None,
        uploaded_by_id=uploader.id if uploader else None,
    )
    db.session.add(document)
    db.session.flush()
    record(
        "document.uploaded",
        vendor_id=vendor.id,
        object_type="document",
        object_id=document.id,
        filename=filename,
        size=spooled.size,
        sha256=spooled.sha256,
        media_type=file_type.media_type,
        kind=kind,
        supersedes=document.supersedes_id,
    )
    document_id = document.id
    db.after_commit(lambda: request_extraction(document_id))
    return document


def _clean_filename(filename: str) -> str:
    # Keep the name as metadata only: no path, no control characters, bounded length.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip() or "document"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot else name[:200]
    return name


def _check_duplicate(vendor: Vendor, sha256: str, filename: str) -> None:
    existing = db.session.scalar(
        select(Document)
        .where(
            Document.vendor_id == vendor.id,
            Document.sha256 == sha256,
            Document.state.not_in(REUPLOADABLE),
        )
        .limit(1)
    )
    if existing is not None:
        raise DuplicateUpload(
            _l(
                "“%(name)s” has the same content as “%(existing)s”, uploaded earlier.",
                name=filename,
                existing=existing.original_filename,
            ),
            document_id=existing.id,
        )


def _check_quota(vendor: Vendor, size: int, quota_mb: int) -> None:
    used = db.session.scalar(
        select(func.coalesce(func.sum(Document.size), 0)).where(
            Document.vendor_id == vendor.id, Document.state != "superseded"
        )
    )
    if int(used or 0) + size > quota_mb * 1024 * 1024:
        raise QuotaExceeded(
            _l("Your organisation's storage quota of %(mb)d MB is used up.", mb=quota_mb)
        )


def _renewal_target(vendor: Vendor, supersedes_id: int | None) -> Document | None:
    if supersedes_id is None:
        return None
    target = db.session.get(Document, supersedes_id)
    if target is None or target.vendor_id != vendor.id:
        raise RenewalTargetInvalid(_l("The document to renew was not found."))
    return target
