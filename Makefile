# Build and test harness of the jsm.ops collection.
#
#   make test    everything CI runs: spec, then venv, sanity, units, integration, lint, build-check,
#                package-check on ansible-core 2.19 with Python 3.11, and beside them sanity, units
#                and the version_matrix integration targets on the newest ansible-core with Python
#                3.12 (the newest-* steps), sanity, units and the version_matrix targets on ansible-core 2.16
#                (the 2.16-* steps), the docs, eda-check (the example rulebook through ansible-rulebook), and ee and
#                ee-demo (the execution environment image built, and the demo run inside it)
#   make demo    build and install the collection, run examples/demo.yml against the emulator
#   make docs    the HTML documentation site, in .build/docs/html
#   make bench   speed figures against the emulator with latency injected (not part of make test)
#   make help    all targets
#
# Settings (make VAR=value):
#   ROW     version-matrix row: 2.19 (ansible-core 2.19, Python 3.11; the default), newest
#           (the newest ansible-core, Python 3.12) or 2.16 (ansible-core 2.16, Python 3.11).
#           Each row has its own venv and build dir.
#   PYTHON  interpreter the virtual environment is made from (default: the row's Python)
#   VENV    virtual environment directory (default .venv, .venv-newest or .venv-2.16)
#   DOCS_VENV  virtual environment of the documentation build (default .venv-docs)
#   PACKAGE_VENV, IMPORTER_VENV   venvs of `make package-check` (default .venv-package, .venv-importer)
#   EDA_VENV  venv of `make eda-check`, with ansible-rulebook (default .venv-eda)
#   SPEC    a local copy of Atlassian's OpenAPI spec; the emulator validates every request and
#           response against the spec. Without SPEC, ../shared/reference/jsm-ops-openapi.json is
#           used when it exists, else the copy `make spec` downloads into .cache/ (`make test`
#           runs `make spec`); with none, validation is off and its checks are "not checked".
#   SANITY_ARGS, PYTEST_ARGS, INTEGRATION_ARGS, BENCH_ARGS   extra arguments for those runners

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
else ifeq ($(ROW),2.16)
PYTHON_VERSION := 3.11
VENV ?= .venv-2.16
ROW_BUILD := .build/2.16
CONSTRAINTS := tests/constraints-2.16.txt
else
$(error ROW must be 2.19, newest or 2.16, not '$(ROW)')
endif
# Common test libraries, plus the row's ansible-core (and, on 2.19, the lint and docs tools).
REQUIREMENTS := tests/requirements.txt tests/requirements-core-$(ROW).txt
ifndef PYTHON
PYTHON := $(shell tests/utils/find-python.sh $(PYTHON_VERSION))
endif
DOCS_VENV ?= .venv-docs
# Atlassian's published spec, pinned by its sha256 (make spec downloads it when no local copy is there).
SPEC_URL := https://developer.atlassian.com/cloud/jira/service-desk-ops/swagger.v3.json
SPEC_SHA256 := ed65f017bcb8eb65477e845e272a30ee6d3e0f7a1d422c6ff104941aa11f21d1
SPEC_CACHE := .cache/jsm-ops-openapi.json
SPEC_LOCAL := $(or $(SPEC),../shared/reference/jsm-ops-openapi.json)
SANITY_ARGS ?=
PYTEST_ARGS ?=
INTEGRATION_ARGS ?=
# File name, under the reports directory, of the integration targets' times.
INTEGRATION_TIMES ?= integration-times.txt
BENCH_ARGS ?=
# The secret canary's ANSIBLE_DEBUG run: full (every plugin through every failure path) or spread (each path once).
CANARY_DEBUG_PLAN ?= full

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
REPORTS := $(ROOT)/.build/reports$(if $(filter-out 2.19,$(ROW)),/$(ROW))
SPEC_FILE := $(abspath $(firstword $(wildcard $(SPEC_LOCAL) $(SPEC_CACHE))))
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

SPEC_STATUS := spec validation: $(if $(SPEC_FILE),on ($(SPEC_FILE)),off (no spec at $(SPEC_LOCAL) or $(SPEC_CACHE); make spec says why))
# Printed by each step that starts the emulator or the unit tests. Without a spec, the step
# also leaves the reason where tests/utils/run-steps.sh looks for it (JSM_OPS_NOT_CHECKED), so
# that `make test` lists it as "not checked", not as "passed".
define spec_notice
@echo "$(SPEC_STATUS)"
$(if $(SPEC_FILE),,@if [ -n "$${JSM_OPS_NOT_CHECKED:-}" ]; then \
	echo "requests and responses were not validated against Atlassian's spec (spec validation: off)" >>"$$JSM_OPS_NOT_CHECKED"; \
fi)
endef

