"""The text engine both rule-based readers share (red flags in
clinic_assistant/safety/red_flags.py, disclosures in clinic_assistant/screening/reader.py)
and the validated word lists they read (data/lexicon/). spaCy-free: the
action server imports it."""
