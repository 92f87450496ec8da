"""Custom Rasa graph components: NLU guards and deterministic dialogue policies."""
