"""Benchmark: the reviewer's workbench served by gunicorn over PostgreSQL.

    make bench-review                 (BENCH_ARGS="--vendors 500 --documents 10000" for a look)

Creates a database of its own on the test PostgreSQL (127.0.0.1, user postgres; PORTAL_TEST_PG_*
as in the tests), migrates it, seeds 5,000 vendors, 100,000 documents (60 % waiting for review)
and 1,000,000 extracted fields with set-wise INSERT ... SELECT generate_series, ANALYZEs, and
serves the portal with gunicorn on 127.0.0.1. A reviewer signs in with a real server-side
session (the cookie the sign-in would set). A Python load client (keep-alive connections, several
threads) then measures, after a warm-up:

- the queue, page 1 and page 2,000 (the keyset cursor of row 49,975, as the "next page" link
  would carry it);
- the document view (the documents viewed have a stored PDF; their page was drawn in the warm-up,
  as it is once in real use);
- approve (each request approves another waiting document, version 1, CSRF token sent).

Prints p50/p95 per endpoint and the EXPLAIN of the queue queries; drops the database at the end.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import psycopg

PG_HOST = os.environ.get("PORTAL_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PORTAL_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("PORTAL_TEST_PG_USER", "postgres")
KINDS = (
    "business_licence",
    "iso27001_certificate",
    "insurance_certificate",
    "service_agreement",
    "data_processing_agreement",
)
COUNTRIES = ("DE", "CN", "FR", "ES", "GB", "US", "NL", "IT", "PL", "SG")
FIELD_NAMES = (
    "holder_name",
    "issuer_name",
    "document_number",
    "standard",
    "scope",
    "issue_date",
    "expiry_date",
    "currency",
    "revenue",
    "governing_law",
)
PAGE_SIZE = 25


def seed(url: str, vendors: int, documents: int) -> None:
    fields_per_document = len(FIELD_NAMES)
    kinds = "ARRAY[" + ",".join(f"'{k}'" for k in KINDS) + "]"
    countries = "ARRAY[" + ",".join(f"'{c}'" for c in COUNTRIES) + "]"
    names = "ARRAY[" + ",".join(f"'{n}'" for n in FIELD_NAMES) + "]"
    statements = [
        f"""INSERT INTO vendors (legal_name, registration_number, country, category, criticality,
            status, preferred_language, created_at, updated_at)
            SELECT 'Bench Vendor ' || i || ' Ltd', 'REG-' || i, ({countries})[1 + i % 10],
                   CASE WHEN i % 3 = 0 THEN 'logistics' ELSE 'general' END,
                   CASE WHEN i % 50 = 0 THEN 'critical' ELSE 'medium' END,
                   'onboarding', 'en', now(), now()
            FROM generate_series(1, {vendors}) AS i""",  # noqa: S608 (numbers and fixed words)
        """INSERT INTO users (issuer, subject, email, name, role, disabled, session_version,
            created_at) VALUES ('https://bench.example', 'bench-reviewer',
            'reviewer@bench.example', 'Bench Reviewer', 'reviewer', false, 1, now())""",
        f"""INSERT INTO documents (vendor_id, kind, declared_type, original_filename, storage_key,
            sha256, size, media_type, state, attempts, infra_retries, pages, expiry_date,
            version, created_at, updated_at, extracted_at, submitted_at, review_due_on,
            min_confidence)
            SELECT 1 + i % {vendors}, ({kinds})[1 + i % 5], 'certification',
                   'bench-document-' || i || '.pdf', 'bench/' || i, md5(i::text) || md5(i::text),
                   50000, 'application/pdf',
                   CASE WHEN i % 5 < 3 THEN 'in_review' ELSE 'approved' END, 1, 0, 1,
                   DATE '2026-01-01' + (i % 1500), 1,
                   now() - make_interval(secs => i * 7), now(),
                   now() - make_interval(secs => i * 7),
                   now() - make_interval(secs => i * 7),
                   (now() - make_interval(secs => i * 7) + interval '5 days')::date,
                   round((0.35 + (i * 7919 % 650) / 1000.0)::numeric, 3)
            FROM generate_series(1, {documents}) AS i""",  # noqa: S608
        f"""INSERT INTO extracted_fields (document_id, kind, name, raw_value, value, confidence,
            page, bbox, evidence, source, review_status, version, created_at, updated_at)
            SELECT d.id, 'field', ({names})[f], 'value ' || f || ' of ' || d.id,
                   to_json('value ' || f || ' of ' || d.id),
                   round((0.35 + ((d.id * 31 + f * 17) % 650) / 1000.0)::numeric, 3), 1,
                   json_build_array(72, 100 + f * 20, 300, 112 + f * 20),
                   'Label ' || f || ': value ' || f || ' of ' || d.id, 'extracted', 'pending', 1,
                   now(), now()
            FROM documents d CROSS JOIN generate_series(1, {fields_per_document}) AS f""",  # noqa: S608
        "ANALYZE",
    ]
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def explain(url: str, cursor_row: int) -> str:
    """The plans of the queue's page 1 and page N queries (what the index makes of them)."""
    base = """SELECT d.id FROM documents d JOIN vendors v ON v.id = d.vendor_id
              WHERE d.state = 'in_review' {extra} ORDER BY d.submitted_at, d.id LIMIT 26"""
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        row = conn.execute(
            "SELECT submitted_at, id FROM documents WHERE state = 'in_review' "
            "ORDER BY submitted_at, id OFFSET %s LIMIT 1",
            (cursor_row,),
        ).fetchone()
        assert row is not None
        out = []
        for extra, params in (("", ()), ("AND (d.submitted_at, d.id) > (%s, %s)", row)):
            plan = conn.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + base.format(extra=extra),  # type: ignore[arg-type]
                params,
            ).fetchall()
            out.append("\n".join(line[0] for line in plan))
        return "\n\n".join(out)


