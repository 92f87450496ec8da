"""Rasa's socket.io channel for the website widget, limited to the clinic's origins.

Enabled in credentials.yml with::

    channels.socketio.ClinicSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

Differences from Rasa 3.6's ``SocketIOInput`` (whose ``name()`` it keeps, so
the conversation's input channel is still "socketio"):

* Origins. Rasa creates ``AsyncServer(cors_allowed_origins=[])``, which turns
  python-engineio's origin check off: any web page could open a socket. Here
  the allowed origins come from ``WIDGET_ORIGINS`` (comma-separated; default
  ``http://localhost:$WEB_PORT,http://127.0.0.1:$WEB_PORT`` with WEB_PORT 8080),
  and engine.io refuses a handshake (HTTP 400) whose ``Origin`` is not listed,
  for both the WebSocket and the long-polling transport. ``*`` allows any origin.
* Rooms. python-socketio 5.x made ``AsyncServer.enter_room`` a coroutine that
  Rasa calls without ``await``, so with ``session_persistence`` a socket never
  joined its session's room and no bot reply reached the browser. It is awaited.
* Sessions the server issues. Rasa took any session id a client named, so
  whoever knew one received that visitor's replies and staff messages. Here
  a session id is valid only if this deployment signed it
  (channels/session_ids.py: a UUID v4 carrying an HMAC); a client that names
  any other id (the widget's first, self-made one, a guessed or copied UUID
  of the wrong form) is given a new signed one in ``session_confirm``, which
  the widget keeps. A message is only accepted for the session confirmed to
  this socket, so one socket cannot speak into another conversation.
* Limits. A message longer than ``MAX_CHANNEL_CHARS`` (20,000) or over the
  per-conversation rate (channels/rate_limit.py) is not processed; the socket
  gets a reply that says why (the rate notice at most every 30 seconds).
  The acknowledgement of such a message says so (``{"read": false, "reason":
  "too_fast"}`` or ``"too_long"``), so that the widget marks that message as
  not read, with a button to send it again, instead of showing it as sent
  (the rate notice names only the first of a flood).
* Message ids and acknowledgements. The widget names each message
  (``metadata.message_id``, components/exactly_once.py's rule) and sends it
  again with the same id when no answer came; Rasa processes it once and
  answers a re-send with the replies the first delivery got. Each reply to
  such a message carries ``reply_to`` (the id) and ``n`` (its place in the
  turn's replies), the same on a re-send, so the widget shows it once. The
  handler returns, and socket.io acknowledges the message, only once the turn
  is over: every reply is on the socket before the acknowledgement, and a
  message without one (server killed, socket dropped, turn failed) is one to
  send again. A message with a malformed id is not processed.
* Widget settings. ``GET /webhooks/socketio/settings`` gives the widget the
  clinic's name and numbers from clinic.yml (channels/widget_settings.py),
  readable by the same origins as the socket.
* Several servers. In the production profile, what Rasa sends outside a
  turn reaches the socket in whichever Rasa server holds it, over the
  profile's Redis (channels/socketio_servers.py).
* Several workers. With RASA_WORKERS > 1, what Rasa sends outside a turn
  (staff replies, the handback) reaches the socket in whichever worker holds
  it (channels/socketio_workers.py); sockets are WebSockets only (the
  widget's first choice), as the kernel shares a long-polling session's
  requests among the workers.
* Messages sent while no widget listened. A staff reply or the handback is
  emitted to the session's room when it is sent; a visitor who had closed the
  tab was in no room and lost it. Each message sent outside a visitor's turn
  carries ``ts`` (its BotUttered event's timestamp, the same in every worker
  and in the tracker store) and ``part`` (its place among the emits of that
  event: a text is sent paragraph by paragraph), which the widget keeps. A
  returning widget names in ``session_request`` the newest ``seen`` ``ts`` it
  has shown; the socket then gets, in order, the out-of-turn messages of the
  conversation's session from that time on, read from the agent's tracker
  store (shared by the workers), sent exactly as they were live. The widget
  skips a ``ts``/``part`` it has shown (one could be both replayed and sent
  live while the socket joins its room). A client that sends no ``seen``
  gets no replay.
* Presence. ``GET /webhooks/socketio/presence?session_id=…&token=…`` (Rasa's
  API token, RASA_API_TOKEN) answers ``{"connected": true}`` while a widget
  of that session has a socket on this server (any of its workers) or, in
  production, on any Rasa server (channels/socketio_presence.py): the
  console asks after a staff reply, so that staff are told whether the
  visitor saw it live or will see it when they come back (the replay above).
  Without the token, 403.
* Custom payloads. Rasa's ``SocketIOOutput.send_custom_json`` passes the
  payload as keyword arguments to ``emit`` (a ``TypeError`` for docs/design.md §3's
  ``{"handoff": ...}``); here it is sent as ``{"custom": {...}}``, the same
  shape as the REST channel.
"""
from __future__ import annotations

import hmac
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Union

