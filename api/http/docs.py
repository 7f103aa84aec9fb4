"""The API's documents for people, /docs (Swagger UI) and /redoc (ReDoc), served whole
by the service: their scripts and styles come from a maintained package
(`fastapi-offline`), so they work with no internet and load nothing from elsewhere.

Each page's one inline start-up script (and ReDoc's one inline style) carries a
nonce made for that answer, which its Content-Security-Policy allows, and nothing
else inline is.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs/static"
TITLE = "Incident record"

router = APIRouter(include_in_schema=False)


# The two style elements redoc.standalone.js (fastapi-offline 1.7) writes as it loads,
# before it can be handed a nonce: allowed by their hashes, and nothing else inline.
# (tests/api/test_docs.py fails, naming the hash, if a new version writes others.)
REDOC_STYLES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
)


def policy(nonce: str, styles: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy of a docs page: its own files, its one nonce, and
    the inline styles named by hash."""
    return (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'nonce-{nonce}' {' '.join(styles)}; "
        "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
        "object-src 'none'"
    )


def _page(head: str, body: str, styles: tuple[str, ...] = ()) -> HTMLResponse:
    """A docs page; NONCE in its head and body is this answer's nonce."""
    nonce = secrets.token_urlsafe(18)
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="icon" href="{ASSETS_URL}/favicon.png">{head}</head><body>{body}</body></html>'
    ).replace("NONCE", nonce)
    return HTMLResponse(html, headers={"Content-Security-Policy": policy(nonce, styles)})


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    """The OpenAPI document in Swagger UI."""
    return _page(
        f"<title>{TITLE} - Swagger UI</title>"
        f'<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">',
        '<div id="swagger-ui"></div>'
        f'<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>'
        '<script nonce="NONCE">'
        "SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,"
        " presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],"
        " layout: 'BaseLayout'});"
        "</script>",
    )


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    """The OpenAPI document in ReDoc."""
    return _page(
        f"<title>{TITLE} - ReDoc</title>"
        '<style nonce="NONCE">body { margin: 0; padding: 0; }</style>',
        '<div id="redoc"></div>'
        f'<script src="{ASSETS_URL}/redoc.standalone.js"></script>'
        # ReDoc gives the inline styles it makes the nonce it is handed.
        '<script nonce="NONCE">'
        "Redoc.init('/openapi.json', {nonce: 'NONCE'}, document.getElementById('redoc'));"
        "</script>",
        REDOC_STYLES,
    )


def assets() -> StaticFiles:
    """The docs pages' scripts, styles and icon."""
    return StaticFiles(directory=ASSETS)
