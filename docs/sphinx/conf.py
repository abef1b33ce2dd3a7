# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sphinx configuration of the jsm.ops documentation site, built by ``make docs``.

The pages come from antsibull-docs (plugin and role pages from their own documentation,
the guides in docs/docsite/). The build needs no network: there is no intersphinx.
Instead, the few labels of Ansible's own documentation that generated pages refer to
become links to docs.ansible.com (see ``_ansible_docs_link``); any other label that
does not resolve stays a warning, and ``make docs`` runs Sphinx with warnings as errors.
"""

from __future__ import annotations

import re

from docutils import nodes

project = "jsm.ops"
copyright = "Contributors to the jsm.ops collection"  # pylint: disable=redefined-builtin

title = "jsm.ops: Jira Service Management operations for Ansible"
html_short_title = "jsm.ops"
html_title = title

extensions = ["sphinx_antsibull_ext"]

pygments_style = "ansible"
highlight_language = "YAML+Jinja"

html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
display_version = False

default_role = "any"


# Ansible's documentation, as antsibull-docs' own Sphinx template links it.
ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/devel/"
# label -> (page, title shown when the reference gives none)
ANSIBLE_LABELS = {
    "action_plugins": ("plugins/action.html", "Action Plugins"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "callback_plugins": ("plugins/callback.html", "Callback Plugins"),
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
}
_PLUGIN_LABEL = re.compile(r"^ansible_collections\.(?P<ns>\w+)\.(?P<name>\w+)\.(?P<page>\w+)$")


def _ansible_docs_link(label: str) -> tuple[str, str] | None:
    """The docs.ansible.com URL and title of a label from Ansible's documentation, or None."""
    if label in ANSIBLE_LABELS:
        page, title = ANSIBLE_LABELS[label]
        return ANSIBLE_DOCS + page, title
    match = _PLUGIN_LABEL.match(label)
    if match and (match.group("ns"), match.group("name")) != ("jsm", "ops"):
        fqcn = "{ns}.{name}.{page}".format(**match.groupdict()).rsplit("_", 1)[0]
        return ANSIBLE_DOCS + "collections/{ns}/{name}/{page}.html".format(**match.groupdict()), fqcn
    return None


def _resolve_ansible_label(app, env, node, contnode):  # pylint: disable=unused-argument
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    found = _ansible_docs_link(node.get("reftarget", ""))
    if found is None:
        return None
    url, title = found
    link = nodes.reference("", "", internal=False, refuri=url)
    link.append(contnode if node.get("refexplicit") else nodes.inline(title, title))
    return link


def setup(app):
    app.connect("missing-reference", _resolve_ansible_label)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
