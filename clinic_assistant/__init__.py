"""The clinic assistant's core, which the Rasa adapters (actions/, components/,
channels/) and the staff console (console/) are thin layers over:

- clinic_config: the one clinic configuration file (clinic.yml), validated;
- text/, safety/: one text engine (tokens, fuzzy match, negation and clause
  scope) and the red-flag rules built on it;
- screening/: the screening items, the medicine lexicon, time windows and the
  disclosure reader;
- tickets, notify, pii, database, clock: handoff tickets, the clinic's
  notifications, personal data, SQL engines, the clinic's time;
- stores/, profile: Rasa's tracker and lock stores for each profile;
- launcher, stack, action_server, backup: how processes start and how the
  database is backed up.
"""
