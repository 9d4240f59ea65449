"""The `portal` command."""

from __future__ import annotations

import sys

import click


@click.group()
def main() -> None:
    """Vendor Portal."""


@main.command()
@click.option("--format", "output_format", type=click.Choice(["json", "table"]), default="json")
@click.argument("files", nargs=-1, required=True)
def extract(output_format: str, files: tuple[str, ...]) -> None:
    """Extract fields from FILES; one JSON object per file and line."""
    from extraction.cli import run

    sys.exit(run(files, output_format))
