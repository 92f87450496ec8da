"""Rasa input channels of the clinic assistant (referenced from credentials.yml)."""