.PHONY: help test system venv constraints stage pip-bootstrap sanity units api-coverage integration lint \
	collection build-check demo docs docs-venv clean distclean package-venvs package-check \
	package-constraints eda-venv eda-check eda-constraints spec spec-status integration-part1 \
	integration-part2 integration-matrix bench

help:
	@echo "make test         what CI runs: every step on ansible-core 2.19 / Python 3.11, then"
	@echo "                  sanity, units and the version_matrix integration targets on the newest"
	@echo "                  ansible-core / Python 3.12 and on ansible-core 2.16, the docs, the rulebook"
	@echo "                  check and the execution environment image (ee, ee-demo)"
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
	@echo "make bench        speed figures B1-B5 against the emulator with latency injected (not part of make test)"
	@echo "make ee           build the execution environment image (ansible-builder, podman), print its size and contents"
	@echo "make ee-demo      examples/demo.yml inside that image through ansible-runner, against the emulator"
	@echo "make constraints  re-pin the row's constraints file from its requirements"
	@echo "make newest-STEP  STEP on the newest ansible-core with Python 3.12 (same as ROW=newest)"
	@echo "make 2.16-STEP    STEP on ansible-core 2.16 with Python 3.11 (same as ROW=2.16)"
	@echo "make spec         find or download Atlassian's spec for the emulator's validation"
	@echo "make api-coverage write docs/docsite/rst/api_coverage.rst again from a run of every unit test"
	@echo "make clean        remove build output (make distclean: also the venvs)"

# The two matrix rows run side by side (see tests/utils/run-steps.sh); system packages
# are installed first, because two apt-get runs cannot share the package database.
test: system spec
	@MAKE='$(MAKE)' JSM_OPS_REPORT_DIR="$(REPORTS)" JSM_OPS_NOTICE="$$($(MAKE) -s --no-print-directory spec-status)" \
		tests/utils/run-steps.sh venv sanity units integration-part1 lint build-check package-check ee ee-demo \
		-- newest-venv newest-sanity newest-units newest-integration-matrix integration-part2 \
		2.16-venv 2.16-sanity 2.16-units 2.16-integration-matrix docs eda-check

# newest-STEP: STEP on the matrix row with the newest ansible-core and Python 3.12.
newest-%:
	@$(MAKE) --no-print-directory $* ROW=newest

# 2.16-STEP: STEP on the matrix row with ansible-core 2.16, the oldest that meta/runtime.yml accepts.
2.16-%:
	@$(MAKE) --no-print-directory $* ROW=2.16

# Atlassian's spec for the emulator: a local copy (SPEC, or ../shared/reference/), else the
# download kept in $(SPEC_CACHE), else downloaded from $(SPEC_URL) and checked against
# SPEC_SHA256. When none can be had it says so loudly and passes (status 3 is "none"): the steps
# then say "spec validation: off" and report the checks that need it as not checked.
spec:
	@"$(PYTHON)" tests/utils/fetch_spec.py --url "$(SPEC_URL)" --sha256 "$(SPEC_SHA256)" \
		--cache "$(SPEC_CACHE)" --local "$(SPEC_LOCAL)" || [ $$? -eq 3 ]

spec-status:
	@echo "$(SPEC_STATUS)"

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
		$(if $(PYTEST_ARGS),,JSM_OPS_API_COVERAGE="$(API_COVERAGE_MODE):$(ROOT)/docs/docsite/rst/api_coverage.rst") \
		"$(VENV_PY)" -m pytest -rs tests/unit $(PYTEST_ARGS) || status=$$?; \
	if [ "$$status" -eq 5 ]; then echo "units: pytest collected no tests, which counts as a failure"; fi; \
	exit "$$status"

# The API coverage page: which module calls each operation of the spec, read from a run of every unit test.
# make units checks it; make api-coverage writes it again.
API_COVERAGE_MODE ?= check
api-coverage:
	@$(MAKE) --no-print-directory units API_COVERAGE_MODE=write

