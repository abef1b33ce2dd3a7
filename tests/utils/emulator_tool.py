"""Small helpers around the local JSM Ops emulator, used by the test scripts.

Sub-commands:

``seed-env --seed FILE``
    Print ``NAME=value`` lines with the cloud id and the admin credentials of the
    seed file (read by tests/utils/with-emulator.sh).
``integration-config --seed FILE --url URL --output FILE [--spec-validation] [--report-dir DIR] [--canary-debug-plan PLAN]``
    Write the ansible-test ``integration_config.yml`` for an emulator at URL.
``violations --url URL``
    Fail when the emulator recorded requests or responses that break the spec.

Only the standard library is used, so any Python 3 can run it.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request

MEMBER_EMAIL = 'dana.platform@example.com'


def load_seed(path):
    """Return the parsed seed file."""
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)


def find_account(seed, email=None):
    """Return the account with ``email``, or the first admin with a token when email is None."""
    for account in seed.get('accounts', []):
        if not account.get('apiToken'):
            continue
        if email is None and account.get('admin'):
            return account
        if email is not None and account.get('email') == email:
            return account
    wanted = 'an admin account' if email is None else 'account %s' % email
    raise SystemExit('seed file has no %s with an API token' % wanted)


def seed_env(args):
    """Print the connection settings of the seed's admin account."""
    seed = load_seed(args.seed)
    admin = find_account(seed)
    print('JSM_OPS_CLOUD_ID=%s' % seed['cloudId'])
    print('JSM_OPS_API_EMAIL=%s' % admin['email'])
    print('JSM_OPS_API_TOKEN=%s' % admin['apiToken'])


def integration_config(args):
    """Write the extra variables ansible-test hands to the integration targets."""
    seed = load_seed(args.seed)
    admin = find_account(seed)
    member = find_account(seed, args.member_email)
    url = args.url.rstrip('/')
    settings = [
        ('jsm_ops_api_url', url),
        ('jsm_ops_cloud_id', seed['cloudId']),
        ('jsm_ops_site', url),
        ('jsm_ops_admin_email', admin['email']),
        ('jsm_ops_admin_token', admin['apiToken']),
        ('jsm_ops_member_email', member['email']),
        ('jsm_ops_member_token', member['apiToken']),
        ('jsm_ops_emulator_url', url),
        ('jsm_ops_spec_validation', args.spec_validation),
        # Where targets leave one-line figures for the summary of `make test` ('' = nowhere).
        ('jsm_ops_report_dir', args.report_dir),
        # The secret canary's ANSIBLE_DEBUG run: every plugin through every failure path ('full'), or each path once ('spread').
        ('jsm_ops_canary_debug_plan', args.canary_debug_plan),
    ]
    lines = ['---']
    # JSON scalars are valid YAML and keep every string quoted.
    lines.extend('%s: %s' % (name, json.dumps(value, ensure_ascii=False)) for name, value in settings)
    with open(args.output, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')
    print('wrote %s (emulator %s, spec validation %s)'
          % (args.output, url, 'on' if args.spec_validation else 'off'))


def violations(args):
    """Exit non-zero when the emulator reports spec violations."""
    url = args.url.rstrip('/') + '/_emulator/violations'
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # nosec: loopback emulator
            found = json.load(response)
    except (urllib.error.URLError, ValueError) as ex:
        raise SystemExit('cannot read %s: %s' % (url, ex)) from ex
    if found:
        print('the emulator recorded %d spec violation(s):' % len(found), file=sys.stderr)
        for item in found:
            print('  %s' % json.dumps(item, ensure_ascii=False, sort_keys=True), file=sys.stderr)
        raise SystemExit(1)
    if args.spec_validation:
        print('emulator spec violations: none')
    else:
        print('emulator spec violations: not checked (spec validation: off)')


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Helpers around the local JSM Ops emulator.')
    commands = parser.add_subparsers(dest='command', required=True)

    command = commands.add_parser('seed-env', help='print the admin connection settings')
    command.add_argument('--seed', required=True)
    command.set_defaults(func=seed_env)

    command = commands.add_parser('integration-config', help='write integration_config.yml')
    command.add_argument('--seed', required=True)
    command.add_argument('--url', required=True)
    command.add_argument('--output', required=True)
    command.add_argument('--member-email', default=MEMBER_EMAIL)
    command.add_argument('--spec-validation', action='store_true')
    command.add_argument('--report-dir', default='')
    command.add_argument('--canary-debug-plan', choices=('full', 'spread'), default='full')
    command.set_defaults(func=integration_config)

    command = commands.add_parser('violations', help='fail on recorded spec violations')
    command.add_argument('--url', required=True)
    command.add_argument('--spec-validation', action='store_true',
                         help='the emulator validates against the spec (else "none" would claim a check that was not made)')
    command.set_defaults(func=violations)

    return parser.parse_args(argv)


def main(argv=None):
    """Entry point."""
    args = parse_args(argv)
    args.func(args)


if __name__ == '__main__':
    main()
