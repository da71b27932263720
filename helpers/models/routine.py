"""A guided self-massage routine: the steps, a timer you can test, and advice on discomfort.

Three pieces, none of which imports ipywidgets or matplotlib:

- :class:`Step` and :func:`load_steps`: the routine from the knee to the toes, read from
  ``data/routine_steps.csv`` (region, technique, pressure, what to feel, seconds, sources, and
  whether the step rests on practice convention or on a trial that treated that region).
- :class:`RoutinePlayer`: a pure state machine for the timer. It never sleeps and never starts a
  thread. Time comes from a ``clock`` you pass in (any callable returning seconds), and the player
  only looks at it when you call one of its methods. In the notebook the ticks come from the
  browser (an ``ipywidgets.Play`` widget); in the tests a fake clock is moved by hand.
- :func:`discomfort_advice`: turns a 0-10 discomfort rating and any warning signs into plain
  advice (carry on, ease off, or stop).

>>> clock = FakeClock()
>>> player = RoutinePlayer([Step("a", "calf", "rolling", "moderate", "warmth", 30),
...                         Step("b", "arch", "pressing", "light", "ache", 20)], clock=clock)
>>> player.start().remaining_s
30.0
>>> clock.advance(35)
>>> state = player.tick()
>>> state.index, state.remaining_s
(1, 15.0)
>>> discomfort_advice(3).action
'continue'
>>> discomfort_advice(2, signs=["numbness"]).action
'stop'
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from helpers.schemas.base import split_ids
from helpers.tables import load_table
from helpers.validate import check_range

__all__ = [
    "Step",
    "load_steps",
    "RoutinePlayer",
    "PlayerState",
    "FakeClock",
    "DiscomfortAdvice",
    "discomfort_advice",
    "STOP_SIGNS",
    "DISCOMFORT_BANDS",
    "format_seconds",
    "ScreenResult",
    "safety_screen",
    "SCREEN_NOT_DIAGNOSIS",
]

MAX_STEP_SECONDS = 600  # a single step longer than 10 minutes is refused (typing error guard)


@dataclass(frozen=True)
class Step:
    """One step of the routine.

    Attributes
    ----------
    step_id : str
        Short identifier (``calf_rolling``).
    region : str
        Where the hands work, in plain words.
    technique : str
        What the hands do.
    pressure : str
        ``light``, ``moderate`` or ``firm`` (practice convention, not a measured force).
    feel : str
        What the learner should expect to feel.
    seconds : int
        Suggested duration (practice convention).
    sources : tuple of str
        Keys into ``data/sources.csv``.
    basis : str
        ``convention`` (no trial treated this region this way) or ``region_in_trial`` (a trial
        applied manual therapy to this region; the dose here is still convention).
    how : str
        Step-by-step instruction for the hands.
    name : str
        Short name for menus and axis labels (``Upper calf``).
    basis_note : str
        Why the step has that basis: which trial, or that none exists.
    region_ids : tuple of str
        The regions of ``data/regions.csv`` this step works (their warnings apply to the step).
    """

    step_id: str
    region: str
    technique: str
    pressure: str
    feel: str
    seconds: int
    sources: tuple = ()
    basis: str = "convention"
    how: str = ""
    name: str = ""
    basis_note: str = ""
    region_ids: tuple = ()

    @property
    def label(self) -> str:
        """Short name for menus and axis labels."""
        return self.name or self.region.split(",")[0]

    def __post_init__(self):
        check_range(f"seconds of step {self.step_id!r}", self.seconds, 1, MAX_STEP_SECONDS, "s")


def load_steps() -> tuple[Step, ...]:
    """Read the routine from ``data/routine_steps.csv`` (validated by its schema).

    Returns
    -------
    tuple of Step
        In table order, which runs from the knee towards the toes.
    """
    table = load_table("routine_steps")
    steps = []
    for row in sorted(table.rows, key=lambda r: r["order"]):
        sources = row["sources"]
        if isinstance(sources, str):
            sources = tuple(s.strip() for s in sources.split(";") if s.strip())
        steps.append(
            Step(
                step_id=row["step_id"],
                region=row["region"],
                technique=row["technique"],
                pressure=row["pressure"],
                feel=row["feel"],
                seconds=int(row["seconds"]),
                sources=tuple(sources),
                basis=row["basis"],
                how=row["how"],
                name=row["name"],
                basis_note=row["basis_note"],
                region_ids=tuple(split_ids(row["region_ids"])),
            )
        )
    return tuple(steps)


def format_seconds(seconds: float) -> str:
    """Format a duration as ``m:ss``, rounding up so a countdown never shows 0:00 early.

    >>> format_seconds(75)
    '1:15'
    >>> format_seconds(0.2)
    '0:01'
    >>> format_seconds(0)
    '0:00'
    """
    whole = int(math.ceil(max(0.0, float(seconds)) - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class FakeClock:
    """A clock for tests and examples: it only moves when told to.

    >>> c = FakeClock(10)
    >>> c()
    10.0
    >>> c.advance(2.5); c()
    12.5
    """

    def __init__(self, start: float = 0.0):
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += check_range("seconds", seconds, 0, None, "s")


@dataclass(frozen=True)
class PlayerState:
    """A snapshot of the player.

    Attributes
    ----------
    index : int
        Current step (0-based).
    step_count : int
    remaining_s : float
        Time left in the current step.
    step_s : float
        Full length of the current step.
    elapsed_total_s, total_s : float
        Time done in the whole routine, and its full length.
    running : bool
        The countdown is moving.
    started : bool
        ``start`` has been pressed at least once since the last reset.
    finished : bool
        The last step has run out (or Next was pressed on it).
    """

    index: int
    step_count: int
    remaining_s: float
    step_s: float
    elapsed_total_s: float
    total_s: float
    running: bool
    started: bool
    finished: bool

    @property
    def progress(self) -> float:
        """Fraction of the whole routine done, 0 to 1."""
        return self.elapsed_total_s / self.total_s if self.total_s else 1.0

    @property
    def status(self) -> str:
        """``ready``, ``running``, ``paused`` or ``finished``."""
        if self.finished:
            return "finished"
        if self.running:
            return "running"
        return "paused" if self.started else "ready"


class RoutinePlayer:
    """Timer for the routine, as a state machine driven by an injected clock.

    Nothing here waits: every method reads the clock once, brings the countdown up to date and
    returns a :class:`PlayerState`. When a step's time runs out during a :meth:`tick`, the player
    moves on to the next step; any overshoot (a late tick) is carried into the next step, so the
    total time stays right however irregular the ticks are. A clock that goes backwards is
    treated as no time passing.

    Parameters
    ----------
    steps : sequence of Step (or objects with a ``seconds`` attribute)
    clock : callable returning seconds
        ``time.monotonic`` by default; tests pass a :class:`FakeClock`.

    Examples
    --------
    >>> clock = FakeClock()
    >>> p = RoutinePlayer([Step("a", "calf", "rolling", "moderate", "warmth", 60)], clock=clock)
    >>> p.state.status
    'ready'
    >>> _ = p.start(); clock.advance(20); p.pause().remaining_s
    40.0
    >>> clock.advance(100); p.tick().remaining_s      # paused: time does not run
    40.0
    >>> _ = p.resume(); clock.advance(40); p.tick().status
    'finished'
    """

    def __init__(self, steps: Iterable, clock: Callable[[], float] = time.monotonic):
        self.steps = tuple(steps)
        if not self.steps:
            raise ValueError("steps must contain at least one step; got none")
        self._durations = []
        for i, step in enumerate(self.steps):
            seconds = getattr(step, "seconds", None)
            self._durations.append(
                check_range(f"seconds of step {i}", seconds, 1, MAX_STEP_SECONDS, "s")
            )
        if not callable(clock):
            raise ValueError(f"clock must be a callable returning seconds; got {clock!r}")
        self._clock = clock
        self.reset()

    # ----------------------------------------------------------------- internals
    def _now(self) -> float:
        value = self._clock()
        return check_range("clock()", value, None, None, "s")

    def _full(self, index: int) -> float:
        return self._durations[index]

    def _sync(self) -> None:
        """Bring the countdown up to date with the clock; move past steps that ran out."""
        if not self._running:
            return
        now = self._now()
        elapsed = max(0.0, now - self._anchor)
        self._anchor = max(now, self._anchor)
        self._remaining -= elapsed
        while self._remaining <= 1e-9:
            overshoot = -self._remaining
            if self._index >= len(self.steps) - 1:
                self._finish()
                return
            self._index += 1
            self._remaining = self._full(self._index) - overshoot

    def _finish(self) -> None:
        self._index = len(self.steps) - 1
        self._remaining = 0.0
        self._running = False
        self._finished = True

    # ------------------------------------------------------------------- queries
    @property
    def total_s(self) -> float:
        """Full length of the routine in seconds."""
        return float(sum(self._durations))

    @property
    def current_step(self):
        """The step the player is on."""
        return self.steps[self._index]

    @property
    def state(self) -> PlayerState:
        """Snapshot as of the last call that read the clock (does not read it again)."""
        done_before = sum(self._durations[: self._index])
        step_s = self._full(self._index)
        elapsed = done_before + (step_s - self._remaining)
        return PlayerState(
            index=self._index,
            step_count=len(self.steps),
            remaining_s=float(round(self._remaining, 6)),
            step_s=step_s,
            elapsed_total_s=float(round(elapsed, 6)),
            total_s=self.total_s,
            running=self._running,
            started=self._started,
            finished=self._finished,
        )

    # ------------------------------------------------------------------ commands
    def reset(self) -> PlayerState:
        """Back to the first step, not started."""
        self._index = 0
        self._remaining = self._full(0)
        self._anchor = 0.0
        self._running = False
        self._started = False
        self._finished = False
        return self.state

    def start(self) -> PlayerState:
        """Start from the first step; if paused, carry on instead; if running, do nothing."""
        if self._running:
            return self.tick()
        if self._started and not self._finished:
            return self.resume()
        self.reset()
        self._started = True
        self._running = True
        self._anchor = self._now()
        return self.state

    def pause(self) -> PlayerState:
        """Stop the countdown where it is."""
        self._sync()
        self._running = False
        return self.state

    def resume(self) -> PlayerState:
        """Carry on after :meth:`pause`. Does nothing unless paused."""
        if self._started and not self._running and not self._finished:
            self._running = True
            self._anchor = self._now()
        return self.tick()

    def tick(self) -> PlayerState:
        """Read the clock and update the countdown (call this about once a second)."""
        self._sync()
        return self.state

    def next(self) -> PlayerState:
        """Skip to the start of the next step (finishes the routine on the last step)."""
        self._sync()
        if self._finished:
            return self.state
        if self._index >= len(self.steps) - 1:
            self._finish()
            return self.state
        self._index += 1
        self._remaining = self._full(self._index)
        if self._running:
            self._anchor = self._now()
        return self.state

    def back(self) -> PlayerState:
        """Go to the start of the previous step (or restart the first step).

        After the routine has finished, Back returns to the start of the last step, paused.
        """
        self._sync()
        if self._finished:
            self._finished = False
            self._running = False
            self._index = len(self.steps) - 1
        elif self._index > 0:
            self._index -= 1
        self._remaining = self._full(self._index)
        if self._running:
            self._anchor = self._now()
        return self.state


# --------------------------------------------------------------------------- discomfort
STOP_SIGNS = {
    "sharp": "sharp, stabbing or electric pain",
    "burning": "burning",
    "numbness": "numbness, tingling or pins and needles",
    "lasting": "pain that is still there after the session has ended",
    "worse": "pain that is worse the next morning than before you started",
}

# Upper bound of each band on the 0-10 scale. These cut-offs are a teaching convention chosen
# for this course, not thresholds measured in any study of massage.
DISCOMFORT_BANDS = (
    (0, "none", "continue"),
    (3, "mild", "continue"),
    (5, "moderate", "ease"),
    (10, "strong", "stop"),
)


@dataclass(frozen=True)
class DiscomfortAdvice:
    """Advice for one rating.

    Attributes
    ----------
    score : int
        The 0-10 rating.
    band : str
        ``none``, ``mild``, ``moderate`` or ``strong``.
    action : str
        ``continue``, ``ease`` (lighter pressure, slower) or ``stop``.
    signs : tuple of str
        The stop signs reported.
    message : str
        Plain-language advice.
    """

    score: int
    band: str
    action: str
    signs: tuple
    message: str

    @property
    def stop(self) -> bool:
        return self.action == "stop"


def discomfort_advice(score, signs: Iterable[str] = ()) -> DiscomfortAdvice:
    """Advice for a discomfort rating (0-10) given after a step, plus any stop signs.

    Any stop sign (see :data:`STOP_SIGNS`) means stop, whatever the number. Otherwise the rating
    falls in a band of :data:`DISCOMFORT_BANDS` (a teaching convention, not a measured limit).

    Parameters
    ----------
    score : int
        0 (nothing) to 10 (worst imaginable). Whole numbers only.
    signs : iterable of str
        Keys of :data:`STOP_SIGNS`.

    Raises
    ------
    ValueError
        Score outside 0-10, not a whole number, or an unknown sign.

    Examples
    --------
    >>> discomfort_advice(4).action
    'ease'
    >>> discomfort_advice(8).action
    'stop'
    >>> discomfort_advice(11)
    Traceback (most recent call last):
    ...
    ValueError: discomfort_score must be between 0 and 10; got 11
    """
    x = check_range("discomfort_score", score, 0, 10)
    if x != int(x):
        raise ValueError(f"discomfort_score must be a whole number from 0 to 10; got {score}")
    score = int(x)
    signs = tuple(signs)
    for sign in signs:
        if sign not in STOP_SIGNS:
            allowed = ", ".join(STOP_SIGNS)
            raise ValueError(f"signs must be among {allowed}; got {sign!r}")
    band, action = next((b, a) for high, b, a in DISCOMFORT_BANDS if score <= high)
    if signs:
        named = "; ".join(STOP_SIGNS[s] for s in signs)
        message = (
            f"Stop the routine. You reported: {named}. These are not the usual dull ache of "
            "massage; they can mean a nerve or another problem. Do not restart until a "
            "clinician has looked at your foot."
        )
        return DiscomfortAdvice(score, band, "stop", signs, message)
    if action == "continue" and score == 0:
        message = (
            "No discomfort. Fine: massage does not have to hurt to be done properly. "
            "Carry on to the next step."
        )
    elif action == "continue":
        message = (
            f"{score}/10: mild discomfort is expected over tender spots. It should fade "
            "within a minute or so after the step. Carry on."
        )
    elif action == "ease":
        message = (
            f"{score}/10: that is a lot. Use lighter pressure and slower strokes for the "
            "next step. Check that it has eased by the end of the session."
        )
    else:
        message = (
            f"{score}/10: too strong. Stop pressing this area today. If it does not settle "
            "after the session, or is worse tomorrow morning, ask a clinician."
        )
    return DiscomfortAdvice(score, band, action, signs, message)


# --------------------------------------------------------------------------- safety screen
@dataclass(frozen=True)
class ScreenResult:
    """What the red-flag screen says.

    Attributes
    ----------
    clear : bool
        True when nothing was ticked. It never means "safe": the screen teaches, it does not
        diagnose.
    reasons : tuple of str
        One sentence per ticked item.
    message : str
        The headline shown to the learner.
    """

    clear: bool
    reasons: tuple
    message: str


SCREEN_NOT_DIAGNOSIS = (
    "This screen is a teaching aid, not a diagnosis: an empty screen does not prove that your "
    "heel pain is plantar fasciitis or that massage is safe for you."
)


def safety_screen(ticked: Iterable[str], flags, extra: Mapping[str, str] | None = None) -> ScreenResult:
    """Turn the ticked red flags (and other ticked items) into a see-a-clinician message.

    Parameters
    ----------
    ticked : iterable of str
        Ids of the ticked items.
    flags : sequence of dict
        Rows of ``data/red_flags.csv`` (``flag_id``, ``sign``, ``may_point_to``).
    extra : mapping id -> reason, optional
        Other items on the screen (reduced feeling from diabetes, a caution from the table).

    Raises
    ------
    ValueError
        An id that is not on the screen.

    Examples
    --------
    >>> flags = [{"flag_id": "night_pain", "sign": "Pain at night", "may_point_to": "other causes"}]
    >>> safety_screen([], flags).clear
    True
    >>> r = safety_screen(["night_pain"], flags)
    >>> r.clear, r.reasons[0]
    (False, 'Pain at night: may point to other causes.')
    """
    try:
        by_id = {f["flag_id"]: f for f in flags}
    except (TypeError, KeyError, IndexError):
        raise ValueError("flags must be the rows of data/red_flags.csv (each with flag_id, "
                         f"sign and may_point_to); got {flags!r:.60}") from None
    if not by_id:
        raise ValueError(f"flags must hold at least one row of data/red_flags.csv; got {flags!r:.60}")
    if extra is not None and not isinstance(extra, Mapping):
        raise ValueError(f"extra must map item ids to their reasons (a dict) or be None; "
                         f"got {extra!r:.60}")
    extra = dict(extra or {})
    reasons = []
    for item in ticked:
        if item in by_id:
            f = by_id[item]
            reasons.append(f"{f['sign']}: may point to {f['may_point_to'][0].lower()}{f['may_point_to'][1:]}.")
        elif item in extra:
            reasons.append(extra[item])
        else:
            known = ", ".join(list(by_id) + list(extra))
            raise ValueError(f"ticked must be among {known}; got {item!r}")
    if reasons:
        message = "See a clinician before self-massage."
    else:
        message = "Nothing ticked. You may go on to the routine, with the stop signs in mind."
    return ScreenResult(not reasons, tuple(reasons), message)


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