integration: venv stage pip-bootstrap
	$(spec_notice)
	tests/utils/ensure-chromium.sh
	$(RUN) $(EMULATOR_ENV) ANSIBLE_TEST_PYTHON=$(ANSIBLE_TEST_PYTHON) JSM_OPS_REPORT_DIR="$(REPORTS)" \
		JSM_OPS_INTEGRATION_TIMES="$(INTEGRATION_TIMES)" JSM_OPS_CANARY_DEBUG_PLAN="$(CANARY_DEBUG_PLAN)" \
		tests/utils/with-emulator.sh tests/utils/run-integration.sh "$(COLLECTION)" $(INTEGRATION_ARGS)

# make test runs the integration targets of this row in two parts side by side, one in each
# lane: the targets with the alias integration_part2 (in a staged copy of their own), and the
# others. Put a new target in part 2 when the summary shows the second lane finishing first.
integration-part1:
	@$(MAKE) --no-print-directory integration INTEGRATION_ARGS="--exclude integration_part2/ $(INTEGRATION_ARGS)" \
		INTEGRATION_TIMES=integration-part1-times.txt

integration-part2:
	@$(MAKE) --no-print-directory integration ROW_BUILD=$(ROW_BUILD)/part2 INTEGRATION_ARGS="integration_part2/ $(INTEGRATION_ARGS)" \
		INTEGRATION_TIMES=integration-part2-times.txt

# The targets with the alias version_matrix: what may behave differently from one ansible-core
# to another (the action plugin's token masking under ANSIBLE_DEBUG, the lookup's option
# sources, roles, templating and filters). make test runs these on the newest and 2.16 rows; the
# 2.19 row runs every target.
# The secret canary's full matrix (every plugin through every failure path with ANSIBLE_DEBUG on) runs on the
# 2.19 row; on the other rows its debug run takes each failure path once, as its plain run does: what may differ
# between ansible-core releases is the masking and the display, which every plugin's success and every path still meet.
integration-matrix:
	@$(MAKE) --no-print-directory integration INTEGRATION_ARGS="version_matrix/ $(INTEGRATION_ARGS)" CANARY_DEBUG_PLAN=spread

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

# Built and installed once for build-check, package-check and demo: again only when a file git
# sees (or the venv) changed; outside a git checkout, every time.
COLLECTION_SOURCES := $(wildcard $(shell git ls-files -co --exclude-standard 2>/dev/null))
COLLECTION_STAMP := $(INSTALLED)/.built
collection: $(COLLECTION_STAMP)

$(COLLECTION_STAMP): $(VENV_STAMP) $(or $(COLLECTION_SOURCES),FORCE)
	$(RUN) tests/utils/build-collection.sh "$(DIST)" "$(INSTALLED)"
	touch "$@"

FORCE:

build-check: collection
	$(spec_notice)
	$(RUN) $(EMULATOR_ENV) tests/utils/with-emulator.sh tests/utils/smoke-installed.sh "$(INSTALLED)"

# The demo needs no inventory (its play runs on the implicit localhost): Ansible's warnings
# about a missing inventory are switched off for it.
demo: collection
	$(spec_notice)
	$(RUN) $(EMULATOR_ENV) ANSIBLE_COLLECTIONS_PATH="$(INSTALLED)" \
		ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
		tests/utils/with-emulator.sh ansible-playbook examples/demo.yml

# Speed figures against the emulator with 50 ms injected per API request (tests/bench/bench.py): each figure's
# wall time, requests, TCP connections, floor and ratio, next to what it is compared with. It prints, it asserts
# no time, and it is not part of make test. BENCH_ARGS takes the script's options (--latency, --schedules, ...);
# B5 runs the schedules role over 300 schedules, which takes minutes: BENCH_ARGS="--b5-role-max 100" leaves that out.
bench: collection
	$(RUN) "$(VENV_PY)" tests/bench/bench.py --collections "$(INSTALLED)" --work "$(BUILD)/bench" $(BENCH_ARGS)

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
	rm -rf "$(VENV_DIR)" .venv-newest .venv-2.16 .cache "$(DOCS_VENV_DIR)" "$(PACKAGE_VENV_DIR)" "$(IMPORTER_VENV_DIR)" "$(EDA_VENV_DIR)" "$(EE_VENV_DIR)"
