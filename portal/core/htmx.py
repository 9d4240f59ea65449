"""flask-htmx: `htmx` tells a view whether the request came from htmx (then it renders the
fragment alone) or from a plain link or form (then the full page that includes the fragment)."""

from flask_htmx import HTMX

htmx = HTMX()
