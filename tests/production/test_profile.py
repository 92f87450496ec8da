"""The production profile, small and fast (`make loadtest` is the full run):
two Rasa servers on PostgreSQL and Redis behind the failover proxy, one of
them killed mid-conversation, then every turn checked in the database."""
from __future__ import annotations

import asyncio
import json
import uuid

import aiohttp
import pytest
import sqlalchemy as sa

from clinic_assistant.profile import ProfileError, apply_profile
from testkit.databases import REDIS_HOST, REDIS_PORT, fresh_postgres_url
from testkit.helpers import ROOT
from testkit.load import checks, faults
from testkit.load.client import drive
from testkit.load.cluster import Cluster, production_config
from testkit.load.conversations import conversations
from testkit.load.proxy import FailoverProxy

PRODUCTION_ENV = {
    "CLINIC_PROFILE": "production", "POSTGRES_HOST": "db", "POSTGRES_DB": "clinic", "POSTGRES_USER": "rasa",
    "POSTGRES_PASSWORD": "s3cret/word", "REDIS_HOST": "redis", "REDIS_PASSWORD": "", "RASA_API_TOKEN": "t",
    "ACTION_SERVER_TOKEN": "a",
}


def test_development_is_the_default():
    assert apply_profile({"CLINIC_DB_URL": "sqlite:///x.db"}, environ={})["RASA_ENDPOINTS"] == "endpoints.yml"


def test_production_points_everything_at_postgres():
    config = apply_profile({"CLINIC_DB_URL": "sqlite:///x.db"}, environ=PRODUCTION_ENV)
    assert config["RASA_ENDPOINTS"] == "endpoints.production.yml"
    assert config["CLINIC_DB_URL"] == "postgresql://rasa:s3cret%2Fword@db:5432/clinic"


def test_production_takes_secrets_from_the_environment_only():
    environ = {key: value for key, value in PRODUCTION_ENV.items() if key != "POSTGRES_PASSWORD"}
    with pytest.raises(ProfileError, match="POSTGRES_PASSWORD"):
        apply_profile({"POSTGRES_PASSWORD": "from .env"}, environ=environ)


def test_endpoints_file_uses_only_unquoted_variables():
    text = (ROOT / "endpoints.production.yml").read_text()
    assert "${" in text and "\"${" not in text and "'${" not in text


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("production")
    with fresh_postgres_url() as database_url:
        # Short lock lifetime: a killed server's lock on a conversation expires quickly here.
        config = production_config(
            database_url, workdir, TICKET_LOCK_LIFETIME="10", REDIS_HOST=REDIS_HOST, REDIS_PORT=str(REDIS_PORT)
        )
        running = Cluster(config, workdir)
        running.start()
        yield running, database_url
        running.stop()


async def _two_servers_one_killed(cluster, plays):
    proxy = FailoverProxy(cluster.rasa_urls)
    await proxy.start()
    turns, times = [], {}
    try:
        load = asyncio.create_task(drive(proxy.url, plays, turns, pause=0.2))
        while len(turns) < 25 and not load.done():
            await asyncio.sleep(0.05)
        await faults.kill_rasa(cluster, times)
        await asyncio.wait_for(load, 120)
    finally:
        await proxy.stop()
    return turns, times


async def _alternate(cluster, sender, messages):
    """Each message to the other server; after each, the other server's view of the screening."""
    token = cluster.rasa[0].config["RASA_API_TOKEN"]
    seen = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for number, text in enumerate(messages):
            here, there = cluster.rasa_urls[number % 2], cluster.rasa_urls[(number + 1) % 2]
            async with session.post(f"{here}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
                assert reply.status == 200, await reply.text()
                await reply.read()
            async with session.get(f"{there}/conversations/{sender}/tracker?token={token}") as response:
                slots = (await response.json())["slots"]
            seen.append(slots.get("screening_outcome"))
    return seen


def test_two_servers_share_a_conversation_without_a_stale_turn(production):
    """Both servers keep trackers in memory (clinic_assistant/stores/tracker_cache.py); a turn
    served by one is seen by the other, and nothing is stored twice."""
    cluster, database_url = production
    sender = f"alternating-{uuid.uuid4().hex[:8]}"
    questions = ["hi", "does it hurt", "how long is the downtime", "how many sessions do i need", "is it safe"] * 4
    messages = [*questions, "i want to book a microneedling session", "none of these apply", "thanks"]
    seen = asyncio.run(_alternate(cluster, sender, messages))
    assert seen[-3:] == ["in_progress", "clear", "clear"]
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        ).all()
    engine.dispose()
    assert [json.loads(data)["text"] for kind, data in rows if kind == "user"] == messages
    assert len({data for _, data in rows}) == len(rows)


def test_turns_survive_a_killed_server_and_are_stored_once_in_order(production):
    cluster, database_url = production
    plays = conversations(9)
    turns, times = asyncio.run(_two_servers_one_killed(cluster, plays))
    assert len(turns) == sum(len(script) for _, script in plays)
    assert checks.unanswered_only_on_the_killed_server(turns, times)["passed"]
    assert sum(turn.acknowledged for turn in turns[-20:]) == 20
    assert checks.stored_exactly_once_in_order(database_url, turns) == {"passed": True, "detail": "0 of 9 conversations differ"}
    assert "InMemoryTrackerStore" not in cluster.logs()
