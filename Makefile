# Build and test harness of the jsm.ops collection.
#
#   make test    everything CI runs: venv, sanity, units, integration, lint, build-check
#   make demo    build and install the collection, run examples/demo.yml against the emulator
#   make help    all targets
#
# Settings (make VAR=value):
#   PYTHON  interpreter the virtual environment is made from (default python3.11)
#   VENV    virtual environment directory (default .venv)
#   PACKAGE_VENV, IMPORTER_VENV   venvs of `make package-check` (default .venv-package, .venv-importer)
#   SPEC    Atlassian's OpenAPI spec; when the file exists, the emulator validates every
#           request and response against it (default ../shared/reference/jsm-ops-openapi.json)
#   SANITY_ARGS, PYTEST_ARGS, INTEGRATION_ARGS   extra arguments for those runners

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3.11
VENV ?= .venv
SPEC ?= ../shared/reference/jsm-ops-openapi.json
SANITY_ARGS ?=
PYTEST_ARGS ?=
INTEGRATION_ARGS ?=

ROOT := $(CURDIR)
VENV_DIR := $(abspath $(VENV))
VENV_BIN := $(VENV_DIR)/bin
VENV_PY := $(VENV_BIN)/python
VENV_STAMP := $(VENV_DIR)/.requirements-installed
BUILD := $(ROOT)/.build
COLLECTION := $(BUILD)/ansible_collections/jsm/ops
DIST := $(BUILD)/dist
INSTALLED := $(BUILD)/installed
# Test steps leave one-line figures here (canary hits, fault matrix, ...); `make test` prints them.
REPORTS := $(BUILD)/reports
SPEC_FILE := $(abspath $(wildcard $(SPEC)))
# Venvs of the packaging checks, kept apart from $(VENV): galaxy-importer pins older packages.
PACKAGE_VENV ?= .venv-package
IMPORTER_VENV ?= .venv-importer
PACKAGE_VENV_DIR := $(abspath $(PACKAGE_VENV))
IMPORTER_VENV_DIR := $(abspath $(IMPORTER_VENV))

