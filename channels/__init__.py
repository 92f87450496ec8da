"""Input and output channels of the Rasa server (docs/channels.md).

Importing the package switches log redaction on (clinic_assistant/pii.py): no log
line of the Rasa server carries a phone number, an e-mail address or a
messaging conversation id, only their pseudonyms.
"""
from clinic_assistant import pii as _pii

_pii.install_log_redaction()
