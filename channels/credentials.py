"""var/credentials.yml: the always-on channels plus each configured messaging channel.

Rasa's credentials.yml cannot switch a channel on or off, so this writes the
file that `rasa run --credentials` reads: credentials.yml as it is (REST and
the website widget) followed by every messaging channel whose environment
variables are set. Secrets stay out of the file: it names the variables
(`${TWILIO_AUTH_TOKEN}`, unquoted so that Rasa expands them) and Rasa reads
their values from its own environment when it starts.

    write_credentials(os.environ, Path("var/credentials.yml"))
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Tuple

ROOT = Path(__file__).resolve().parents[1]
ALWAYS_ON = ROOT / "credentials.yml"


@dataclass(frozen=True)
class MessagingChannel:
    connector: str  # the credentials.yml key: the input channel's module path
    required: Mapping[str, str]  # credentials key -> environment variable
    optional: Mapping[str, str] = field(default_factory=dict)
    one_of: Mapping[str, str] = field(default_factory=dict)  # at least one of these is needed

    def touched(self, env: Mapping[str, str]) -> bool:
        """Whether any variable that switches the channel on is set."""
        return any(env.get(variable) for variable in [*self.required.values(), *self.one_of.values()])

    def missing(self, env: Mapping[str, str]) -> List[str]:
        missing = [variable for variable in self.required.values() if not env.get(variable)]
        if self.one_of and not any(env.get(variable) for variable in self.one_of.values()):
            missing.append(" or ".join(self.one_of.values()))
        return missing

    def entries(self, env: Mapping[str, str]) -> Dict[str, str]:
        """credentials key -> `${VARIABLE}` for every variable that is set."""
        variables = {**self.required, **self.one_of, **self.optional}
        return {key: f"${{{variable}}}" for key, variable in variables.items() if env.get(variable)}


MESSAGING_CHANNELS: Tuple[MessagingChannel, ...] = (
    MessagingChannel(
        "channels.telegram.ClinicTelegramInput",
        required={
            "access_token": "TELEGRAM_ACCESS_TOKEN",
            "secret_token": "TELEGRAM_SECRET_TOKEN",
            "webhook_url": "TELEGRAM_WEBHOOK_URL",
        },
        optional={"api_url": "TELEGRAM_API_URL"},
    ),
    MessagingChannel(
        "channels.twilio.ClinicTwilioInput",
        required={"account_sid": "TWILIO_ACCOUNT_SID", "auth_token": "TWILIO_AUTH_TOKEN"},
        one_of={"twilio_number": "TWILIO_NUMBER", "whatsapp_number": "TWILIO_WHATSAPP_NUMBER"},
        optional={"webhook_url": "TWILIO_WEBHOOK_URL", "api_url": "TWILIO_API_URL"},
    ),
    MessagingChannel(
        "channels.messenger.ClinicMessengerInput",
        required={
            "page-access-token": "MESSENGER_PAGE_ACCESS_TOKEN",
            "secret": "MESSENGER_APP_SECRET",
            "verify": "MESSENGER_VERIFY_TOKEN",
        },
        optional={"api_url": "MESSENGER_API_URL"},
    ),
)


class IncompleteChannel(ValueError):
    """Some of a channel's variables are set but not all it needs."""


def enabled_channels(env: Mapping[str, str]) -> List[MessagingChannel]:
    """The messaging channels the environment configures; a half-configured
    one is an error rather than silently off."""
    enabled = []
    for channel in MESSAGING_CHANNELS:
        if not channel.touched(env):
            continue
        missing = channel.missing(env)
        if missing:
            raise IncompleteChannel(f"{channel.connector} needs {', '.join(missing)} as well")
        enabled.append(channel)
    return enabled


def render_credentials(env: Mapping[str, str], always_on: str) -> str:
    sections = [always_on.rstrip("\n")]
    for channel in enabled_channels(env):
        lines = [f"{channel.connector}:"] + [f"  {key}: {value}" for key, value in channel.entries(env).items()]
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def write_credentials(env: Mapping[str, str], path: Path, always_on: Path = ALWAYS_ON) -> Path:
    """Write the credentials file for this environment and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a Rasa starting meanwhile never reads half a file.
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    partial.write_text(render_credentials(env, always_on.read_text(encoding="utf-8")), encoding="utf-8")
    os.replace(partial, path)
    return path