class Portal:
    """gunicorn serving `portal:create_app()` on loopback."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        from tests.support.services import free_port, wait_for_port

        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open while gunicorn runs)
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "-",
                "portal:create_app()",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        wait_for_port(self.port, 60, self.process)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def session_cookie(env: dict[str, str]) -> tuple[str, str]:
    """A real server-side session for the bench reviewer: the cookie and its CSRF token."""
    from flask import session
    from sqlalchemy import select

    from portal.app import create_app
    from portal.auth.models import User
    from portal.auth.sessions import SESSION_ID_KEY, create_session_record
    from portal.core.db import db
    from portal.core.security import CSRF_SESSION_KEY

    app = create_app(dict(env))
    csrf = uuid.uuid4().hex + uuid.uuid4().hex
    with app.test_request_context("/"):
        user = db.session.scalar(select(User).where(User.subject == "bench-reviewer"))
        assert user is not None
        token = create_session_record(user, "bench")
        db.session.commit()
        session[SESSION_ID_KEY] = token
        session[CSRF_SESSION_KEY] = csrf
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))  # type: ignore[attr-defined]
        db.remove()
        db.engine.dispose()
    return f"{app.config['SESSION_COOKIE_NAME']}={value}", csrf


def store_files(env: dict[str, str], document_ids: list[int]) -> None:
    """A real PDF behind the documents the benchmark views."""
    from portal.app import create_app
    from portal.core.db import db
    from portal.core.storage import current_storage
    from tests.support.documents import CERTIFICATE_LINES, text_pdf

    app = create_app(dict(env))
    content = text_pdf([CERTIFICATE_LINES])
    with app.app_context():
        storage = current_storage()
        for document_id in document_ids:
            storage.put(f"bench/{document_id}", io.BytesIO(content), "application/pdf")
        db.engine.dispose()


def load(
    port: int,
    cookie: str,
    make_request: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
    requests: int,
    threads: int,
    expect: tuple[int, ...] = (200,),
) -> list[float]:
    """`requests` requests over `threads` keep-alive connections; the latencies in ms."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            method, path, body, headers = make_request(n)
            headers = {"Cookie": cookie, **headers}
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status not in expect:
                    failures.append(f"{method} {path}: {response.status}")
        connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[:3]}")
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--page", type=int, default=2000, help="the deep queue page to time")
    parser.add_argument("--keep", action="store_true", help="keep the database (to explain)")
    args = parser.parse_args(argv)

    name = f"portal_bench_review_{os.getpid()}"
    admin = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
    url = f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    instance = Path(tempfile.mkdtemp(prefix="bench-review-"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    portal: Portal | None = None
    try:
        from portal.core.migrate import upgrade

        upgrade(url)
        started = time.perf_counter()
        seed(url, args.vendors, args.documents)
        seeded = time.perf_counter() - started
        env = {
            **os.environ,
            "PORTAL_ENV": "test",
            "PORTAL_INSTANCE_PATH": str(instance),
            "PORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32,
            "PORTAL_DATABASE_URL": url,
            "PORTAL_STORAGE_URL": f"file://{instance}/files",
            "PORTAL_QUEUE_URL": f"sqlite://{instance}/queue.db",
            "PORTAL_LOG_LEVEL": "WARNING",
        }
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM vendors), (SELECT count(*) FROM documents), "
                "(SELECT count(*) FROM extracted_fields), "
                "(SELECT count(*) FROM documents WHERE state = 'in_review')"
            ).fetchone()
            waiting = [
                row[0]
                for row in conn.execute(
                    "SELECT d.id FROM documents d JOIN vendors v ON v.id = d.vendor_id "
                    "WHERE d.state = 'in_review' AND v.criticality <> 'critical' ORDER BY d.id"
                )
            ]
        cursor_row = (args.page - 1) * PAGE_SIZE - 1
        plans = explain(url, cursor_row)
        viewed = waiting[:200]
        approved = waiting[-args.requests :]
        store_files(env, viewed)
        cookie, csrf = session_cookie(env)
        from portal.review.queue import encode_cursor

        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            row = conn.execute(
                "SELECT submitted_at, id FROM documents WHERE state = 'in_review' "
                "ORDER BY submitted_at, id OFFSET %s LIMIT 1",
                (cursor_row,),
            ).fetchone()
        assert row is not None
        deep = "/review?" + urlencode({"after": encode_cursor("age", row[0], row[1])})
        portal = Portal(env, args.workers)

        def get(path: str) -> Callable[[int], tuple[str, str, bytes | None, dict[str, str]]]:
            return lambda n: ("GET", path, None, {})

        def view(n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
            return ("GET", f"/review/documents/{viewed[n % len(viewed)]}", None, {})

        def approve(n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
            body = urlencode({"version": 1, "csrf_token": csrf}).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": csrf,
            }
            return ("POST", f"/review/documents/{approved[n]}/approve", body, headers)

        # Warm-up: every worker's connections and caches; every viewed page drawn once.
        load(portal.port, cookie, get("/review"), 40, args.threads)
        load(portal.port, cookie, get(deep), 40, args.threads)
        load(portal.port, cookie, view, len(viewed), args.threads)
        results = {
            "queue, page 1": load(portal.port, cookie, get("/review"), args.requests, args.threads),
            f"queue, page {args.page:,}": load(
                portal.port, cookie, get(deep), args.requests, args.threads
            ),
            "document view": load(portal.port, cookie, view, args.requests, args.threads),
            "approve": load(portal.port, cookie, approve, len(approved), args.threads, (303,)),
        }
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            done = conn.execute(
                "SELECT count(*) FROM documents WHERE state = 'approved' AND decided_at IS NOT NULL"
            ).fetchone()
        assert counts is not None and done is not None
        print(
            f"seeded {counts[0]:,} vendors, {counts[1]:,} documents ({counts[3]:,} waiting), "
            f"{counts[2]:,} fields in {seeded:.1f} s; gunicorn {args.workers} workers, "
            f"{args.threads} client threads, {args.requests} requests per endpoint; "
            f"{done[0]} documents approved by the run"
        )
        print()
        print("| endpoint | p50 ms | p95 ms | requests |")
        print("|---|---:|---:|---:|")
        for label, values in results.items():
            print(
                f"| {label} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} "
                f"| {len(values)} |"
            )
        print()
        print("Queue plans (page 1, then the keyset page):")
        print(plans)
    finally:
        if portal is not None:
            portal.stop()
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        else:
            print(f"kept {url}")
        shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
