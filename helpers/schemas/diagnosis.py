"""Schemas of the data files of lesson 07 (diagnosis): the look-alikes of plantar fasciitis,
the findings that point to them, example stories, and the accuracy of diagnostic tests.

- ``data/heel_pain_conditions.csv``: the differential, with the findings that point to each
  condition, what to do, and the red flags (ids in ``data/red_flags.csv``) it links to.
- ``data/heel_findings.csv``: findings a learner can tick; a red-flag finding carries only the
  id of its row in ``data/red_flags.csv``, whose wording is shown (warnings are never retyped).
- ``data/heel_vignettes.csv``: short example stories that tick a set of findings.
- ``data/diagnostic_tests.csv``: sensitivity and specificity from a study, with its size.
"""

from helpers.schemas.base import Column, Schema, split_ids, unknown_ids


def _check_finding(row) -> str | None:
    if bool(row["finding"]) == bool(row["red_flag"]):
        return "give either a finding (text) or a red_flag id, not both and not neither"
    if row["finding"] and not row["sources"]:
        return "a finding needs its sources"
    if row["red_flag"] and row["red_flag"] != row["finding_id"]:
        return "a red-flag finding uses the red flag's id as its finding_id"
    return None


def _check_test(row) -> str | None:
    if row["reported_accuracy"] is not None and not 0 <= row["reported_accuracy"] <= 1:
        return "reported_accuracy must be a fraction between 0 and 1"
    return None


#: Tests the lesson and its exercises read by id (exercise 07-best-rule-out compares them);
#: the ultrasound row's reported accuracy is printed beside the model's.
NAMED_TESTS = ("windlass_standing", "windlass_sitting", "ultrasound_4mm")
#: Conditions exercise 07-red-flag-first offers as answers.
NAMED_CONDITIONS = ("plantar_fasciitis", "heel_fracture", "fat_pad", "tarsal_tunnel")
#: The red flag of that exercise's story (an id in data/red_flags.csv).
SCENARIO_FLAG = "activity_rise"


def _unknown_findings(table, load):
    """A story (or a condition) ticks findings of data/heel_findings.csv."""
    return unknown_ids(table, load, "findings", "heel_findings", "finding_id")


def _check_conditions_table(table, load):
    """Rules across tables: the findings and red flags a condition names exist, and exactly one
    of the exercise's conditions carries the story's red flag."""
    found = (_unknown_findings(table, load)
             or unknown_ids(table, load, "red_flags", "red_flags", "flag_id"))
    if found:
        return found
    flagged = [row for row in table.rows if row["condition_id"] in NAMED_CONDITIONS
               and SCENARIO_FLAG in split_ids(row["red_flags"])]
    if len(flagged) != 1:
        return (flagged[1] if flagged else None, "red_flags",
                f"exactly one of {', '.join(NAMED_CONDITIONS)} must list the red flag "
                f"{SCENARIO_FLAG!r} (an exercise asks which one); found {len(flagged)}")
    return None


def _check_findings_table(table, load):
    """Rules across tables: a red-flag finding names a row of data/red_flags.csv."""
    return unknown_ids(table, load, "red_flag", "red_flags", "flag_id")


def _check_tests_table(table, load):
    """The lesson prints the reported accuracy of the ultrasound test beside the model's."""
    row = table.by("test_id")["ultrasound_4mm"]
    if row["reported_accuracy"] is None:
        return (row, "reported_accuracy", "the lesson compares this test's reported accuracy "
                "with the model's; fill it in")
    return None


SCHEMAS = [
    Schema(
        "heel_pain_conditions",
        (
            Column("condition_id"),
            Column("condition"),
            Column("label"),
            Column("where"),
            Column("points_to_it"),
            Column("findings"),
            Column("what_to_do"),
            Column("red_flags", required=False),
            Column("sources", "sources"),
        ),
        unique="condition_id",
        check_table=_check_conditions_table,
        required_keys=NAMED_CONDITIONS,
        description=(
            "Conditions a student must tell from plantar fasciitis: the findings that point to "
            "each (ids in heel_findings.csv), what to do, and its red flags (ids in red_flags.csv)."
        ),
    ),
    Schema(
        "heel_findings",
        (
            Column("finding_id"),
            Column("finding", required=False),
            Column("red_flag", required=False),
            Column("sources", "sources", required=False),
        ),
        unique="finding_id",
        check_table=_check_findings_table,
        description=(
            "Findings a learner can tick in the explorer; red-flag findings take their wording "
            "from red_flags.csv."
        ),
        check=_check_finding,
    ),
    Schema(
        "heel_vignettes",
        (
            Column("vignette_id"),
            Column("story"),
            Column("findings", required=False),
        ),
        unique="vignette_id",
        check_table=_unknown_findings,  # a story ticks findings of data/heel_findings.csv
        description="Example stories for the explorer; each ticks a set of findings.",
    ),
    Schema(
        "diagnostic_tests",
        (
            Column("test_id"),
            Column("test"),
            Column("positive_means"),
            Column("sensitivity", "number", minimum=0, maximum=1),
            Column("specificity", "number", minimum=0, maximum=1),
            Column("n_with", "integer", minimum=1),
            Column("n_without", "integer", minimum=1),
            Column("reported_accuracy", "number", required=False),
            Column("study"),
            Column("source", "source"),
        ),
        unique="test_id",
        check_table=_check_tests_table,
        required_keys=NAMED_TESTS,
        description=(
            "Sensitivity and specificity of tests for plantar fasciitis, with the number of "
            "people (or heels) with and without it in the study."
        ),
        check=_check_test,
    ),
]
