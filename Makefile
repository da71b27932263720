# Plantar fasciitis and massage: interactive lessons.
#   make lab    install (first time), then open JupyterLab on the start page
#   make app    the course as web apps with the code hidden (Voila); make app NB=notebooks/01-causes.ipynb
#   make test   install (first time), then run every check: lint, unit and widget tests,
#               strict nbval over every notebook, and the real-browser test
# Other targets: make execute (re-run notebooks and store outputs), make nbval NB=..., make repair,
# make html (offline handouts), make slides, make worksheets (printable, no answers),
# make assignments (nbgrader course folder), make bench (speed report), make check (install
# check), make constraints (refresh pinned versions), make labextension (rebuild the course's
# JupyterLab extension), make clean.
# A class on one machine: sudo make hub [CLASS=class.txt] (hub/README.md); make loadtest.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST := $(BIN)/python -m pytest
# test processes at once (pytest-xdist): the unit and browser tests are independent, and on
# a 2-core machine two processes halve the unit tests' time; JOBS=1 runs them in one process
JOBS   ?= 2
XDIST  := $(if $(filter-out 0 1,$(JOBS)),-n $(JOBS),)
NPM_STAMP := build/.npm-installed

.PHONY: assignments worksheets app lab labextension test install repair lint unit nbval browser execute check constraints clean help html slides bench bench-compare \
        hub hub-env loadtest

help:
	@sed -n '1,11p' Makefile

$(BIN)/python:
	@$(PYTHON) tools/require_python.py
	$(PYTHON) -m venv $(VENV)

# reinstall only when what the install depends on changed
$(STAMP): $(BIN)/python pyproject.toml constraints.txt labextension/built/package.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    -c constraints.txt -e '.[test,teach]'
	@$(BIN)/python tools/lab_settings.py
	@$(BIN)/python -m helpers.check --quiet
	@touch $(STAMP)

# the stamp says when the install last ran; if the check now finds something broken (a package
# removed or changed since), install repairs it instead of saying "nothing to be done"
install: $(STAMP)
	@$(BIN)/python -m helpers.check --quiet >/dev/null 2>&1 || $(MAKE) --no-print-directory repair

# reinstall from constraints.txt what the install check finds missing or broken, then check
repair: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,teach]'
	@$(BIN)/python tools/lab_settings.py
	$(BIN)/python -m helpers.check --repair
	@touch $(STAMP)

# browser files for the handouts, slides and the accessibility check: npm ci from the pinned
# lock file, again only when package-lock.json (or package.json) changed; node_modules/ and
# build/ are not committed
$(NPM_STAMP): package-lock.json package.json
	@command -v npm >/dev/null || { echo "make html, slides and test need Node.js and npm (Debian: apt-get install -y npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@mkdir -p $(dir $@) && touch $@

# the course's JupyterLab extension (labextension/README.md): build labextension/src into
# labextension/built (committed, so installing the course needs no Node.js), then install it
labextension: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/build_labextension.py
	$(BIN)/python tools/lab_settings.py

# the token goes to the server in its environment (JUPYTER_TOKEN), which only the learner can
# read; a command-line option would show it to every user of the machine (ps, /proc/PID/cmdline)
lab: $(STAMP)
	@token=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); \
	echo ""; \
	echo "Opening JupyterLab on the start page. If no browser opens, open this link:"; \
	echo "    http://127.0.0.1:$(PORT)/lab/tree/notebooks/00-start-here.ipynb?token=$$token"; \
	echo "Stop it with Ctrl-C twice."; echo ""; \
	JUPYTER_TOKEN="$$token" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 exec $(BIN)/jupyter lab $(ROOT_FLAG) \
	    --ip=127.0.0.1 --port=$(PORT) --ServerApp.port_retries=0 --ServerApp.root_dir="$(CURDIR)" \
	    notebooks/00-start-here.ipynb

# app mode: Voila serves the course (a list of lessons) or one lesson (NB=...) as pages with the
# code hidden, on 127.0.0.1 only, with no request off the machine; tools/voila/ holds its
# settings (voila.json: kernels of closed pages shut down, idle ones culled) and the template
APP_NB = $(if $(filter %.ipynb,$(NB)),$(filter %.ipynb,$(NB)),notebooks)
APP_ENV = JUPYTER_PATH="$(CURDIR)/tools" JUPYTER_CONFIG_PATH="$(CURDIR)/tools/voila" \
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

app: $(STAMP)
	@echo ""; \
	echo "App mode: open http://127.0.0.1:$(PORT)/ in a browser (this machine only)."; \
	echo "Stop it with Ctrl-C."; echo ""; \
	$(APP_ENV) exec $(BIN)/voila "$(APP_NB)" --port=$(PORT) --Voila.port_retries=0

lint: $(STAMP)
	$(BIN)/ruff check helpers tests tools bench notebooks

unit: $(STAMP)
	$(PYTEST) tests helpers --doctest-modules -m "not browser" -q --ignore=tests/browser $(XDIST)

