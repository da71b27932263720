"""'Your turn' exercises for lesson 02 (massage regions): find a region on the map, count the
regions no trial targeted, pick the trial-tested technique for the arch, and total a session.

Expected answers come from ``data/regions.csv`` and ``data/techniques.csv`` (through
:mod:`helpers.models.regions`) and from :mod:`helpers.models.planner` when a check runs, so
they follow the data. Three small judges live here because a region, a count and a technique
are not plain numbers; each has ``solution_text`` and ``solution_value`` like
:func:`helpers.exercises.numeric`.

>>> from helpers import exercises
>>> exercises.solution("02-find-chain-gap")
'4 (Achilles tendon)'
>>> print(exercises.check("02-find-chain-gap", 3))  # doctest: +ELLIPSIS
Not yet: 3 is the Soleus; ... Hint: ...
"""

from __future__ import annotations

from helpers.exercises import AnswerForm, Exercise, numeric
from helpers.models import planner
from helpers.models import regions as rmodel

#: Region asked for in exercise 1: on the calf-heel-fascia chain, yet no trial targeted it.
CHAIN_REGION_ID = "achilles"

#: Region whose techniques exercise 3 asks about.
ARCH_REGION_ID = "arch_fascia"

#: Planner changes of exercise 4: regions left out, and new minutes for some regions.
PLANNER_DROPPED = ("soleus", "achilles")
PLANNER_CHANGED_MIN = {"gastroc_medial": 5.0, "gastroc_lateral": 5.0}


def _as_int(answer):
    """``answer`` as a whole number, or None when it is not one."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() else None


def region_judge(region_id: str):
    """A judge for "find a region": accepts the map number, the region id or its label."""

    def lookup(answer):
        rmap = rmodel.load_region_map()
        number = _as_int(answer)
        if number is not None:
            matches = [r for r in rmap.regions if r.order == number]
        else:
            text = str(answer).strip().lower()
            matches = [r for r in rmap.regions
                       if text in (r.region_id.lower(), r.label.lower(), r.name.lower())]
        return matches[0] if matches else None

    def judge(answer):
        rmap = rmodel.load_region_map()
        region = lookup(answer)
        if region is None:
            return False, (f"{answer!r} is not a region of the map: answer with a number from "
                           f"1 to {len(rmap.regions)} or a region name.")
        evidence = rmodel.EVIDENCE_TEXT[region.evidence_level].lower()
        text = f"{region.order} is the {region.label}; its evidence line says: {evidence}."
        return region.region_id == region_id, text

    def solution_text():
        region = rmodel.load_region_map().get(region_id)
        return f"{region.order} ({region.label})"

    judge.solution_text = solution_text
    judge.solution_value = lambda: rmodel.load_region_map().get(region_id).order
    judge.form = AnswerForm("number", unit="region number", whole=True)
    return judge


def count_judge(expected, unit: str):
    """A judge for a whole-number count that must be exact (``expected()`` gives it)."""

    def judge(answer):
        number = _as_int(answer)
        if number is None:
            return False, f"{answer!r} is not a whole number; type digits only, such as 3."
        target = int(expected())
        if number == target:
            return True, f"{number} {unit}, as the map shows."
        side = "more" if number > target else "fewer"
        return False, f"{number} is {side} than the map shows."

    judge.solution_text = lambda: f"{int(expected())} {unit}"
    judge.solution_value = lambda: int(expected())
    judge.form = AnswerForm("number", unit=unit, whole=True)
    return judge


def technique_judge(expected_id, region_id: str):
    """A judge for one technique of a region; accepts the technique id, its name or the name's
    first word (``"myofascial"``). ``expected_id()`` gives the right technique id."""

    def lookup(answer):
        techniques = rmodel.load_region_map().techniques
        text = str(answer).strip().lower()
        for tech in techniques.values():
            name = tech.name.lower()
            if text and text in (tech.technique_id, name, name.split(" (")[0], name.split()[0]):
                return tech
        return None

    def judge(answer):
        rmap = rmodel.load_region_map()
        region = rmap.get(region_id)
        tech = lookup(answer)
        if tech is None:
            listed = ", ".join(rmap.technique_names(region))
            return False, f"{answer!r} is not one of the techniques; region {region.order} lists: {listed}."
        strength = rmodel.TECHNIQUE_EVIDENCE_TEXT[tech.evidence_level]
        if tech.technique_id not in region.techniques:
            return False, f"{tech.name} is not listed for region {region.order}."
        return tech.technique_id == expected_id(), f"{tech.name}: {strength}."

    def solution_text():
        tech = rmodel.load_region_map().techniques[expected_id()]
        return f"{tech.name} ({rmodel.TECHNIQUE_EVIDENCE_TEXT[tech.evidence_level]})"

    judge.solution_text = solution_text
    judge.solution_value = lambda: rmodel.load_region_map().techniques[expected_id()].name

    def listed():
        rmap = rmodel.load_region_map()
        return tuple(rmap.technique_names(rmap.get(region_id)))

    judge.form = AnswerForm("choice", choices=listed)
    return judge


def untested_region_count() -> int:
    """Number of regions whose evidence is "no trial targeted this region"."""
    return sum(r.evidence_level == "none" for r in rmodel.load_region_map().regions)


def trial_technique_for_arch() -> str:
    """The one technique listed for the arch region that a heel-pain trial tested against a sham
    treatment (evidence level ``trial``: myofascial release, Ajimsha 2014). Stripping, the other
    stroke of a heel-pain trial (Renan-Ordine 2011), was compared with stretching alone and is
    known only from a summary (level ``summary``)."""
    rmap = rmodel.load_region_map()
    found = [t for t in rmap.get(ARCH_REGION_ID).techniques
             if rmap.techniques[t].evidence_level == "trial"]
    if len(found) != 1:
        raise ValueError(f"expected one trial technique for {ARCH_REGION_ID}; found {found}")
    return found[0]


def changed_plan_minutes() -> dict:
    """Typical minutes for every region, with exercise 4's changes applied."""
    minutes = planner.default_minutes()
    for region_id in PLANNER_DROPPED:
        minutes.pop(region_id)
    minutes.update(PLANNER_CHANGED_MIN)
    return minutes


