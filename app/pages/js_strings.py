"""The UI text each page's JavaScript needs, translated on the server (one JSON block per
page, read by `strings()` in static/js/live.js)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext


def plural(singular: str, plural_: str) -> dict[str, str]:
    """A count's words for the JavaScript, as {"one": ..., "other": ...} with "{n}" where the
    number goes (`plural()` in static/js/live.js). English and Dutch have these two forms,
    "one" for 1 only; ngettext picks each language's own wording."""
    return {form: ngettext(singular, plural_, n).replace(str(n), "{n}", 1)
            for form, n in (("one", 1), ("other", 2))}


def common() -> dict[str, object]:
    return {
        "connected": _("Connected"),
        "reconnecting": _("Reconnecting…"),
        "not_joined": _("You are not in this session any more."),
        "send_failed": _("Not sent yet: no connection. It is kept and sent when the connection is back."),
        "of": _("of"),
    }


def console() -> dict[str, object]:
    return {
        "anonymous": _("(no name)"),
        "offline": _("offline"),
        "confirm_close": _("Close this session for everyone? Phones will show that it has ended."),
        "ended": _("This session has ended."),
        **runsheet(),
    }


def runsheet() -> dict[str, object]:
    """The run sheet on the console (static/js/runsheet.js)."""
    return {
        "kind_checkin": _("Check-in"),
        "kind_topics": _("Agenda (steps 1-4)"),
        "kind_poll": _("Seek-the-no poll"),
        "kind_weather": _("Weather report"),
        "kind_checkout": _("Check-out"),
        "kind_feet": _("Discussion on feet"),
        "kind_step5": _("Step 5"),
        "template_client_supplier": _("Client and supplier"),
        "template_checkin_only": _("Check-in only"),
        "template_one_decision": _("One decision"),
        "runsheet_default_prompt": _("(the round's own question)"),
        "runsheet_next": _("Up next"),
        "runsheet_start": _("Start: {kind}"),
        "runsheet_empty": _("Nothing planned yet. Start from a template, or add a round."),
        "runsheet_all_done": _("Every planned round has started. Add a round to go on."),
        "runsheet_done": _("Done"),
        "runsheet_now": _("Now"),
        "runsheet_planned": _("Later"),
        "runsheet_skipped": _("Skipped"),
        "runsheet_min": _("{n} min"),
        "runsheet_up": _("Move up: {item}"),
        "runsheet_down": _("Move down: {item}"),
        "runsheet_skip": _("Skip"),
        "runsheet_unskip": _("Take back in"),
        "runsheet_edit": _("Edit"),
        "runsheet_remove": _("Remove"),
        "runsheet_save": _("Save"),
        "runsheet_cancel": _("Cancel"),
        "runsheet_kind": _("Kind of round"),
        "runsheet_prompt": _("Prompt (empty: the round's own question)"),
        "runsheet_minutes": _("Minutes"),
        "runsheet_note": _("Private note"),
        "runsheet_note_hint": _("Your script: only this console shows it; never the beamer, the phones or the summary."),
        "runsheet_add": _("Add a round"),
        "runsheet_add_button": _("Add to the run sheet"),
        "runsheet_templates": _("Templates"),
        "runsheet_template": _("Template"),
        "runsheet_use_template": _("Add its rounds"),
        "runsheet_forget_template": _("Delete this template"),
        "runsheet_template_name": _("Save this run sheet as a template, named"),
        "runsheet_save_template": _("Save as template"),
        "runsheet_saved_mark": _("yours"),
    }


def summary() -> dict[str, object]:
    return {
        "shared_until": _("Shared with participants until"),
        "share_failed": _("The summary could not be shared. Try again."),
    }


