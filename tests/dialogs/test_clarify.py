"""Unsure of a first message, the bot asks "Is it one of these?" instead of stating a wrong answer as fact."""
from dialogs import flow

UNSURE = "the recording is not there"


def test_an_unsure_first_message_gets_a_short_card_of_candidates_and_something_else(chat, engine):
    reply = chat.say(UNSURE)
    candidates = engine.triage(UNSURE).candidates
    assert chat.state == "clarify"
    assert "not sure" in reply.full and "Cause:" not in reply.full
    assert chat.buttons == [*candidates, "other"] and 3 <= len(chat.buttons) <= 4
    assert chat.titles[-1] == "Something else"
    assert all(len(title) <= 40 for title in chat.titles)


def test_picking_a_candidate_carries_on_as_if_the_message_had_named_it(chat, engine):
    chat.say(UNSURE)
    picked = chat.buttons[0]
    chat.click(picked)
    assert chat.session["topic"] == picked
    expected = flow.TOPIC_CHECK.get(picked, "offer")
    assert chat.state == expected or chat.state in flow.CHECKS


def test_something_else_is_the_honest_not_covered_answer_with_escalation(chat):
    chat.say(UNSURE)
    reply = chat.click("other")
    assert chat.state == "offer"
    assert "doesn't cover" in reply.full and "escalate" in chat.buttons


def test_a_number_picks_a_candidate_and_back_asks_again(chat):
    chat.say(UNSURE)
    first = chat.buttons[0]
    chat.say("1")
    assert chat.session["topic"] == first
    chat.say("back")
    assert chat.state == "clarify" and chat.buttons[0] == first


def test_a_candidate_not_offered_is_not_accepted(chat):
    chat.say(UNSURE)
    offered = set(chat.buttons)
    hidden = next(t for t in flow.CHOICES["clarify"] if t not in offered)
    reply = chat.click(hidden)
    assert chat.state == "clarify" and "isn't one of the answers" in reply.full


def test_describing_the_problem_again_triages_the_new_words(chat):
    chat.say(UNSURE)
    chat.say("I'm a guest and can't record")
    assert chat.session["topic"] == "auth_external" and chat.state == "diagnosis"


def test_an_old_is_it_one_of_these_card_is_answered_gracefully(chat):
    chat.say(UNSURE)
    first, second = chat.buttons[:2]
    chat.click(first)
    state = chat.state
    reply = chat.click(second, "clarify")
    assert chat.state == state and reply.card and "earlier question" in reply.full
