"""Vendor Portal: the Flask application. ``gunicorn "portal:create_app()"`` serves it."""

from portal.app import create_app

__all__ = ["create_app"]
