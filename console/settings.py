"""The console's settings, from the environment (clinic_assistant/stack.py fills it
from .env and its defaults for `make run`)."""
from __future__ import annotations

import os
from dataclasses import dataclass

from clinic_assistant.tickets import default_db_url


@dataclass(frozen=True)
class ConsoleSettings:
    db_url: str
    rasa_url: str
    rasa_token: str
    # Behind HTTPS (production) the session cookie is also marked Secure.
    secure_cookies: bool = False
    host: str = "127.0.0.1"
    port: int = 8090
    # Reverse proxies whose X-Forwarded-For is believed (console/client_address.py).
    trusted_proxies: str = ""
    # Seconds between passes of the indexer and between retention runs.
    index_interval: float = 2.0
    retention_interval: float = 24 * 3600

    @classmethod
    def from_env(cls) -> "ConsoleSettings":
        env = os.environ
        return cls(
            db_url=env.get("CLINIC_DB_URL") or default_db_url(),
            rasa_url=(env.get("RASA_URL") or f"http://127.0.0.1:{env.get('RASA_PORT', '5005')}").rstrip("/"),
            rasa_token=env.get("RASA_API_TOKEN", ""),
            secure_cookies=env.get("CONSOLE_SECURE_COOKIES", "") in ("1", "true", "yes"),
            host=env.get("CONSOLE_HOST", "127.0.0.1"),
            port=int(env.get("CONSOLE_PORT", "8090")),
            trusted_proxies=env.get("CONSOLE_TRUSTED_PROXIES", ""),
        )
