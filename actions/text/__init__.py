"""The text engine both rule-based readers share (red flags in
actions/safety/red_flags.py, disclosures in components/disclosure_reader.py)
and the validated word lists they read (data/lexicon/). spaCy-free: the
action server imports it."""
