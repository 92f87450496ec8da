"""What the load test requires of the run: one verdict per check."""
from __future__ import annotations

from typing import Dict, List

from . import ledger
from .client import Turn
from .conversations import ACTION_ANSWERS, ACTION_FAILED

# How long after a fault ends its effects may still show: the first requests
# to a restarted server or database.
SETTLING_SECONDS = 5


def _check(passed: bool, detail: str) -> Dict:
    return {"passed": bool(passed), "detail": detail}


def stored_exactly_once_in_order(database_url: str, turns: List[Turn]) -> Dict:
    problems = ledger.problems(database_url, turns)
    return _check(not problems, f"{len(problems)} of {len({t.sender for t in turns})} conversations differ"
                  + (f": {problems[:3]}" if problems else ""))


def answered_once(database_url: str, turns: List[Turn]) -> Dict:
    """Every turn answered (re-sent with its id when an answer was lost), none run twice."""
    unanswered = [turn for turn in turns if not turn.acknowledged]
    twice = ledger.duplicated(database_url, turns)
    resent = [turn for turn in turns if turn.sends > 1]
    return _check(not unanswered and not twice,
                  f"{len(unanswered)} unanswered, {twice} duplicated; {len(resent)} turns sent more than once "
                  f"({sum(turn.sends - 1 for turn in resent)} re-sends)"
                  + (f", unanswered e.g. {[turn.error[:120] for turn in unanswered[:3]]}" if unanswered else ""))


def _overlaps(turn: Turn, start: float, end: float) -> bool:
    return turn.started <= end and turn.ended >= start


def unanswered_only_on_the_killed_server(turns: List[Turn], times: Dict[str, float]) -> Dict:
    """A turn may go unanswered only if it was in flight while its Rasa server was being killed."""
    unanswered = [turn for turn in turns if not turn.acknowledged]
    unexplained = [turn for turn in unanswered if not _overlaps(turn, times["rasa_killed"], times["rasa_gone"])]
    return _check(not unexplained, f"{len(unanswered)} unanswered, all in flight at the kill"
                  if not unexplained else f"{len(unexplained)} of {len(unanswered)} unanswered outside the kill, "
                  f"e.g. {[turn.error for turn in unexplained[:3]]}")


def action_outage_gets_fallback_then_answers(turns: List[Turn], times: Dict[str, float]) -> Dict:
    """The static reply only for turns that met the action server's outage or the
    database's restart (an action whose ticket store is down fails too)."""
    # (The channel's own "couldn't answer that, try again" also says "something went wrong": not a fallback.)
    fallbacks = [turn for turn in turns if ACTION_FAILED in turn.reply_text and not turn.failed]
    outage = [turn for turn in fallbacks if _overlaps(turn, times["actions_killed"], times["actions_back"])]
    restart = [turn for turn in fallbacks if _overlaps(turn, times["postgres_restart"], times["postgres_back"] + SETTLING_SECONDS)]
    unexplained = len(fallbacks) - len(set(map(id, outage + restart)))
    answered_after = [turn for turn in turns if turn.started > times["actions_back"] + SETTLING_SECONDS
                      and any(answer in turn.reply_text for answer in ACTION_ANSWERS)]
    return _check(outage and answered_after and unexplained == 0,
                  f"{len(outage)} static fallback replies to turns that met the outage, {len(restart)} during the "
                  f"PostgreSQL restart, {unexplained} otherwise; {len(answered_after)} screening replies after the restart")


def postgres_restart_ridden_out(turns: List[Turn], times: Dict[str, float], logs: str) -> Dict:
    after = [turn for turn in turns if turn.started > times["postgres_back"]]
    retries = logs.count("Tracker store: ")
    silent_fallback = logs.count("InMemoryTrackerStore")
    gave_up = logs.count("Stopping this Rasa server")
    return _check(after and all(turn.acknowledged for turn in after) and not silent_fallback and not gave_up,
                  f"{len(after)} turns after the restart, {sum(t.acknowledged for t in after)} answered; "
                  f"{retries} tracker-store retries logged, {silent_fallback} in-memory fallbacks, {gave_up} give-ups")
