"""Translations (Flask-Babel): the five languages of our vendors.

The interface language of a request is, in order: the choice a signed-in person made (stored on
their account), their organisation's preferred language, the choice an anonymous visitor made in
this browser, the browser's `Accept-Language`, English.
"""

from __future__ import annotations

from flask_babel import Babel, gettext, lazy_gettext, ngettext

from portal.i18n.locale import LANGUAGE_NAMES, LOCALES, html_lang, select_locale

babel = Babel()

__all__ = [
    "LANGUAGE_NAMES",
    "LOCALES",
    "babel",
    "gettext",
    "html_lang",
    "lazy_gettext",
    "ngettext",
    "select_locale",
]
