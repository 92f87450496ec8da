"""Red flags and post-treatment problems (docs/design.md §4.1, §4.2).

The labelled set tests/data/red_flags.yml is the measure: every emergency must
read as URGENT and every problem must reach a human (recall 1.00); harmless
look-alikes must mostly stay NONE (precision over them at least 0.95).
"""
from pathlib import Path

import pytest
import yaml

from clinic_assistant.limits import MAX_CHANNEL_CHARS, MAX_READ_CHARS
from clinic_assistant.safety.red_flags import Assessment, Level, assess, combined_emergency

DATA = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "red_flags.yml").read_text("utf8"))


def test_the_labelled_set_is_big_enough():
    assert len(DATA["urgent"]) >= 60
    assert len(DATA["symptom"]) >= 60
    assert len(DATA["none"]) >= 110


def test_labelled_set_recall_and_precision():
    urgent = [assess(text).level for text in DATA["urgent"]]
    symptom = [assess(text).level for text in DATA["symptom"]]
    none = [assess(text).level for text in DATA["none"]]

    urgent_recall = urgent.count(Level.URGENT) / len(urgent)
    needs_human = sum(level is not Level.NONE for level in symptom) / len(symptom)
    symptom_exact = symptom.count(Level.SYMPTOM) / len(symptom)
    none_kept = none.count(Level.NONE) / len(none)
    print(
        f"\nurgent recall {urgent_recall:.3f} ({len(urgent)}), symptom needs-human recall "
        f"{needs_human:.3f}, exactly SYMPTOM {symptom_exact:.3f} ({len(symptom)}), "
        f"none kept NONE {none_kept:.3f} ({len(none)})"
    )
    assert urgent_recall == 1.0, [t for t, lv in zip(DATA["urgent"], urgent) if lv is not Level.URGENT]
    assert needs_human == 1.0, [t for t, lv in zip(DATA["symptom"], symptom) if lv is Level.NONE]
    assert symptom_exact >= 0.9
    assert none_kept >= 0.95, [t for t, lv in zip(DATA["none"], none) if lv is not Level.NONE]


@pytest.mark.parametrize("text", DATA["urgent"])
def test_urgent_item(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("text", DATA["symptom"])
def test_symptom_item_needs_a_human(text):
    assert assess(text).level in (Level.SYMPTOM, Level.URGENT)


def test_assessment_shape():
    result = assess("my lips are swelling and there is pus")
    assert isinstance(result, Assessment)
    assert result.level is Level.URGENT
    assert result.reasons == ("facial_swelling", "infection")
    assert Level.URGENT.value == "urgent" and Level.SYMPTOM.value == "symptom" and Level.NONE.value == "none"
    with pytest.raises(AttributeError):
        result.level = Level.NONE  # frozen


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "hello", "👍", "?!?!", "/deny", "12345"])
def test_empty_or_plain_messages(text):
    assert assess(text) == Assessment(Level.NONE, ())


@pytest.mark.parametrize(
    "text",
    [
        "swellllling lips",
        "s.w.e.l.l.i.n.g lips",
        "s-w-e-l-l-i-n-g lips",
        "swel-ling lips",
        "lips sw\u200bel\u200cling",
        "lips sw\u00adelling",
        "l\u0456ps sw\u0435lling",  # Cyrillic i, ie
        "LIPS SWELLING",
        "\uff4c\uff49\uff50\uff53 \uff53\uff57\uff45\uff4c\uff4c\uff49\uff4e\uff47",  # full width
        "lips swolen",
        "lips swollon",
        "lips sweling",
        "lips swelin",
        "lipz swelling",
        "lpis swelling",
    ],
)
def test_spelling_tricks_still_find_lip_swelling(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    ["cant breath", "can not breathe", "cnt breathe", "b r e a t h e is hard", "brething is hard", "hard to breth"],
)
def test_spelling_tricks_still_find_breathing_trouble(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("text", ["chest pian", "chset pain", "c h e s t   p a i n", "chest pane"])
def test_spelling_tricks_still_find_chest_pain(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text", ["puss on my chin", "p.u.s on my chin", "pu\u0301s on my chin", "oozing", "ozing from my cheek", "infekted", "bleedin wont stop", "fevr"]
)
def test_spelling_tricks_still_find_problems(text):
    assert assess(text).level is Level.SYMPTOM


@pytest.mark.parametrize(
    "text",
    [
        # real words close to a keyword are not bent into it
        "the smelling salts were strong",
        "I work in a dwelling",
        "I had a botox injection last year",
        "can I bring my friend along?",
        "fewer sessions would be nice",
    ],
)
def test_real_words_are_not_typos(text):
    assert assess(text).level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "I don't have a fever",
        "no swelling at all",
        "not swollen",
        "my face isn't swollen",
        "no trouble breathing",
        "I'm not short of breath",
        "no chest pain",
        "my vision isn't blurry",
        "never had a rash",
        "no pus, no bleeding",
        "nothing's swollen",
        "without any pain",
        "the swelling went down",
        "I don't think it's infected",
    ],
)
def test_negated_or_resolved(text):
    assert assess(text).level is Level.NONE


