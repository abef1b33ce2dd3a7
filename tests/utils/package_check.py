# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Packaging checks of the built collection tarball: execution environment, ansible-runner, galaxy-importer.

Steps, all against the tarball in ``--dist``:

1. ``ansible-builder create`` on examples/execution-environment.yml (the definition users copy),
   and on the same definition pointed at the built tarball; the generated build contexts are checked
   (Containerfile, the tarball and the galaxy requirements in ``_build/``).
2. What the image build would do with that context, without a container engine: the galaxy stage
   (``ansible-galaxy collection install -r requirements.yml`` inside ``_build/``), the builder stage
   (the context's own ``introspect.py`` over the installed collections, which must find the
   collection's requirements.txt and bindep.txt through meta/execution-environment.yml), and the
   Python part of the final stage (``pip install`` of the introspected requirements into this
   interpreter's environment).
3. examples/demo.yml through ``ansible-runner run`` (the engine AWX runs jobs with), using the
   collection installed in step 2, against the emulator of tests/utils/with-emulator.sh; the run must
   end ``successful`` with rc 0 and the expected events, and no credential may appear in what AWX
   keeps of a job (its events and output).
4. galaxy-importer on the tarball, in its own virtual environment; any error fails.

Run it with the Python of the packaging venv (ansible-builder, ansible-runner, ansible-core) under
tests/utils/with-emulator.sh; ``make package-check`` does all of it. When JSM_OPS_REPORT_DIR is set,
one line of figures goes to ``$JSM_OPS_REPORT_DIR/package.txt``.
"""

from __future__ import annotations

import argparse
import base64
import glob
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

import yaml
from packaging.requirements import Requirement

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAMESPACE, NAME = "jsm", "ops"
SUCCESS_LINE = "Importer processing completed successfully"
# Task names of examples/demo.yml whose module calls the API, and a schedule of the emulator's seed.
API_TASKS = (
    "List every schedule",
    "Read the schedules whose name starts with \"Platform\", with their rotations",
    "Ask every schedule who is on call now, and who is next",
)


class CheckError(Exception):
    """A packaging check failed."""


def log(message):
    print("package-check: %s" % message, flush=True)


def run(cmd, cwd=None, env=None, timeout=600):
    """Run a command, show it, return its output; fail with its output when it fails."""
    log("+ %s" % " ".join(cmd))
    proc = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-6000:], file=sys.stderr)
        what = os.path.basename(cmd[1] if cmd[0] == sys.executable else cmd[0])
        raise CheckError("%s failed with status %d" % (what, proc.returncode))
    return proc.stdout


def tool(name):
    """A command of the venv this script runs in."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    if not os.path.exists(path):
        raise CheckError("%s is not installed next to %s" % (name, sys.executable))
    return path


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def requirement_lines(path):
    """Non-comment lines of a requirements or bindep file."""
    lines = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = re.sub(r"(^|\s+)#.*$", "", line).strip()
            if line:
                lines.append(line)
    return lines


def requirement_name(line):
    return re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0].lower().replace("_", "-")


def find_tarball(dist):
    tarballs = glob.glob(os.path.join(dist, "%s-%s-*.tar.gz" % (NAMESPACE, NAME)))
    if len(tarballs) != 1:
        raise CheckError("expected one %s-%s-*.tar.gz in %s, found %d (run `make collection`)" % (NAMESPACE, NAME, dist, len(tarballs)))
    return tarballs[0]


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ---- 1. ansible-builder create ---------------------------------------------------------------

def builder_create(definition, context):
    shutil.rmtree(context, ignore_errors=True)
    run([tool("ansible-builder"), "create", "-f", definition, "-c", context, "--output-filename", "Containerfile", "-v", "1"])
    containerfile = os.path.join(context, "Containerfile")
    if not os.path.isfile(containerfile):
        raise CheckError("ansible-builder create wrote no %s" % containerfile)
    with open(containerfile, encoding="utf-8") as handle:
        text = handle.read()
    for step in ("ansible-galaxy collection install", "introspect.py introspect", "/output/scripts/assemble"):
        if step not in text:
            raise CheckError("%s has no step running %r" % (containerfile, step))
    with open(os.path.join(context, "_build", "requirements.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    return text, galaxy.get("collections") or []


def check_example(work):
    """The example definition users copy: valid for ansible-builder, installs jsm.ops."""
    example = os.path.join(ROOT, "examples", "execution-environment.yml")
    collections = builder_create(example, os.path.join(work, "example-context"))[1]
    names = [entry.get("name") if isinstance(entry, dict) else entry for entry in collections]
    if "%s.%s" % (NAMESPACE, NAME) not in names:
        raise CheckError("the build context of %s does not install %s.%s: %s" % (example, NAMESPACE, NAME, names))
    return example


def check_tarball_context(work, example, tarball):
    """The example definition pointed at the built tarball; returns the context's _build directory."""
    with open(example, encoding="utf-8") as handle:
        definition = yaml.safe_load(handle)
    base = os.path.basename(tarball)
    definition["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
    definition["dependencies"]["galaxy"] = {"collections": [{"name": "collections/%s" % base, "type": "file"}]}
    ee_dir = fresh_dir(os.path.join(work, "ee"))
    path = os.path.join(ee_dir, "execution-environment.yml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(definition, handle, sort_keys=False)
    context = os.path.join(ee_dir, "context")
    containerfile, collections = builder_create(path, context)
    build = os.path.join(context, "_build")
    copied = os.path.join(build, "collections", base)
    if not os.path.isfile(copied) or sha256(copied) != sha256(tarball):
        raise CheckError("the build context has no identical copy of %s at %s" % (base, copied))
    if collections != [{"name": "collections/%s" % base, "type": "file"}]:
        raise CheckError("_build/requirements.yml does not name the tarball: %s" % collections)
    if "COPY _build /build" not in containerfile:
        raise CheckError("the Containerfile does not copy _build/ (with the tarball) into the galaxy stage")
    return build


# ---- 2. what the image build does with the context -------------------------------------------

def galaxy_stage(build, collections_dir):
    """ansible-galaxy collection install -r requirements.yml, run inside _build/ as the image does."""
    shutil.rmtree(collections_dir, ignore_errors=True)
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1")
    run([tool("ansible-galaxy"), "collection", "install", "-r", "requirements.yml", "--collections-path", collections_dir], cwd=build, env=env)
    installed = os.path.join(collections_dir, "ansible_collections", NAMESPACE, NAME)
    for name in ("MANIFEST.json", "meta/execution-environment.yml"):
        if not os.path.isfile(os.path.join(installed, name)):
            raise CheckError("the installed collection has no %s" % name)
    return installed


def builder_stage(build, collections_dir, installed, out_dir):
    """The context's own introspect.py over the installed collections, as in the builder stage."""
    pip_out = os.path.join(out_dir, "requirements.txt")
    bindep_out = os.path.join(out_dir, "bindep.txt")
    for path in (pip_out, bindep_out):
        if os.path.exists(path):
            os.remove(path)
    script = os.path.join(build, "scripts", "introspect.py")
    run([sys.executable, script, "introspect", collections_dir, "--write-pip", pip_out, "--write-bindep", bindep_out])
    # introspect.py writes a file only when it found something to put in it.
    python_found = [requirement_name(line) for line in requirement_lines(pip_out)] if os.path.exists(pip_out) else []
    system_found = requirement_lines(bindep_out) if os.path.exists(bindep_out) else []

    with open(os.path.join(installed, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    dependencies = meta.get("dependencies") or {}
    declared_python = [requirement_name(line) for line in requirement_lines(os.path.join(installed, dependencies["python"]))]
    declared_system = requirement_lines(os.path.join(installed, dependencies["system"]))
    if not declared_python or "requests" not in declared_python:
        raise CheckError("the collection's %s does not declare requests, which its client imports" % dependencies["python"])
    if sorted(python_found) != sorted(declared_python):
        raise CheckError("introspection found Python requirements %s, the collection declares %s" % (python_found, declared_python))
    if len(system_found) != len(declared_system):
        raise CheckError("introspection found system requirements %s, the collection declares %s" % (system_found, declared_system))
    return pip_out, python_found, system_found


def satisfied(pip_out):
    """True when every introspected requirement is already installed in this environment."""
    for line in requirement_lines(pip_out):
        requirement = Requirement(line)
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            return False
        if not requirement.specifier.contains(installed, prereleases=True):
            return False
    return True


def final_stage(pip_out, constraints):
    """pip install of the introspected requirements, as the final stage installs its wheels."""
    if satisfied(pip_out):
        log("the introspected requirements are installed already: %s" % ", ".join(requirement_lines(pip_out)))
        return
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "-r", pip_out]
    if constraints:
        cmd += ["-c", constraints]
    run(cmd)
    run([sys.executable, "-m", "pip", "check"])


# ---- 3. the demo through ansible-runner ------------------------------------------------------

def secrets():
    email = os.environ["JSM_OPS_API_EMAIL"]
    token = os.environ["JSM_OPS_API_TOKEN"]
    if len(token) < 12:
        raise CheckError("the emulator's token is too short to search output for")
    basic = base64.b64encode(("%s:%s" % (email, token)).encode("utf-8")).decode("ascii")
    return {"API token": token, "base64 credentials": basic, "URL-encoded API token": quote(token, safe="")}


def runner_demo(work, collections_dir):
    if not os.environ.get("JSM_OPS_EMULATOR_URL"):
        raise CheckError("the demo needs the emulator: run this script through tests/utils/with-emulator.sh")
    pdd = fresh_dir(os.path.join(work, "runner"))
    for sub in ("project", "inventory", "env"):
        os.makedirs(os.path.join(pdd, sub))
    shutil.copy(os.path.join(ROOT, "examples", "demo.yml"), os.path.join(pdd, "project", "demo.yml"))
    with open(os.path.join(pdd, "inventory", "hosts"), "w", encoding="utf-8") as handle:
        handle.write("localhost ansible_connection=local\n")
    # What an AWX job gets: the credential as environment variables, the collection from the EE.
    envvars = {name: os.environ[name] for name in ("JSM_OPS_API_URL", "JSM_OPS_CLOUD_ID", "JSM_OPS_API_EMAIL", "JSM_OPS_API_TOKEN")}
    envvars.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_dir,
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_NOCOLOR": "true",
    })
    with open(os.path.join(pdd, "env", "envvars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(envvars, handle)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    for name in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_CONFIG"):
        env.pop(name, None)

    cmd = [tool("ansible-runner"), "run", pdd, "-p", "demo.yml", "--ident", "demo"]
    log("+ %s" % " ".join(cmd))
    proc = subprocess.run(cmd, env=env, timeout=600, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(proc.stdout[-4000:])
    artifacts = os.path.join(pdd, "artifacts", "demo")
    status = read_text(os.path.join(artifacts, "status"))
    rc = read_text(os.path.join(artifacts, "rc"))
    if proc.returncode != 0 or status != "successful" or rc != "0":
        raise CheckError("ansible-runner: exit %d, status %r, rc %r (expected 0, 'successful', '0')" % (proc.returncode, status, rc))
    tasks = check_events(artifacts)
    check_no_secrets(artifacts)
    return tasks


def read_text(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        return None


def load_events(artifacts):
    events = []
    for path in glob.glob(os.path.join(artifacts, "job_events", "*.json")):
        with open(path, encoding="utf-8") as handle:
            events.append(json.load(handle))
    return sorted(events, key=lambda event: event.get("counter", 0))


def check_events(artifacts):
    events = load_events(artifacts)
    kinds = [event.get("event") for event in events]
    bad = [event for event in events if event.get("event") in ("runner_on_failed", "runner_on_unreachable", "runner_item_on_failed")]
    if bad:
        raise CheckError("the demo had failed tasks: %s" % [event["event_data"].get("task") for event in bad])
    for kind in ("playbook_on_start", "playbook_on_play_start", "playbook_on_stats"):
        if kind not in kinds:
            raise CheckError("ansible-runner recorded no %s event" % kind)
    started = [event["event_data"].get("task") for event in events if event.get("event") == "playbook_on_task_start"]
    ok = {}
    for event in events:
        if event.get("event") == "runner_on_ok":
            data = event["event_data"]
            ok[data.get("task")] = data
    for task in API_TASKS:
        data = ok.get(task)
        if data is None:
            raise CheckError("the demo task %r did not end ok" % task)
        action = data.get("resolved_action") or data.get("task_action")
        if not str(action).startswith("%s.%s." % (NAMESPACE, NAME)):
            raise CheckError("the demo task %r ran %r, not a %s.%s module" % (task, action, NAMESPACE, NAME))
    schedules = ok["List every schedule"].get("res", {}).get("schedules") or []
    if not schedules:
        raise CheckError("the demo listed no schedules; the emulator's seed has some")
    stdout = read_text(os.path.join(artifacts, "stdout")) or ""
    missing = [schedule["name"] for schedule in schedules if schedule["name"] not in stdout]
    if missing:
        raise CheckError("the demo's output does not show the schedules %s" % missing)
    stats = [event for event in events if event.get("event") == "playbook_on_stats"][-1]["event_data"]
    if any(stats.get(key) for key in ("failures", "dark")):
        raise CheckError("the demo's play recap has failures: %s" % {key: stats.get(key) for key in ("failures", "dark")})
    if len(ok) != len(started):
        raise CheckError("%d tasks started, %d ended ok" % (len(started), len(ok)))
    log("ansible-runner: %d events, %d tasks ok, %d schedules listed" % (len(events), len(ok), len(schedules)))
    return len(ok)


def check_no_secrets(artifacts):
    """No credential in the job's events and output (what AWX keeps of a job).

    ansible-runner's own ``command`` file holds the environment it was given, credential included (AWX
    hands credentials to jobs the same way and keeps that file out of the job's record). It shows that the
    search works: the token must be found there.
    """
    found_in_command = False
    searched = 0
    for dirpath, _dirnames, filenames in os.walk(artifacts):
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if os.path.relpath(path, artifacts) == "command":
                found_in_command = os.environ["JSM_OPS_API_TOKEN"] in text
                continue
            searched += len(text)
            for what, value in secrets().items():
                if value in text:
                    raise CheckError("the %s appears in the runner artifact %s" % (what, path))
    if not found_in_command:
        raise CheckError("the token is not in ansible-runner's command file: the secret search cannot be trusted")
    log("no credential in %d characters of runner artifacts" % searched)


# ---- 4. galaxy-importer -----------------------------------------------------------------------

class Importer:
    """galaxy-importer on the tarball, started in the background (it takes longest) and awaited at the end."""

    def __init__(self, work, tarball, venv):
        self.out_dir = fresh_dir(os.path.join(work, "importer"))
        self.log_path = os.path.join(self.out_dir, "importer.log")
        self.tarball = tarball
        self.started = time.monotonic()
        # Its venv is activated (VIRTUAL_ENV, PATH): without that it silently skips ansible-doc and ansible-lint.
        # Its own ansible-test step needs a container engine; ansible-test runs in `make sanity` instead.
        path = os.path.join(venv, "bin") + os.pathsep + os.environ.get("PATH", "")
        env = dict(os.environ, VIRTUAL_ENV=venv, PATH=path, GALAXY_IMPORTER_RUN_ANSIBLE_TEST="false")
        for name in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "PYTHONPATH"):
            env.pop(name, None)
        cmd = [os.path.join(venv, "bin", "python"), "-m", "galaxy_importer.main", tarball]
        log("+ %s (in the background)" % " ".join(cmd))
        with open(self.log_path, "w", encoding="utf-8") as handle:
            self.proc = subprocess.Popen(cmd, cwd=self.out_dir, env=env, stdout=handle, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def result(self, timeout=600):
        try:
            status = self.proc.wait(timeout=timeout)
        finally:
            self.stop()
        with open(self.log_path, encoding="utf-8") as handle:
            output = handle.read()
        log("galaxy-importer finished after %.1fs (status %d)" % (time.monotonic() - self.started, status))
        return parse_importer(output, status, self.out_dir, self.tarball)


def parse_importer(output, status, out_dir, tarball):
    """Errors and warnings of a galaxy-importer run (some failed imports still exit 0)."""
    lines = output.splitlines()
    errors = [line for line in lines if line.startswith(("ERROR:", "CRITICAL:"))]
    warnings = [line for line in lines if line.startswith("WARNING:")]
    for line in errors + warnings:
        log("galaxy-importer: %s" % line)
    if status != 0 or errors or SUCCESS_LINE not in lines:
        print(output[-6000:], file=sys.stderr)
        raise CheckError("galaxy-importer: status %d, %d errors%s" % (status, len(errors), "" if SUCCESS_LINE in lines else ", import not completed"))
    result = os.path.join(out_dir, "importer_result.json")
    with open(result, encoding="utf-8") as handle:
        data = json.load(handle)
    if not data.get("contents"):
        raise CheckError("galaxy-importer found no content in %s" % tarball)
    log("galaxy-importer: %d errors, %d warnings, %d content items" % (len(errors), len(warnings), len(data["contents"])))
    return len(errors), len(warnings), len(data["contents"])


# ---- main -----------------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dist", required=True, help="directory with the built jsm-ops-*.tar.gz")
    parser.add_argument("--work", required=True, help="scratch directory (emptied)")
    parser.add_argument("--importer-venv", required=True, help="virtual environment with galaxy-importer")
    parser.add_argument("--constraints", help="pip constraints for installing the introspected requirements")
    parser.add_argument("--skip-importer", action="store_true", help="leave out galaxy-importer")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    work = fresh_dir(os.path.abspath(args.work))
    timings = []
    started = time.monotonic()

    def timed(label, func, *func_args):
        begin = time.monotonic()
        value = func(*func_args)
        timings.append("%s %.1fs" % (label, time.monotonic() - begin))
        return value

    background = None
    try:
        tarball = find_tarball(os.path.abspath(args.dist))
        if not args.skip_importer:
            background = Importer(work, tarball, os.path.abspath(args.importer_venv))
        example = timed("create", check_example, work)
        build = timed("create-tarball", check_tarball_context, work, example, tarball)
        collections_dir = os.path.join(work, "ee", "collections")
        installed = timed("galaxy-stage", galaxy_stage, build, collections_dir)
        pip_out, python_reqs, system_reqs = timed("introspect", builder_stage, build, collections_dir, installed, os.path.join(work, "ee"))
        timed("pip", final_stage, pip_out, args.constraints and os.path.abspath(args.constraints))
        tasks = timed("runner", runner_demo, work, collections_dir)
        importer = "galaxy-importer skipped"
        if background is not None:
            errors, warnings = timed("importer (rest)", background.result)[:2]
            importer = "galaxy-importer ok (%d errors, %d warnings)" % (errors, warnings)
    except (CheckError, KeyError, OSError, subprocess.TimeoutExpired, yaml.YAMLError) as exc:
        log("FAILED: %s" % exc)
        return 1
    finally:
        if background is not None:
            background.stop()

    figures = "packaging: %s, ansible-builder create ok (2 definitions; introspected %d Python, %d system requirements), " \
        "ansible-runner demo successful (%d tasks) [%.0fs]" % (importer, len(python_reqs), len(system_reqs), tasks, time.monotonic() - started)
    log(figures)
    log("timings: %s" % ", ".join(timings))
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if report_dir:
        os.makedirs(report_dir, exist_ok=True)
        with open(os.path.join(report_dir, "package.txt"), "w", encoding="utf-8") as handle:
            handle.write(figures + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
