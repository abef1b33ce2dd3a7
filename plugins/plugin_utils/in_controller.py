# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a jsm.ops module inside the controller's worker process, where a new Python process would run the same code.

The action (``plugins/plugin_utils/action.py``) decides when: the ``local`` connection, no ``become``, no
``async``, and a module interpreter that is the controller's own Python, so that the same Python with the same
libraries runs the same code either way. What differs is the cost: a new process starts Python, imports
ansible-core's module code and ``requests`` and compiles the collection's module code (ansible-core ships it as
source) for every task, while the worker already has all of it loaded.

The module runs as it would in its own process: it reads its arguments (the JSON ansible-core would have sent it,
made by the same encoder) from ``ansible.module_utils.basic``, sees the task's ``environment`` in ``os.environ``,
runs in the directory the local connection starts a module's process in (the playbook's), gets its temporary
directory under ``remote_tmp``, prints its result and exits. Its standard output, standard error and exit status
are handed back to ansible-core, which parses them exactly as the output of a module process, so results,
``no_log`` filtering, warnings and failures look the same. A module that raises, or returns without exiting,
prints what ansible-core's module wrapper prints then (2.19 and later), or leaves its traceback on standard error
with status 1 as a dying process does (before).

ansible-core's module code is told it runs in a module's process (2.19 and later tell the two apart), so that
warnings and deprecations travel with the result as they would. What a module process leaves behind when it
ends is undone here instead: the warnings and deprecations that
ansible-core's module code gathers in process-wide lists are emptied, the arguments it keeps are dropped, the
environment, the working directory and the locale are put back, and the module's temporary directory (which a
process removes at exit) is removed. A loop runs its items in one worker, so this happens after each item.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import locale
import os
import shutil
import tempfile
import time
import traceback

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings

try:  # ansible-core 2.19 and later encode a module's arguments with the module's serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
except ImportError:  # before 2.19: one encoder for all modules (see encode_module_args)
    Direction = get_module_encoder = None
try:  # ansible-core 2.19 and later: module code loaded in the controller shows warnings itself, see as_module_process
    from ansible.module_utils import _internal as module_internals
except ImportError:  # before: module code behaves the same everywhere
    module_internals = None
try:  # ansible-core 2.19 and later: what a module's process prints when the module raises (see failed_by)
    from ansible.module_utils._internal._ansiballz import _loader as ansiballz_loader
except ImportError:  # before: the process dies with the traceback on standard error
    ansiballz_loader = None

# What ansible-core 2.16 to 2.18 print for a module that returns without exiting (2.19 and later raise this message).
NO_EXIT = "New-style module did not handle its own exit"


