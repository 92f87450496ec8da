"""The app image's HEALTHCHECK: an HTTP GET of HEALTHCHECK_URL (each service of
docker-compose.yml sets its own; default the Rasa server's root) must answer
below 500 within 4 s."""
import os
import sys
import urllib.error
import urllib.request

url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:5005/")
try:
    with urllib.request.urlopen(url, timeout=4) as response:
        status = response.status
except urllib.error.HTTPError as error:
    status = error.code
except OSError as error:
    sys.exit(f"{url}: {error}")
sys.exit(0 if status < 500 else f"{url}: HTTP {status}")
