"""Translations (Flask-Babel): the five languages of our vendors."""

from __future__ import annotations

from flask_babel import Babel, gettext, lazy_gettext, ngettext

LOCALES = ("en", "zh", "de", "fr", "es")
babel = Babel()

__all__ = ["LOCALES", "babel", "gettext", "lazy_gettext", "ngettext"]
