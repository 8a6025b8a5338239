"""The app as gunicorn serves it, plus one trivial route for the benchmarks.

``/_bench/ping`` answers "pong" without touching the database or a template:
it measures what the server, Flask and the app's request hooks cost on their
own, so that the benchmarks can report their endpoints relative to it. The
route exists only here, never in the app itself.

    gunicorn --pythonpath /work/main bench.server:app
"""

from __future__ import annotations

from flask import Response

from app import create_app

app = create_app()


@app.get("/_bench/ping")
def bench_ping() -> Response:
    return Response("pong", mimetype="text/plain")
