"""Unit tests of channels/text_rendering.py: what text channels show and read back."""
from __future__ import annotations

import pytest

from channels.text_rendering import (
    chosen_payload,
    handoff_words,
    numbered_options,
    split_message,
    staff_signed,
)

BUTTONS = [
    {"title": "Book a consultation", "payload": "/book"},
    {"title": "Ask something else", "payload": "Ask something else"},
    {"title": "Talk to a person", "payload": "Talk to a person"},
]


def test_buttons_become_numbered_lines_after_the_text():
    assert numbered_options("Anything else?", BUTTONS) == (
        "Anything else?\n\n1. Book a consultation\n2. Ask something else\n3. Talk to a person"
    )


@pytest.mark.parametrize("reply", ["2", " 2 ", "2.", "2)", "#2"])
def test_a_number_picks_that_button(reply):
    assert chosen_payload(reply, BUTTONS) == "Ask something else"


@pytest.mark.parametrize("reply", ["book a consultation", "Book a consultation!", "  BOOK  a   consultation "])
def test_the_option_words_pick_that_button(reply):
    assert chosen_payload(reply, BUTTONS) == "/book"


@pytest.mark.parametrize("reply", ["0", "4", "12", "I'd like to book a consultation please", "2 sessions?", ""])
def test_anything_else_is_left_to_the_assistant(reply):
    assert chosen_payload(reply, BUTTONS) is None


def test_no_buttons_means_no_choice():
    assert chosen_payload("1", []) is None


def test_handoff_payload_becomes_words_with_the_ticket():
    words = handoff_words({"handoff": {"reason": "visitor_request", "urgent": False, "ticket": "T-ABC123"}})
    assert words.startswith("A member of the clinic team will take over this conversation")
    assert "T-ABC123" in words and "{" not in words and "urgent" not in words


def test_urgent_handoff_has_its_own_words():
    words = handoff_words({"handoff": {"reason": "urgent_symptom", "urgent": True, "ticket": "T-9"}})
    assert "urgent" in words and "T-9" in words
    assert words != handoff_words({"handoff": {"reason": "symptom", "urgent": False, "ticket": "T-9"}})


@pytest.mark.parametrize("custom", [{"other": 1}, {"handoff": "x"}, [], None])
def test_other_custom_payloads_have_no_words(custom):
    assert handoff_words(custom) is None


def test_staff_replies_name_their_author():
    assert staff_signed("See you at 3.", {"staff": "Dana"}) == "Dana (clinic team): See you at 3."
    assert staff_signed("Hello", {}) == "Hello"
    assert staff_signed("Hello", {"staff": "  "}) == "Hello"


def test_a_short_text_is_one_part():
    assert split_message("  Short answer.  ", 100) == ["Short answer."]


def test_a_long_text_is_cut_between_paragraphs_first():
    first, second = "A" * 60 + ".", "B" * 30 + "."
    assert split_message(f"{first}\n\n{second}", 80) == [first, second]


def test_a_long_paragraph_is_cut_after_a_sentence():
    sentences = [f"Sentence number {i} is here." for i in range(40)]
    parts = split_message(" ".join(sentences), 160)
    assert all(len(part) <= 160 for part in parts) and len(parts) > 1
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == " ".join(sentences)


def test_a_sentence_longer_than_the_limit_is_cut_between_words():
    text = " ".join(["word"] * 100)
    parts = split_message(text, 50)
    assert all(len(part) <= 50 for part in parts)
    assert " ".join(parts) == text


def test_text_without_any_break_is_cut_hard():
    assert split_message("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]


@pytest.mark.parametrize("limit", [1600, 2000, 4096])
def test_no_part_exceeds_the_channel_limit_and_nothing_is_lost(limit):
    paragraphs = [" ".join(f"Line {p}.{s} says something useful." for s in range(60)) for p in range(5)]
    text = "\n\n".join(paragraphs)
    parts = split_message(text, limit)
    assert all(len(part) <= limit for part in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
