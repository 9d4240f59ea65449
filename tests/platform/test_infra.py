"""infra/ stays consistent with the configuration, and the production server command works."""

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml

from portal.cli import main
from portal.core.config import environment_variables, load_settings
from tests.support.services import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
# Variables read by the parts around the portal (boto3, the database and object-store images).
OUTSIDE_VARIABLES = re.compile(r"^(AWS_|POSTGRES_|MINIO_)")


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_example_environment_sets_only_known_variables_with_valid_values(tmp_path):
    values = read_env_file(INFRA / "env.example")
    unknown = {
        k for k in values if k not in environment_variables() and not OUTSIDE_VARIABLES.match(k)
    }
    assert unknown == set()
    settings = load_settings({**values, "PORTAL_INSTANCE_PATH": str(tmp_path)})
    assert settings.is_production and settings.queue_url.startswith("redis://")


def compose():
    return yaml.safe_load((INFRA / "compose.yaml").read_text())


def test_compose_wires_web_worker_postgres_redis_and_an_s3_store():
    services = compose()["services"]
    assert {"web", "worker", "postgres", "redis", "minio", "migrate"} <= set(services)
    for service in services.values():
        environment = service.get("environment") or {}
        names = (
            environment if isinstance(environment, dict) else [e.split("=")[0] for e in environment]
        )
        unknown = {
            n for n in names if n not in environment_variables() and not OUTSIDE_VARIABLES.match(n)
        }
        assert unknown == set()


def test_compose_commands_are_real_portal_commands():
    for name in ("worker", "migrate"):
        command = compose()["services"][name]["command"]
        assert command[0] == "portal"
        group = main
        for word in command[1:]:
            group = group.get_command(None, word)
            assert group is not None, f"{name}: `{' '.join(command)}` is not a portal command"


def test_dockerfile_installs_the_ocr_packages_of_the_makefile():
    dockerfile = (INFRA / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    ocr = re.search(r"^OCR_PACKAGES := (.+)$", makefile, re.M).group(1).split()
    assert all(package in dockerfile for package in ocr)
    assert '"portal:create_app()"' in dockerfile


def test_gunicorn_serves_the_app_factory(backend, tmp_path):
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(
            [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "portal:create_app()"],
            env={**os.environ, **backend.settings},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, timeout=60, process=server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as response:
            assert response.status == 200
            assert b'"status":"ok"' in response.read().replace(b" ", b"")
    finally:
        server.terminate()
        server.wait(15)


def test_the_readme_documents_every_setting():
    readme = (INFRA.parent / "README.md").read_text()
    assert sorted(name for name in environment_variables() if f"`{name}`" not in readme) == []
