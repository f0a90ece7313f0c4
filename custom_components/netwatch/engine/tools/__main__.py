"""Command-line tools: `python -m custom_components.netwatch.engine.tools COMMAND ...`."""

from __future__ import annotations

import signal
import sys

from .decode_flows import decode_flows_main
from .parse_syslog import parse_syslog_main

USAGE = """usage: python -m custom_components.netwatch.engine.tools COMMAND [ARGS...]

commands:
  decode-flows [--exporter IP] FILE...   decode NetFlow/IPFIX/sFlow datagrams or pcap files
  parse-syslog [--sender IP] [FILE...]   parse firewall syslog lines (standard input without FILE)

Run a command with --help for its options."""


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the engine's command-line tools."""
    args = sys.argv[1:] if argv is None else argv
    if argv is None:
        # Behave like other command-line tools in a pipe (`... | head`): stop quietly.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "decode-flows":
        return decode_flows_main(rest)
    if command == "parse-syslog":
        return parse_syslog_main(rest)
    print(f"unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
