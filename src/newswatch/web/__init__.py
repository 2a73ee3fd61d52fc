"""The web side of newswatch: a versioned REST API over the store and a local dashboard.

`create_app` builds the FastAPI app (`newswatch.web.app`); the routes are in
`newswatch.web.api`, the analysis of posted text in `newswatch.web.analysis`, and the
dashboard's own HTML, JS and CSS in `static/` (no CDN: it works offline).
"""

from newswatch.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
