"""`python -m clinic_assistant serve rasa|actions|console|web`: how every process starts;
`python -m clinic_assistant run`: all of them, as `make run` does.

`make run` and the tests (clinic_assistant/stack.py's Stack, which the load test and
bench use too), docker-compose.yml, deploy/k8s and the app image run these
commands and nothing else, so each process's command line is written here
only. Settings come from the environment: Stack passes .env and its defaults,
the containers their own.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import List, Mapping

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "current.tar.gz"
# var/: written at run time, writable in the containers (build/ is not).
CREDENTIALS = ROOT / "var" / "credentials.yml"
SITE = ROOT / "build" / "site"


def command(process: str, python: str = "python") -> List[str]:
    """The command that starts `process` (Stack gives the venv's Python, the containers theirs)."""
    if process not in PROCESSES:
        raise ValueError(f"unknown process {process!r}: expected one of {', '.join(PROCESSES)}")
    return [python, "-m", "clinic_assistant", "serve", process]


def model_path(env: Mapping[str, str]) -> Path:
    return Path(env.get("RASA_MODEL") or MODEL)


def rasa_arguments(env: Mapping[str, str]) -> List[str]:
    """`rasa run`'s arguments: RASA_MODEL, RASA_ENDPOINTS (else CLINIC_PROFILE's),
    RASA_CREDENTIALS (else written from the channels' variables), RASA_PORT,
    RASA_API_TOKEN and WIDGET_ORIGINS."""
    # Both import Rasa: serve_rasa calls this after deciding on the TensorFlow stand-in.
    from channels.credentials import write_credentials
    from channels.socketio import allowed_origins
    from clinic_assistant.profile import ENDPOINTS

    token = env.get("RASA_API_TOKEN")
    if not token:
        raise SystemExit("RASA_API_TOKEN is not set (Rasa's HTTP API needs it)")
    profile = env.get("CLINIC_PROFILE") or "development"
    if profile not in ENDPOINTS:
        raise SystemExit(f"CLINIC_PROFILE={profile!r}: expected one of {', '.join(ENDPOINTS)}")
    origins = allowed_origins(dict(env))
    return [
        "run",
        "--model", str(model_path(env)),
        "--endpoints", env.get("RASA_ENDPOINTS") or ENDPOINTS[profile],
        # Messaging channels are switched on by their environment variables.
        "--credentials", env.get("RASA_CREDENTIALS") or str(write_credentials(env, CREDENTIALS)),
        "--port", env.get("RASA_PORT", "5005"),
        # "=": a token that starts with "-" is not read as an option.
        "--enable-api", f"--auth-token={token}",
        # The widget's pages (channels/socketio.py); Rasa takes one origin per argument.
        "--cors", *([origins] if isinstance(origins, str) else origins),
    ]


def run_turns_as_served(env: Mapping[str, str]) -> None:
    """A turn as the Rasa server runs it, wherever it is run (the server,
    `make profile`): the project's processor, the model's graph without
    dask's scheduler, the action call (clinic_assistant/action_call.py) and
    its time limit. Before Rasa's Agent is created."""
    import rasa.core.actions.action as rasa_action
    import rasa.core.agent as rasa_agent
    import rasa.core.processor as rasa_processor

    from clinic_assistant import action_call
    from components.graph_runner import SequentialGraphRunner
    from components.processor import ClinicProcessor

    rasa_processor.DaskGraphRunner = SequentialGraphRunner
    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(env.get("ACTION_TIMEOUT_SECONDS", "6"))
    action_call.install()
    rasa_agent.MessageProcessor = ClinicProcessor


def serve_rasa(env: Mapping[str, str]) -> None:
    """`rasa run`, without TensorFlow when the model does not need it
    (components/without_tensorflow.py), in RASA_WORKERS Sanic workers
    (clinic_assistant/profile.py) with a listening socket each
    (clinic_assistant/worker_sockets.py) and one copy of the model
    (clinic_assistant/shared_model.py), with a bounded wait for the action
    server, and processing each visitor message once however often it is
    delivered (components/exactly_once.py: Rasa's Agent has no setting for
    its processor), its model's graph run without dask's scheduler
    (components/graph_runner.py), and each custom action sent only what
    the actions read of the conversation (clinic_assistant/action_call.py).

    Rasa 3.6 waits up to 300 s for a custom action (a hard-coded constant). A
    clinic visitor must get the static fallback within seconds instead
    (docs/design.md §4.5), so the limit is set from ACTION_TIMEOUT_SECONDS
    before Rasa starts; components.policies.ActionFailurePolicy then answers
    the timed-out turn.
    """
    from clinic_assistant import blas_kernels

    blas_kernels.for_serving()  # before NumPy loads OpenBLAS
    from components import without_tensorflow

    model = model_path(env)
    if env.get("RASA_TENSORFLOW") != "1" and model.is_file() and not without_tensorflow.needs_tensorflow(model):
        without_tensorflow.install()  # before anything imports Rasa
    arguments = rasa_arguments(env)
    from clinic_assistant import responses

    responses.check()  # what the channels send outside the dialogue
    from rasa.__main__ import main as rasa_main

    from clinic_assistant import library_pages, shared_model, worker_sockets
    from clinic_assistant.profile import rasa_workers

    # Rasa forks this many workers only with a lock store other than its
    # in-memory one (endpoints.yml's SQLite store, production's Redis store);
    # each listens on a socket of its own, and all share one loaded model.
    workers = rasa_workers(env)
    os.environ["SANIC_WORKERS"] = str(workers)
    run_turns_as_served(env)
    worker_sockets.install()
    if workers > 1:
        shared_model.install(model_path(env))
        # The first process then only waits for its workers: it gives back what only it used.
        library_pages.page_out_once_workers_listen(int(env.get("RASA_PORT", "5005")), workers)
    sys.argv = ["rasa", *arguments]
    rasa_main()


def serve_actions(env: Mapping[str, str]) -> None:
    from clinic_assistant import action_server

    action_server.main()


def serve_console(env: Mapping[str, str]) -> None:
    """The staff console; it also runs retention, at start and then daily
    (console/app.py), the one place retention is scheduled in every profile."""
    from console.app import create_app
    from console.settings import ConsoleSettings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = ConsoleSettings.from_env()
    create_app(settings).run(host=settings.host, port=settings.port, access_log=False)


def serve_web(env: Mapping[str, str]) -> None:
    """The demo clinic page with the widget (built by `make install`,
    widget/build.mjs; the plain REST test page is /rest.html), on loopback."""
    if not (SITE / "widget.js").exists():
        raise SystemExit(f"{SITE}/widget.js is missing: run `make install` (it builds the widget)")
    handler = partial(SimpleHTTPRequestHandler, directory=str(SITE))
    ThreadingHTTPServer(("127.0.0.1", int(env.get("WEB_PORT", "8080"))), handler).serve_forever()


SERVE = {"rasa": serve_rasa, "actions": serve_actions, "console": serve_console, "web": serve_web}
PROCESSES = tuple(SERVE)


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m clinic_assistant", description="Starts one of the clinic assistant's processes.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run a process in the foreground, configured by the environment")
    serve.add_argument("process", choices=PROCESSES)
    commands.add_parser("run", help="every process on the embedded defaults, as `make run` does (clinic_assistant/stack.py)")
    args = parser.parse_args(argv)
    if args.command == "run":
        from clinic_assistant import stack

        stack.main()
    else:
        SERVE[args.process](os.environ)
