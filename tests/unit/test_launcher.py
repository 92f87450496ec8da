"""One launcher starts every process (clinic_assistant/launcher.py): `make run`
and the tests through clinic_assistant/stack.py's Stack, docker-compose.yml, deploy/k8s
and the app image run its commands, with Rasa's flags built in one place; and
retention is scheduled by the console alone (no job of its own anywhere)."""
from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import pytest
import yaml

import clinic_assistant.stack as stack_module
from clinic_assistant import launcher

ROOT = Path(__file__).resolve().parents[2]
APP_IMAGE = "clinic-assistant-app:latest"
# Which process each deployed service runs.
COMPOSE_PROCESSES = {"rasa1": "rasa", "rasa2": "rasa", "actions": "actions", "console": "console"}
K8S_PROCESSES = {"rasa": "rasa", "actions": "actions", "console": "console"}


def containers(node):
    """Every container spec in a manifest, however deep (a CronJob's too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "containers":
                yield from value
            else:
                yield from containers(value)
    elif isinstance(node, list):
        for item in node:
            yield from containers(item)


def test_every_app_service_of_the_compose_file_runs_the_launchers_command():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    commands = {name: service["command"] for name, service in services.items() if service.get("image") == APP_IMAGE}
    # No other app container either: retention has no job of its own.
    assert commands == {name: launcher.command(process) for name, process in COMPOSE_PROCESSES.items()}


def test_every_app_container_on_kubernetes_runs_the_launchers_command():
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text(encoding="utf-8"))
    found = {}
    for resource in kustomization["resources"]:
        for manifest in yaml.safe_load_all((ROOT / "deploy" / "k8s" / resource).read_text(encoding="utf-8")):
            for container in containers(manifest):
                if container["image"] == APP_IMAGE:
                    found[manifest["metadata"]["name"]] = container["args"]
    assert found == {name: launcher.command(process) for name, process in K8S_PROCESSES.items()}


def test_the_app_images_default_command_is_the_launchers():
    text = (ROOT / "docker" / "app.Dockerfile").read_text(encoding="utf-8")
    assert json.loads(re.search(r"^CMD (\[.*\])$", text, re.MULTILINE).group(1)) == launcher.command("rasa")


def test_stack_starts_each_process_with_the_launcher(tmp_path, monkeypatch):
    started = []

    class Recorder:
        def __init__(self, args, **options):
            started.append((args, options["env"]))

    monkeypatch.setattr(stack_module.subprocess, "Popen", Recorder)
    running = stack_module.Stack({}, tmp_path / "model.tar.gz", tmp_path / "logs")
    for process in launcher.PROCESSES:
        running._spawn(process)
    python = str(stack_module.VENV_BIN / "python")
    assert [args for args, _ in started] == [launcher.command(process, python) for process in launcher.PROCESSES]
    assert {env["RASA_MODEL"] for _, env in started} == {str(tmp_path / "model.tar.gz")}


def test_a_server_is_not_started_on_a_port_another_program_answers_on(tmp_path, monkeypatch):
    """Another `make run` on the same ports: its health check would pass for
    the new server's, which then exits; the start says so instead."""
    started = []
    monkeypatch.setattr(stack_module.subprocess, "Popen", lambda args, **options: started.append(args))
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        running = stack_module.Stack({"WEB_PORT": str(port)}, tmp_path / "model.tar.gz", tmp_path / "logs")
        with pytest.raises(RuntimeError, match=f"port {port} \\(web\\) is taken by another program"):
            running.start_web()
    assert started == []
    assert not stack_module.port_taken(port)  # closed: free again


def test_rasa_flags_come_from_the_environment():
    env = {
        "RASA_MODEL": "/models/m.tar.gz", "CLINIC_PROFILE": "production", "RASA_PORT": "5123",
        "RASA_API_TOKEN": "-starts-like-an-option", "RASA_CREDENTIALS": "/etc/c.yml",
        "WIDGET_ORIGINS": "https://www.clinic.example/, https://book.clinic.example",
    }
    assert launcher.rasa_arguments(env) == [
        "run", "--model", "/models/m.tar.gz", "--endpoints", "endpoints.production.yml", "--credentials", "/etc/c.yml",
        "--port", "5123", "--enable-api", "--auth-token=-starts-like-an-option",
        "--cors", "https://www.clinic.example", "https://book.clinic.example",
    ]
    assert launcher.rasa_arguments({**env, "RASA_ENDPOINTS": "bench.yml"})[4] == "bench.yml"


def test_rasa_defaults_write_the_credentials_of_the_configured_channels(tmp_path, monkeypatch):
    monkeypatch.setattr(launcher, "CREDENTIALS", tmp_path / "credentials.yml")
    arguments = launcher.rasa_arguments({"RASA_API_TOKEN": "t", "WEB_PORT": "8123"})
    flags = dict(zip(arguments[1:10:2], arguments[2:11:2]))
    assert flags == {
        "--model": str(ROOT / "models" / "current.tar.gz"), "--endpoints": "endpoints.yml",
        "--credentials": str(tmp_path / "credentials.yml"), "--port": "5005", "--enable-api": "--auth-token=t",
    }
    assert arguments[-3:] == ["--cors", "http://localhost:8123", "http://127.0.0.1:8123"]
    assert "channels.rest.ClinicRestInput" in (tmp_path / "credentials.yml").read_text()


@pytest.mark.parametrize("env", [{}, {"RASA_API_TOKEN": ""}, {"RASA_API_TOKEN": "t", "CLINIC_PROFILE": "staging"}])
def test_rasa_does_not_start_without_a_token_or_with_an_unknown_profile(env):
    with pytest.raises(SystemExit):
        launcher.rasa_arguments(env)


def test_rasa_workers_default_to_the_cores_up_to_two_in_development_and_one_in_production(monkeypatch):
    from clinic_assistant.profile import ProfileError, rasa_workers

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert rasa_workers({}) == 2 and rasa_workers({"CLINIC_PROFILE": "production"}) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert rasa_workers({}) == 1
    assert rasa_workers({"RASA_WORKERS": "3", "CLINIC_PROFILE": "production"}) == 3
    for wrong in ("0", "two", "-1"):
        with pytest.raises(ProfileError, match="RASA_WORKERS"):
            rasa_workers({"RASA_WORKERS": wrong})
