"""Handing a conversation to a person: tickets, notifications, actions."""
