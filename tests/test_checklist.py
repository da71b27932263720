"""Lesson 06: the therapist questions (data), the list they export, and the checklist widget."""

import html
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as hp
from helpers.apps import checklist as app_mod
from helpers.models import checklist as m

# ---------------------------------------------------------------------------------------
# two hand-made records, so the exact export text does not depend on the data file
Q_A = m.TherapistQuestion(
    question_id="alpha", order=1, topic="cost", question="What does it cost?",
    why="Prices differ.", good_answer="A clear price.", warning_signs="Prepay pressure.",
    basis="practice convention", sources=(), note="",
)
Q_B = m.TherapistQuestion(
    question_id="beta", order=2, topic="screening", question="Do you ask about <diabetes> & feet?",
    why="Numb feet hide pain.", good_answer="They ask first.", warning_signs="No questions.",
    basis="evidence", sources=("hicks2019",), note="Nearly half, over a lifetime.",
)
CITES = {"hicks2019": "Hicks & Selvin 2019, verified"}

EXPECTED_MD = """# Questions to ask a massage therapist about heel pain

Chosen in lesson 06 of the plantar fasciitis and massage course. Take this list to a first appointment and note the answers.

## 1. What does it cost?

- Why ask: Prices differ.
- A good answer sounds like: A clear price.
- Warning signs: Prepay pressure.
- Based on: practice convention, not tested in studies
- Their answer:

## 2. Do you ask about <diabetes> & feet?

- Why ask: Numb feet hide pain.
- A good answer sounds like: They ask first.
- Warning signs: No questions.
- Based on: published evidence: Hicks & Selvin 2019, verified
- Evidence note: Nearly half, over a lifetime.
- Their answer:

---

These questions support a conversation with a therapist; they are not medical advice. If you have any of the warning signs for other causes of heel pain, see a doctor.
"""

EXPECTED_HTML_BODY = (
    "<ol><li><h2>What does it cost?</h2><dl><dt>Why ask</dt><dd>Prices differ.</dd>"
    "<dt>A good answer sounds like</dt><dd>A clear price.</dd><dt>Warning signs</dt>"
    "<dd>Prepay pressure.</dd><dt>Based on</dt><dd>practice convention, not tested in studies"
    "</dd></dl><div class=\"answer\">Their answer:</div></li>"
    "<li><h2>Do you ask about &lt;diabetes&gt; &amp; feet?</h2><dl><dt>Why ask</dt>"
    "<dd>Numb feet hide pain.</dd><dt>A good answer sounds like</dt><dd>They ask first.</dd>"
    "<dt>Warning signs</dt><dd>No questions.</dd><dt>Based on</dt>"
    "<dd>published evidence: Hicks &amp; Selvin 2019, verified</dd><dt>Evidence note</dt>"
    "<dd>Nearly half, over a lifetime.</dd></dl><div class=\"answer\">Their answer:</div></li></ol>"
)


# --- the data file ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def questions():
    return m.load_questions()


def test_question_table_loads_with_at_least_ten_questions(questions):
    assert len(questions) >= 10
    assert [q.order for q in questions] == sorted(q.order for q in questions)
    for q in questions:
        assert q.question.endswith("?")
        assert len(q.good_answer) > 40 and len(q.warning_signs) > 20


def test_questions_cover_what_issue_6_asks_for(questions):
    ids = {q.question_id for q in questions}
    assert {"training", "regions", "techniques", "pain", "home", "progress", "diabetes",
            "red_flags", "cost"} <= ids


def test_evidence_backed_questions_cite_the_right_sources(questions):
    by = {q.question_id: q for q in questions}
    assert "koc2023" in by["home"].sources                       # guideline treatments
    assert by["home"].basis == "evidence read in a summary"      # grades read in a summary only
    assert "hicks2019" in by["diabetes"].sources                 # FACTS 7.1
    assert "tu2011" in by["red_flags"].sources                  # red flags, read at aafp.org
    assert {"landorf2010", "farrar2001"} <= set(by["progress"].sources)   # FACTS 9
    for q in questions:
        if q.basis != "practice convention":
            assert q.sources, q.question_id


def test_summary_sources_are_marked_as_such(questions):
    for q in questions:
        statuses = {hp.source(k)["status"] for k in q.sources}
        if q.basis == "evidence read in a summary":
            assert "S" in statuses, q.question_id
        if q.basis == "evidence":
            assert "V" in statuses, q.question_id


