# Build and test harness of the jsm.ops collection.
#
#   make test    everything CI runs: venv, sanity, units, integration, lint, build-check,
#                package-check on ansible-core 2.19 with Python 3.11, and beside them sanity, units
#                and integration again on the newest ansible-core with Python 3.12 (the newest-*
#                steps), the docs, eda-check (the example rulebook through ansible-rulebook), and ee and
#                ee-demo (the execution environment image built, and the demo run inside it)
#   make demo    build and install the collection, run examples/demo.yml against the emulator
#   make docs    the HTML documentation site, in .build/docs/html
#   make help    all targets
#
# Settings (make VAR=value):
#   ROW     version-matrix row: 2.19 (ansible-core 2.19, Python 3.11; the default) or newest
#           (the newest ansible-core, Python 3.12). Each row has its own venv and build dir.
#   PYTHON  interpreter the virtual environment is made from (default: the row's Python)
#   VENV    virtual environment directory (default .venv, or .venv-newest)
#   DOCS_VENV  virtual environment of the documentation build (default .venv-docs)
#   PACKAGE_VENV, IMPORTER_VENV   venvs of `make package-check` (default .venv-package, .venv-importer)
#   EDA_VENV  venv of `make eda-check`, with ansible-rulebook (default .venv-eda)
#   SPEC    Atlassian's OpenAPI spec; when the file exists, the emulator validates every
#           request and response against it (default ../shared/reference/jsm-ops-openapi.json)
#   SANITY_ARGS, PYTEST_ARGS, INTEGRATION_ARGS   extra arguments for those runners

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

ROW ?= 2.19
ifeq ($(ROW),2.19)
PYTHON_VERSION := 3.11
VENV ?= .venv
ROW_BUILD := .build
CONSTRAINTS := tests/constraints.txt
else ifeq ($(ROW),newest)
PYTHON_VERSION := 3.12
VENV ?= .venv-newest
ROW_BUILD := .build/newest
CONSTRAINTS := tests/constraints-newest.txt
else
$(error ROW must be 2.19 or newest, not '$(ROW)')
endif
# Common test libraries, plus the row's ansible-core (and, on 2.19, the lint and docs tools).
REQUIREMENTS := tests/requirements.txt tests/requirements-core-$(ROW).txt
ifndef PYTHON
PYTHON := $(shell tests/utils/find-python.sh $(PYTHON_VERSION))
endif
DOCS_VENV ?= .venv-docs
SPEC ?= ../shared/reference/jsm-ops-openapi.json
SANITY_ARGS ?=
PYTEST_ARGS ?=
INTEGRATION_ARGS ?=

ROOT := $(CURDIR)
VENV_DIR := $(abspath $(VENV))
VENV_BIN := $(VENV_DIR)/bin
VENV_PY := $(VENV_BIN)/python
VENV_STAMP := $(VENV_DIR)/.requirements-installed
BUILD := $(ROOT)/$(ROW_BUILD)
COLLECTION := $(BUILD)/ansible_collections/jsm/ops
DIST := $(BUILD)/dist
INSTALLED := $(BUILD)/installed
# Test steps leave one-line figures here (canary hits, fault matrix, ...); `make test` prints them.
REPORTS := $(ROOT)/.build/reports$(if $(filter newest,$(ROW)),/newest)
SPEC_FILE := $(abspath $(wildcard $(SPEC)))
DOCS_VENV_DIR := $(abspath $(DOCS_VENV))
DOCS_STAMP := $(DOCS_VENV_DIR)/.requirements-installed
DOCS_OUT := $(BUILD)/docs
# Venvs of the packaging checks, kept apart from $(VENV): galaxy-importer pins older packages.
PACKAGE_VENV ?= .venv-package
IMPORTER_VENV ?= .venv-importer
PACKAGE_VENV_DIR := $(abspath $(PACKAGE_VENV))
IMPORTER_VENV_DIR := $(abspath $(IMPORTER_VENV))
# Venv of the rulebook check: ansible-rulebook and its pins stay out of the test venv.
EDA_VENV ?= .venv-eda
EDA_VENV_DIR := $(abspath $(EDA_VENV))
EDA_WORK := $(BUILD)/eda

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

.PHONY: help test system venv constraints stage pip-bootstrap sanity units integration lint \
	collection build-check demo docs docs-venv clean distclean package-venvs package-check \
	package-constraints eda-venv eda-check eda-constraints

