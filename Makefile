# vigkit: two commands to start.  `make lab` opens the course; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
LAB_PORT ?= 8888
LAB_ARGS ?=
VOILA_PORT ?= 8866
VOILA_ARGS ?=
# VIGKIT_NO_BROWSER=1 (or `make lab-headless`) starts the server without opening a browser.
NO_BROWSER := $(if $(filter 1 true yes,$(VIGKIT_NO_BROWSER)),--no-browser,)
# Containers and CI run as root; Jupyter refuses that unless told.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
START_NOTEBOOK := notebooks/00_start_here.ipynb
export VIGKIT_WORKSPACE ?= $(CURDIR)/vigkit-work
# The kit's own Jupyter settings (no news or update checks: nothing is sent anywhere).
export JUPYTER_CONFIG_PATH := $(CURDIR)/etc/jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH),)

PYTEST_PATHS ?= tests notebooks

.PHONY: help lab lab-headless voila voila-usage hub hub-stop test lint pytest bench media clean

help:
	@echo "make lab           open the vigkit course in JupyterLab (sets everything up first)"
	@echo "make lab-headless  the same without opening a browser (or VIGKIT_NO_BROWSER=1)"
	@echo "make voila NB=notebooks/NAME.ipynb  show one notebook as an app in Voila"
	@echo "make hub           a demo JupyterHub on 127.0.0.1:$$HUB_PORT (8000): a supervisor, three trainees"
	@echo "make test          install with test tools and run the whole test suite"
	@echo "make bench         run the speed benchmarks"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-hub: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[hub]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

media: $(VENV)/.installed
	@$(PY) -m vigkit doctor
	@$(PY) -m vigkit practice build --if-missing

lab: media
	$(VENV)/bin/jupyter lab $(START_NOTEBOOK) --ServerApp.ip=127.0.0.1 \
		--ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=$(CURDIR) $(NO_BROWSER) $(AS_ROOT) $(LAB_ARGS)

lab-headless:
	@$(MAKE) --no-print-directory lab VIGKIT_NO_BROWSER=1

# Voila for the course (vigkit/course/voila_app.py): a random token in the address it prints
# and opens, only this computer's host names, and only the course's films served (practice
# films, the workspace's films folder); it tells the kernels the kit's folder is the root.
voila: $(if $(NB),media,voila-usage)
	$(PY) -m vigkit.course.voila_app $(NB) --Voila.ip=127.0.0.1 \
		--Voila.port=$(VOILA_PORT) --Voila.root_dir=$(CURDIR) $(NO_BROWSER) $(VOILA_ARGS)

voila-usage:
	@echo "usage: make voila NB=notebooks/NAME.ipynb"; exit 2

# A local demo JupyterHub (hub/demo.py, hub/jupyterhub_config.py) in hub-demo/: users s01
# (supervisor), t01-t03 (trainees), the password it prints (or HUB_PASSWORD); Ctrl-C stops
# the hub, its proxy and every user's server. `make hub-stop` does the same from elsewhere.
HUB_PORT ?= 8000
HUB_ROOT ?= $(CURDIR)/hub-demo

hub: media $(VENV)/.installed-hub
	$(PY) hub/demo.py --root $(HUB_ROOT) --port $(HUB_PORT)

hub-stop:
	@test -f $(HUB_ROOT)/hub/launcher.pid && kill -INT $$(cat $(HUB_ROOT)/hub/launcher.pid) \
		|| echo "no demo hub is running in $(HUB_ROOT)"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check vigkit tests benchmarks examples hub conftest.py
	$(VENV)/bin/ruff format --check vigkit tests benchmarks examples hub conftest.py
	$(VENV)/bin/mypy

test: lint pytest

# pytest exits 5 when it collected no tests: that must fail, not pass quietly.
# ELAN's EAF 3.0 schema, to validate the .eaf files we write: it ships in pympi-ling's
# source distribution (test/EAFv3.0.xsd), fetched from PyPI once into the venv.
EAF_XSD := $(VENV)/share/vigkit/EAFv3.0.xsd
export VIGKIT_EAF_XSD ?= $(abspath $(EAF_XSD))

$(EAF_XSD): | $(VENV)/.installed-dev
	@mkdir -p $(dir $@)
	$(PY) -m pip download --quiet --no-deps --no-binary :all: pympi-ling==1.71 -d $(dir $@)
	$(PY) -c "import sys, tarfile; member = tarfile.open(sys.argv[1]).extractfile( \
		'pympi_ling-1.71/test/EAFv3.0.xsd'); open(sys.argv[2], 'wb').write(member.read())" \
		$(dir $@)pympi_ling-1.71.tar.gz $@.part
	@mv $@.part $@

pytest: $(VENV)/.installed-dev $(EAF_XSD)
	@$(PY) -m pytest $(PYTEST_PATHS) --nbval-lax $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest ran no tests - failing"; exit 1; fi; \
	exit $$status

bench: $(VENV)/.installed-dev
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