def test_schema_refuses_evidence_without_sources(tmp_path):
    from helpers.schemas.checklist import SCHEMAS
    from helpers.tables import read_table

    header = ("question_id,order,topic,question,why_it_matters,good_answer,warning_signs,"
              "basis,sources,note\n")
    row = ("x,1,cost,Is it dear?,Because it can be dear.,A clear price per session.,"
           "Pressure to pay for many sessions.,evidence,,\n")
    path = tmp_path / "therapist_questions.csv"
    path.write_text(header + row, encoding="utf-8")
    with pytest.raises(ValueError, match="needs at least one key in column 'sources'"):
        read_table(path, SCHEMAS[0], {"hicks2019"})


# --- selection and rendering ----------------------------------------------------------------
def test_select_keeps_checklist_order_and_drops_repeats():
    assert m.select([Q_A, Q_B], ["beta", "alpha", "beta"]) == (Q_A, Q_B)
    assert m.select([Q_A, Q_B], "beta") == (Q_B,)
    assert m.select([Q_A, Q_B], []) == ()


def test_select_names_unknown_ids():
    with pytest.raises(ValueError, match=r"ids must be among alpha, beta; got 'gamma'"):
        m.select([Q_A, Q_B], ["alpha", "gamma"])


def test_markdown_export_is_exact():
    assert m.render_markdown([Q_A, Q_B], CITES) == EXPECTED_MD


def test_html_export_is_exact_and_escaped():
    page = m.render_html([Q_A, Q_B], CITES)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert "<title>Questions to ask a massage therapist about heel pain</title>" in page
    assert EXPECTED_HTML_BODY in page
    assert "<diabetes>" not in page
    assert page.endswith("</body>\n</html>\n")
    assert "@media print" in page


def test_empty_selection_is_refused():
    for render in (m.render_markdown, m.render_html):
        with pytest.raises(ValueError, match="no question is ticked"):
            render([])


def test_unknown_citation_key_shows_the_key():
    assert "Based on: published evidence: hicks2019" in m.render_markdown([Q_B])


@pytest.mark.parametrize("name, fmt", [("a.md", "markdown"), ("A.MD", "markdown"),
                                       ("notes.txt", "markdown"), ("x.markdown", "markdown"),
                                       ("list.html", "html"), ("list.htm", "html"),
                                       ("dir.v2/list.HTML", "html")])
def test_export_format_from_file_name(name, fmt):
    assert m.export_format(name) == fmt


@pytest.mark.parametrize("name, message", [("list.docx", "got '.docx'"), ("list", "no ending"),
                                           ("  ", "file name is empty")])
def test_export_format_refuses_other_endings(name, message):
    with pytest.raises(ValueError, match=message):
        m.export_format(name)


def test_with_format_swaps_or_adds_the_ending():
    assert m.with_format("my-list.md", "html") == "my-list.html"
    assert m.with_format("sub/my-list.html", "markdown") == str(Path("sub/my-list.md"))
    assert m.with_format("my-list", "html") == "my-list.html"
    assert m.with_format("", "markdown") == "my-therapist-questions.md"
    with pytest.raises(ValueError, match="fmt must be"):
        m.with_format("a.md", "pdf")


def test_a_record_with_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="basis must be one of"):
        m.TherapistQuestion("x", 1, "cost", "Q?", "w", "g", "x", "hearsay")


@settings(max_examples=60, deadline=None)
@given(picks=st.lists(st.integers(min_value=0, max_value=11), max_size=30))
def test_any_selection_exports_exactly_the_chosen_questions_in_order(picks):
    questions = m.load_questions()
    ids = [questions[i % len(questions)].question_id for i in picks]
    chosen = m.select(questions, ids)
    assert [q.question_id for q in chosen] == [q.question_id for q in questions
                                               if q.question_id in set(ids)]
    if not chosen:
        return
    text = m.render_markdown(chosen)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {n}. {q.question}" for n, q in enumerate(chosen, start=1)]
    page = m.render_html(chosen)
    assert page.count("<li>") == len(chosen)
    assert page.count("Their answer:") == len(chosen)


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=40))
def test_html_never_lets_text_become_markup(text):
    q = m.TherapistQuestion("t", 1, "cost", text + "?", text, text, text, "practice convention")
    page = m.render_html([q])
    body = page.split("<ol>", 1)[1].split("</ol>", 1)[0]
    structure = re.compile(r'</?(?:li|h2|dl|dt|dd)>|<div class="answer">|</div>')
    assert "<" not in structure.sub("", body)
    assert html.escape(text) in body


