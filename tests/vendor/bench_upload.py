"""Benchmark: a 20 MB PDF through `POST /vendor/upload` (docs/benchmarks.md, Vendor upload).

    make bench-vendor-upload                 # both modes, 5 uploads each
    python -m tests.vendor.bench_upload --mode inprocess --runs 5 --mb 20

- inprocess: the WSGI app called with the request body in a file (as a server hands over a
  socket), so the client's encoding is excluded; server time with perf_counter, peak Python
  memory with tracemalloc. Beside it, in the same run, the floor for the same bytes: copying
  them to a file with fsync and hashing them (what any upload must at least do).
- gunicorn: `gunicorn` with one sync worker on loopback, a client streaming the body from disk;
  the server time is measured around the application in the worker (Server-Timing header), the
  worker's peak RSS (VmHWM) is read from /proc before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BOUNDARY = "----portal-bench-boundary"
CSRF = "bench-csrf-token-" + "x" * 32


def make_pdf(path: Path, size: int, seed: int) -> None:
    """A PDF of about `size` bytes: a header, an incompressible stream, a trailer."""
    head = b"%%PDF-1.7\n1 0 obj\n<< /Length %d >>\nstream\n" % size
    with path.open("wb") as out:
        out.write(head)
        block = hashlib.sha256(str(seed).encode()).digest() * 32768  # 1 MiB, differs by seed
        written = 0
        while written < size:
            chunk = block[: min(len(block), size - written)]
            out.write(chunk)
            written += len(chunk)
        out.write(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%EOF\n")


def make_body(pdf: Path, body: Path, filename: str) -> int:
    """The multipart body of the upload form, written to `body`; returns its length."""
    with body.open("wb") as out:
        for name, value in (("csrf_token", CSRF), ("kind", "")):
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        with pdf.open("rb") as source:
            shutil.copyfileobj(source, out, 1024 * 1024)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return body.stat().st_size


@contextmanager
def portal_instance(folder: Path) -> Iterator[tuple[Any, str]]:
    """A migrated portal (SQLite, local files, SQLite queue) with a signed-in vendor member."""
    from portal.app import create_app
    from portal.auth.models import User
    from portal.auth.sessions import SESSION_ID_KEY, create_session_record
    from portal.core.db import db
    from portal.core.migrate import upgrade
    from portal.core.security import CSRF_SESSION_KEY
    from portal.vendors.models import Vendor

    database = folder / "portal.db"
    upgrade(f"sqlite:///{database}")
    settings = {
        "PORTAL_ENV": "test",
        "PORTAL_INSTANCE_PATH": str(folder),
        "PORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "PORTAL_DATABASE_URL": f"sqlite:///{database}",
        "PORTAL_STORAGE_URL": f"file://{folder}/files",
        "PORTAL_QUEUE_URL": f"sqlite://{folder}/queue.db",
        "PORTAL_VENDOR_QUOTA_MB": "100000",
    }
    app = create_app(settings)
    app.config["RATE_LIMITS"] = {}
    app.extensions["portal.rate_limiter"].limits["upload"] = (10_000, 60)
    with app.app_context():
        vendor = Vendor(legal_name="Bench Ltd", country="DE")
        db.session.add(vendor)
        db.session.flush()
        user = User(
            issuer="https://idp.example", subject="bench", role="vendor", vendor_id=vendor.id
        )
        db.session.add(user)
        db.session.flush()
        token = create_session_record(user, "bench")
        db.session.commit()
        with app.test_request_context():
            from flask import session

            session[SESSION_ID_KEY] = token
            session[CSRF_SESSION_KEY] = CSRF
            response = app.make_response("")
            app.session_interface.save_session(app, session, response)
            cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        db.remove()
    try:
        yield app, cookie
    finally:
        with app.app_context():
            db.remove()
            db.engine.dispose()


def call_upload(app: Any, cookie: str, body: Path, length: int) -> tuple[int, float]:
    """POST the body to the app as a server would; (status, seconds of server time)."""
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[..., Any]:
        statuses.append(status)
        return lambda data: None

    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/vendor/upload",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(length),
            "HTTP_COOKIE": cookie,
            "HTTP_HOST": "127.0.0.1",
            "wsgi.input": stream,
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        started = time.perf_counter()
        result = app(environ, start_response)
        try:
            for _ in result:
                pass
        finally:
            if hasattr(result, "close"):
                result.close()
        elapsed = time.perf_counter() - started
    return int(statuses[0].split()[0]), elapsed


def floor_for(pdf: Path, folder: Path) -> float:
    """Copying the same bytes to a file with fsync, and hashing them: the least any upload does."""
    started = time.perf_counter()
    digest = hashlib.sha256()
    with pdf.open("rb") as source, (folder / "floor.bin").open("wb") as target:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            target.write(chunk)
        target.flush()
        os.fsync(target.fileno())
    return time.perf_counter() - started


def run_inprocess(runs: int, megabytes: int) -> dict[str, Any]:
    size = megabytes * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        folder = Path(tmp)
        times, peaks, floors = [], [], []
        with portal_instance(folder / "instance") as (app, cookie):
            for run in range(runs):
                pdf, body = folder / f"bench-{run}.pdf", folder / f"body-{run}"
                make_pdf(pdf, size, seed=run)
                length = make_body(pdf, body, f"bench-{run}.pdf")
                floors.append(floor_for(pdf, folder))
                tracemalloc.start()
                status, elapsed = call_upload(app, cookie, body, length)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                assert status == 201, status
                # Again without tracemalloc (it slows allocation-heavy code).
                pdf2, body2 = folder / f"bench-{run}b.pdf", folder / f"body-{run}b"
                make_pdf(pdf2, size, seed=1000 + run)
                length2 = make_body(pdf2, body2, f"bench-{run}b.pdf")
                status, elapsed = call_upload(app, cookie, body2, length2)
                assert status == 201, status
                times.append(elapsed)
                peaks.append(peak)
                for path in (pdf, body, pdf2, body2):
                    path.unlink()
    return {
        "file_mb": megabytes,
        "server_seconds_median": statistics.median(times),
        "server_seconds_max": max(times),
        "floor_seconds_median": statistics.median(floors),
        "ratio_to_floor": statistics.median(times) / statistics.median(floors),
        "tracemalloc_peak_mb_max": max(peaks) / 1024 / 1024,
    }


GUNICORN_APP = """
import time
from tests.vendor import bench_upload

