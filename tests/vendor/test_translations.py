"""The catalogs: in step with the code, Chinese complete, German, French and Spanish complete for
every string of the vendor's pages and e-mails, and no placeholder broken in any translation."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "portal" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
LANGUAGES = ("en", "zh", "de", "fr", "es")
# What a vendor sees: their pages (and the shared layout and error pages), and the messages of
# the services behind them. E-mails to vendors are templates/emails/ (the reminders feature).
VENDOR_SOURCES = (
    "templates/base.html",
    "templates/_language_picker.html",
    "templates/errors/*.html",
    "templates/vendor/*.html",
    "templates/kpis/vendor_*.html",
    "templates/emails/*.html",
    "templates/emails/*.txt",
    "portal/vendor/*.py",
    "portal/kpis/service.py",
    "portal/kpis/words.py",
    "portal/kpis/vendor_views.py",
    "portal/documents/upload.py",
    "portal/documents/filetypes.py",
    "portal/requirements/catalog.py",
    "portal/core/errors.py",
    "portal/core/security.py",
    "portal/reminders/*.py",
)
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")


@cache
def catalog(language: str) -> Catalog:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def msgid(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


@cache
def code_msgids() -> frozenset[str]:
    """Every string the code and templates mark for translation (as `make translations`)."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)
    return frozenset(msgid(message) for _file, _line, message, _comments, _context in found)


@cache
def vendor_msgids() -> frozenset[str]:
    found = set()
    for pattern in VENDOR_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            method = "python" if path.suffix == ".py" else "jinja2"
            for _line, message, _comments, _context in extract_from_file(
                method, str(path), keywords=KEYWORDS
            ):
                found.add(msgid(message))
    return frozenset(found)


def translated(language: str, message_id: str) -> bool:
    message = catalog(language).get(message_id)
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


def placeholders(text: str) -> set[str]:
    return {name or kind for name, kind in PLACEHOLDER.findall(text) if kind != "%"}


def test_the_vendor_sources_exist_and_mark_strings():
    assert len(vendor_msgids()) > 250
    assert "Send for review" in vendor_msgids()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_holds_every_string_of_the_code(language):
    missing = sorted(code_msgids() - {msgid(m.id) for m in catalog(language) if m.id})
    assert missing == [], f"run `make translations` and translate: {missing[:20]}"


def test_chinese_is_complete():
    untranslated = sorted(m for m in code_msgids() if not translated("zh", m))
    assert untranslated == []


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_every_vendor_string_is_translated(language):
    untranslated = sorted(m for m in vendor_msgids() if not translated(language, m))
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_breaks_a_placeholder(language):
    broken = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1])
        for string in strings:
            if string and placeholders(string) != expected:
                broken.append((ids[0], string))
    assert broken == []


def test_the_placeholder_check_catches_a_broken_one():
    assert placeholders("%(name)s was added.") == {"name"}
    assert placeholders("%(name) wurde hinzugefügt.") != {"name"}
    assert placeholders("%(num)d Seiten") != placeholders("%(n)d Seiten")
