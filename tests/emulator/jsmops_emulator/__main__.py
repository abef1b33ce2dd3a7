# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: ``python -m jsmops_emulator --seed seed.json [--port 0] [--port-file FILE]``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading

from . import Emulator, SeedError, SpecLoadError

SPEC_ENV = "JSM_OPS_EMULATOR_SPEC"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="jsmops_emulator", description="Local emulator of the JSM Ops REST API.")
    parser.add_argument("--seed", required=True, help="JSON seed file (accounts, teams, schedules)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    parser.add_argument("--port-file", help="write the bound port to this file once listening")
    parser.add_argument("--tls-dir", help="serve HTTPS with a certificate made at start, signed by a test CA written to TLS_DIR/ca.pem")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--spec", help=f"Atlassian's JSM Ops OpenAPI spec (JSON) to validate against; default: ${SPEC_ENV}")
    group.add_argument("--no-spec", action="store_true", help="do not validate requests and responses")
    return parser.parse_args(argv)


def write_port_file(path: str, port: int) -> None:
    """Write atomically: readers see either no file or the whole port number."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".port-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{port}\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spec = None if args.no_spec else (args.spec or os.environ.get(SPEC_ENV) or None)
    if spec is not None and not os.path.isfile(spec):
        sys.stderr.write(f"jsmops emulator: the spec file {spec} does not exist (use --no-spec to run without validation)\n")
        return 2
    try:
        emulator = Emulator(args.seed, spec_path=spec, host=args.host, port=args.port, tls_dir=args.tls_dir)
    except (SeedError, SpecLoadError) as exc:
        sys.stderr.write(f"jsmops emulator: {exc}\n")
        return 2
    if spec is None:
        sys.stderr.write(f"jsmops emulator: warning: spec validation is off (pass --spec or set {SPEC_ENV})\n")
    stopping = threading.Event()

    def request_stop(signum, frame):  # pylint: disable=unused-argument
        stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        emulator.start()
    except OSError as exc:
        sys.stderr.write(f"jsmops emulator: cannot listen on {args.host}:{args.port}: {exc}\n")
        return 2
    try:
        if args.port_file:
            write_port_file(args.port_file, emulator.port)
        sys.stdout.write(f"jsmops emulator listening on {emulator.url} (spec validation: {'on' if emulator.spec_enabled else 'off'})\n")
        sys.stdout.flush()
        while not stopping.wait(0.5):
            pass
    finally:
        emulator.stop()
        if args.port_file and os.path.exists(args.port_file):
            os.unlink(args.port_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
