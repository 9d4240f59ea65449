"""Real services for the tests: PostgreSQL and Redis on loopback, an S3 API server (moto_server).

Where PostgreSQL or Redis is not reachable (a newcomer's laptop) the tests that need them are
skipped with a visible notice; with CI=true a missing server fails the run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST = os.environ.get("PORTAL_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PORTAL_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("PORTAL_TEST_PG_USER", "postgres")
REDIS_HOST = os.environ.get("PORTAL_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("PORTAL_TEST_REDIS_PORT", "6379"))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def missing_service(name: str) -> None:
    message = f"{name} is not reachable on loopback"
    if in_ci():
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(f"{message}: skipping the tests that need it (NOTICE)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(
    port: int, timeout: float = 20.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reachable("127.0.0.1", port, 0.2):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of its own for this test run, dropped at the end."""
    if not reachable(PG_HOST, PG_PORT):
        missing_service(f"PostgreSQL ({PG_HOST}:{PG_PORT})")
    import psycopg

    name = f"portal_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not reachable(REDIS_HOST, REDIS_PORT):
        missing_service(f"Redis ({REDIS_HOST}:{REDIS_PORT})")
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


@pytest.fixture(scope="session")
def aws_credentials() -> None:
    # moto accepts any credentials; boto3 needs some to sign requests.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


class S3Server:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.log = (tmp / "moto.log").open("wb")
        executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
        assert executable, "moto_server is not installed (the dev extra provides it)"
        self.process = subprocess.Popen(
            [executable, "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, process=self.process)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def s3_server(
    tmp_path_factory: pytest.TempPathFactory, aws_credentials: None
) -> Iterator[S3Server]:
    server = S3Server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()