# Python version handed to ansible-test (read from the venv when a recipe runs).
ANSIBLE_TEST_PYTHON ?= $(shell $(VENV_PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# Run a command with the venv's tools first on PATH.
RUN := env PATH="$(VENV_BIN):$$PATH"
# Settings for tests/utils/with-emulator.sh.
EMULATOR_ENV := PYTHON="$(VENV_PY)" $(if $(SPEC_FILE),JSM_OPS_EMULATOR_SPEC="$(SPEC_FILE)")

define spec_notice
@if [ -n "$(SPEC_FILE)" ]; then \
	echo "spec validation: on ($(SPEC_FILE))"; \
else \
	echo "spec validation: off ($(SPEC) not found)"; \
fi
endef

.PHONY: help test venv constraints stage pip-bootstrap sanity units integration lint \
	collection build-check demo clean distclean package-venvs package-check package-constraints

help:
	@echo "make test         venv, sanity, units, integration, lint, build-check (what CI runs)"
	@echo "make demo         build and install the collection, run examples/demo.yml against the emulator"
	@echo "make venv         create $(VENV) with the pinned test requirements"
	@echo "make sanity       ansible-test sanity"
	@echo "make units        pytest tests/unit (against the in-process emulator)"
	@echo "make integration  ansible-test integration against the emulator"
	@echo "make lint         ansible-lint, antsibull-docs and antsibull-changelog lint"
	@echo "make build-check  build, inspect and install the tarball, then run a module from it"
	@echo "make package-check  ansible-builder create, the demo through ansible-runner, galaxy-importer"
	@echo "make constraints  re-pin tests/constraints.txt from tests/requirements.txt"
	@echo "make clean        remove build output (make distclean: also $(VENV))"

test:
	@MAKE='$(MAKE)' JSM_OPS_REPORT_DIR="$(REPORTS)" tests/utils/run-steps.sh venv sanity units integration lint build-check

# ---- environment ---------------------------------------------------------------------------

venv: $(VENV_STAMP)

$(VENV_STAMP): tests/requirements.txt tests/constraints.txt
	if ! "$(VENV_PY)" -c '' 2>/dev/null; then \
		echo "+ $(PYTHON) -m venv $(VENV_DIR)"; \
		rm -rf "$(VENV_DIR)"; \
		$(PYTHON) -m venv "$(VENV_DIR)"; \
	fi
	"$(VENV_PY)" -m pip install --quiet -r tests/requirements.txt -c tests/constraints.txt
	"$(VENV_PY)" -m pip check
	touch "$@"

constraints:
	rm -rf "$(BUILD)/constraints-venv"
	$(PYTHON) -m venv "$(BUILD)/constraints-venv"
	"$(BUILD)/constraints-venv/bin/python" -m pip install --quiet -r tests/requirements.txt
	{ \
		echo '# Full pinned set of the test venv (pip freeze), used as `-c` with tests/requirements.txt.'; \
		echo '# Regenerate with `make constraints` after changing tests/requirements.txt.'; \
		"$(BUILD)/constraints-venv/bin/python" -m pip freeze; \
	} > tests/constraints.txt
	rm -rf "$(BUILD)/constraints-venv"

# Copy of the collection under .build/ansible_collections/jsm/ops, where ansible-test runs.
stage:
	tests/utils/stage-collection.sh "$(COLLECTION)"

# ansible-test's own venvs get pip from a cached bootstrap script; put a stand-in there.
pip-bootstrap: venv
	"$(VENV_PY)" tests/utils/install_pip_bootstrap.py --python $(ANSIBLE_TEST_PYTHON)

# ---- tests ---------------------------------------------------------------------------------

sanity: venv stage pip-bootstrap
	@ignores=$$(ls tests/sanity/ignore-*.txt 2>/dev/null || true); \
	if [ -n "$$ignores" ]; then \
		echo "sanity: ignore files are not allowed, fix the findings instead: $$ignores"; \
		exit 1; \
	fi
	tests/utils/ensure-shellcheck.sh
	cd "$(COLLECTION)" && $(RUN) ansible-test sanity --python $(ANSIBLE_TEST_PYTHON) $(SANITY_ARGS)

units: venv stage
	$(spec_notice)
	cd "$(COLLECTION)" && status=0 && \
		$(RUN) PYTHONPATH="$(BUILD)" JSM_OPS_REPORT_DIR="$(REPORTS)" $(if $(SPEC_FILE),JSM_OPS_EMULATOR_SPEC="$(SPEC_FILE)") \
		"$(VENV_PY)" -m pytest tests/unit $(PYTEST_ARGS) || status=$$?; \
	if [ "$$status" -eq 5 ]; then echo "units: pytest collected no tests, which counts as a failure"; fi; \
	exit "$$status"

integration: venv stage pip-bootstrap
	$(spec_notice)
	$(RUN) $(EMULATOR_ENV) ANSIBLE_TEST_PYTHON=$(ANSIBLE_TEST_PYTHON) JSM_OPS_REPORT_DIR="$(REPORTS)" \
		tests/utils/with-emulator.sh tests/utils/run-integration.sh "$(COLLECTION)" $(INTEGRATION_ARGS)

# ansible-lint resolves jsm.ops modules from the staged copy (offline, see .ansible-lint).
lint: venv stage
	$(RUN) ANSIBLE_COLLECTIONS_PATH="$(BUILD)" ansible-lint $$([ -t 1 ] || echo --nocolor)
	cd "$(COLLECTION)" && $(RUN) antsibull-docs lint-collection-docs --plugin-docs .
	$(RUN) antsibull-changelog lint

# ---- build ---------------------------------------------------------------------------------

collection: venv
	$(RUN) tests/utils/build-collection.sh "$(DIST)" "$(INSTALLED)"

build-check: collection
	$(spec_notice)
	$(RUN) $(EMULATOR_ENV) tests/utils/with-emulator.sh tests/utils/smoke-installed.sh "$(INSTALLED)"

demo: collection
	$(spec_notice)
	$(RUN) $(EMULATOR_ENV) ANSIBLE_COLLECTIONS_PATH="$(INSTALLED)" \
		tests/utils/with-emulator.sh ansible-playbook examples/demo.yml

# ---- packaging -----------------------------------------------------------------------------

# $(call package_venv,DIR,REQUIREMENTS,CONSTRAINTS): create or update a venv, then stamp it.
define package_venv
if ! "$(1)/bin/python" -c '' 2>/dev/null; then \
	echo "+ $(PYTHON) -m venv $(1)"; \
	rm -rf "$(1)"; \
	$(PYTHON) -m venv "$(1)"; \
fi
"$(1)/bin/python" -m pip install --quiet -r $(2) -c $(3)
"$(1)/bin/python" -m pip check
touch "$(1)/.requirements-installed"
endef

package-venvs: $(PACKAGE_VENV_DIR)/.requirements-installed $(IMPORTER_VENV_DIR)/.requirements-installed

$(PACKAGE_VENV_DIR)/.requirements-installed: tests/requirements-package.txt tests/constraints-package.txt
	$(call package_venv,$(PACKAGE_VENV_DIR),tests/requirements-package.txt,tests/constraints-package.txt)

$(IMPORTER_VENV_DIR)/.requirements-installed: tests/requirements-importer.txt tests/constraints-importer.txt
	$(call package_venv,$(IMPORTER_VENV_DIR),tests/requirements-importer.txt,tests/constraints-importer.txt)

# Execution environment build context (ansible-builder create), what the image build does with
# it, examples/demo.yml through ansible-runner against the emulator, galaxy-importer on the tarball.
# The two venvs are made side by side (-j2): most of a cold run is spent there.
package-check: venv collection
	$(MAKE) --no-print-directory -j2 package-venvs
	$(spec_notice)
	$(EMULATOR_ENV) JSM_OPS_REPORT_DIR="$(REPORTS)" tests/utils/with-emulator.sh \
		"$(PACKAGE_VENV_DIR)/bin/python" tests/utils/package_check.py --dist "$(DIST)" --work "$(BUILD)/package" \
		--importer-venv "$(IMPORTER_VENV_DIR)" --constraints tests/constraints-package.txt

# Re-pin tests/constraints-package.txt (with the collection's requirements.txt) and
# tests/constraints-importer.txt from their requirements files.
package-constraints:
	for kind in package importer; do \
		rm -rf "$(BUILD)/constraints-venv"; \
		$(PYTHON) -m venv "$(BUILD)/constraints-venv"; \
		reqs="-r tests/requirements-$$kind.txt"; \
		if [ "$$kind" = package ]; then reqs="$$reqs -r requirements.txt"; fi; \
		"$(BUILD)/constraints-venv/bin/python" -m pip install --quiet $$reqs; \
		{ \
			echo "# Full pinned set of the $$kind venv of \`make package-check\` (pip freeze), used as \`-c\`."; \
			echo '# Regenerate with `make package-constraints`.'; \
			"$(BUILD)/constraints-venv/bin/python" -m pip freeze; \
		} > "tests/constraints-$$kind.txt"; \
	done
	rm -rf "$(BUILD)/constraints-venv"

# ---- housekeeping --------------------------------------------------------------------------

clean:
	rm -rf "$(BUILD)" tests/output .pytest_cache .ansible
	rm -f ./*.tar.gz
	find . -path ./.git -prune -o -path "./$(VENV)" -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf "$(VENV_DIR)" "$(PACKAGE_VENV_DIR)" "$(IMPORTER_VENV_DIR)"
