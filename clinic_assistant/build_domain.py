"""Render build/domain.yml from domain.yml, content/answers.yml and clinic.yml.

The clinic's facts become the initial values of the clinic_* slots (so static
responses, including the action-failure message, carry them without the action
server), each screening item becomes a slot (and, with a time window, a "when?"
question), and
the visitor-facing answers of content/answers.yml (with their named button
sets) become responses. Facts that belong to the code or the clinic file,
written `<<name>>` in a response, are filled in here (`build_values`): the
message length limit, the list of screening items.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Dict, List

import yaml

from clinic_assistant.clinic_config import (
    PROJECT_ROOT,
    WINDOW_SLOT_PREFIX,
    ClinicConfig,
    ClinicConfigError,
    load,
)
from clinic_assistant.limits import MAX_MESSAGE_CHARS
from clinic_assistant.policy_topics import topic_label
from clinic_assistant.screening.items import SCREENING_ANSWERS, slot_name

CONTENT = PROJECT_ROOT / "content" / "answers.yml"


def load_content(path: Path = CONTENT) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def content_responses(content: dict, policies: Dict[str, str] | None = None) -> dict:
    """The answers of a content file as domain responses (buttons resolved).
    A button for a booking-policy topic (`topic:`) is kept only where the
    clinic has that policy, so that no button leads to "I don't know"."""
    button_sets = {
        name: [{key: value for key, value in button.items() if key != "topic"}
               for button in buttons if not policies or policies.get(button.get("topic"), "x")]
        for name, buttons in (content.get("buttons") or {}).items()
    }
    responses = {}
    for name, answer in (content.get("answers") or {}).items():
        response = {"text": " ".join(str(answer["text"]).split())}
        buttons = answer.get("buttons")
        if isinstance(buttons, str):
            if buttons not in button_sets:
                raise SystemExit(f"{name}: no button set {buttons!r} in the content file")
            buttons = button_sets[buttons]
        if buttons:
            response["buttons"] = [dict(button) for button in buttons]
        responses[name] = [response]
    return responses


BUILD_VALUE = re.compile(r"<<(\w+)>>")


def build_values(config: ClinicConfig) -> Dict[str, str]:
    """What `<<name>>` stands for in a response: one source for each fact."""
    names = [item["name"] for item in config.screening_items]
    return {
        "max_message_chars": f"{MAX_MESSAGE_CHARS:,}",
        "screening_items": "; ".join(names[:-1]) + f"; or {names[-1]}" if len(names) > 1 else "".join(names),
        "policy_topics": _listed([topic_label(topic) for topic, policy in config.policies.items() if policy]),
        "privacy_notice": " ".join(str(config.raw.get("privacy_notice") or "").split()),
    }


def _listed(names: List[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def fill_build_values(responses: dict, values: Dict[str, str]) -> None:
    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise SystemExit(f"a response names <<{match.group(1)}>>; known: {', '.join(sorted(values))}")
        return values[match.group(1)]

    for variations in responses.values():
        for variation in variations:
            if "text" in variation:
                variation["text"] = BUILD_VALUE.sub(value, variation["text"])


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # noqa: D401 - PyYAML hook
        return True


def render(domain: dict, config, content: dict = None) -> dict:
    answers = content_responses(load_content() if content is None else content, config.policies)
    clash = sorted(set(answers) & set(domain["responses"]))
    if clash:
        raise SystemExit(f"defined in both domain.yml and the content file: {', '.join(clash)}")
    domain["responses"].update(answers)
    fill_build_values(domain["responses"], build_values(config))

    slots = domain["slots"]
    for name, value in config.slot_values().items():
        if name.startswith(WINDOW_SLOT_PREFIX):
            # One per screening item with a time window, like the screen_* slots.
            slots[name] = {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]}
        if name not in slots:
            raise SystemExit(f"domain.yml has no slot {name!r} for the clinic value")
        slots[name]["initial_value"] = value

    for item in config.screening_items:
        slot = slot_name(item["id"])
        slots[slot] = {
            "type": "categorical",
            "values": list(SCREENING_ANSWERS),
            "influence_conversation": False,
            "mappings": [{"type": "custom"}],
        }
        # The one follow-up the checklist asks: "when?", for an item with a
        # time window ("I took Accutane": when?).
        if item.get("within_days"):
            domain["responses"][f"utter_ask_{slot}"] = [{"text": item["question"]}]
    return domain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domain", type=Path, default=PROJECT_ROOT / "domain.yml")
    parser.add_argument("--clinic", type=Path, default=None)
    parser.add_argument("--content", type=Path, default=CONTENT)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "build" / "domain.yml")
    args = parser.parse_args()

    domain = yaml.safe_load(args.domain.read_text(encoding="utf-8"))
    try:
        config = load(args.clinic)
    except ClinicConfigError as error:
        raise SystemExit(str(error)) from None
    rendered = render(domain, config, load_content(args.content))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "# Generated by clinic_assistant/build_domain.py from domain.yml, content/answers.yml and clinic.yml. Do not edit.\n"
    text += yaml.dump(rendered, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=4096)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