@pytest.mark.parametrize(
    "text, level",
    [
        ("no fever but my lips are swelling", Level.URGENT),
        ("no, my throat is closing", Level.URGENT),
        ("no pain, but there's pus", Level.SYMPTOM),
        ("the bleeding won't stop", Level.SYMPTOM),
        ("the swelling isn't going down", Level.SYMPTOM),
        ("it hasn't stopped bleeding", Level.SYMPTOM),
        ("not sure if it's infected", Level.SYMPTOM),
    ],
)
def test_negation_does_not_reach_too_far(text, level):
    assert assess(text).level is level


@pytest.mark.parametrize(
    "question",
    [
        "will I swell?",
        "how long does redness last?",
        "is swelling normal after microneedling",
        "does it bleed during the treatment",
        "can it cause infection?",
        "what are the side effects",
        "will my lips swell?",
        "what if I can't breathe with the numbing cream on?",
        "can microneedling cause chest pain?",
        "what should I do if I get a cold sore?",
        "is some swelling of the face normal the day after?",  # the skin treated, no one's in particular
        "is facial swelling normal after microneedling?",
    ],
)
def test_hypothetical_questions_are_not_reports(question):
    assert assess(question).level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "my throat feels tight is that normal??",
        "can't breathe, is that normal?",
        "is it normal that my lips are swelling?",
        "chest pain after microneedling, is this normal?",
        "throat is closing?",
        "are swollen lips normal after",  # the lips stay an emergency, asked in general or not
        "is it normal to have trouble breathing after",
        "is it normal for my face to swell the day after?",
    ],
)
def test_emergency_phrases_stay_urgent_as_questions(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text, level",
    [
        ("is swelling normal? my lips are huge since this morning", Level.URGENT),
        ("is it normal to have pus? I have some on my chin", Level.SYMPTOM),
        ("will the swelling go down? it's been 5 days", Level.SYMPTOM),
        ("when will my swelling go down?", Level.SYMPTOM),
        ("I had my session yesterday, is the rash normal?", Level.SYMPTOM),
    ],
)
def test_a_first_person_report_outweighs_question_framing(text, level):
    assert assess(text).level is level


@pytest.mark.parametrize(
    "text, level",
    [
        ("my lips have gotten huge since the numbing cream", Level.URGENT),
        ("my tongue feels thick", Level.URGENT),
        # The size of something on the face, not a swollen face.
        ("my cheeks have big pores, would microneedling shrink them", Level.NONE),
        ("old acne marks on my cheeks and big pores too, can you help with both", Level.NONE),
    ],
)
def test_a_big_face_is_swelling_but_big_pores_on_the_face_are_not(text, level):
    assert assess(text).level is level


@pytest.mark.parametrize(
    "text",
    [
        "my friend said it made her face red for a day, is that normal",
        "my sister got a rash after hers, is that common?",
        "I had a cold sore years ago",
        "I get cold sores sometimes, can I still book?",
        "I'm on accutane, can I still have it?",
    ],
)
def test_hearsay_and_screening_disclosures(text):
    assert assess(text).level is Level.NONE


def test_someone_else_reporting_now_is_still_urgent():
    assert assess("my husband had it done today and his lips are swelling").level is Level.URGENT
    assert assess("my daughter's throat feels tight").level is Level.URGENT


@pytest.mark.parametrize(
    "text, reason",
    [
        ("I have a fever and the redness is spreading", "fever_with_spreading_redness"),
        # Stop 38: the fever as a number, and redness "getting wider" or "creeping up", had been a plain symptom.
        ("temp of 39 and the redness is spreading down my neck", "fever_with_spreading_redness"),
        ("i'm at 38.5 degrees and the redness is spreading across my cheek", "fever_with_spreading_redness"),
        ("high temperature and the redness is getting wider", "fever_with_spreading_redness"),
        ("got chills and the redness is creeping up towards my eye", "fever_with_spreading_redness"),
        ("hives all over my body", "allergic_reaction"),
        ("I fainted", "fainting"),
        ("seeing double", "vision"),
    ],
)
def test_urgent_combinations_and_reasons(text, reason):
    result = assess(text)
    assert result.level is Level.URGENT and reason in result.reasons


def test_fever_or_spreading_redness_alone_is_a_symptom():
    assert assess("I have a fever").level is Level.SYMPTOM
    assert assess("the redness is spreading").level is Level.SYMPTOM
    assert assess("i have a temp of 38.2").level is Level.SYMPTOM


