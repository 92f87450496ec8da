"""Emergencies told in Spanish, French, Portuguese or German (clinic_assistant/safety/other_languages.py)."""
import pytest

from clinic_assistant.safety.red_flags import Level, assess


@pytest.mark.parametrize(
    "text",
    [
        "no puedo respirar bien despues del tratamiento",
        "me hice microneedling ayer y me cuesta respirar",
        "tengo fiebre y la cara hinchada",
        "Tengo los labios muy hinchados!!",
        "dolor en el pecho desde ayer",
        "j'ai du mal à respirer après le microneedling",
        "mes lèvres sont gonflées",
        "não consigo respirar",
        "meus lábios estão inchados",
        "ich kann nicht richtig atmen",
        "meine Lippen sind stark geschwollen",
    ],
)
def test_emergencies_in_other_languages_are_urgent(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("text", ["tengo fiebre desde anoche", "j'ai de la fièvre", "ich habe Fieber"])
def test_a_fever_alone_needs_a_person(text):
    assert assess(text).level is Level.SYMPTOM


@pytest.mark.parametrize(
    "text", ["hola, cuanto cuesta el microneedling?", "hablan español?", "c'est combien pour le visage?", "wie viel kostet es?"]
)
def test_other_questions_in_other_languages_are_no_red_flag(text):
    assert assess(text).level is Level.NONE


def test_an_english_reading_is_kept():
    assert assess("my lips are swelling").reasons == ("facial_swelling",)
