"""docker-compose.yml and docker/nginx.conf, checked without a Docker engine:
Compose's own `config` validates and resolves the file, and Debian's nginx
runs docker/nginx.conf on loopback with stand-ins for the services, so the
test sees exactly what the proxy lets through. Both tools are installed by
the Makefile (`$(COMPOSE)`, `$(NGINX)`)."""
from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import yaml

from testkit.helpers import ROOT, free_port

SECRETS = {
    "POSTGRES_PASSWORD": "pgsecret", "REDIS_PASSWORD": "redissecret", "ACTION_SERVER_TOKEN": "actionsecret",
    "RASA_API_TOKEN": "apisecret", "WIDGET_ORIGINS": "https://www.clinic.example",
}


def compose_command():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("neither `docker compose` nor `docker-compose` is installed: run `make /usr/bin/docker-compose`")


def compose_config(tmp_path, environment):
    empty_env_file = tmp_path / "empty.env"  # never the developer's .env
    empty_env_file.write_text("")
    return subprocess.run(
        [*compose_command(), "--env-file", str(empty_env_file), "-f", str(ROOT / "docker-compose.yml"), "config"],
        cwd=tmp_path, env={"PATH": "/usr/bin:/bin:/usr/local/bin", **environment}, capture_output=True, text=True, check=False,
    )


def published(service):
    """(host address, host port, container port) of each published port, from
    Compose v2's long form or docker-compose 1.x's "ip:host:container" strings."""
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            yield port.get("host_ip", ""), str(port.get("published", "")), int(port["target"])
        else:
            parts = str(port).split("/")[0].split(":")
            host_ip = parts[0] if len(parts) == 3 else ""
            yield host_ip, parts[-2] if len(parts) > 1 else "", int(parts[-1])


def test_compose_file_is_valid_and_publishes_only_the_proxy(tmp_path):
    result = compose_config(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) == {"rasa1", "rasa2", "actions", "console", "proxy", "postgres", "redis"}
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]
    ports = {target: (host_ip, host_port) for host_ip, host_port, target in published(services["proxy"])}
    assert set(ports) == {80, 8090}
    # The staff console (plain HTTP) on the host's loopback only, never on every interface.
    assert ports[8090] == ("127.0.0.1", "8090")
    assert services["console"]["environment"]["CONSOLE_TRUSTED_PROXIES"] == "proxy"
    # Each service's command is the launcher's (tests/unit/test_launcher.py).
    for name in ("rasa1", "rasa2"):
        assert services[name]["environment"]["CLINIC_PROFILE"] == "production"
    assert services["console"]["environment"]["CLINIC_DB_URL"] == "postgresql://clinic:pgsecret@postgres:5432/clinic"


def test_messaging_channels_reach_the_rasa_servers_only_when_set(tmp_path):
    services = yaml.safe_load(compose_config(tmp_path, {**SECRETS, "TELEGRAM_ACCESS_TOKEN": "123:abc"}).stdout)["services"]
    for name in ("rasa1", "rasa2"):
        environment = services[name]["environment"]
        assert environment["TELEGRAM_ACCESS_TOKEN"] == "123:abc"
        assert environment["TWILIO_AUTH_TOKEN"] in ("", None)  # unset: channels/credentials.py leaves Twilio off
        assert environment["POSTGRES_HOST"] == "postgres"  # the shared settings are kept
    assert "TELEGRAM_ACCESS_TOKEN" not in services["console"]["environment"]


def test_compose_refuses_to_run_without_secrets(tmp_path):
    without_password = {key: value for key, value in SECRETS.items() if key != "POSTGRES_PASSWORD"}
    result = compose_config(tmp_path, without_password)
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr


def test_no_secret_is_written_in_the_repository_files():
    for path in [ROOT / "docker-compose.yml", ROOT / "endpoints.production.yml", *(ROOT / "docker").iterdir()]:
        values = re.findall(r"^\s*\w*(?:password|token):[ \t]*(\S.*)$", path.read_text(), re.IGNORECASE | re.MULTILINE)
        assert all(value.startswith("${") for value in values), (path, values)


