"""The web app: explore a parity store in the browser, and the same data as JSON under /api.

`create_app(db_path)` builds the FastAPI application; `parity serve` runs it with uvicorn on
127.0.0.1. The pieces, one module each:

| module | holds |
|---|---|
| app.py | the application: limits, security headers, error pages, static files |
| pages.py | the HTML pages (Jinja2, autoescaped; tables work without JavaScript) |
| rest.py | the JSON API under /api (pydantic-validated, in the OpenAPI schema) |
| charts.py | plotly figures as JSON for the pages and the API |
| text.py | article text cut into plain and highlighted (`<mark>`) pieces |

Routes only parse input, call one function of `parity.api` and format its result. The
store is opened read-only for each request and never written; uploaded text is read in
memory, never stored or executed. Plotly's JavaScript comes from the installed plotly
package, so the app works offline.
"""

from parity.web.app import create_app

__all__ = ["create_app"]
