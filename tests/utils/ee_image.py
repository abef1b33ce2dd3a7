# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment image for real: build it with ansible-builder and podman, run examples/demo.yml in it.

``build`` (``make ee``):

1. The container engine: tests/utils/ensure-podman.sh (podman with runc, and mmdebstrap), with podman's
   settings from tests/ee/containers.conf. Without a usable engine the step reports itself not checked (see
   tests/utils/run-steps.sh) and exits 0.
2. The base image, made from Debian's packages with mmdebstrap: the host's Debian release and apt sources,
   a minimal system with python3, python3-venv and ca-certificates, and an empty virtual environment at
   ``/opt/ansible-ee`` that ansible-builder installs pip, ansible-core and the rest into (Debian's own Python
   refuses pip). It is tagged with a digest of that recipe and reused while the recipe is unchanged.
3. A wheelhouse: ``pip download`` on the host of everything the image build installs with pip (what the
   generated Containerfile installs, ansible-core and ansible-runner as examples/execution-environment.yml
   asks, and the collection's requirements.txt), pinned by ``--constraints``.
4. ``ansible-builder build`` of examples/execution-environment.yml, pointed at that base, at the built
   collection tarball, and at Debian's apt-get as package manager; the build has no network
   (``--network=none``): pip installs only from the wheelhouse. The wheelhouse and a pip configuration that
   names it are in a directory mounted over the home directory of the RUN steps (root's /root, which every
   Debian system has), so that nothing of them, not even a mount point, stays in the image, and the definition
   needs no change for it. ansible-builder reads the collection's meta/execution-environment.yml inside the
   build and installs its requirements.txt and bindep.txt.
5. What the image holds, from inside it: Python, ansible-core, ansible-runner, requests and the jsm.ops
   version, the user it runs as, and its size.

``demo`` (``make ee-demo``, under tests/utils/with-emulator.sh): examples/demo.yml through ``ansible-runner
run --process-isolation``, which runs ansible-playbook inside the image as AWX's jobs run: the image's own
user, the job's files at /runner (here a mount of the job's directory), host networking (the emulator listens
on the host's loopback, and the collection sends credentials over plain HTTP only to loopback), and the
credentials given to the container as environment variables by name, so their values are in no file. The run
must end successful with the demo's events, its output is printed, and everything ansible-runner kept of the
job (its artifacts) and printed is searched for the token with the secret canary's search.

Run with the Python of the venv that has ansible-builder and ansible-runner. When JSM_OPS_REPORT_DIR is set,
one line of figures goes to ``$JSM_OPS_REPORT_DIR/<step>.txt``.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import time

import yaml
from packaging.requirements import Requirement

import package_check
import secret_search

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONTAINERS_CONF = ROOT / "tests" / "ee" / "containers.conf"
EXAMPLE = ROOT / "examples" / "execution-environment.yml"
NOT_CHECKED_STATUS = 3  # tests/utils/ensure-podman.sh: no usable container engine
# The base image: Debian packages, and the virtual environment the image's Python tools go into.
BASE_NAME = "localhost/jsm-ops-ee-base"
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates")
EE_VENV = "/opt/ansible-ee"
EE_PATH = EE_VENV + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Documentation, manual pages and translations are left out of the base (copyright files are kept).
DPKG_OPTIONS = (
    "path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright", "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*", "path-exclude=/usr/share/locale/*",
)
MERGED_USR_HOOKS = "/usr/share/mmdebstrap/hooks/merged-usr"
# The home directory of the build's RUN steps (they run as root); the wheelhouse and pip's configuration are
# mounted over it. It exists in the base, so the mount leaves no mount point behind in the image.
BUILD_HOME = "/root"
PIP_CONF = "[global]\nno-index = true\nfind-links = %s/wheelhouse\n" % BUILD_HOME
# What the demo's container gets from the environment of ansible-runner, by name.
CREDENTIALS = ("JSM_OPS_API_URL", "JSM_OPS_CLOUD_ID", "JSM_OPS_API_EMAIL", "JSM_OPS_API_TOKEN")
IDENT = "demo"
INSPECT = r"""
import importlib.metadata as metadata, json, os, sys
manifest = "/usr/share/ansible/collections/ansible_collections/jsm/ops/MANIFEST.json"
with open(manifest, encoding="utf-8") as handle:
    collection = json.load(handle)["collection_info"]["version"]
print(json.dumps({"python": sys.version.split()[0], "executable": sys.executable, "uid": os.getuid(), "jsm.ops": collection,
                  **{name: metadata.version(name) for name in ("ansible-core", "ansible-runner", "requests")}}))
"""


class CheckError(Exception):
    """The execution environment check failed."""


class NotChecked(Exception):
    """The check cannot run here (no usable container engine)."""


def log(message):
    print("ee: %s" % message, flush=True)


# package_check's helpers (find_tarball, check_events) log under this script's name.
package_check.log = log


def engine_env():
    return dict(os.environ, CONTAINERS_CONF=str(CONTAINERS_CONF))


def run(cmd, log_path=None, quiet=False, **kwargs):
    """Run a command with the podman settings; its output goes to log_path (shown in part on failure) or is returned."""
    log("+ %s" % " ".join(shlex.quote(str(part)) for part in cmd))
    kwargs.setdefault("env", engine_env())
    proc = subprocess.run([str(part) for part in cmd], check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if log_path:
        pathlib.Path(log_path).write_text(proc.stdout, encoding="utf-8")
    if proc.returncode != 0:
        print(proc.stdout[-6000:], file=sys.stderr)
        raise CheckError("%s failed with status %d%s" % (os.path.basename(str(cmd[0])), proc.returncode, " (log: %s)" % log_path if log_path else ""))
    if not quiet and not log_path:
        print(proc.stdout, end="", flush=True)
    return proc.stdout


def ensure_engine():
    proc = subprocess.run([str(ROOT / "tests" / "utils" / "ensure-podman.sh")], check=False, env=engine_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(proc.stdout, end="", flush=True)
    if proc.returncode == NOT_CHECKED_STATUS:
        raise NotChecked(proc.stdout.strip().splitlines()[-1])
    if proc.returncode != 0:
        raise CheckError("tests/utils/ensure-podman.sh exited with status %d" % proc.returncode)


def image_info(image):
    """podman's record of an image, or None when there is none of that name."""
    proc = subprocess.run(["podman", "image", "inspect", image], check=False, env=engine_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout)[0]


def megabytes(size):
    return "%.0f MB" % (size / 1e6)


# ---- base image ---------------------------------------------------------------------------------

def os_release():
    values = {}
    with open("/etc/os-release", encoding="utf-8") as handle:
        for line in handle:
            name, value = line.strip().partition("=")[::2]
            values[name] = value.strip('"')
    return values


def apt_sources():
    """The host's apt source files: the base image comes from the same Debian release and mirrors."""
    files = []
    legacy = pathlib.Path("/etc/apt/sources.list")
    if legacy.is_file() and re.search(r"^\s*deb\s", legacy.read_text(encoding="utf-8"), re.M):
        files.append(str(legacy))
    files += sorted(glob.glob("/etc/apt/sources.list.d/*.list") + glob.glob("/etc/apt/sources.list.d/*.sources"))
    return files


def base_recipe():
    """The mmdebstrap arguments (without the output file) and the tag, which carries a digest of them."""
    release = os_release()
    suite = release.get("VERSION_CODENAME")
    if release.get("ID") != "debian" or not suite:
        raise NotChecked("not checked: the base image is made from Debian's packages with mmdebstrap, and this host is not Debian")
    sources = apt_sources()
    if not sources:
        raise NotChecked("not checked: this host has no apt sources for mmdebstrap")
    args = ["mmdebstrap", "--variant=minbase", "--include=%s" % ",".join(BASE_PACKAGES), "--hook-dir=%s" % MERGED_USR_HOOKS,
            "--aptopt=Acquire::Retries \"3\""]
    args += ["--dpkgopt=%s" % option for option in DPKG_OPTIONS]
    args += ['--customize-hook=chroot "$1" python3 -m venv --without-pip %s' % EE_VENV]
    digest = hashlib.sha256(json.dumps(args + [suite, EE_PATH]).encode("utf-8"))
    for path in sources:
        digest.update(pathlib.Path(path).read_bytes())
    return args, suite, sources, "%s:%s-%s" % (BASE_NAME, suite, digest.hexdigest()[:12])


def base_image(work, rebuild):
    """The base image's tag, made when there is none for the current recipe; (tag, seconds spent making it or None)."""
    args, suite, sources, tag = base_recipe()
    if image_info(tag) and not rebuild:
        log("base image %s: reused (same recipe)" % tag)
        return tag, None
    started = time.monotonic()
    rootfs = os.path.join(work, "base.tar")
    run(args + [suite, rootfs] + sources, log_path=os.path.join(work, "mmdebstrap.log"), stdin=subprocess.DEVNULL)
    run(["podman", "import", "--change", "ENV PATH=%s" % EE_PATH, "--change", 'CMD ["/bin/bash"]', rootfs, tag], quiet=True)
    os.remove(rootfs)
    seconds = time.monotonic() - started
    log("base image %s: made from Debian %s in %.0fs, %s" % (tag, suite, seconds, megabytes(image_info(tag)["Size"])))
    return tag, seconds


# ---- wheelhouse, definition, build --------------------------------------------------------------

def definition(work, base, tarball):
    """examples/execution-environment.yml, pointed at the local base, the built tarball and apt-get; its path."""
    with open(EXAMPLE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    name = os.path.basename(tarball)
    data["images"]["base_image"]["name"] = base
    data["dependencies"]["python_interpreter"]["python_path"] = EE_VENV + "/bin/python3"
    data["dependencies"]["galaxy"] = {"collections": [{"name": "collections/%s" % name, "type": "file"}]}
    data["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
    data.setdefault("options", {})["package_manager_path"] = "/usr/bin/apt-get"
    path = os.path.join(work, "execution-environment.yml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return path


def pip_installs(containerfile):
    """The requirements the Containerfile's own ``pip install`` lines name."""
    text = pathlib.Path(containerfile).read_text(encoding="utf-8")
    refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="([^"]*)"', text, re.M)
    found = []
    for line in re.findall(r"-m pip install --no-cache-dir (.+)$", text, re.M):
        for word in shlex.split(line):
            if word == "$ANSIBLE_INSTALL_REFS":
                found += shlex.split(refs.group(1)) if refs else []
            elif not word.startswith("$"):
                found.append(word)
    if not any(word.startswith("ansible-core") for word in found):
        raise CheckError("the Containerfile installs no ansible-core with pip: %s" % found)
    return found


def wheelhouse(work, definition_path, constraints):
    """pip download of everything the build installs with pip, into home/wheelhouse beside home/.config/pip/pip.conf;
    returns (home, number of wheels)."""
    context = os.path.join(work, "create")
    shutil.rmtree(context, ignore_errors=True)
    run([tool("ansible-builder"), "create", "-f", definition_path, "-c", context, "--output-filename", "Containerfile"], quiet=True)
    requirements = pip_installs(os.path.join(context, "Containerfile"))
    home = package_check.fresh_dir(os.path.join(work, "home"))
    wheels = os.path.join(home, "wheelhouse")
    os.makedirs(os.path.join(home, ".config", "pip"))
    pathlib.Path(home, ".config", "pip", "pip.conf").write_text(PIP_CONF, encoding="utf-8")
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", wheels, "-c", constraints,
           *requirements, "-r", str(ROOT / "requirements.txt")]
    run(cmd, quiet=True)
    count = len(glob.glob(os.path.join(wheels, "*.whl")))
    log("wheelhouse: %d wheels for %s and the collection's requirements.txt" % (count, " ".join(requirements)))
    return home, count


def tool(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    if not os.path.exists(path):
        raise CheckError("%s is not installed next to %s" % (name, sys.executable))
    return path


def check_python(base, expected):
    """The wheels are the host's: the base's Python must be of the same version."""
    found = run(["podman", "run", "--rm", "--network=none", base, "%s/bin/python3" % EE_VENV, "-c",
                 "import sys; print('%d.%d' % sys.version_info[:2])"], quiet=True).strip()
    if found != expected:
        raise CheckError("the base image has Python %s, the wheelhouse was made for %s" % (found, expected))


def builder_build(work, definition_path, home, images):
    """ansible-builder build with podman, offline, pip pointed at the wheelhouse."""
    context = os.path.join(work, "context")
    shutil.rmtree(context, ignore_errors=True)
    extra = ["--network=none", "--pull=never", "--layers=false", "--volume=%s:%s" % (home, BUILD_HOME)]
    cmd = [tool("ansible-builder"), "build", "-f", definition_path, "-c", context, "--container-runtime", "podman", "--no-cache",
           "--extra-build-cli-args", " ".join(shlex.quote(arg) for arg in extra), "-v", "3", "-t", *images]
    previous = image_info(images[0])
    started = time.monotonic()
    run(cmd, log_path=os.path.join(work, "build.log"))
    seconds = time.monotonic() - started
    # The image this build replaced, when nothing else names it any more.
    if previous and previous["Id"] != image_info(images[0])["Id"]:
        old = image_info(previous["Id"])
        if old and not old.get("RepoTags"):
            run(["podman", "rmi", previous["Id"]], quiet=True)
    return seconds


def inspect(image):
    """What the image holds, seen from inside it."""
    data = json.loads(run(["podman", "run", "--rm", "--network=none", image, "python3", "-c", INSPECT], quiet=True).strip().splitlines()[-1])
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    if data["jsm.ops"] != galaxy["version"]:
        raise CheckError("the image has jsm.ops %s, galaxy.yml says %s" % (data["jsm.ops"], galaxy["version"]))
    for line in package_check.requirement_lines(ROOT / "requirements.txt"):
        requirement = Requirement(line)
        if not requirement.specifier.contains(data[requirement.name], prereleases=True):
            raise CheckError("the image has %s %s, requirements.txt asks for %s" % (requirement.name, data[requirement.name], line))
    if data["executable"] != EE_VENV + "/bin/python3":
        raise CheckError("python3 in the image is %s, not the one ansible-builder installed into" % data["executable"])
    if data["uid"] == 0:
        raise CheckError("the image runs as root; AWX and Automation Platform run it as an unprivileged user")
    return data


def build(args):
    work = package_check.fresh_dir(os.path.abspath(args.work))
    tarball = package_check.find_tarball(os.path.abspath(args.dist))
    ensure_engine()
    started = time.monotonic()
    base, base_seconds = base_image(work, args.rebuild_base)
    python = "%d.%d" % sys.version_info[:2]
    check_python(base, python)
    definition_path = definition(work, base, tarball)
    home, count = wheelhouse(work, definition_path, os.path.abspath(args.constraints))
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    images = [args.image, "%s:%s" % (args.image.rsplit(":", 1)[0], galaxy["version"])]
    seconds = builder_build(work, definition_path, home, images)
    data = inspect(args.image)
    # make ee-demo checks this record, so that it never runs an older image after a failed build.
    pathlib.Path(work, "image-id").write_text(image_info(args.image)["Id"] + "\n", encoding="utf-8")
    size, base_size = image_info(args.image)["Size"], image_info(base)["Size"]
    log("image %s (also %s): %s, of which %s is the Debian %s base" % (images[0], images[1], megabytes(size), megabytes(base_size), base_recipe()[1]))
    log("contents: Python %s (%s), ansible-core %s, ansible-runner %s, requests %s, jsm.ops %s; runs as uid %d" % (
        data["python"], data["executable"], data["ansible-core"], data["ansible-runner"], data["requests"], data["jsm.ops"], data["uid"]))
    made = "base made in %.0fs" % base_seconds if base_seconds is not None else "base reused"
    figures = (args.image, made, count, seconds, time.monotonic() - started, megabytes(size), megabytes(base_size),
               data["ansible-core"], data["requests"], data["jsm.ops"], data["uid"])
    return "execution environment: %s built (%s, %d wheels, ansible-builder build %.0fs) [%.0fs]: %s (base %s); " \
        "ansible-core %s, requests %s, jsm.ops %s, uid %d" % figures


# ---- the demo inside the image -------------------------------------------------------------------

def private_data_dir(work, user):
    """ansible-runner's directory for the job: the demo, a local inventory; writable by the image's user."""
    pdd = package_check.fresh_dir(os.path.join(work, "runner"))
    for sub in ("project", "inventory", "env", os.path.join("artifacts", IDENT, "job_events")):
        os.makedirs(os.path.join(pdd, sub))
    shutil.copy(ROOT / "examples" / "demo.yml", os.path.join(pdd, "project", "demo.yml"))
    pathlib.Path(pdd, "inventory", "hosts").write_text("localhost ansible_connection=local\n", encoding="utf-8")
    with open(os.path.join(pdd, "env", "envvars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"ANSIBLE_NOCOLOR": "true", "ANSIBLE_LOCALHOST_WARNING": "false"}, handle)
    # The container runs as the image's user (with group 0, as AWX runs it); as root, podman maps that user
    # straight to the host's, so the job's directory is handed to it. The ident's directories exist already
    # (ansible-runner would make them readable by root alone).
    if os.geteuid() == 0:
        uid = int(user.split(":")[0]) if user and user.split(":")[0].isdigit() else 0
        for dirpath, dirnames, filenames in os.walk(pdd):
            for name in [dirpath] + [os.path.join(dirpath, entry) for entry in dirnames + filenames]:
                os.chown(name, uid, 0)
        for sub in (os.path.join("artifacts", IDENT), os.path.join("artifacts", IDENT, "job_events")):
            os.chmod(os.path.join(pdd, sub), 0o770)
    return pdd


def check_container_run(artifacts, image):
    """ansible-runner ran ansible-playbook inside the image, not on the host."""
    with open(os.path.join(artifacts, "command"), encoding="utf-8") as handle:
        command = json.load(handle)["command"]
    if os.path.basename(command[0]) != "podman" or command[1] != "run" or image not in command or "ansible-playbook" not in command:
        raise CheckError("ansible-runner did not run ansible-playbook in %s: %s" % (image, command[:3]))


def search_tokens(work, artifacts, console):
    """The secret canary's search over the artifacts and what ansible-runner printed; returns (hits, characters, files)."""
    output = package_check.fresh_dir(os.path.join(work, "searched"))
    shutil.copytree(artifacts, os.path.join(output, "artifacts"))
    pathlib.Path(output, "ansible-runner.out").write_text(console, encoding="utf-8")
    canary = secret_search.load()
    emails = [os.environ["JSM_OPS_API_EMAIL"]]
    problems = canary.self_test(emails)
    if problems:
        raise CheckError("; ".join(problems))
    hits, characters, files, findings = canary.search(pathlib.Path(output), [os.environ["JSM_OPS_API_TOKEN"]], emails)
    for finding in findings:
        log(finding)
    if hits:
        raise CheckError("the token is in what ansible-runner kept or printed (%d hits)" % hits)
    return hits, characters, files


def demo(args):
    if not os.environ.get("JSM_OPS_EMULATOR_URL"):
        raise CheckError("the demo needs the emulator: run this script through tests/utils/with-emulator.sh")
    ensure_engine()
    info = image_info(args.image)
    if info is None:
        raise CheckError("there is no image %s: run `make ee` first" % args.image)
    if args.build_work and os.path.isdir(args.build_work):
        built = package_check.read_text(os.path.join(args.build_work, "image-id"))
        if built != info["Id"]:
            raise CheckError("the last `make ee` did not build %s (see %s): run it again" % (args.image, args.build_work))
    started = time.monotonic()
    work = package_check.fresh_dir(os.path.abspath(args.work))
    pdd = private_data_dir(work, info.get("Config", {}).get("User", ""))
    options = ["--network=host", "--pull=never"] + ["--env=%s" % name for name in CREDENTIALS]
    if os.geteuid() != 0:
        # Rootless podman: the container's root is the user running this, who owns the job's directory.
        options.append("--user=root")
    cmd = [tool("ansible-runner"), "run", pdd, "-p", "demo.yml", "--ident", IDENT, "--process-isolation",
           "--process-isolation-executable", "podman", "--container-image", args.image]
    cmd += ["--container-option=%s" % option for option in options]
    log("+ %s" % " ".join(shlex.quote(part) for part in cmd))
    env = dict(engine_env(), PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(cmd, env=env, timeout=600, check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(proc.stdout, end="", flush=True)
    artifacts = os.path.join(pdd, "artifacts", IDENT)
    status = package_check.read_text(os.path.join(artifacts, "status"))
    rc = package_check.read_text(os.path.join(artifacts, "rc"))
    if proc.returncode != 0 or status != "successful" or rc != "0":
        raise CheckError("ansible-runner: exit %d, status %r, rc %r (expected 0, 'successful', '0')" % (proc.returncode, status, rc))
    check_container_run(artifacts, args.image)
    tasks = package_check.check_events(artifacts)
    hits, characters, files = search_tokens(work, artifacts, proc.stdout)
    log("token search: %d hits in %d characters of %d files (ansible-runner's artifacts and output)" % (hits, characters, files))
    return "demo in the image: examples/demo.yml in %s through ansible-runner with process isolation: successful (%d tasks), token in artifacts " \
        "and output: %d hits in %d characters of %d files [%.0fs]" % (args.image, tasks, hits, characters, files, time.monotonic() - started)


# ---- main -----------------------------------------------------------------------------------

def report(step, text, not_checked=None):
    log(text)
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if not report_dir:
        return
    os.makedirs(report_dir, exist_ok=True)
    pathlib.Path(report_dir, step + ".txt").write_text(text + "\n", encoding="utf-8")
    if not_checked:
        # tests/utils/run-steps.sh lists the step as "not checked" instead of "passed".
        pathlib.Path(report_dir, step + ".not-checked").write_text(not_checked + "\n", encoding="utf-8")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="build the image (make ee)")
    make.add_argument("--dist", required=True, help="directory with the built jsm-ops-*.tar.gz")
    make.add_argument("--constraints", required=True, help="pip constraints for the wheelhouse")
    make.add_argument("--rebuild-base", action="store_true", help="make the base image even when one of the same recipe exists")
    run_demo = commands.add_parser("demo", help="run examples/demo.yml in the image (make ee-demo)")
    run_demo.add_argument("--build-work", help="the build's scratch directory: when it exists, the image must be the one it recorded")
    for sub in (make, run_demo):
        sub.add_argument("--image", required=True, help="image name with a tag, for example localhost/jsm-ops-ee:latest")
        sub.add_argument("--work", required=True, help="scratch directory (emptied)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    step = "ee" if args.command == "build" else "ee-demo"
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if report_dir:
        for name in (step + ".txt", step + ".not-checked"):
            if os.path.exists(os.path.join(report_dir, name)):
                os.remove(os.path.join(report_dir, name))
    try:
        figures = build(args) if args.command == "build" else demo(args)
    except NotChecked as exc:
        reason = str(exc).replace("ensure-podman: ", "")
        report(step, "%s: %s" % (step, reason), not_checked=reason)
        return 0
    except (CheckError, package_check.CheckError, KeyError, OSError, subprocess.TimeoutExpired, yaml.YAMLError, ValueError) as exc:
        log("FAILED: %s" % exc)
        return 1
    report(step, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