def test_a_number_is_a_fever_only_in_a_report():
    assert assess("what if i get a temp of 39?").level is Level.NONE
    assert assess("my appointment is at 39 alder street").level is Level.NONE


def test_very_long_message_is_read_to_the_end():
    # 19,000 characters: close to the longest message a channel accepts (MAX_CHANNEL_CHARS).
    text = "so I had my session and I wanted to ask about makeup and aftercare, " * 275 + "my lips are swelling"
    assert len(text) <= MAX_READ_CHARS
    assert assess(text).level is Level.URGENT


def test_the_reader_stops_at_its_documented_limit():
    text = "x" * MAX_READ_CHARS + " my lips are swelling"
    assert assess(text).level is Level.NONE
    assert MAX_READ_CHARS >= MAX_CHANNEL_CHARS  # everything a channel accepts is read


@pytest.mark.parametrize("text", [
    "I have enlarged pores on my cheeks and nose",  # a concern it treats, not swelling of the face
    "i have puffy bags under my eyes, can microneedling help",
])
def test_a_swelling_word_before_a_concern_is_the_concern(text):
    assert assess(text).level is Level.NONE


def test_blurry_eyes_four_words_apart_are_a_change_in_vision():
    assert assess("my eyes feel weird and blurry since the treatment this morning").reasons == ("vision",)


def test_an_emergency_told_over_two_messages():
    earlier = assess("had microneedling on saturday, the redness is spreading to my neck").reasons
    now = assess("also i feel hot and shivery, like a fever").reasons
    assert combined_emergency(now, earlier) == "fever_with_spreading_redness"
    assert combined_emergency(now, ()) is None


@pytest.mark.parametrize(
    "text, reasons",
    [
        ("i had an allergic reaction before, my throat is closing, what do i do?", {"throat"}),
        ("i had a reaction years ago, now my throat feels tight", {"throat"}),
        ("had microneedling yesterday and i passed out", {"fainting"}),
        ("my lips swelled up after my session once", {"facial_swelling"}),
    ],
)
def test_an_episode_elsewhere_does_not_hide_one_now(text, reasons):
    """Stop 40: an episode long ago or elsewhere is no emergency (tests/data/red_flags.yml,
    none), but one in a clause of its own, or after a treatment, still is."""
    assessment = assess(text)
    assert assessment.level is Level.URGENT and reasons <= set(assessment.reasons)


# --- Stop 43 (safety): missed emergencies and false alarms -----------------
@pytest.mark.parametrize(
    "text, reason",
    [
        ("after microneedling on monday i have a bad headache, stiff neck and a rash that doesn't fade when I press a glass on it",
         "non_blanching_rash"),
        ("spots on my arms that dont fade when i roll a glass over them", "non_blanching_rash"),
        ("had my session on friday, now a high temperature and my neck is really stiff", "meningitis_signs"),
        ("terrible headache and a stiff neck since the treatment", "meningitis_signs"),
        ("a headache and a rash that wont fade", "meningitis_signs"),
    ],
)
def test_meningitis_and_sepsis_signs_are_an_emergency(text, reason):
    assessment = assess(text)
    assert assessment.level is Level.URGENT and reason in assessment.reasons


def test_meningitis_signs_told_over_three_messages():
    first = assess("headache and feel sick")
    second = assess("and a stiff neck")
    third = assess("and a rash that doesn't fade").reasons
    # A headache or a stiff neck alone, no treatment named, is a sign: no level of its own (stop 44).
    assert first.level is second.level is Level.NONE and first.signs and second.signs and third
    assert combined_emergency(second.signs, first.signs) == "meningitis_signs"
    assert combined_emergency(third, [*first.signs, *second.signs]) == "meningitis_signs"


@pytest.mark.parametrize("text", ["i have a headache, what time do you close", "my neck is stiff from sleeping funny, how much is it"])
def test_a_sign_alone_is_no_problem(text):
    assessment = assess(text)
    assert assessment.level is Level.NONE and assessment.signs


def test_a_sign_after_a_treatment_is_a_problem():
    assert assess("had microneedling yesterday and now i have a headache").level is Level.SYMPTOM


@pytest.mark.parametrize(
    "text, level",
    [
        ("i get headaches sometimes, can i still book?", Level.NONE),
        ("does microneedling give you a headache?", Level.NONE),
        ("i'm a bit stiff from the gym, can i still come in on friday", Level.NONE),
        ("i'm confused about the aftercare, do i use the serum at night?", Level.NONE),
        ("im confused, is it 3 sessions or 6?", Level.NONE),
    ],
)
def test_look_alikes_of_the_new_signs(text, level):
    assert assess(text).level is level


