"""Warnings come from the tables and are shown wherever they apply; secondary facts carry their
marker; every whisker says what it shows; lessons state the numbers their data rows hold.

One test (or a checkable data row) per finding of the accuracy and safety review:

1. blood-clot check before calf work;  2. one diabetes sentence;  3. no elbow in self-massage;
4. secondary marker;  5. whisker type, Franklin n, Wiltshire instruments;  6. risk factors both
ways;  7. windlass study;  8. stripping in the trial;  9. the smaller items.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import helpers as hp
from helpers import safety
from helpers.models import planner as P
from helpers.models.regions import load_region_map
from helpers.tables import load_table

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / "notebooks"
GUIDES = NB / "teacher-guide"
RMAP = load_region_map()
CALF_REGIONS = [r.region_id for r in RMAP.regions if r.view == "leg"]
CLOT_SIGNS = [item.text for item in safety.notice(topics=["clot"]).block("clot").items]
CLOT_ADVICE = safety.advice("clot")
DIABETES_ADVICE = safety.advice("diabetes")


def cells(stem):
    return json.loads((NB / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def source(cell):
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)


def outputs_text(cell):
    out = []
    for o in cell.get("outputs", []):
        if "text" in o:
            out.append(o["text"] if isinstance(o["text"], str) else "".join(o["text"]))
        for value in o.get("data", {}).values():
            out.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(out)


def markdown_text(stem):
    return "\n".join(source(c) for c in cells(stem) if c["cell_type"] == "markdown")


# ----------------------------------------------------------------------------- 1. blood clots
@pytest.mark.parametrize("region_id", CALF_REGIONS)
def test_every_leg_region_carries_the_clot_and_diabetes_warnings(region_id):
    assert RMAP.get(region_id).warnings == ("clot", "diabetes")
    assert {"clot", "diabetes", "stop"} <= set(safety.notice(regions=[region_id]).topics)


@pytest.mark.parametrize("region_id", [r.region_id for r in RMAP.regions])
def test_a_saved_plan_with_any_one_region_prints_the_warnings_that_apply(region_id):
    plan = P.plan_session({region_id: 2})
    md, page = P.render_markdown(plan), P.render_html(plan)
    assert DIABETES_ADVICE in md and html.escape(DIABETES_ADVICE) in page
    is_calf = region_id in CALF_REGIONS
    assert (CLOT_ADVICE in md) is is_calf
    assert (html.escape(CLOT_ADVICE) in page) is is_calf
    for sign in CLOT_SIGNS:
        assert (sign in md) is is_calf


def test_plan_with_only_deep_and_outer_calf_prints_clot_signs_and_same_day_advice():
    md = P.render_markdown(P.plan_session({"deep_calf": 2, "peroneals": 2}))
    assert "same day" in CLOT_ADVICE and CLOT_ADVICE in md
    for sign in CLOT_SIGNS:
        assert f"- [ ] {sign}" in md
    # the clot check is the first warning block of the plan
    assert md.index(safety.TITLES["clot"]) < md.index(safety.TITLES["diabetes"])


def test_clot_signs_are_tickable_rows_with_sources():
    rows = load_table("clot_signs").rows
    assert {r["kind"] for r in rows} == {"sign", "risk"}
    assert all(r["sources"] for r in rows)
    items = safety.notice(topics=["clot"]).block("clot").items
    assert all(item.tickable for item in items) and len(items) == len(rows)


def test_routine_steps_name_regions_that_exist():
    for step in hp.models.routine.load_steps():
        assert step.region_ids, step.step_id
        for rid in step.region_ids:
            RMAP.get(rid)


def test_each_routine_step_shows_the_warnings_of_its_regions():
    app = hp.apps.routine.RoutinePlayerApp()
    for index, step in enumerate(app.steps):
        text = html.unescape(app.step_html.value)
        calf = any(r in CALF_REGIONS for r in step.region_ids)
        assert (CLOT_ADVICE in text) is calf, step.step_id
        assert DIABETES_ADVICE in text, step.step_id
        if index < len(app.steps) - 1:
            app.next_button.click()
    assert any(r in CALF_REGIONS for r in app.steps[0].region_ids)


def test_safety_screen_starts_with_the_clot_rows_and_sends_a_clot_sign_to_same_day_care():
    app = hp.apps.routine.SafetyScreenApp()
    keys = list(app.checkboxes)
    assert keys[:len(CLOT_SIGNS)] == [f"clot_{r['sign_id']}" for r in load_table("clot_signs")]
    app.checkboxes["clot_swollen"].value = True
    assert not app.result.clear and app.result.message == CLOT_ADVICE


def test_lesson_03_checks_for_a_clot_before_any_calf_work():
    nb = cells("03-self-massage")
    first_clot = next(i for i, c in enumerate(nb) if CLOT_SIGNS[0] in outputs_text(c))
    first_player = next(i for i, c in enumerate(nb) if "RoutinePlayerApp" in source(c))
    first_red_flag = next(i for i, c in enumerate(nb) if 'load_table("red_flags")' in source(c))
    assert first_clot < first_red_flag < first_player


def test_lesson_00_warning_list_is_rendered_from_the_tables():
    nb = cells("00-start-here")
    shown = "\n".join(outputs_text(c) for c in nb if "hp.safety.notice" in source(c))
    for sign in CLOT_SIGNS:
        assert sign in shown
    assert CLOT_ADVICE in shown and DIABETES_ADVICE in shown
    for row in load_table("red_flags"):
        assert row["sign"] in shown


def test_teacher_guide_blocks_are_rendered_from_the_tables():
    for path in GUIDES.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert safety.fill_markdown_blocks(text) == text, f"{path.name}: run tools/render_safety_blocks.py"
    pair = (GUIDES / "03-self-massage.md").read_text(encoding="utf-8")
    activity = pair[pair.index("## Pair activity"):]
    assert activity.index(CLOT_SIGNS[0]) < activity.index("**2. Consent")
    assert activity.index(safety.TITLES["clot"]) < activity.index(safety.TITLES["red_flags"])


def test_deep_calf_is_worked_lightly_without_thumb_pressure_over_the_deep_veins():
    deep = RMAP.get("deep_calf")
    assert deep.pressure == "light"
    assert not {"tuina_pressing", "trigger_point", "stripping"} & set(deep.techniques)
    assert "cdc_clots" in deep.sources


# ----------------------------------------------------------------------------- 2. diabetes
def test_diabetes_advice_is_one_row_that_sends_everyone_with_diabetes_first():
    assert len(load_table("safety_advice").where(topic="diabetes")) == 1
    assert DIABETES_ADVICE.startswith("If you have diabetes")
    assert "even if your feet feel normal" in DIABETES_ADVICE


@pytest.mark.parametrize("stem", ["00-start-here", "02-massage-regions", "03-self-massage",
                                  "04-circulation"])
def test_no_lesson_limits_the_diabetes_advice_to_noticed_numbness(stem):
    text = markdown_text(stem).lower()
    for unsafe in ("diabetes with any numbness", "diabetes with any loss of feeling",
                   "with diabetes and reduced feeling in the feet, without asking"):
        assert unsafe not in text


@pytest.mark.parametrize("stem", ["00-start-here", "03-self-massage", "04-circulation"])
def test_lessons_that_give_diabetes_advice_render_the_row(stem):
    shown = "\n".join(outputs_text(c) for c in cells(stem))
    assert DIABETES_ADVICE in shown or html.escape(DIABETES_ADVICE) in shown


@pytest.mark.parametrize("region_id", ["heel_origin", *CALF_REGIONS])
def test_heel_and_calf_regions_carry_the_diabetes_advice_in_saved_plans(region_id):
    assert DIABETES_ADVICE in P.render_markdown(P.plan_session({region_id: 1}))


# ----------------------------------------------------------------------------- 3. elbow
def test_tuina_pressing_leaves_the_elbow_out_of_self_massage():
    tech = RMAP.techniques["tuina_pressing"]
    assert "leaves the elbow out" in tech.hand
    for step in hp.models.routine.load_steps():
        assert "elbow" not in step.how.lower()


# ----------------------------------------------------------------------------- 4. status marker
def test_status_marker_follows_the_source_status():
    for row in load_table("sources"):
        expected = "[secondary]" if row["status"] == "S" else ""
        assert hp.sources.status_marker(row["key"]) == expected


def test_every_rendered_warning_from_a_secondary_source_carries_the_marker():
    n = safety.notice(topics=["red_flags", "clot", "diabetes", "cautions", "stop"])
    for block in n.blocks:
        for item in block.items:
            if item.secondary:
                assert f"{item.text} [secondary]" in n.text()
        for key in block.advice_sources:
            if hp.sources.status_marker(key):
                assert hp.sources.short_cite_marked(key).endswith("[secondary]")


def test_checklist_guide_and_saved_list_mark_secondary_sources():
    app_mod = hp.apps.checklist
    questions = hp.models.checklist.load_questions()
    cites = app_mod.citation_texts(questions)
    for key, text in cites.items():
        assert text.endswith("[secondary]") is (hp.source(key)["status"] == "S")
    home = [q for q in questions if "koc2023" in q.sources]
    assert home and "[secondary]" in hp.models.checklist.guide_html(home[0], cites)
    assert "[secondary]" in hp.models.checklist.render_markdown(home, cites)


def test_guideline_table_marks_every_secondary_grade():
    table = hp.apps.evidence.guideline_table()._repr_html_()
    rows = table.split("<tr>")[2:]
    for row, data in zip(rows, hp.models.evidence.load_guideline_grades()):
        assert ("[secondary]" in row) is (data["status"] == "S")


@pytest.mark.parametrize("stem", ["05-does-it-work", "06-choosing-a-therapist"])
def test_lesson_text_about_guideline_grades_carries_the_marker(stem):
    for cell in cells(stem):
        if cell["cell_type"] != "markdown":
            continue
        for para in source(cell).split("\n\n"):
            if re.search(r"grade A|strongest grade|guideline-supported", para):
                assert "[secondary]" in para, para[:80]


# ----------------------------------------------------------------------------- 5. whiskers
def test_every_spread_has_its_recorded_type():
    for row in load_table("circulation_studies"):
        assert (row["sd"] is None) == (not row["dispersion"])
    for row in load_table("circulation_studies").where(study="Wiltshire 2010"):
        assert row["dispersion"] in ("SE", None, "")
    for row in load_table("circulation_studies").where(study="Franklin 2014"):
        assert row["dispersion"] == "SE"


def test_claim_checker_labels_each_whisker_with_its_type():
    from helpers.plots.circulation import spread_label

    app = hp.apps.circulation.ClaimCheckerApp()
    for claim in hp.apps.circulation.CLAIMS:
        app.claim_dropdown.value = claim
        for panel, group in zip(app.panels, app.result):
            for text, row in zip(panel.spreads, group["rows"]):
                expected = spread_label(row) if row["value"] is not None else ""
                assert text.get_text() == expected
        for line, group in zip(app.readout_lines(), app.result):
            for row in group["rows"]:
                if row["sd"] is not None:
                    kind = "type not stated" if row["dispersion"] == "not stated" else row["dispersion"]
                    assert f"± {row['sd']:g} ({kind})" in line
    assert "standard error" in app.caption.value


def test_no_lesson_calls_every_whisker_a_standard_deviation():
    text = markdown_text("04-circulation")
    assert "± one standard deviation" not in text
    assert "± SE" in text and "± SD" in text


def test_franklin_massage_only_group_is_11_and_wiltshire_instruments_are_recorded():
    rows = load_table("circulation_studies").where(study="Franklin 2014").rows
    assert {r["n"] for r in rows if r["condition"].startswith("Massage only")} == {11}
    for row in load_table("circulation_studies").where(study="Wiltshire 2010"):
        assert "Doppler" in row["instrument"] and "echo" in row["instrument"].lower()


# ----------------------------------------------------------------------------- 6. risk factors
def test_risk_factor_disagreement_is_shown_both_ways():
    rows = load_table("risk_factors").rows
    irving = [r for r in rows if r["study"] == "Irving 2007" and r["factor"] == "time_on_feet"]
    assert irving and "standing" in irving[0]["finding"]
    vl = [r for r in rows if r["study"] == "van Leeuwen 2016" and r["factor"] == "body_mass"]
    assert "only significant" in vl[0]["finding"]
    text = markdown_text("01-causes")
    assert "no difference between cases and controls in time spent standing" in text
    assert "only significant clinical association [S]" in text


def test_lesson_01_odds_ratios_and_intervals_come_from_the_rows():
    rows = load_table("risk_factors").rows
    ors = {f"{r['odds_ratio']:g}" for r in rows if r["odds_ratio"] is not None}
    cis = {(f"{r['ci_low']:g}", f"{r['ci_high']:g}") for r in rows if r["ci_low"] is not None}
    text = markdown_text("01-causes")
    section = text[text.index("## 4. Risk factors"):]
    for value in re.findall(r"\bOR (\d+(?:\.\d+)?)", section):
        assert value in ors
    for low, high in re.findall(r"(?:interval|CI) (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)", section):
        assert (low, high) in cis


# ----------------------------------------------------------------------------- 7. windlass
def test_lesson_01_states_the_windlass_study_as_its_abstract_does():
    text = markdown_text("01-causes")
    assert "the arch rose with the toe only while walking" not in text
    assert "raised the arch at once" in text
    assert "only in walking did the arch rise correlate" in text


# ----------------------------------------------------------------------------- 8. stripping
def test_stripping_is_named_as_a_trial_stroke_and_the_exercise_asks_for_the_sham_trial():
    stripping = RMAP.techniques["stripping"]
    assert "Renan-Ordine" in stripping.evidence and "neuromuscular" in stripping.evidence
    prompt = hp.exercises.get("02-technique-arch").prompt
    assert "sham" in prompt
    assert hp.exercises.check("02-technique-arch", "myofascial").correct
    text = markdown_text("02-massage-regions")
    assert "only trigger-point pressure release and myofascial release were used" not in text
    assert "stripping, the neuromuscular approach" in text


# ----------------------------------------------------------------------------- 9. smaller items
def test_mcmillan_pooled_difference_is_not_attributed_to_all_23_studies():
    text = markdown_text("01-causes")
    assert "Pooling 23 studies" not in text
    assert "pooling those of them that measured the fascia with ultrasound" in text


def test_lesson_04_does_not_call_a_several_fold_rise_modest_and_names_friction():
    text = markdown_text("04-circulation")
    assert "modest" not in text
    assert "friction of the hands" in text[text.index("**Key point.** In the model, skin"):]


def test_perfusion_is_converted_at_the_density_the_models_use():
    rho = {r["tissue"]: r["value"] for r in load_table("tissue_thermal").where(quantity="density")}
    app = hp.apps.circulation.ClearanceApp()
    assert app._rho["skin"] == rho["skin"] and app._rho["muscle"] == rho["muscle"]
    shown = "\n".join(outputs_text(c) for c in cells("04-circulation"))
    for tissue, value in (("muscle", 3.5), ("skin", 1.88)):
        per_s = hp.models.circulation.perfusion_to_per_s(value, rho[tissue])
        assert f"x {rho[tissue] / 1000:g} g/mL / 100 / 60 = {per_s:.2e} 1/s" in shown


def test_no_number_is_taught_from_a_source_without_a_row():
    for stem in ("04-circulation",):
        text = markdown_text(stem)
        assert "Guyton" not in text
        assert "American Diabetes Association, Standards of Care" not in text
    assert "boulton2008" in {r["key"] for r in load_table("sources")}


def test_sample_sizes_in_lesson_04_come_from_the_rows():
    rows = load_table("circulation_studies").rows
    text = markdown_text("04-circulation")
    for study in {r["study"].split(" [")[0] for r in rows}:
        author = study.split()[0]
        ns = {r["n"] for r in rows if r["study"].startswith(author)}
        for sentence in re.split(r"(?<=[.;])\s", text):
            if author in sentence:
                for n in re.findall(r"\((\d+) (?:men|people|volunteers|subjects|adults)\)", sentence):
                    assert int(n) in ns, (author, n)


def test_pain_log_uses_farrars_percent_rule_with_a_one_point_minimum():
    from helpers.models.painlog import trend

    def t(start, recent):
        return trend([("2026-01-01", start), ("2026-01-02", recent)], window=1)

    assert not t(3, 3).meaningful
    assert t(3, 2).meaningful                  # 1 point, 33%
    assert not t(9, 7).meaningful              # 2 points but only 22% from a high start
    assert t(9, 6).meaningful                  # 33%
    assert not trend([("2026-01-01", 2), ("2026-01-02", 2), ("2026-01-03", 1),
                      ("2026-01-04", 2), ("2026-01-05", 1), ("2026-01-06", 1)]).meaningful


def test_heel_pain_differential_is_cited_to_tu2011_and_no_note_denies_it():
    rows = load_table("sources")
    keys = {r["key"] for r in rows}
    assert "tu2011" in keys
    assert "afp2018" not in keys
    for r in rows:
        note = r.get("maintainer_note") or r.get("note") or ""
        if "Tu & Bytomski" in note or "tu2011" in note:
            assert "not in this table" not in note


def test_therapist_question_on_regions_counts_its_trials():
    words = {"one": 1, "two": 2, "three": 3, "four": 4}
    row = load_table("therapist_questions").by("question_id")["regions"]
    first = row["why_it_matters"].split()[0].lower()
    assert first in words and words[first] == len(row["sources"])