def changed_plan_total_min() -> float:
    """Total time of the changed plan (planner model)."""
    return planner.plan_session(changed_plan_minutes()).total_min


EXERCISES = [
    Exercise(
        "02-find-chain-gap",
        "Find the region on the leg view that lies on the chain from the calf to the heel bone "
        "and the fascia, yet no trial targeted it. Answer with its number on the map.",
        region_judge(CHAIN_REGION_ID),
        "Follow the chain of section 1: calf muscles, then what joins them to the heel bone. "
        "Click that region and read its evidence line.",
        "The link to the fascia runs through its sheath and the lining of the heel bone; the "
        "trials massaged the calf muscles above it.",
    ),
    Exercise(
        "02-count-untested",
        "Count the regions the map marks as 'no trial targeted this region' (grey with dots). "
        "Answer with a whole number.",
        count_judge(untested_region_count, "regions"),
        "Check both views, the leg and the sole; the table printed under the map lists the "
        "evidence of each region.",
        "Most of the sole and the toes were never targeted by a trial, although the article "
        "asks for them.",
    ),
    Exercise(
        "02-technique-arch",
        "Region 8, the fascia along the arch, lists four techniques. Which one was tested "
        "against a sham (pretend) treatment in a heel-pain trial? Answer with the technique's "
        "name.",
        technique_judge(trial_technique_for_arch, ARCH_REGION_ID),
        "Click region 8 to see its techniques, then pick each one in the technique list and "
        "read how strong its sources are.",
        "It was tested against sham ultrasound (Ajimsha 2014), and its results reached us only "
        "through a summary. Stripping was used in a heel-pain trial too (the neuromuscular "
        "approach of Renan-Ordine 2011, known to us from a summary), but against stretching "
        "alone, not against a sham.",
    ),
    Exercise(
        "02-planner-total",
        "Start from the typical times, untick the soleus and the Achilles tendon, and give each "
        "calf head 5 minutes. Predict the total time, then check it in the planner. Answer in "
        "minutes.",
        numeric(changed_plan_total_min, tolerance=0.01, unit="min"),
        "Start from the full plan's total printed under the planner, take away the two "
        "regions you untick, and add what the calf heads gain.",
        "The order stays knee to toes; only the minutes change.",
    ),
]