import engineio
import rasa.core.channels.channel
import rasa.shared.utils.io
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.rate_limit import admit, too_long_text
from channels.session_ids import is_signed_session_id, new_session_id
from channels.socketio_presence import PresenceQueries
from channels.socketio_servers import ServersPubSubManager, channel_name, redis_url
from channels.socketio_workers import WorkerPubSubManager
from channels.text_rendering import staff_signed
from channels.widget_settings import settings_response
from clinic_assistant.limits import MAX_CHANNEL_CHARS
from components.exactly_once import valid_message_id

logger = logging.getLogger(__name__)

MAX_METADATA_CHARS = 2_000  # the widget sends none; other clients may send a little

# The acknowledgement of a message that was not processed (not stored either):
# the widget marks it "not read" with a button to send it again. A processed
# message is acknowledged with nothing, as before.
NOT_READ_TOO_FAST = {"read": False, "reason": "too_fast"}
NOT_READ_TOO_LONG = {"read": False, "reason": "too_long"}


def allowed_origins(environ: Optional[Dict[str, str]] = None) -> Union[str, List[str]]:
    """The origins allowed to open a socket, from WIDGET_ORIGINS."""
    environ = os.environ if environ is None else environ
    raw = environ.get("WIDGET_ORIGINS", "").strip()
    if not raw:
        port = environ.get("WEB_PORT", "8080").strip() or "8080"
        raw = f"http://localhost:{port},http://127.0.0.1:{port}"
    origins = [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
    if "*" in origins:
        return "*"
    return origins


def _too_big(metadata: dict) -> bool:
    try:
        return len(json.dumps(metadata, default=str)) > MAX_METADATA_CHARS
    except (ValueError, RecursionError):
        return True


def sent_outside_turns(tracker: DialogueStateTracker, since: float) -> List[BotUttered]:
    """The bot messages of the tracker's session sent outside a visitor's turn
    (staff replies, the handback: what the console has Rasa send), timestamped
    `since` or later, in order.

    A turn runs from the visitor's message (or a session's start) to the
    ``action_listen`` that ends it; a bot message after that, before the next
    visitor message, was sent through the HTTP API. A staff reply is one
    wherever it falls (its metadata names the staff member)."""
    found, in_turn = [], False
    for event in tracker.events:
        if isinstance(event, (UserUttered, SessionStarted)):
            in_turn = True
        elif isinstance(event, ActionExecuted):
            if event.action_name == "action_listen":
                in_turn = False
            elif event.action_name == "action_session_start":
                in_turn = True
        elif isinstance(event, BotUttered) and event.timestamp >= since:
            if not in_turn or (event.metadata or {}).get("staff"):
                found.append(event)
    return found


async def widget_connected(sio: AsyncServer, namespace: str, session_id: str) -> bool:
    """Whether a socket of this server (any worker) is in the session's room."""
    if not sio.manager_initialized:  # a worker no widget reached yet: it must listen for the answers
        sio.manager_initialized = True
        sio.manager.initialize()
    manager = sio.manager
    if isinstance(manager, PresenceQueries):
        return await manager.present(namespace, session_id)
    return any(True for _ in manager.get_participants(namespace, session_id))


def _api_token_matches(request: Request) -> bool:
    expected = os.environ.get("RASA_API_TOKEN", "")
    given = request.args.get("token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _seen(data: Any) -> Optional[float]:
    """The ``seen`` timestamp a returning widget named, or None (no replay)."""
    seen = data.get("seen") if isinstance(data, dict) else None
    if isinstance(seen, bool) or not isinstance(seen, (int, float)):
        return None
    return float(seen)


class _EngineIOServer(engineio.AsyncServer):
    """engine.io as the only source of CORS headers on the socket.io route.

    Rasa's `--cors` installs Sanic-CORS for every route, and engine.io adds its
    own headers too, so long-polling responses carried Access-Control-Allow-Origin
    twice, which browsers reject. Marking the request as already evaluated makes
    Sanic-CORS leave the socket.io responses alone.
    """

    async def handle_request(self, *args: Any, **kwargs: Any) -> Any:
        context = getattr(args[0], "ctx", None) if args else None
        if context is not None:
            setattr(context, "_sanic_cors_e", "1")  # sanic_cors.core.SANIC_CORS_EVALUATED
        return await super().handle_request(*args, **kwargs)


class _SocketIOServer(AsyncServer):
    def _engineio_server_class(self) -> type:
        return _EngineIOServer


class ClinicSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom payloads sent as ``{"custom": ...}``,
    staff replies signed with the staff member's name, as on text channels, and
    the replies to a visitor's message numbered under its id."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, reply_to: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.reply_to = reply_to
        self.sent = 0
        self.stamp: Optional[float] = None  # the timestamp of the event being sent outside a turn
        self.part = 0

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        # Outside a turn (no reply_to), each emit of the event is marked with its
        # timestamp and place, which the widget keeps (see the module's docstring).
        stamp = message.get("timestamp")
        if self.reply_to is None and isinstance(stamp, (int, float)):
            self.stamp, self.part = float(stamp), 0
        try:
            await super().send_response(recipient_id, message)
        finally:
            self.stamp = None

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self.reply_to is not None and isinstance(response, dict):
            response = {**response, "reply_to": self.reply_to, "n": self.sent}
            self.sent += 1
        elif self.stamp is not None and isinstance(response, dict):
            response = {**response, "ts": self.stamp, "part": self.part}
            self.part += 1
        await super()._send_message(socket_id, response)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, staff_signed(text, kwargs), **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class ClinicSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel, accepting only the widget's origins."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, *args: Any, cors_allowed_origins: Union[str, List[str], None] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cors_allowed_origins = allowed_origins() if cors_allowed_origins is None else cors_allowed_origins

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return ClinicSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        origins = self.cors_allowed_origins
        logger.info("socket.io accepts the origins %s", origins)
        workers = int(os.environ.get("SANIC_WORKERS") or 1) > 1
        servers = redis_url(os.environ)
        # Several servers (production, Redis) or several workers: an emit reaches the socket in
        # whichever holds it (channels/socketio_servers.py, channels/socketio_workers.py).
        manager = (ServersPubSubManager(servers, channel=channel_name(os.environ)) if servers
                   else WorkerPubSubManager() if workers else None)
        sio = _SocketIOServer(
            async_mode="sanic", cors_allowed_origins=origins, client_manager=manager,
            # Several workers: a socket is one WebSocket, as the kernel would share
            # a long-polling session's requests among the workers.
            transports=["websocket"] if workers else None,
        )
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace
        server: Dict[Text, Any] = {}

        @socketio_webhook.listener("before_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            server["app"] = app  # its ctx.agent holds the tracker store

        async def replay(sid: Text, session_id: Text, seen: float) -> None:
            agent = getattr(getattr(server.get("app"), "ctx", None), "agent", None)
            store = getattr(agent, "tracker_store", None)
            if store is None:
                return
            try:
                tracker = await store.retrieve(session_id)
            except Exception:  # noqa: BLE001 - the visitor still gets a session; the replay waits for the next connect
                logger.exception("socket.io: the messages sent while the widget was away could not be read")
                return
            if tracker is None:
                return
            output = ClinicSocketIOOutput(sio, self.bot_message_evt)
            for event in sent_outside_turns(tracker, seen):
                await output.send_response(sid, event.message())  # to this socket only (its own room)

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @socketio_webhook.route("/settings", methods=["GET"])
        async def settings(request: Request) -> HTTPResponse:
            return settings_response(request, origins)

        @socketio_webhook.route("/presence", methods=["GET"])
        async def presence(request: Request) -> HTTPResponse:
            if not _api_token_matches(request):
                return response.json({"error": "token"}, status=403)
            session_id = request.args.get("session_id", "")
            connected = bool(session_id) and await widget_connected(sio, namespace or "/", session_id)
            return response.json({"connected": connected}, headers={"Cache-Control": "no-store"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            payload = None
            if token:
                payload = rasa.core.channels.channel.decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)
            return bool(payload)

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: Text, *args: Any) -> None:
            logger.debug("socket %s disconnected", sid)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if is_signed_session_id(requested) else new_session_id()
            await sio.save_session(sid, {"session_id": session_id}, namespace=namespace)
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)
            seen = _seen(data)
            # Only a session this socket resumed has a past; after joining its
            # room, so that nothing sent meanwhile falls between the two.
            if self.session_persistence and seen is not None and session_id == requested:
                await replay(sid, session_id, seen)

        # Returns (and socket.io acknowledges) once the message is dealt with.
        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any = None) -> Optional[Dict[Text, Any]]:
            if not isinstance(data, dict):
                return
            text = data.get("message", "")
            if not isinstance(text, str):
                return

            async def tell(reply: str) -> None:
                await sio.emit(self.bot_message_evt, {"text": reply}, room=sid, namespace=namespace)

            if self.session_persistence:
                session = await sio.get_session(sid, namespace=namespace)
                session_id = session.get("session_id")
                if not session_id or data.get("session_id") != session_id:
                    rasa.shared.utils.io.raise_warning(
                        "A socket.io message without the session_id confirmed for this "
                        "socket by `session_request` was ignored."
                    )
                    return
                sender_id = session_id
            else:
                sender_id = sid
            if len(text) > MAX_CHANNEL_CHARS:
                await tell(too_long_text(len(text), MAX_CHANNEL_CHARS))
                return NOT_READ_TOO_LONG
            if not await admit(self.name(), sender_id, text, tell):
                return NOT_READ_TOO_FAST

            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except (ValueError, RecursionError):
                    metadata = {}
            if not isinstance(metadata, dict) or _too_big(metadata):
                metadata = {}
            message_id = metadata.get("message_id")
            if message_id is not None and not valid_message_id(message_id):
                logger.warning("A socket.io message with a malformed message_id was ignored.")
                return
            message = UserMessage(
                text,
                ClinicSocketIOOutput(sio, self.bot_message_evt, reply_to=message_id),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
                message_id=message_id,
            )
            await on_new_message(message)

        return socketio_webhook
