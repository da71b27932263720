"""Tests for helpers.models.routine: steps, the timer state machine, discomfort advice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.models.routine import (
    DISCOMFORT_BANDS,
    STOP_SIGNS,
    FakeClock,
    RoutinePlayer,
    Step,
    discomfort_advice,
    format_seconds,
    load_steps,
)


def make_steps(*seconds):
    return [Step(f"s{i}", f"region {i}", "pressing", "light", "ache", s) for i, s in enumerate(seconds)]


@pytest.fixture
def clock():
    return FakeClock(1000.0)


@pytest.fixture
def player(clock):
    return RoutinePlayer(make_steps(30, 20, 10), clock=clock)


# ----------------------------------------------------------------------------- the data
def test_routine_steps_load_and_run_from_knee_to_toes():
    steps = load_steps()
    assert len(steps) >= 5
    ids = [s.step_id for s in steps]
    assert len(set(ids)) == len(ids)
    # the first step works on the calf just below the knee, the last on the toes
    assert "calf" in steps[0].region.lower()
    assert "toe" in steps[-1].region.lower()


def test_every_step_has_sources_that_resolve_and_a_basis():
    for step in load_steps():
        assert step.sources, step.step_id
        for key in step.sources:
            hp.source(key)  # raises on unknown keys
        assert step.basis in ("convention", "region_in_trial")
        assert step.pressure in ("light", "moderate", "firm")
        assert step.how and step.feel and step.technique


def test_routine_total_is_a_short_session():
    total = sum(s.seconds for s in load_steps())
    assert 180 <= total <= 900  # a few minutes, as the lesson says


# ----------------------------------------------------------------------------- the player
def test_player_starts_ready_and_does_not_read_clock_until_asked():
    calls = []

    def counting_clock():
        calls.append(1)
        return 0.0

    p = RoutinePlayer(make_steps(5), clock=counting_clock)
    assert p.state.status == "ready"
    assert calls == []


def test_start_runs_the_first_step(player, clock):
    state = player.start()
    assert state.status == "running"
    assert state.index == 0
    assert state.remaining_s == 30
    clock.advance(12)
    assert player.tick().remaining_s == pytest.approx(18)


def test_pause_freezes_and_resume_continues(player, clock):
    player.start()
    clock.advance(10)
    assert player.pause().remaining_s == pytest.approx(20)
    clock.advance(500)
    state = player.tick()
    assert state.status == "paused"
    assert state.remaining_s == pytest.approx(20)
    player.resume()
    clock.advance(5)
    assert player.tick().remaining_s == pytest.approx(15)


def test_resume_does_nothing_unless_paused(player, clock):
    assert player.resume().status == "ready"
    player.start()
    clock.advance(3)
    assert player.resume().remaining_s == pytest.approx(27)


def test_step_runs_out_and_player_moves_on_carrying_overshoot(player, clock):
    player.start()
    clock.advance(33)  # a late tick: 3 s into step 2
    state = player.tick()
    assert state.index == 1
    assert state.remaining_s == pytest.approx(17)
    assert state.running


def test_one_huge_tick_can_cross_several_steps_and_finish(player, clock):
    player.start()
    clock.advance(1000)
    state = player.tick()
    assert state.finished and not state.running
    assert state.index == 2
    assert state.remaining_s == 0
    assert state.progress == pytest.approx(1.0)


def test_next_skips_to_start_of_next_step(player, clock):
    player.start()
    clock.advance(4)
    state = player.next()
    assert state.index == 1
    assert state.remaining_s == 20
    clock.advance(2)
    assert player.tick().remaining_s == pytest.approx(18)


def test_next_when_paused_stays_paused(player, clock):
    player.start()
    player.pause()
    state = player.next()
    assert state.index == 1 and state.status == "paused"
    clock.advance(50)
    assert player.tick().remaining_s == 20


def test_next_on_last_step_finishes(player):
    player.start()
    player.next()
    player.next()
    state = player.next()
    assert state.finished and state.status == "finished"
    assert player.next().finished  # stays finished


def test_back_goes_to_previous_step_or_restarts_first(player, clock):
    player.start()
    clock.advance(5)
    state = player.back()
    assert state.index == 0 and state.remaining_s == 30  # restart the first step
    player.next()
    player.next()
    state = player.back()
    assert state.index == 1 and state.remaining_s == 20
    assert state.running


def test_back_after_finish_returns_to_last_step_paused(player, clock):
    player.start()
    clock.advance(100)
    assert player.tick().finished
    state = player.back()
    assert not state.finished
    assert state.status == "paused"
    assert state.index == 2 and state.remaining_s == 10


def test_start_after_finish_restarts_from_first_step(player, clock):
    player.start()
    clock.advance(100)
    player.tick()
    state = player.start()
    assert state.index == 0 and state.remaining_s == 30 and state.running


def test_start_while_paused_resumes(player, clock):
    player.start()
    clock.advance(10)
    player.pause()
    state = player.start()
    assert state.index == 0 and state.remaining_s == pytest.approx(20) and state.running


def test_clock_going_backwards_counts_as_no_time(player, clock):
    player.start()
    clock.now -= 50
    assert player.tick().remaining_s == pytest.approx(30)
    clock.advance(60)  # back to the original time + 10
    assert player.tick().remaining_s == pytest.approx(20)


def test_progress_and_elapsed(player, clock):
    player.start()
    clock.advance(30 + 5)
    state = player.tick()
    assert state.elapsed_total_s == pytest.approx(35)
    assert state.total_s == 60
    assert state.progress == pytest.approx(35 / 60)


def test_player_refuses_bad_steps_and_clock():
    with pytest.raises(ValueError, match="at least one step"):
        RoutinePlayer([])
    with pytest.raises(ValueError, match="seconds"):
        Step("x", "calf", "rolling", "light", "warm", 0)
    with pytest.raises(ValueError, match="clock must be a callable"):
        RoutinePlayer(make_steps(5), clock=3)


def test_player_refuses_a_clock_that_returns_nan():
    p = RoutinePlayer(make_steps(5), clock=lambda: float("nan"))
    with pytest.raises(ValueError, match="clock"):
        p.start()


@settings(max_examples=60, deadline=None)
@given(
    durations=st.lists(st.integers(1, 120), min_size=1, max_size=6),
    ticks=st.lists(st.floats(0, 90, allow_nan=False), max_size=40),
)
def test_elapsed_time_always_matches_clock_while_running(durations, ticks):
    clock = FakeClock()
    p = RoutinePlayer(make_steps(*durations), clock=clock)
    p.start()
    total = float(sum(durations))
    run = 0.0
    for dt in ticks:
        clock.advance(dt)
        run += dt
        state = p.tick()
        assert 0 <= state.remaining_s <= state.step_s
        assert state.elapsed_total_s == pytest.approx(min(run, total), abs=1e-6)
        assert state.finished == (run >= total - 1e-9)
        assert 0.0 <= state.progress <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["start", "pause", "resume", "next", "back", "tick", "wait"]), max_size=40))
def test_any_sequence_of_buttons_keeps_state_consistent(actions):
    clock = FakeClock()
    p = RoutinePlayer(make_steps(10, 20, 30), clock=clock)
    for action in actions:
        if action == "wait":
            clock.advance(7)
            continue
        state = getattr(p, action)()
        assert 0 <= state.index < 3
        assert 0 <= state.remaining_s <= state.step_s
        assert not (state.running and state.finished)
        if state.finished:
            assert state.remaining_s == 0


def test_format_seconds_counts_down_whole_seconds():
    assert format_seconds(90) == "1:30"
    assert format_seconds(59.2) == "1:00"
    assert format_seconds(-3) == "0:00"


# ----------------------------------------------------------------------------- discomfort
@pytest.mark.parametrize(
    "score, action",
    [(0, "continue"), (2, "continue"), (3, "continue"), (4, "ease"), (5, "ease"), (6, "stop"), (10, "stop")],
)
def test_discomfort_bands(score, action):
    assert discomfort_advice(score).action == action


@pytest.mark.parametrize("sign", sorted(STOP_SIGNS))
def test_any_stop_sign_means_stop_even_at_zero(sign):
    advice = discomfort_advice(0, signs=[sign])
    assert advice.stop
    assert STOP_SIGNS[sign] in advice.message


@pytest.mark.parametrize("bad", [-1, 11, 2.5, float("nan"), "5", None, True])
def test_discomfort_refuses_bad_scores(bad):
    with pytest.raises(ValueError, match="discomfort_score"):
        discomfort_advice(bad)


def test_discomfort_refuses_unknown_sign():
    with pytest.raises(ValueError, match="signs must be among"):
        discomfort_advice(2, signs=["itchy"])


@given(st.integers(0, 10))
def test_advice_never_gets_milder_as_score_rises(score):
    order = {"continue": 0, "ease": 1, "stop": 2}
    here = order[discomfort_advice(score).action]
    if score < 10:
        assert order[discomfort_advice(score + 1).action] >= here


def test_bands_cover_the_whole_scale():
    assert DISCOMFORT_BANDS[-1][0] == 10
    highs = [b[0] for b in DISCOMFORT_BANDS]
    assert highs == sorted(highs)