nbval: $(STAMP)
	$(PYTEST) --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	    --nbval-cell-timeout=120 $(NB) -q

browser: $(STAMP) $(NPM_STAMP)
	$(PYTEST) tests/browser -m browser -q $(XDIST)

test: $(STAMP)
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint unit nbval browser || exit 1; \
	echo "make test: all checks passed in $$(( $$(date +%s) - start )) s"

execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(filter %.ipynb,$(NB))

html: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/build_html.py $(filter %.ipynb,$(NB))

# nbgrader course folder in build/assignments (source/ and release/); nbgrader itself goes into
# its own environment, build/venv-grade, the first time (the lessons never need it)
assignments: $(STAMP)
	$(BIN)/python tools/build_assignments.py --release $(filter %.ipynb,$(NB))

# one printable worksheet per lesson (exercises and quiz questions, space to answer, no answers)
worksheets: $(STAMP)
	$(BIN)/python tools/build_worksheets.py $(filter %.ipynb,$(NB))

slides: $(STAMP) $(NPM_STAMP)
	$(BIN)/python tools/build_slides.py $(filter %.ipynb,$(NB))

# timings (not part of make test): widget updates vs replotting, notebook runs, browser latency
# single-threaded BLAS: the models' small matrices gain nothing from threads, and on a shared
# 2-core machine thread contention, not the app, would set the numbers
bench: $(STAMP) $(NPM_STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python bench/run_bench.py
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python bench/browser_latency.py --ratios 1,2
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python bench/course_timings.py
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python bench/step_cost.py
	$(BIN)/python bench/class_estimate.py
	$(BIN)/python bench/summary.py
	$(BIN)/python hub/loadtest.py --report-only

# step cost of earlier revisions beside this one, measured in one run: make bench-compare REVS="b634db7 ."
REVS ?= HEAD~1 .
bench-compare: $(STAMP)
	$(BIN)/python bench/compare_revisions.py $(REVS)

check: $(STAMP)
	$(BIN)/python -m helpers.check

constraints: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,teach]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	@echo "constraints.txt refreshed: run make test, then commit it."

clean:
	rm -rf $(VENV) build .pytest_cache

# ---- a class on one machine (hub/README.md) ----------------------------------------------
# sudo make hub [CLASS=class.txt] [HUB_IP=127.0.0.1] [HUB_PORT=8000]: (re)builds the class
# environment when the course changed, makes accounts for new names on the class list, stages
# the lessons (no teacher's guide) and serves the hub until Ctrl-C.
HUB_PREFIX ?= /opt/plantar-course
HUB_STATE  ?= /var/lib/plantar-course-hub
HUB_IP     ?= 127.0.0.1
HUB_PORT   ?= 8000
HUB_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
HUB_STAMP  := $(HUB_PREFIX)/.installed
HUB_SOURCES := pyproject.toml constraints.txt hub/constraints.txt hub/requirements.txt \
    hub/install_env.sh hub/proxy/package-lock.json $(shell git ls-files helpers data labextension/built 2>/dev/null)

$(HUB_STAMP): $(HUB_SOURCES)
	@[ "$$(id -u)" = 0 ] || { echo "the class environment is installed as root: sudo make hub"; exit 1; }
	@command -v npm >/dev/null || { echo "the hub's proxy needs Node.js and npm (Debian: apt-get install -y npm)"; exit 1; }
	HUB_PYTHON=$(HUB_PYTHON) hub/install_env.sh $(HUB_PREFIX)
	mkdir -p $(HUB_PREFIX)/proxy && cp hub/proxy/package.json hub/proxy/package-lock.json $(HUB_PREFIX)/proxy/
	npm ci --prefix $(HUB_PREFIX)/proxy --no-audit --no-fund --omit=dev
	@touch $@

hub-env: $(HUB_STAMP)
	$(HUB_PREFIX)/bin/python hub/stage_lessons.py $(HUB_PREFIX)/share/plantar-course/lessons

hub: hub-env
	$(if $(CLASS),HUB_STATE=$(HUB_STATE) $(HUB_PREFIX)/bin/python hub/students.py add $(CLASS),)
	@echo ""; echo "Serving the class on http://$(HUB_IP):$(HUB_PORT)/ (students log in with the"; \
	 echo "names and passwords in $(HUB_STATE)/passwords.csv). Stop it with Ctrl-C."; echo ""
	@mkdir -p -m 700 $(HUB_STATE)
	HUB_PREFIX=$(HUB_PREFIX) HUB_STATE=$(HUB_STATE) HUB_IP=$(HUB_IP) HUB_PORT=$(HUB_PORT) \
	    exec $(HUB_PREFIX)/bin/jupyterhub -f $(CURDIR)/hub/jupyterhub_config.py

# load test (not part of make test; about 30 min): the hub with N students dragging sliders,
# one real browser page measuring key press to new pixels; writes docs/PERFORMANCE.md's hub
# section and the README summary
loadtest: hub-env $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python hub/loadtest.py --prefix $(HUB_PREFIX)
