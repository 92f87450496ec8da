"""The action server: rasa-sdk's app, on localhost, behind a shared secret.

rasa-sdk has no authentication of its own; every request to /webhook must
carry `Authorization: Bearer $ACTION_SERVER_TOKEN` (endpoints.yml sends it).
"""
from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import response


def build_app(token: str):
    app = create_app("actions", cors_origins=[])

    @app.middleware("request")
    async def require_token(request):
        if request.path == "/health":
            return None
        supplied = request.headers.get("Authorization", "")
        if not hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode()):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    return app


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    token = os.environ.get("ACTION_SERVER_TOKEN")
    if not token:
        raise SystemExit("ACTION_SERVER_TOKEN is not set")
    host = os.environ.get("ACTION_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTION_PORT", "5055"))
    build_app(token).run(host=host, port=port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
