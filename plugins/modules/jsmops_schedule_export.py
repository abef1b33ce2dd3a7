#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_export
short_description: Write a schedule's or a user's on-call calendar (iCalendar) to a file
version_added: 0.1.0
description:
  - Downloads the iCalendar export of a schedule (from the start of the current month for one year), or of one user's on-call
    periods, and writes it to O(dest).
  - Like M(ansible.builtin.get_url), the task reports a change only when the calendar's content changes (a new C(DTSTAMP),
    the time the calendar was generated, alone is no change); the file is replaced atomically, and its mode, owner and
    group are set as by M(ansible.builtin.file).
options:
  schedule:
    description:
      - The schedule to export, by id or by exact name.
      - Exactly one of O(schedule) and O(user) is required.
    type: str
  user:
    description:
      - The user whose on-call periods to export, by account id or email address (an email is looked up through the site's
        Jira user search, so O(site) must be set). The API allows this for oneself, or for others as an admin.
    type: str
  dest:
    description:
      - Path of the file to write. Its directory must exist.
      - A relative path is relative to the directory the module runs in, which for the C(local) connection is the
        playbook's directory.
    type: path
    required: true
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    details: In check mode the calendar is downloaded and compared, but the file is not written.
  diff_mode:
    support: none
seealso:
  - module: jsm.ops.jsmops_schedule_timeline_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Publish the Platform on-call calendar
  jsm.ops.jsmops_schedule_export:
    schedule: Platform Primary
    dest: /var/www/calendars/platform.ics
    mode: "0644"

- name: My own on-call calendar
  jsm.ops.jsmops_schedule_export:
    user: dana@example.com
    site: example.atlassian.net
    dest: "{{ lookup('env', 'HOME') }}/oncall.ics"
"""

RETURN = r"""
dest:
  description: Path of the file.
  returned: always
  type: str
checksum:
  description: SHA-1 checksum of the calendar.
  returned: always
  type: str
size:
  description: Size of the calendar in bytes.
  returned: always
  type: int
schedule_id:
  description: ID of the exported schedule.
  returned: when O(schedule) is set
  type: str
"""

import hashlib
import os
import tempfile


from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, NotFoundError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.timeline import SCHEDULE_ICS, USER_ICS
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule


def download(client, params) -> tuple[bytes, dict]:
    resolver = Resolver(client)
    if params["schedule"]:
        schedule = find_schedule(client, params["schedule"])
        if schedule is None:
            raise ConfigurationError("schedule %r is not a schedule the account can see." % params["schedule"])
        return client.request("GET", client.path(SCHEDULE_ICS, schedule["id"]), text=True).data.encode("utf-8"), {"schedule_id": schedule["id"]}
    user = resolver.user_id(params["user"])
    try:
        response = client.request("GET", client.path(USER_ICS, user), text=True)
    except NotFoundError as exc:
        raise ConfigurationError(
            "user %r is not a user the API knows (API said: %s); give the account id or email of an existing user."
            % (params["user"], "; ".join(exc.titles) or "not found")
        ) from None
    return response.data.encode("utf-8"), {}


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def without_stamps(data: bytes) -> bytes:
    """The calendar without its DTSTAMP lines, which say when it was generated, not what it holds."""
    return b"\n".join(line for line in data.replace(b"\r\n", b"\n").split(b"\n") if not line.startswith(b"DTSTAMP"))


def same_calendar(path: str, content: bytes) -> bool:
    with open(path, "rb") as stream:
        return without_stamps(stream.read()) == without_stamps(content)


def run(module, client):
    """Return (changed, result, diff)."""
    # Relative to the directory the module runs in (a playbook's); made absolute because AnsibleModule.atomic_move
    # needs the file's directory in the path. The result reports dest as given.
    dest = os.path.abspath(module.params["dest"])
    if os.path.isdir(dest):
        raise ConfigurationError("dest %s is a directory; give the path of the calendar file to write." % module.params["dest"])
    if not os.path.isdir(os.path.dirname(dest)):
        raise ConfigurationError("dest %s: the directory %s does not exist." % (module.params["dest"], os.path.dirname(dest)))
    content, extra = download(client, module.params)
    checksum = sha1(content)
    changed = not os.path.exists(dest) or (module.sha1(dest) != checksum and not same_calendar(dest, content))
    if changed and not module.check_mode:
        handle, temporary = tempfile.mkstemp(dir=module.tmpdir)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        module.atomic_move(temporary, dest)
    file_args = module.load_file_common_arguments(module.params, path=dest)
    if os.path.exists(dest) or not module.check_mode:
        changed = module.set_fs_attributes_if_different(file_args, changed)
    result = {"dest": module.params["dest"], "checksum": checksum, "size": len(content)}
    result.update(extra)
    return changed, result, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(schedule=dict(type="str"), user=dict(type="str"), dest=dict(type="path", required=True))
    module = JsmOpsModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("schedule", "user")],
        required_one_of=[("schedule", "user")],
        add_file_common_args=True,
        supports_check_mode=True,
    )
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