def timed(app):
    def middleware(environ, start_response):
        started = time.perf_counter()
        captured = {}
        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None
        body = b"".join(app(environ, capture))
        elapsed = time.perf_counter() - started
        headers = list(captured["headers"]) + [("Server-Timing", f"app;dur={elapsed * 1000:.1f}")]
        start_response(captured["status"], headers)
        return [body]
    return middleware
"""


def vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_gunicorn(runs: int, megabytes: int) -> dict[str, Any]:
    from tests.support.services import free_port, wait_for_port

    size = megabytes * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        folder = Path(tmp)
        with portal_instance(folder / "instance") as (app, cookie):
            settings = {k: str(v) for k, v in os.environ.items()}
            portal = app.config["PORTAL"]
            settings.update(
                {
                    "PORTAL_ENV": "test",
                    "PORTAL_INSTANCE_PATH": portal.instance_path,
                    "PORTAL_SECRET_KEY": portal.secret_key,
                    "PORTAL_BASE_URL": "http://127.0.0.1",
                    "PORTAL_DATABASE_URL": portal.database_url,
                    "PORTAL_STORAGE_URL": portal.storage_url,
                    "PORTAL_QUEUE_URL": portal.queue_url,
                    "PORTAL_VENDOR_QUOTA_MB": "100000",
                }
            )
        (folder / "bench_app.py").write_text(
            GUNICORN_APP
            + "\nfrom portal.app import create_app\n"
            + "_app = create_app()\n"
            + "_app.extensions['portal.rate_limiter'].limits['upload'] = (10_000, 60)\n"
            + "application = timed(_app)\n"
        )
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--chdir",
                str(folder),
                "--pythonpath",
                str(Path.cwd()),
                "bench_app:application",
            ],
            env=settings,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, timeout=30, process=server)
            time.sleep(1.0)
            worker = int(subprocess.check_output(["pgrep", "-P", str(server.pid)]).split()[0])
            server_times, client_times = [], []
            hwm_before = 0
            # Run 0 warms the worker up (imports, templates, connections) and is not counted.
            for run in range(runs + 1):
                if run == 1:
                    hwm_before = vm_hwm_kb(worker)
                    server_times, client_times = [], []
                pdf, body = folder / f"bench-{run}.pdf", folder / f"body-{run}"
                make_pdf(pdf, size if run else 100_000, seed=2000 + run)
                length = make_body(pdf, body, f"bench-{run}.pdf")
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                started = time.perf_counter()
                with body.open("rb") as stream:
                    connection.request(
                        "POST",
                        "/vendor/upload",
                        body=stream,
                        headers={
                            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                            "Content-Length": str(length),
                            "Cookie": cookie,
                        },
                    )
                    response = connection.getresponse()
                    response.read()
                client_times.append(time.perf_counter() - started)
                assert response.status == 201, response.status
                timing = response.getheader("Server-Timing", "app;dur=0")
                server_times.append(float(timing.split("dur=")[1]) / 1000)
                connection.close()
                pdf.unlink()
                body.unlink()
            hwm_after = vm_hwm_kb(worker)
        finally:
            server.terminate()
            server.wait(10)
    return {
        "file_mb": megabytes,
        "server_seconds_median": statistics.median(server_times),
        "server_seconds_max": max(server_times),
        "client_seconds_median": statistics.median(client_times),
        "worker_peak_rss_mb_before": hwm_before / 1024,
        "worker_peak_rss_mb_after": hwm_after / 1024,
        "worker_peak_rss_growth_mb": (hwm_after - hwm_before) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("inprocess", "gunicorn", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=int, default=20)
    args = parser.parse_args()
    if args.mode in ("inprocess", "both"):
        print("inprocess", run_inprocess(args.runs, args.mb))
    if args.mode in ("gunicorn", "both"):
        print("gunicorn", run_gunicorn(args.runs, args.mb))


if __name__ == "__main__":
    main()