help:
	@echo "make test         what CI runs: every step on ansible-core 2.19 / Python 3.11, then"
	@echo "                  sanity, units and integration on the newest ansible-core / Python 3.12,"
	@echo "                  the docs and the rulebook check"
	@echo "make demo         build and install the collection, run examples/demo.yml against the emulator"
	@echo "make venv         create $(VENV) with the pinned test requirements"
	@echo "make sanity       ansible-test sanity"
	@echo "make units        pytest tests/unit (against the in-process emulator)"
	@echo "make integration  ansible-test integration against the emulator"
	@echo "make lint         ansible-lint, antsibull-docs and antsibull-changelog lint"
	@echo "make build-check  build, inspect and install the tarball, then run a module from it"
	@echo "make docs         HTML docs site (antsibull-docs + Sphinx, in $(DOCS_VENV)) in .build/docs/html"
	@echo "make package-check  ansible-builder create, the demo through ansible-runner, galaxy-importer"
	@echo "make eda-check    examples/rulebooks/auto_remediate.yml through ansible-rulebook against the emulator"
	@echo "make ee           build the execution environment image (ansible-builder, podman), print its size and contents"
	@echo "make ee-demo      examples/demo.yml inside that image through ansible-runner, against the emulator"
	@echo "make constraints  re-pin the row's constraints file from its requirements"
	@echo "make newest-STEP  STEP on the newest ansible-core with Python 3.12 (same as ROW=newest)"
	@echo "make clean        remove build output (make distclean: also the venvs)"

# The two matrix rows run side by side (see tests/utils/run-steps.sh); system packages
# are installed first, because two apt-get runs cannot share the package database.
test: system
	@MAKE='$(MAKE)' JSM_OPS_REPORT_DIR="$(REPORTS)" tests/utils/run-steps.sh venv sanity units integration lint build-check package-check \
		-- newest-venv newest-sanity newest-units newest-integration docs eda-check ee ee-demo

# newest-STEP: STEP on the matrix row with the newest ansible-core and Python 3.12.
newest-%:
	@$(MAKE) --no-print-directory $* ROW=newest

# ---- environment ---------------------------------------------------------------------------

# Debian packages the tests use, installed when missing and root: shellcheck for sanity,
# chromium and its driver for the on-call report's browser check in integration, a Java
# runtime for ansible-rulebook in eda-check (status 3: none, eda-check then reports not checked),
# podman and mmdebstrap for ee and ee-demo (status 3: no usable engine, reported as not checked).
system:
	tests/utils/ensure-shellcheck.sh
	tests/utils/ensure-chromium.sh
	tests/utils/ensure-java.sh || [ $$? -eq 3 ]
	tests/utils/ensure-podman.sh || [ $$? -eq 3 ]

venv: $(VENV_STAMP)

$(VENV_STAMP): $(REQUIREMENTS) $(CONSTRAINTS)
	if ! "$(VENV_PY)" -c '' 2>/dev/null; then \
		echo "+ $(PYTHON) -m venv $(VENV_DIR)"; \
		rm -rf "$(VENV_DIR)"; \
		"$(PYTHON)" -m venv "$(VENV_DIR)"; \
	fi
	"$(VENV_PY)" -m pip install --quiet $(addprefix -r ,$(REQUIREMENTS)) -c $(CONSTRAINTS)
	"$(VENV_PY)" -m pip check
	touch "$@"

constraints:
	rm -rf "$(BUILD)/constraints-venv"
	"$(PYTHON)" -m venv "$(BUILD)/constraints-venv"
	"$(BUILD)/constraints-venv/bin/python" -m pip install --quiet $(addprefix -r ,$(REQUIREMENTS))
	{ \
		echo '# Full pinned set of the ROW=$(ROW) test venv (pip freeze), used as `-c` with $(REQUIREMENTS).'; \
		echo '# Regenerate with `make constraints ROW=$(ROW)` after changing those files.'; \
		"$(BUILD)/constraints-venv/bin/python" -m pip freeze; \
	} > $(CONSTRAINTS)
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
	tests/utils/ensure-chromium.sh
	$(RUN) $(EMULATOR_ENV) ANSIBLE_TEST_PYTHON=$(ANSIBLE_TEST_PYTHON) JSM_OPS_REPORT_DIR="$(REPORTS)" \
		tests/utils/with-emulator.sh tests/utils/run-integration.sh "$(COLLECTION)" $(INTEGRATION_ARGS)