def run_module(module_name: str, module_args: dict, profile, environment: dict, cwd: str) -> dict:
    """Run the module ``module_name`` (a Python module name) once and return what its process would have produced.

    ``module_args`` are the module's arguments with ansible-core's ``_ansible_*`` ones; ``profile`` is the module's
    serialization profile (ansible-core 2.19 and later; None before); ``environment`` is the task's environment;
    ``cwd`` the directory the local connection starts a module's process in (the playbook's).
    Returns ``{"rc", "stdout", "stdout_lines", "stderr", "stderr_lines"}``, the shape of a command's result.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_cwd, saved_locale = os.getcwd(), locale.setlocale(locale.LC_ALL)
    tmpdir = None
    forget_messages()
    try:
        with as_module_process(), task_environment(environment), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            os.chdir(cwd)
            tmpdir = module_tmpdir(module_args.get("_ansible_remote_tmp"))
            args = encode_module_args(profile, {"ANSIBLE_MODULE_ARGS": dict(module_args, _ansible_tmpdir=tmpdir)}).encode("utf-8")
            rc = _main(module_name, args, profile, stderr)
    finally:
        os.chdir(saved_cwd)
        locale.setlocale(locale.LC_ALL, saved_locale)
        basic._ANSIBLE_ARGS = None  # pylint: disable=protected-access
        if hasattr(basic, "_PARSED_MODULE_ARGS"):  # 2.19 and later keep a copy of the arguments, the token among them
            basic._PARSED_MODULE_ARGS = None  # pylint: disable=protected-access
        if profile is not None:
            basic._ANSIBLE_PROFILE = None  # pylint: disable=protected-access
        forget_messages()
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
    out, err = stdout.getvalue(), stderr.getvalue()
    return {"rc": rc, "stdout": out, "stdout_lines": out.splitlines(), "stderr": err, "stderr_lines": err.splitlines()}


def encode_module_args(profile, params: dict) -> str:
    """The JSON text of a module's arguments, made as ansible-core makes it for the module's process."""
    if get_module_encoder is None:  # before ansible-core 2.19
        from ansible.module_utils.common.json import AnsibleJSONEncoder  # pylint: disable=import-outside-toplevel

        return json.dumps(params, cls=AnsibleJSONEncoder, vault_to_text=True)
    return json.dumps(params, cls=get_module_encoder(profile, Direction.CONTROLLER_TO_MODULE))


def _main(module_name: str, args: bytes, profile, stderr) -> int:
    """Import the module and run its main() with ``args``; the exit status, as its process would end with it."""
    basic._ANSIBLE_ARGS = args  # pylint: disable=protected-access
    if profile is not None:
        basic._ANSIBLE_PROFILE = profile  # pylint: disable=protected-access
    try:
        try:
            importlib.import_module(module_name).main()
        except SystemExit:
            raise
        except Exception as error:  # pylint: disable=broad-exception-caught
            return failed_by(error, profile, stderr)
        if ansiballz_loader is None:
            print('{"msg": "%s", "failed": true}' % NO_EXIT)
            return 1
        return failed_by(RuntimeError(NO_EXIT + "."), profile, stderr)
    except SystemExit as exit_:
        return exit_status(exit_.code, stderr)


def failed_by(error: Exception, profile, stderr) -> int:
    """What a module's process does when the module raises ``error``: ansible-core's own result for it (2.19 and
    later, which print it and exit), or the traceback on standard error and status 1 (before)."""
    if ansiballz_loader is not None and profile is not None:
        ansiballz_loader._handle_exception(error, profile)  # pylint: disable=protected-access
    stderr.write(traceback.format_exc())
    return 1


def exit_status(code, stderr) -> int:
    """The status a process ends with after ``sys.exit(code)``: None is 0, a number is itself, anything else is printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    stderr.write("%s\n" % (code,))
    return 1


def module_tmpdir(remote_tmp) -> str:
    """The module's temporary directory, made where ``AnsibleModule.tmpdir`` makes it: under ``remote_tmp`` (made
    with mode 0700 when missing), else the system's."""
    basedir = os.path.expanduser(os.path.expandvars(remote_tmp)) if remote_tmp else None
    if basedir is not None and not os.path.isdir(basedir):
        try:
            os.makedirs(basedir, mode=0o700)
        except OSError:
            basedir = None
    return tempfile.mkdtemp(prefix="ansible-moduletmp-%s-" % time.time(), dir=basedir)


def forget_messages() -> None:
    """Empty the warnings and deprecations ansible-core's module code gathers for the one module run of a process."""
    for name in ("_global_warnings", "_global_deprecations"):
        gathered = getattr(module_warnings, name, None)
        if gathered is not None:
            gathered.clear()


@contextlib.contextmanager
def as_module_process():
    """ansible-core's module code as it behaves in a module's process (2.19 and later), for the run.

    Loaded in the controller, that code shows a module's warnings and deprecations on the controller's display at
    once; in a module's process it returns them with the result, and ansible-core shows them with the task's
    result (and hands them to callbacks there). The flag that tells the two apart is switched for the run.
    """
    if module_internals is None or not hasattr(module_internals, "is_controller"):
        yield
        return
    saved = module_internals.is_controller
    module_internals.is_controller = False
    try:
        yield
    finally:
        module_internals.is_controller = saved


@contextlib.contextmanager
def task_environment(environment: dict):
    """``os.environ`` with the task's environment added, as the module's process would get it; put back afterwards."""
    saved = dict(os.environ)
    try:
        os.environ.update({str(name): str(value) for name, value in environment.items()})
        yield
    finally:
        for name in set(os.environ) - set(saved):
            del os.environ[name]
        os.environ.update(saved)