@pytest.mark.parametrize("text", ["the rash fades when i press a glass on it", "a rash on my cheek, it wont fade",
                                  "my spots wont fade"])
def test_a_rash_that_fades_or_only_lasts_is_no_emergency(text):
    assert assess(text).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "she's on warfarin and her face is bleeding a lot and won't stop",
        "im on apixaban and the needle marks are still bleeding",
        "he takes blood thinners and his forehead keeps bleeding",
        "my face is bleeding a lot and it wont stop",
    ],
)
def test_bleeding_on_a_blood_thinner_or_heavy_and_unstoppable_is_an_emergency(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("text", ["i take xarelto, is there much bleeding during the session", "I'm on warfarin, will I bleed a lot?",
                                  "does it bleed much if youre on apixaban"])
def test_bleeding_asked_about_on_a_blood_thinner_is_no_emergency(text):
    assert assess(text).level is not Level.URGENT


@pytest.mark.parametrize("text", ["it's still bleeding a bit and won't stop", "the bleeding won't stop"])
def test_bleeding_that_will_not_stop_is_for_the_clinic_today(text):
    """CONTRACT §4.2: bleeding that will not stop is a post-treatment problem;
    heavy, or on a blood thinner, it is an emergency (above)."""
    assert assess(text).level is Level.SYMPTOM


@pytest.mark.parametrize(
    "text",
    [
        "the redness is spreading but I don't want to bother anyone",
        "the redness is spreading, probably nothing",
        "its probably nothing but the redness is spreading",
        "redness spreading, i'll just wait and see",
        "I dont want to make a fuss but the redness is spreading",
    ],
)
def test_a_hedge_never_lowers_a_problem(text):
    assert "spreading_redness" in assess(text).reasons


def test_a_hedge_after_a_fever_keeps_the_emergency():
    earlier = assess("had microneedling 4 days ago, got a fever and shivers").reasons
    now = assess("the redness is spreading but I don't want to bother anyone").reasons
    assert combined_emergency(now, earlier) == "fever_with_spreading_redness"
    assert assess("fever and the redness is spreading, probably nothing, I'll wait and see").level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "she's 78 and she seems confused today and her face is hot",
        "my dad had microneedling yesterday, he's really confused and burning up",
        "my nan is disorientated and has a fever since her treatment",
    ],
)
def test_new_confusion_with_a_fever_or_a_hot_face_is_an_emergency(text):
    assert assess(text).level is Level.URGENT


def test_confusion_then_a_fever_over_two_messages():
    earlier = assess("my mum seems confused since her treatment").reasons
    assert combined_emergency(assess("and now she has a fever").reasons, earlier) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I also take a water tablet and something for my heart",
        "my water tablet, and the one for my heart, and a statin",
        "and my heart tablets at night",
        "i'm on heart medication and a statin",
        "my heart pills and my blood pressure pills",
        "none of the others",
    ],
)
def test_a_heart_named_as_what_a_medicine_is_for_is_no_symptom(text):
    assert assess(text).level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "chest pain",
        "my heart is racing and I feel faint",
        "i take something for my heart and now i have chest pain",
        "my heart hurts since the treatment",
        "my heart tablets arent helping, my chest is tight",
    ],
)
def test_cardiac_emergencies_still_escalate(text):
    assert assess(text).level is Level.URGENT


@pytest.mark.parametrize("text", [
    "everything looks a bit foggy out of my left eye since the session",
    "my right eye has gone all cloudy since the treatment",
    "theres a dark patch in my vision since this morning's microneedling",
])
def test_a_change_in_vision_in_everyday_words_is_an_emergency(text):
    """Stop 44: foggy, cloudy, a dark patch in the vision got "today" only."""
    assessment = assess(text)
    assert assessment.level is Level.URGENT and "vision" in assessment.reasons


@pytest.mark.parametrize("text, level", [
    ("i cant breathe through my nose with this cold, should i still come tomorrow?", Level.NONE),
    ("stuffy nose, can't breathe through it at night, is that ok for my appointment", Level.NONE),
    ("i can't breathe through my nose or my mouth", Level.URGENT),
    ("can't breathe, my throat feels tight", Level.URGENT),
])
def test_a_blocked_nose_is_no_trouble_breathing(text, level):
    assert assess(text).level is level


@pytest.mark.parametrize("text, level", [
    ("had my flu jab this morning and my arm is sore", Level.NONE),
    ("got my covid booster yesterday, achy all over", Level.NONE),
    ("had my flu jab and now my face and lips are swelling", Level.URGENT),
    ("swollen since my treatment, also had a flu jab", Level.SYMPTOM),
])
def test_a_problem_after_a_vaccine_is_not_one_after_treatment(text, level):
    assert assess(text).level is level