# ansible-lint resolves jsm.ops modules from the staged copy (offline, see .ansible-lint).
lint: venv stage
	$(RUN) ANSIBLE_COLLECTIONS_PATH="$(BUILD)" ansible-lint $$([ -t 1 ] || echo --nocolor)
	cd "$(COLLECTION)" && $(RUN) antsibull-docs lint-collection-docs --plugin-docs .
	$(RUN) antsibull-changelog lint
	@# CHANGELOG.md must be what antsibull-changelog makes of changelogs/changelog.yaml.
	$(RUN) ANSIBLE_COLLECTIONS_PATH="$(BUILD)" antsibull-changelog generate --output "$(BUILD)/CHANGELOG.md" --output-format md
	@cmp -s "$(BUILD)/CHANGELOG.md" CHANGELOG.md || { \
		echo "CHANGELOG.md is out of date: run antsibull-changelog generate (see $(BUILD)/CHANGELOG.md)"; exit 1; }

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

# $(call side_venv,DIR,REQUIREMENTS,CONSTRAINTS): create or update a venv of a tool kept out
# of the test venv, then stamp it.
define side_venv
if ! "$(1)/bin/python" -c '' 2>/dev/null; then \
	echo "+ $(PYTHON) -m venv $(1)"; \
	rm -rf "$(1)"; \
	"$(PYTHON)" -m venv "$(1)"; \
fi
"$(1)/bin/python" -m pip install --quiet -r $(2) -c $(3)
"$(1)/bin/python" -m pip check
touch "$(1)/.requirements-installed"
endef

package-venvs: $(PACKAGE_VENV_DIR)/.requirements-installed $(IMPORTER_VENV_DIR)/.requirements-installed

$(PACKAGE_VENV_DIR)/.requirements-installed: tests/requirements-package.txt tests/constraints-package.txt
	$(call side_venv,$(PACKAGE_VENV_DIR),tests/requirements-package.txt,tests/constraints-package.txt)

$(IMPORTER_VENV_DIR)/.requirements-installed: tests/requirements-importer.txt tests/constraints-importer.txt
	$(call side_venv,$(IMPORTER_VENV_DIR),tests/requirements-importer.txt,tests/constraints-importer.txt)

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
		"$(PYTHON)" -m venv "$(BUILD)/constraints-venv"; \
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

# ---- Event-Driven Ansible ------------------------------------------------------------------

eda-venv: $(EDA_VENV_DIR)/.requirements-installed

$(EDA_VENV_DIR)/.requirements-installed: tests/requirements-eda.txt tests/constraints-eda.txt
	$(call side_venv,$(EDA_VENV_DIR),tests/requirements-eda.txt,tests/constraints-eda.txt)

# examples/rulebooks/auto_remediate.yml through ansible-rulebook against the emulator: an alert tagged
# auto-remediate is closed by the playbook, an untagged one is left open, a wrong token stops the rulebook,
# and the token appears nowhere in the output (tests/utils/eda_check.py). Without a Java runtime >= 17 the
# step is reported as not checked. The collection is built and installed with the rulebook venv's
# ansible-galaxy into a directory of its own, so that make test can run this step while build-check and
# package-check rebuild $(DIST) and $(INSTALLED).
eda-check: venv eda-venv
	$(spec_notice)
	rm -rf "$(EDA_WORK)"
	mkdir -p "$(EDA_WORK)/output"
	env PATH="$(EDA_VENV_DIR)/bin:$$PATH" tests/utils/build-collection.sh "$(EDA_WORK)/dist" "$(EDA_WORK)/installed"
	$(EMULATOR_ENV) JSM_OPS_REPORT_DIR="$(REPORTS)" JSM_OPS_EMULATOR_LOG="$(EDA_WORK)/output/emulator.log" \
		tests/utils/with-emulator.sh "$(EDA_VENV_DIR)/bin/python" tests/utils/eda_check.py \
		--collections "$(EDA_WORK)/installed" --work "$(EDA_WORK)"

# Re-pin tests/constraints-eda.txt from tests/requirements-eda.txt.
eda-constraints:
	rm -rf "$(BUILD)/constraints-venv"
	"$(PYTHON)" -m venv "$(BUILD)/constraints-venv"
	"$(BUILD)/constraints-venv/bin/python" -m pip install --quiet -r tests/requirements-eda.txt
	{ \
		echo '# Full pinned set of the venv of `make eda-check` (pip freeze), used as `-c`.'; \
		echo '# Regenerate with `make eda-constraints`.'; \
		"$(BUILD)/constraints-venv/bin/python" -m pip freeze; \
	} > tests/constraints-eda.txt
	rm -rf "$(BUILD)/constraints-venv"

