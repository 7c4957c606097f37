"""`python -m intercom_async`: the demo and the fake server."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from ._demo import run_demo

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intercom-async", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="start the built-in fake Intercom, fetch contacts and expand their references"
    )
    demo.add_argument("--contacts", type=int, default=3, help="how many contacts to show")
    demo.add_argument("--seed", type=int, default=0, help="seed of the fake workspace")
    fake = commands.add_parser("fake-server", help="run the fake Intercom API until interrupted")
    fake.add_argument("--host", default="127.0.0.1")
    fake.add_argument("--port", type=int, default=8000)
    fake.add_argument("--seed", type=int, default=0)
    fake.add_argument("--contacts", type=int, default=200, help="size of the fake workspace")
    fake.add_argument("--token", default="fake-token", help="the bearer token it accepts")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return asyncio.run(run_demo(count=args.contacts, seed=args.seed, out=sys.stdout))
    from .testing import serve_forever

    serve_forever(
        host=args.host, port=args.port, seed=args.seed, contacts=args.contacts, token=args.token
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
