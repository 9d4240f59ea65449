"""Fault tests with real processes (SECURITY.md, "Not losing work")."""

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.app import create_app
from portal.core.db import db
from portal.documents.models import Document, ExtractedField
from portal.documents.upload import upload_document
from tests.support.documents import text_pdf
from tests.support.services import free_port, wait_for_port

# Long enough that the worker is caught in the middle of it.
SLOW_DOCUMENT = text_pdf(
    [
        [
            f"Service agreement page {p} line {i}, governed by the laws of Germany."
            for i in range(50)
        ]
        for p in range(300)
    ]
)
FAST_LEASES = {
    "PORTAL_EXTRACTION_LEASE_SECONDS": "5",
    "PORTAL_REAPER_INTERVAL_SECONDS": "1",
    "PORTAL_REQUEUE_AFTER_SECONDS": "2",
}


class Worker:
    """`portal worker` as a real process, its output kept in a log file."""

    def __init__(self, settings, tmp_path, name="worker"):
        self.log_path = tmp_path / f"{name}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "portal", "worker", "--threads", "1"],
                env={**os.environ, **settings, **FAST_LEASES},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def exited(self):
        return self.process.poll() is not None

    def log(self):
        return self.log_path.read_text(errors="replace")[-3000:]

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def reader_processes(worker_pid):
    """Pids of the extraction readers a worker started (children in their own session)."""
    pids = []
    for children in Path(f"/proc/{worker_pid}/task").glob("*/children"):
        try:
            pids += [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:  # a thread that just ended
            continue
    return pids


def alive(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def state_of(document_id):
    db.session.expire_all()
    return db.session.get(Document, document_id)


def wait_for(predicate, timeout, what, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if worker is not None and worker.exited():
            raise AssertionError(f"the worker exited while waiting for {what}:\n{worker.log()}")
        time.sleep(0.05)
    log = worker.log() if worker else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{log}")


@pytest.mark.both_backends
def test_worker_killed_mid_extraction_the_document_still_finishes_once(
    app, backend, vendor_a, tmp_path
):
    document = upload_document(vendor_a, None, "long-agreement.pdf", io.BytesIO(SLOW_DOCUMENT))
    db.session.commit()
    first = Worker(backend.settings, tmp_path, "first")
    try:
        wait_for(lambda: state_of(document.id).state == "extracting", 60, "the first claim", first)
        readers = wait_for(
            lambda: reader_processes(first.process.pid), 30, "the reader process", first
        )
        first.kill()
        assert state_of(document.id).state == "extracting"  # the lease is still held
        wait_for(lambda: not any(alive(pid) for pid in readers), 10, "the readers to die too")
    finally:
        first.stop()
    second = Worker(backend.settings, tmp_path, "second")
    try:
        doc = wait_for(
            lambda: (d := state_of(document.id)).state in ("extracted", "failed") and d,
            120,
            "the document to reach a final state",
            second,
        )
    finally:
        second.stop()
    assert doc.state == "extracted", doc.last_error
    assert doc.attempts == 2
    duplicates = db.session.execute(
        select(ExtractedField.name, func.count())
        .where(ExtractedField.document_id == document.id)
        .group_by(ExtractedField.name)
        .having(func.count() > 1)
    ).all()
    assert duplicates == []


def test_queue_down_during_upload_then_back_the_document_is_processed(backend, tmp_path):
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        from tests.support.services import missing_service

        missing_service("redis-server (the binary, to start a queue of our own)")
    port = free_port()
    settings = {**backend.settings, "PORTAL_QUEUE_URL": f"redis://127.0.0.1:{port}/0"}
    app = create_app({**settings, **FAST_LEASES})
    with app.app_context():
        from portal.vendors.models import Vendor

        vendor = Vendor(legal_name="Queue Test Ltd", country="DE")
        db.session.add(vendor)
        db.session.commit()
        document = upload_document(vendor, None, "a.pdf", io.BytesIO(text_pdf([["Agreement"]])))
        db.session.commit()  # the upload succeeds although the queue is down
        assert state_of(document.id).state == "uploaded"

        queue_server = subprocess.Popen(
            [
                redis_server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        worker = None
        try:
            wait_for_port(port, process=queue_server)
            worker = Worker(settings, tmp_path)
            doc = wait_for(
                lambda: (d := state_of(document.id)).state in ("extracted", "failed") and d,
                60,
                "the document to be processed once the queue is back",
                worker,
            )
            assert doc.state == "extracted"
        finally:
            if worker:
                worker.stop()
            queue_server.terminate()
            queue_server.wait(10)
        db.remove()
        db.engine.dispose()
