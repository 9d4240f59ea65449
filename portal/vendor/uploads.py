"""Several files in one sending: each is stored or refused on its own, with its own message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from portal.auth.models import User
from portal.documents.models import Document
from portal.documents.upload import UploadRejected, upload_document
from portal.i18n import lazy_gettext as _l
from portal.vendors.models import Vendor

# Files per sending; more in one form is refused before any is stored.
MAX_FILES_PER_SENDING = 10
# One sending (without JavaScript, all files in one request) may carry this many full-size files.
FULL_SIZE_FILES_PER_SENDING = 4


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    stream: IO[bytes]


@dataclass(frozen=True)
class FileOutcome:
    filename: str
    document: Document | None = None
    message: object = None  # why it was refused (a lazy string)
    status: int = 201
    # A refused duplicate: the document that already holds these bytes.
    existing_document_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


class NothingToUpload(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


def upload_files(
    vendor: Vendor,
    uploader: User | None,
    files: Iterable[IncomingFile],
    kind: str | None = None,
    supersedes_id: int | None = None,
) -> list[FileOutcome]:
    """Store each file (or say why not); the caller commits once for all of them."""
    chosen = [f for f in files if f.filename]
    if not chosen:
        raise NothingToUpload(_l("Choose at least one file to upload."))
    if len(chosen) > MAX_FILES_PER_SENDING:
        raise NothingToUpload(_l("Send at most %(n)d files at a time.", n=MAX_FILES_PER_SENDING))
    if supersedes_id is not None and len(chosen) > 1:
        raise NothingToUpload(_l("A renewal replaces one document: choose one file."))
    outcomes = []
    for incoming in chosen:
        try:
            document = upload_document(
                vendor, uploader, incoming.filename, incoming.stream, kind, supersedes_id
            )
        except UploadRejected as refused:
            outcomes.append(
                FileOutcome(
                    incoming.filename,
                    message=refused.message,
                    status=refused.status,
                    existing_document_id=refused.document_id,
                )
            )
        else:
            outcomes.append(FileOutcome(document.original_filename, document=document))
    return outcomes
