"""A name, or when and how to reach them, kept beside the number (clinic_assistant/contact_note.py)."""
import pytest

from clinic_assistant.contact_note import NOTE_CHARS, contact_note, with_note


@pytest.mark.parametrize(
    "text, note",
    [
        ("tom 07700 900123 best after 5pm", "tom best after 5pm"),
        ("my name is tom", "name: Tom"),
        ("sure, its tom", "name: Tom"),
        ("Sarah Jones here, 555 201 8890", "name: Sarah Jones"),
        ("07700900123, text only please, im at work", "text only please; im at work"),
        ("call me after 5 on 07700 900123, also do you have parking?", "call me after 5"),
        ("jess@example.com - mornings are best", "mornings are best"),
        ("and text dont call", "text dont call"),
        ("no calls please, email me", "no calls please; email me"),
        ("whatsapp is easiest", "whatsapp is easiest"),
    ],
)
def test_what_is_kept(text, note):
    assert contact_note(text) == note


@pytest.mark.parametrize(
    "text",
    [
        "yes", "07700 900123", "my email is jane@example.com", "im worried", "it's urgent", "i'm not sure",
        "its fine", "i'm 25", "how long will they take", "can i come in on friday afternoon?",
        "book me in for friday", "after 5pm",
    ],
)
def test_what_is_no_note(text):
    assert contact_note(text) is None


def test_a_time_alone_is_a_note_just_after_the_number():
    assert contact_note("after 5pm", after_contact=True) == "after 5pm"
    assert contact_note("book me in for friday", after_contact=True) is None


def test_a_bare_name_when_asked_for_the_number():
    assert contact_note("Maria", asked_for_contact=True) == "name: Maria"
    assert contact_note("Maria") is None
    assert contact_note("whatever", asked_for_contact=True) is None


def test_a_question_beside_the_name_is_answered_not_noted():
    assert contact_note("its jess, 555 201 8890, also can i come on saturday morning?") == "name: Jess"


def test_a_long_message_gives_a_short_note():
    assert len(contact_note("text me after 5pm " + "please " * 100)) <= NOTE_CHARS


def test_the_contact_line():
    assert with_note("07700900123", "name: Tom; best after 5pm") == "07700900123 (name: Tom; best after 5pm)"
    assert with_note(None, "name: Tom") == "(name: Tom)"
    assert with_note("a@b.co", None) == "a@b.co"


@pytest.mark.parametrize("text", [
    "ring me on 07700 900123, email backup sam@mail.com", "email is primary: lee@x.org, phone secondary 555 203 4455",
    "555 201 8890 whichever",
])
def test_words_about_the_contact_are_no_name(text):
    """Stop 40: "name: Backup", "name: Secondary", "name: Whichever" went on the ticket."""
    assert "name:" not in (contact_note(text, True) or "")


@pytest.mark.parametrize("text", [
    "this is ridiculous, I have been waiting ages", "forget it", "this is taking forever", "its so slow",
])
def test_frustration_while_waiting_is_no_name(text):
    assert contact_note(text, asked_for_contact=True) is None


def test_a_name_before_here_is_kept():
    assert contact_note("this is tom here") == "name: Tom"


def test_a_name_that_is_also_a_common_word_when_said_to_be_one():
    assert contact_note("my name is Will", asked_for_contact=True) == "name: Will"