def checkin() -> dict[str, object]:
    return {
        "checkin": _("Check-in"),
        "checkin_open": _("Open a check-in"),
        "checkin_prompt": _("Question for the check-in"),
        "checkin_default_prompt": _("How are you arriving?"),
        "checked_in": _("have checked in"),
        "checkout": _("Check-out"),
        "checkout_open": _("Open a check-out"),
        "checkout_prompt": _("Question for the check-out"),
        "checkout_default_prompt": _("How are you leaving?"),
        "checked_out": _("have checked out"),
        "contributions_n": plural("%(num)d contribution", "%(num)d contributions"),
        "reveal": _("Reveal the contributions"),
        "revealed": _("Revealed"),
        "group_selected": _("Group the selected contributions"),
        "group_label": _("Label for the group (optional)"),
        "ungroup": _("Undo group"),
        "polarity": _("Name a polarity"),
        "polarity_hint": _("This, but also that: pick two poles, or type one."),
        "pole_left": _("This…"),
        "pole_right": _("…but also that"),
        "pole_typed": _("or type it"),
        "choose": _("— choose —"),
        "polarities": _("Polarities"),
        "but_also": _("but also"),
        "remove": _("Remove"),
        "summary": _("Summary"),
        "summary_save": _("Save the summary"),
        "saved": _("Saved"),
        "send": _("Send"),
        "limit_hint": _("At most 500 characters. Nobody sees who wrote what."),
        "yours": _("What you sent"),
        "yours_hint": _("Only this phone knows these are yours. You can change them until the facilitator reveals the round."),
        "edit": _("Change"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "withdraw": _("Withdraw"),
        "pending": _("waiting for connection…"),
        "sent": _("Sent. You can send more."),
        "waiting_reveal": _("The facilitator will show all answers together, without names."),
        "group": _("Group"),
        "select": _("Select"),
        "empty_text": _("Please write something first."),
    }


def weather() -> dict[str, str]:
    return {
        "weather": _("Weather report"),
        "weather_open": _("Open a weather report"),
        "weather_prompt": _("Question for the weather report"),
        "weather_default_prompt": _("What is your inner weather right now?"),
        "weather_sunny": _("Sunny"),
        "weather_partly_cloudy": _("Partly cloudy"),
        "weather_cloudy": _("Cloudy"),
        "weather_rain": _("Rain"),
        "weather_storm": _("Storm"),
        "weather_close": _("Close and show the weather"),
        "weather_hidden_until_close": _("The weather of the room is shown when the facilitator closes the round."),
        "weather_tapped": _("Your weather is in. Tap another to change it."),
        "weather_word_label": _("A word to go with it (optional)"),
        "weather_word_send": _("Add the word"),
        "weather_your_word": _("Your word"),
        "weather_word_sent": _("Your word is in; it is shown, without your name, when the round closes."),
        "weather_words": _("Words"),
    }


def feet() -> dict[str, str]:
    return {
        "feet": _("Discussion on feet"),
        "feet_open": _("Start the discussion on feet"),
        "feet_prompt": _("Topic of the discussion on feet"),
        "feet_default_prompt": _("Where do we stand, if we are honest?"),
        "feet_off_record_before": _("Off the record: nothing of this round is kept. Not the statements, not who stands where. When you end it, it is gone; the summary says only that a discussion on feet took place, on which topic, and for how long."),
        "feet_off_record_live": _("Off the record: nothing of this is kept. Ending the round erases it."),
        "feet_off_record_projector": _("Off the record: nothing of this is kept."),
        "feet_off_record_phone": _("Off the record: nothing of this is kept, and nobody sees who wrote what or who stands where."),
        "feet_console_hint": _("Statements appear in shuffled batches every few seconds; the numbers move in steps, never with a single tap."),
        "feet_waiting": _("No statements yet. They appear a few at a time, shuffled."),
        "feet_projector_waiting": _("Say a view on your phone: it appears here with others, without your name."),
        "feet_pulse": _("Who shares a bit of this?"),
        "feet_pulse_stop": _("Stop asking"),
        "feet_pulse_soon": _("On the wall in a moment…"),
        "feet_pulse_question": _("Who shares a bit of this?"),
        "feet_pulse_question_phone": _("The facilitator asks: who shares a bit of the highlighted statement?"),
        "feet_end": _("End the discussion on feet"),
        "feet_end_confirm": _("End the discussion on feet? Everything said in it is erased."),
        "feet_ended": _("The discussion on feet has ended; nothing of it was kept."),
        "feet_ended_restart": _("The discussion on feet ended when the server restarted; nothing of it was kept."),
        "feet_nobody": _("nobody stands here yet"),
        "feet_stands_one": _("{n} stands here"),
        "feet_stands_other": _("{n} stand here"),
        "feet_say_label": _("Say a view, in a sentence"),
        "feet_say_hint": _("At most {n} characters. It appears on the wall in a few seconds, shuffled with others, without your name."),
        "feet_send": _("Put it on the wall"),
        "feet_said": _("Sent. It appears with the next few, shuffled."),
        "feet_wall": _("Stand with a view"),
        "feet_stand_hint": _("Stand with the one view you share most. You can move, or step away, at any time."),
        "feet_stand": _("Stand with this"),
        "feet_step_away": _("Step away"),
        "feet_you_stand_here": _("You stand here"),
        "feet_standing_now": _("You stand with this view. The wall shows it in a moment."),
        "feet_stepped_away": _("You stepped away."),
    }


def agenda() -> dict[str, object]:
    return {
        "agenda": _("Agenda"),
        "agenda_open": _("Gather topics (step 1)"),
        "agenda_prompt": _("Question for gathering topics"),
        "agenda_default_prompt": _("Which topics belong on the agenda to answer this question?"),
        "sent_topics": _("have sent topics"),
        "merge": _("Merge the selected topics"),
        "reword": _("Reword"),
        "add_topic": _("Add a topic"),
        "step1_done": _("Step 1: all viewpoints gathered. Merge duplicates, reword where it helps."),
        "step2": _("Step 2: make it safe to say no"),
        "step3": _("Step 3: spread the no"),
        "step4": _("Step 4: vote, and add the wisdom of the minority"),
        "seek_no_btn": _("Step 2: ask for the no"),
        "seek_no_prompt": _("Who sees it differently? What is missing, what should not be here?"),
        "seek_no_hint": _("Nobody sees who wrote it. Every no helps the group."),
        "nothing_to_add": _("Nothing to add"),
        "nothing_sent": _("Thank you. Nothing to add is an answer too."),
        "nothing_count": plural("%(num)d had nothing to add", "%(num)d had nothing to add"),
        "nudge_btn": _("Ask again, gently"),
        "nudge_text": _("Take a moment: is there anything, even something small, that you see differently?"),
        "spread_btn": _("Step 3: spread the no"),
        "make_topic": _("Make it a topic"),
        "vote_kind": _("Kind of vote"),
        "vote_single": _("Which topic comes first (one vote each)"),
        "vote_dots": _("Dot vote: order the whole agenda"),
        "dots_each": _("Dots each (for a dot vote)"),
        "start_vote": _("Start the vote"),
        "have_voted": _("have voted"),
        "first_prompt": _("Which topic should come first?"),
        "dots_prompt": _("Spread your {n} dots over the topics that matter most to you."),
        "dots_left": plural("%(num)d dot left", "%(num)d dots left"),
        "dot_add": _("Add a dot"),
        "dot_remove": _("Take a dot back"),
        "vote_btn": _("Send my vote"),
        "your_vote": _("Your vote is in. You can change it while the vote is open."),
        "decided_agenda": _("The agenda"),
        "in_majority": _("Your choice is part of the decision. The minority is asked what it needs."),
    }


def poll() -> dict[str, object]:
    return {
        "poll": _("Poll"),
        "poll_open": _("Start a poll"),
        "poll_proposal": _("Proposal"),
        "poll_proposal_hint": _("Put a proposal to the group, for example: We launch in September."),
        "poll_kind": _("Answers"),
        "poll_kind_yesno": _("Yes / yes, with a bit of no / no"),
        "poll_kind_choice": _("Multiple choice"),
        "poll_options": _("Options, one per line (at least two)"),
        "yes": _("Yes"),
        "yes_bit_of_no": _("Yes, with a bit of no"),
        "no": _("No"),
        "have_answered": _("have answered"),
        "counts_after_k": _("The counts are shown once {k} people have answered."),
        "counts_after_close": _("The counts are shown when the facilitator closes the vote."),
        "close_vote": _("Close the vote"),
        "confirm_close_vote": _("Close the vote anyway?"),
        "your_answer": _("Your answer: {answer}"),
        "change_hint": _("You can change your answer while the vote is open. Nobody sees what you chose."),
        "tie": _("The vote is tied."),
        "tie_phone": _("The vote is tied. The facilitator decides how to go on."),
        "revote": _("Vote again"),
        "decide_for": _("Decide for: {option}"),
        "majority": _("The majority: {option}"),
        "minority": _("The minority: {options}"),
        "nos_received": plural("%(num)d no received", "%(num)d no's received"),
        "ask_no": _("What is your no about?"),
        "ask_no_hint": _("Nobody sees who wrote it. It is shown to the group with the other no's, in random order."),
        "no_sent": _("Thank you. You can add more if you like."),
        "your_nos": _("What you wrote"),
        "others_seek_no": _("Those who said no, or a bit of no, are asked what their no is about."),
        "spread": _("Spread the no's"),
        "spread_prompt": _("Who shares a bit of this, even just a bit?"),
        "share": _("I share a bit of this"),
        "shared": _("You share a bit of this"),
        "share_count": plural("%(num)d shares a bit of this", "%(num)d share a bit of this"),
        "shared_after_k": _("How many share a bit of each is shown once {k} people have responded."),
        "shared_after_close": _("How many share a bit of each is shown when the facilitator moves on."),
        "nos_heading": _("The no's"),
        "seek_more": _("Ask for more no's"),
        "to_minority": _("Name the majority and ask the minority"),
        "ask_condition": _("What do you need to go along?"),
        "condition_hint": _("Your answer becomes a condition of the decision. Nobody sees who wrote it."),
        "condition_sent": _("Thank you. You can add more if you like."),
        "minority_asked": _("The minority is asked what it needs to go along."),
        "conditions": _("What the minority needs"),
        "conditions_received": plural("%(num)d condition received", "%(num)d conditions received"),
        "your_conditions": _("What you sent in this step"),
        "close_conditions": _("Show the conditions"),
        "no_nos": _("No no's were given."),
        "no_conditions": _("No conditions were given."),
        "carry": _("Carried, with these conditions"),
        "step5_note": _("What happens next (needed for step 5)"),
        "not_carried": _("Not carried: step 5"),
        "outcome_carried": _("Decision carried"),
        "outcome_step5": _("Not carried: step 5"),
        "rerun": _("Run the poll again"),
        "run": _("Run {n}"),
        "earlier_runs": _("Earlier runs"),
        "waiting_next": _("The facilitator takes the next step in a moment."),
        "not_answered": _("You did not answer this vote."),
    }


def stage() -> dict[str, object]:
    """The timer, "I'm done" and hiding from the screens (static/js/parts/stage.js)."""
    return {
        "timer_left": _("Time left"),
        "timer_paused": _("Paused"),
        "time_up": _("Time is up"),
        "timer_minutes": _("Minutes"),
        "timer_close_at_zero": _("Close the round at zero"),
        "timer_start": _("Start the timer"),
        "timer_add_minute": _("+1 minute"),
        "timer_pause": _("Pause"),
        "timer_resume": _("Resume"),
        "timer_reset": _("Reset the timer"),
        "i_am_done": _("I'm done"),
        "done_undo": _("Not done after all"),
        "done_said": _("The facilitator sees how many are done, never who."),
        "done_count": _("{done} of {joined} done"),
        "hide_heading": _("Hide from the beamer"),
        "hide_hint": _("Hide a contribution from the beamer and the phones (abuse, a name, an "
                       "accident). The summary says only how many were hidden."),
        "hide": _("Hide"),
        "unhide": _("Show again"),
        "hidden_mark": _("hidden"),
        "hidden_n": _("{n} hidden"),
    }


def step5() -> dict[str, object]:
    return {
        "step5": _("Step 5: the argument"),
        "step5_open": _("Go into it: open step 5"),
        "step5_open_hint": _("Both sides then say everything they have to say from their phones, off the record: nothing of it is written down. Then the insights, then the decision is put again."),
        "step5_off_record": _("Off the record: what is said in the heat is never written down, "
                              "not in the database, a log or the summary. It stays in the room."),
        "step5_phase_heat": _("The heat"),
        "step5_phase_insights": _("Insights"),
        "step5_phase_heard": _("What was heard"),
        "step5_phase_vote": _("Put again"),
        "step5_phase_decided": _("The result"),
        "step5_phases": _("The phases of step 5"),
        "step5_next_insights": _("End the heat: ask for insights"),
        "step5_next_heard": _("Show the insights"),
        "step5_next_vote": _("Put the decision again"),
        "step5_next_decided": _("Close the vote"),
        "step5_heat_ask": _("Both sides: say everything you have to say."),
        "step5_heat_label": _("What do you have to say?"),
        "step5_heat_hint": _("Sharp is allowed. Nobody sees who wrote it; it appears a few seconds later, mixed with others."),
        "step5_heat_sent": _("Sent. It appears with the next batch."),
        "step5_heat_none": _("Nothing said yet."),
        "step5_heat_mine": _("What you said (on this phone only, until the heat ends)"),
        "step5_majority": _("Majority"),
        "step5_minority": _("Minority"),
        "step5_you_speak_for": _("You speak for: {side}"),
        "step5_choose_side": _("This phone did not vote on this. Which side do you speak for?"),
        "step5_insight_prompt": _("What did you hear that is a bit true for you?"),
        "step5_insight_hint": _("Nobody sees who wrote it. The insights are shown together, in random order."),
        "step5_insight_sent": _("Thank you. You can add more if you like."),
        "step5_insights_later": _("The insights are shown when the facilitator moves on."),
        "step5_no_insights": _("No insights were given."),
        "step5_vote_prompt": _("The decision is put again. Vote as you see it now."),
        "step5_first_vote": _("The first vote"),
        "step5_result": _("The decision put again"),
        "step5_heat_over": _("The heat is over. What was said stays in the room."),
        "step5_heat_gone": _("The server restarted: what was said in the heat is gone, as it was never written down. Move on to the insights."),
    }


def for_page(role: str) -> dict[str, object]:
    strings = common()
    strings.update(stage())
    if role == "facilitator":
        strings.update(console())
        strings.update(summary())
    if role == "participant":
        strings["reconnecting"] = _("Reconnecting… your input is kept.")
    strings.update(checkin())
    strings.update(weather())
    strings.update(feet())
    strings.update(agenda())
    strings.update(poll())
    strings.update(step5())
    return strings