# ---- execution environment image -----------------------------------------------------------
# make ee        build the execution environment image with ansible-builder and podman, offline: a Debian
#                base made with mmdebstrap (reused while its recipe is unchanged), a wheelhouse made on the
#                host, the built collection; prints the image's size and contents (tests/utils/ee_image.py)
# make ee-demo   examples/demo.yml inside that image through ansible-runner, as AWX runs jobs, against the
#                emulator on the host (host networking); no token in what ansible-runner kept or printed
# make ee-clean  remove the images (the one built and the Debian base) and the build output
# Without a usable container engine (tests/utils/ensure-podman.sh, settings in tests/ee/containers.conf)
# both steps report "not checked". Settings:
#   EE_IMAGE         image name (default localhost/jsm-ops-ee:latest; also tagged with the collection version)
#   EE_VENV          venv with ansible-builder and ansible-runner (default .venv-ee)
#   EE_REBUILD_BASE  set to 1 to make the base image again even when one of the same recipe exists
EE_IMAGE ?= localhost/jsm-ops-ee:latest
EE_VENV ?= .venv-ee
EE_VENV_DIR := $(abspath $(EE_VENV))
EE_WORK := $(ROOT)/.build/ee
EE_REBUILD_BASE ?=

.PHONY: ee ee-demo ee-venv ee-clean

ee-venv: $(EE_VENV_DIR)/.requirements-installed

$(EE_VENV_DIR)/.requirements-installed: tests/requirements-package.txt tests/constraints-package.txt
	$(call side_venv,$(EE_VENV_DIR),tests/requirements-package.txt,tests/constraints-package.txt)

# The collection is built into a directory of its own, so that make test can run this step while
# build-check and package-check rebuild $(DIST).
ee: ee-venv
	env PATH="$(EE_VENV_DIR)/bin:$$PATH" tests/utils/build-collection.sh "$(EE_WORK)/dist" "$(EE_WORK)/installed"
	JSM_OPS_REPORT_DIR="$(REPORTS)" "$(EE_VENV_DIR)/bin/python" tests/utils/ee_image.py build --image "$(EE_IMAGE)" \
		--dist "$(EE_WORK)/dist" --work "$(EE_WORK)/build" --constraints tests/constraints-package.txt $(if $(EE_REBUILD_BASE),--rebuild-base)

ee-demo: venv ee-venv
	$(spec_notice)
	$(EMULATOR_ENV) JSM_OPS_REPORT_DIR="$(REPORTS)" tests/utils/with-emulator.sh \
		"$(EE_VENV_DIR)/bin/python" tests/utils/ee_image.py demo --image "$(EE_IMAGE)" --work "$(EE_WORK)/demo" \
		--build-work "$(EE_WORK)/build"

ee-clean:
	@if command -v podman >/dev/null 2>&1; then \
		export CONTAINERS_CONF="$(ROOT)/tests/ee/containers.conf"; \
		images=$$(podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '^$(firstword $(subst :, ,$(EE_IMAGE))):|^localhost/jsm-ops-ee-base:' || true); \
		if [ -n "$$images" ]; then echo "+ podman rmi $$images"; podman rmi $$images; fi; \
	fi
	rm -rf "$(EE_WORK)"

# ---- documentation -------------------------------------------------------------------------

# A venv of its own (Sphinx and its theme stay out of the test venv).
docs-venv: $(DOCS_STAMP)

$(DOCS_STAMP): docs/sphinx/requirements.txt docs/sphinx/constraints.txt
	$(call side_venv,$(DOCS_VENV_DIR),docs/sphinx/requirements.txt,docs/sphinx/constraints.txt)

# Module, lookup and role pages from the staged copy's own documentation, plus the guides
# in docs/docsite/; Sphinx with warnings as errors, offline.
# The docs have a staged copy of their own, so that make test can build them while the
# other steps use $(COLLECTION).
docs: docs-venv
	tests/utils/stage-collection.sh "$(DOCS_OUT)/collections/ansible_collections/jsm/ops"
	env PATH="$(DOCS_VENV_DIR)/bin:$$PATH" tests/utils/build-docs.sh "$(DOCS_OUT)/collections" "$(DOCS_OUT)"

# ---- housekeeping --------------------------------------------------------------------------

clean:
	rm -rf "$(BUILD)" tests/output .pytest_cache .ansible
	rm -f ./*.tar.gz
	find . -path ./.git -prune -o -path "./$(VENV)" -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf "$(VENV_DIR)" .venv-newest "$(DOCS_VENV_DIR)" "$(PACKAGE_VENV_DIR)" "$(IMPORTER_VENV_DIR)" "$(EDA_VENV_DIR)" "$(EE_VENV_DIR)"
