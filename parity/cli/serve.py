"""`parity serve`: the web app over a store (see `parity.web`)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from parity import api
from parity.cli.common import DB_OPTION, console, user_errors, warn

HOST_OPTION = typer.Option(
    "127.0.0.1", "--host", help="Address to listen on (default: this machine only)."
)
PORT_OPTION = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on.")
BASELINE_OPTION = typer.Option(
    None, "--baseline", help="JSON file of starting ledger levels per side, with sources."
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    """Add `serve` to the parity command line."""

    @app.command("serve")
    def serve(
        db: Path = DB_OPTION,
        host: str = HOST_OPTION,
        port: int = PORT_OPTION,
        baseline: Path = BASELINE_OPTION,
    ) -> None:
        """Explore a store in the browser: dispute timelines, ledger, metrics, events with their evidence, document search, reading an article, simulations; and the same data as JSON under /api.

        The store is opened read-only; pasted or uploaded articles are read in memory and never stored. The app listens on 127.0.0.1 unless --host says otherwise.

        Example: parity serve --db parity.duckdb --port 8000
        """
        with user_errors():
            api.store_summary(db)  # fails with one clear line if there is no readable store
            if baseline is not None:
                api.load_baseline(baseline)
            import uvicorn

            from parity.web import create_app

            web_app = create_app(db, baseline=baseline)
        if not _is_loopback(host):
            warn(f"listening on {host}: anyone who can reach this address can use the app")
        shown = f"[{host}]" if ":" in host else host
        console.print(
            f"parity: serving {db} on http://{shown}:{port}/ (Ctrl-C to stop)", highlight=False
        )
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