# --- citations shown in the list ----------------------------------------------------------------
def test_citation_texts_say_when_a_source_was_read_in_a_summary(questions):
    cites = app_mod.citation_texts(questions)
    assert cites["hicks2019"] == "Hicks & Selvin 2019, verified"
    assert cites["koc2023"] == "Koc et al. 2023, read in a summary [secondary]"
    assert cites["tu2011"] == "Tu & Bytomski 2011, verified"
    assert cites["nysed_massage"] == "NY State Office of the Professions, verified"
    assert set(cites) == set(m.source_keys(questions))


# --- saving -------------------------------------------------------------------------------
def _leftovers(folder: Path):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_save_writes_exactly_the_rendered_text(tmp_path, questions):
    target = tmp_path / "list.md"
    written = app_mod.save_checklist(target, ["diabetes", "cost"], questions=questions)
    chosen = m.select(questions, ["diabetes", "cost"])
    assert written == target.resolve()
    assert target.read_text(encoding="utf-8") == m.render_markdown(
        chosen, app_mod.citation_texts(chosen))
    page = tmp_path / "list.html"
    app_mod.save_checklist(page, ["cost"], questions=questions)
    assert page.read_text(encoding="utf-8") == m.render_html(
        m.select(questions, ["cost"]), app_mod.citation_texts(m.select(questions, ["cost"])))
    assert _leftovers(tmp_path) == []


def test_save_never_overwrites_silently(tmp_path, questions):
    target = tmp_path / "list.md"
    target.write_text("my own notes", encoding="utf-8")
    with pytest.raises(FileExistsError, match="already exists"):
        app_mod.save_checklist(target, ["cost"], questions=questions)
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert _leftovers(tmp_path) == []
    app_mod.save_checklist(target, ["cost"], overwrite=True, questions=questions)
    assert target.read_text(encoding="utf-8").startswith("# Questions to ask")


def test_save_into_a_missing_folder_is_refused(tmp_path, questions):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        app_mod.save_checklist(tmp_path / "nope" / "list.md", ["cost"], questions=questions)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not stop root")
def test_save_into_a_read_only_folder_raises_permission_error(tmp_path, questions):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            app_mod.save_checklist(folder / "list.md", ["cost"], questions=questions)
    finally:
        folder.chmod(0o700)


def test_save_error_messages_are_sentences_for_learners():
    d = app_mod.describe_save_error
    assert "already exists" in d(FileExistsError("x"), "a.md")
    assert "Tick 'Replace an existing file'" in d(FileExistsError("x"), "a.md")
    assert "folder for sub/a.md does not exist" in d(FileNotFoundError("x"), "sub/a.md")
    assert "do not have permission to write a.md" in d(PermissionError(13, "denied"), "a.md")
    assert "is a folder" in d(IsADirectoryError("x"), "notes")
    assert "the disk is full, so a.md was not written" in d(OSError(28, "No space left on device"), "a.md")
    assert d(ValueError("no question is ticked"), "a.md") == "Not saved: no question is ticked."


# --- the widget ---------------------------------------------------------------------------
@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return app_mod.ChecklistApp()


def test_app_starts_with_nothing_ticked_and_nothing_saved(app, tmp_path):
    assert app.result == ()
    assert app.readout_text() == "0 of 12 questions ticked. Tick the ones you want to ask."
    assert app.status_text() == "Nothing saved yet."
    assert app.path_text.value == "my-therapist-questions.md"
    assert not any(tmp_path.iterdir())
    assert "hp-app-checklist" in app.widget._dom_classes


def test_every_control_is_labelled_for_keyboard_and_screen_reader_users(app):
    controls = [*app.checkboxes.values(), *app.guide_buttons.values(), app.format_dropdown,
                app.path_text, app.overwrite_checkbox, app.save_button, app.tick_all_button,
                app.clear_button]
    for control in controls:
        assert control.description.strip()


def test_ticking_boxes_updates_result_and_readout(app):
    app.checkboxes["diabetes"].value = True
    app.checkboxes["training"].value = True
    assert [q.question_id for q in app.result] == ["training", "diabetes"]
    assert app.readout_text() == "2 of 12 questions ticked."
    assert "2 of 12" in app.readout.value
    app.checkboxes["training"].value = False
    assert [q.question_id for q in app.result] == ["diabetes"]


def test_tick_all_and_untick_all_buttons(app):
    app.tick_all_button.click()
    assert len(app.result) == 12
    app.clear_button.click()
    assert app.result == ()