class StandIn:
    """A service nginx proxies to: answers every request with its own name
    and keeps the headers of the requests it got."""

    def __init__(self, name: str) -> None:
        self.headers = headers = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                headers.append({**dict(self.headers), "path": self.path})
                self.send_response(200)
                self.end_headers()
                self.wfile.write(name.encode())

            do_GET = do_POST = _answer  # noqa: N815 - http.server API

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(tmp_path):
    """docker/nginx.conf with the compose service names and ports mapped to loopback."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(nginx):
        pytest.fail("nginx is not installed: run `make /usr/sbin/nginx`")
    stand_ins = {name: StandIn(name) for name in ("rasa1", "rasa2", "console")}
    site, public, staff = tmp_path / "site", free_port(), free_port()
    site.mkdir()
    (site / "widget.js").write_text("/* widget */")
    config = (ROOT / "docker" / "nginx.conf").read_text()
    for name, stand_in in stand_ins.items():
        config = re.sub(rf"server {name}:\d+", f"server 127.0.0.1:{stand_in.port}", config)
    config = config.replace("listen 80;", f"listen 127.0.0.1:{public};").replace("listen 8090;", f"listen 127.0.0.1:{staff};")
    config = config.replace("/usr/share/nginx/html", str(site))
    (tmp_path / "nginx.conf").write_text(config)
    check = subprocess.run([nginx, "-t", "-e", "stderr", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-e", "stderr", "-c", str(tmp_path / "nginx.conf"),
                                "-g", f"daemon off; pid {tmp_path / 'nginx.pid'}; user root;"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{public}/widget.js", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{public}", f"http://127.0.0.1:{staff}", stand_ins
    process.terminate()
    process.wait(10)
    for stand_in in stand_ins.values():
        stand_in.close()


def test_nginx_exposes_messaging_webhooks_socketio_widget_and_console_only(proxy):
    public, staff, _ = proxy
    for channel in ("telegram", "twilio", "facebook"):
        assert requests.post(public + f"/webhooks/{channel}/webhook", json={}).text in {"rasa1", "rasa2"}
    assert requests.get(public + "/widget.js").text == "/* widget */"
    # The widget's clinic settings (channels/socketio.py) from either Rasa server; nothing
    # else of the socket.io channel's webhook path.
    assert requests.get(public + "/webhooks/socketio/settings").text in {"rasa1", "rasa2"}
    for path in ("/webhooks/socketio/", "/webhooks/socketio/settings/x", "/webhooks/socketio/webhook"):
        assert requests.get(public + path).status_code == 404, path
    assert requests.get(staff + "/login").text == "console"
    # Rasa's HTTP API (and anything else of Rasa's or the action server's) is not reachable.
    for path in ("/", "/status", "/version", "/model", "/conversations/x/tracker", "/webhook", "/health", "/actions"):
        response = requests.get(public + path)
        assert response.status_code == 404 and response.text not in {"rasa1", "rasa2"}, path


def test_the_rest_channel_is_closed_to_the_public(proxy):
    # Issue 13: its body names the conversation ("sender": "twilio:whatsapp:+1555..."), so
    # nothing outside the compose network may post to it.
    public, _, stand_ins = proxy
    hijack = {"sender": "twilio:whatsapp:+15551234567", "message": "hi", "input_channel": "twilio"}
    for path in ("/webhooks/rest/webhook", "/webhooks/rest/", "/webhooks/rest/webhook?stream=true", "/webhooks//rest/webhook",
                 "/webhooks/./rest/webhook", "/webhooks/%72est/webhook", "/webhooks/REST/webhook"):
        response = requests.post(public + path, json=hijack)
        assert response.status_code == 404 and response.text not in {"rasa1", "rasa2"}, path
    assert not [seen["path"] for stand_in in stand_ins.values() for seen in stand_in.headers if "rest" in seen["path"].lower()]


def test_each_address_is_rate_limited_on_webhooks_and_socketio(proxy):
    public, _, _ = proxy
    with requests.Session() as http:
        statuses = [http.post(public + "/webhooks/telegram/webhook", json={}, headers={"X-Forwarded-For": "203.0.113.7"}).status_code
                    for _ in range(160)]
        assert statuses[:100] == [200] * 100 and 429 in statuses
        # Another address is not affected.
        assert http.post(public + "/webhooks/telegram/webhook", json={}, headers={"X-Forwarded-For": "203.0.113.8"}).status_code == 200
        polls = [http.get(public + "/socket.io/?EIO=4&transport=polling", headers={"X-Forwarded-For": "203.0.113.9"}).status_code
                 for _ in range(100)]
        assert polls[:60] == [200] * 60 and 429 in polls


def test_the_console_gets_the_visitors_address_and_nothing_a_client_forged(proxy):
    public, staff, stand_ins = proxy
    console = stand_ins["console"]
    # From a trusted forwarder (loopback stands for the host's TLS terminator) its address is used...
    requests.get(staff + "/login", headers={"X-Forwarded-For": "198.51.100.20"})
    assert console.headers[-1]["X-Forwarded-For"] == "198.51.100.20"
    # ...and a chain a client made up ends at the last address no trusted forwarder added.
    requests.get(staff + "/login", headers={"X-Forwarded-For": "10.9.9.9, 198.51.100.21, 127.0.0.1"})
    assert console.headers[-1]["X-Forwarded-For"] == "198.51.100.21"
    # Without the header the console sees the connecting address; always exactly one address.
    requests.get(staff + "/login")
    assert console.headers[-1]["X-Forwarded-For"] == "127.0.0.1"
    assert console.headers[-1]["Host"].startswith("127.0.0.1")


def test_socketio_is_sticky_and_upgrades_to_websocket(proxy):
    public, _, _ = proxy
    answers = {requests.get(public + "/socket.io/?EIO=4&transport=polling").text for _ in range(6)}
    assert len(answers) == 1
    config = (ROOT / "docker" / "nginx.conf").read_text()
    socketio = config[config.index("location /socket.io/"):]
    assert "proxy_set_header Upgrade $http_upgrade" in socketio and "proxy_http_version 1.1" in socketio


def test_webhooks_fail_over_to_the_other_rasa_server(proxy):
    public, _, stand_ins = proxy
    stand_ins["rasa1"].close()
    assert {requests.post(public + "/webhooks/telegram/webhook", json={}).text for _ in range(4)} == {"rasa2"}