def test_guide_button_reveals_good_answer_and_warning_signs(app):
    qid = "red_flags"
    panel = app.guide_panels[qid]
    assert not app.guide_shown(qid) and panel.layout.display == "none"
    assert "A good answer sounds like" in panel.value and "Warning signs" in panel.value
    assert "Tu &amp; Bytomski 2011, verified" in panel.value
    app.guide_buttons[qid].value = True
    assert app.guide_shown(qid) and app.guide_buttons[qid].description == "Hide guide"
    app.guide_buttons[qid].value = False
    assert not app.guide_shown(qid) and app.guide_buttons[qid].description == "Show guide"


def test_format_dropdown_changes_the_file_ending(app):
    app.format_dropdown.value = "html"
    assert app.path_text.value == "my-therapist-questions.html"
    app.format_dropdown.value = "markdown"
    assert app.path_text.value == "my-therapist-questions.md"


def test_save_button_writes_the_ticked_questions(app, tmp_path):
    app.tick(["progress", "cost"])
    app.save_button.click()
    target = tmp_path / "my-therapist-questions.md"
    chosen = m.select(app.questions, ["progress", "cost"])
    assert target.read_text(encoding="utf-8") == m.render_markdown(
        chosen, app_mod.citation_texts(chosen))
    assert app.status_text() == ("Saved 2 questions to my-therapist-questions.md as Markdown.")
    assert "✔" in app.status.value


def test_second_save_reports_existing_file_and_keeps_it(app, tmp_path):
    app.tick(["cost"])
    assert app.save() is not None
    before = (tmp_path / "my-therapist-questions.md").read_text(encoding="utf-8")
    app.tick(["cost", "pain"])
    assert app.save() is None
    assert app.status_text().startswith(
        "Not saved: a file called my-therapist-questions.md already exists.")
    assert (tmp_path / "my-therapist-questions.md").read_text(encoding="utf-8") == before
    app.overwrite_checkbox.value = True
    assert app.save() is not None
    assert "How much should the treatment hurt" in (
        tmp_path / "my-therapist-questions.md").read_text(encoding="utf-8")
    assert app.status_text() == "Saved 2 questions to my-therapist-questions.md as Markdown."


def test_saving_html_reports_a_printable_page(app, tmp_path):
    app.tick(["diabetes"])
    app.format_dropdown.value = "html"
    app.save_button.click()
    assert (tmp_path / "my-therapist-questions.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")
    assert app.status_text() == ("Saved 1 question to my-therapist-questions.html as a "
                                 "printable web page.")


def test_nothing_ticked_is_reported_not_saved(app, tmp_path):
    app.save_button.click()
    assert app.status_text() == ("Not saved: no question is ticked; tick at least one question "
                                 "first.")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("path, expected", [
    ("missing-folder/list.md", "Not saved: the folder for missing-folder/list.md does not exist."),
    ("list.docx", "Not saved: the file name must end in .md"),
    ("", "Not saved: the file name is empty"),
])
def test_bad_paths_are_reported_as_sentences(app, path, expected):
    app.tick(["cost"])
    app.path_text.value = path
    assert app.save() is None
    assert app.status_text().startswith(expected)
    assert "Traceback" not in app.status.value


def test_unwritable_place_is_reported_clearly(app, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(app_mod.files, "atomic_write_text", refuse)
    app.tick(["cost"])
    app.path_text.value = "locked/list.md"
    assert app.save() is None
    assert app.status_text() == (
        "Not saved: you do not have permission to write locked/list.md there. Choose a folder "
        "you can write to, or type just a file name such as my-therapist-questions.md.")


def test_a_folder_name_instead_of_a_file_is_reported(app, tmp_path):
    (tmp_path / "notes.md").mkdir()
    app.tick(["cost"])
    app.path_text.value = "notes.md"
    assert app.save() is None
    assert app.status_text().startswith("Not saved: notes.md is a folder.")


# --- the lesson notebook ---------------------------------------------------------------------
def test_lesson_notebook_never_saves_a_file_when_run():
    import json

    path = Path(__file__).resolve().parent.parent / "notebooks" / "06-choosing-a-therapist.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert ".save(" not in code and "save_checklist(" not in code and ".click(" not in code
    assert "ChecklistApp()" in code        # the default relative file name is used
    shown = json.dumps([c.get("outputs", []) for c in nb["cells"] if c["cell_type"] == "code"])
    assert "Default file name: my-therapist-questions.md" in shown
