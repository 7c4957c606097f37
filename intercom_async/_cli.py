"""The command line: `python -m intercom_async` and the `intercom-async` script.

Exit codes: 0 on success, 1 when the API (or the output file) fails, with the reason
on stderr, 2 for usage errors, 130 when interrupted with Ctrl-C. Expected errors never
print a traceback, and the token is never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from ._client import DEFAULT_API_VERSION, Client
from ._export import ExportError, cursor_path, export_contacts
from ._progress import CountDisplay, count_display
from ._sansio import BASE_URLS
from ._search import InvalidQueryError, build_query
from ._version import __version__
from .errors import IntercomError, PaginationLoopError, UnauthorizedError

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PROG = "intercom-async"
MAX_PER_PAGE = 150
PROGRESS_INTERVAL = 10.0
"""Seconds between progress lines when stderr is not a terminal."""


class UsageError(Exception):
    """Bad command-line input found after parsing (exit code 2)."""


def _whole_number(text: str, *, at_most: int | None = None) -> int:
    """`text` as an int from 1 (to `at_most`), else the error argparse shows."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1 or (at_most is not None and value > at_most):
        allowed = "1 or more" if at_most is None else f"between 1 and {at_most}"
        raise argparse.ArgumentTypeError(f"must be {allowed}, got {value}")
    return value


def _per_page(text: str) -> int:
    return _whole_number(text, at_most=MAX_PER_PAGE)


def _positive(text: str) -> int:
    return _whole_number(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):  # NaN fails `>=`
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


def _moment(text: str) -> int:
    """A date, a date and time (UTC unless it says otherwise) or epoch seconds."""
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date (2024-05-01, 2024-05-01T12:00:00Z) or epoch seconds, got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def _search_query(text: str) -> dict[str, Any]:
    """A search query, checked here as the SDK checks it: a bad one is a usage error (2)."""
    try:
        query = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc})") from None
    if not isinstance(query, dict) or "operator" not in query:
        raise argparse.ArgumentTypeError(
            'expected a query object such as {"field": "email", "operator": "~", "value": "@x.com"}'
        )
    try:
        build_query(query)
    except (InvalidQueryError, TypeError, ValueError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return query


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Intercom from the command line, and a fake Intercom to try it on."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="start the built-in fake Intercom, fetch contacts and expand their references"
    )
    demo.add_argument(
        "--contacts", type=_positive, default=3, metavar="N", help="how many contacts to show"
    )
    demo.add_argument("--seed", type=int, default=0, help="seed of the fake workspace")

    fake = commands.add_parser("fake-server", help="run the fake Intercom API until interrupted")
    fake.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    fake.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    fake.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of the generated workspace: the same seed, the same data (default: 0)",
    )
    fake.add_argument(
        "--contacts", type=_positive, default=200, metavar="N", help="size of the fake workspace"
    )
    fake.add_argument("--token", default="fake-token", help="the bearer token it accepts")

    connection = argparse.ArgumentParser(add_help=False)
    options = connection.add_argument_group("connection")
    options.add_argument(
        "--token", help="access token (default: the INTERCOM_TOKEN environment variable)"
    )
    options.add_argument("--region", choices=sorted(BASE_URLS), default="us")
    options.add_argument("--base-url", help="API root, overriding --region (e.g. a fake server)")
    options.add_argument("--api-version", default=DEFAULT_API_VERSION)

    export_options = argparse.ArgumentParser(add_help=False)
    export_options.add_argument(
        "--per-page", type=_per_page, default=50, metavar="N", help="1 to 150"
    )
    export_options.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted export from the cursor saved in FILE.cursor",
    )
    export_options.add_argument(
        "--no-progress",
        action="store_true",
        help="show no progress on stderr (the summary line still ends the run)",
    )
    export_options.add_argument(
        "--progress-interval",
        type=_seconds,
        default=PROGRESS_INTERVAL,
        metavar="SECONDS",
        help="when stderr is not a terminal, print a progress line at most this often "
        "(default: %(default)g)",
    )

    contacts = commands.add_parser("contacts", help="read contacts")
    actions = contacts.add_subparsers(dest="action", required=True, metavar="ACTION")
    get = actions.add_parser("get", parents=[connection], help="print one contact as JSON")
    get.add_argument("contact_id", metavar="ID", help="Intercom's id of the contact")
    export = actions.add_parser(
        "export",
        parents=[connection, export_options],
        help="write every contact (or a search's) to a .jsonl or .csv file, page by page",
    )
    export.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="FILE.jsonl|FILE.csv",
        help="output file; its suffix picks the format",
    )
    export.add_argument(
        "--search",
        type=_search_query,
        metavar="JSON",
        help="search query (POST /contacts/search)",
    )

    conversations = commands.add_parser("conversations", help="read conversations")
    actions = conversations.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        parents=[connection, export_options],
        help="write the conversations updated since a date, with their parts, to a .jsonl file",
    )
    export.add_argument(
        "--out", required=True, type=Path, metavar="FILE.jsonl", help="output file (JSON Lines)"
    )
    export.add_argument(
        "--since",
        type=_moment,
        metavar="DATE",
        help="only conversations updated at or after DATE (2024-05-01, 2024-05-01T12:00:00Z "
        "or epoch seconds; a time without a zone is UTC); the summary gives the next run's",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        parser.exit(EXIT_USAGE, f"{PROG}: error: {exc}\n")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted{_resume_hint(args)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UnauthorizedError as exc:
        return _fail(f"{exc}\n(check --token or INTERCOM_TOKEN)")
    except PaginationLoopError as exc:  # resuming would only loop again
        return _fail(str(exc))
    except IntercomError as exc:
        return _fail(f"{exc}{_resume_hint(args)}")
    except ExportError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # The reader went away (`... | head`); say nothing more on a closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))


def _resume_hint(args: argparse.Namespace) -> str:
    """How to go on, when an export stopped part-way and left its cursor file."""
    if getattr(args, "action", None) == "export" and cursor_path(args.out).exists():
        return "\n(the export can go on where it stopped: run the same command with --resume)"
    return ""


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    # Imported here, not at the top (no import circle either way): only these two
    # commands need the fake server, and loading aiohttp.web would slow every other one.
    if args.command == "demo":
        from ._demo import run_demo

        return asyncio.run(run_demo(count=args.contacts, seed=args.seed, out=sys.stdout))
    if args.command == "fake-server":
        from .testing import serve_forever

        serve_forever(
            host=args.host,
            port=args.port,
            seed=args.seed,
            contacts=args.contacts,
            token=args.token,
        )
        return EXIT_OK
    if args.action == "get":
        return asyncio.run(_get_contact(args))
    if args.command == "conversations":
        return asyncio.run(_export_conversations(args))
    return asyncio.run(_export(args))


def _client(args: argparse.Namespace) -> Client:
    token = args.token if args.token is not None else os.environ.get("INTERCOM_TOKEN")
    if not token:
        raise UsageError("no access token: pass --token or set INTERCOM_TOKEN")
    try:
        return Client(
            token=token, region=args.region, base_url=args.base_url, api_version=args.api_version
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


async def _get_contact(args: argparse.Namespace) -> int:
    if not args.contact_id:
        raise UsageError("the contact ID must not be empty")
    async with _client(args) as client:
        contact = await client.contacts.get(args.contact_id)
    sys.stdout.buffer.write(orjson.dumps(contact.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
    return EXIT_OK


def _progress(args: argparse.Namespace, unit: str) -> CountDisplay | None:
    if args.no_progress:
        return None
    return count_display(sys.stderr, interval=args.progress_interval, unit=unit)


async def _export_conversations(args: argparse.Namespace) -> int:
    # Imported here, like the fake server above: it loads the conversation area.
    from ._conversation_export import export_conversations

    if args.out.suffix.lower() != ".jsonl":
        raise UsageError(f"--out must end in .jsonl, got {str(args.out)!r}")
    async with _client(args) as client:
        result = await export_conversations(
            client,
            out=args.out,
            since=args.since,
            per_page=args.per_page,
            resume=args.resume,
            progress=_progress(args, "conversation"),
            warn=sys.stderr,
        )
    print(result.summary, file=sys.stderr)
    return EXIT_OK


async def _export(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise UsageError(f"--out must end in .jsonl or .csv, got {str(args.out)!r}")
    async with _client(args) as client:
        result = await export_contacts(
            client,
            out=args.out,
            file_format=suffix[1:],
            search=args.search,
            per_page=args.per_page,
            resume=args.resume,
            progress=_progress(args, "contact"),
            warn=sys.stderr,
        )
    print(result.summary, file=sys.stderr)
    return EXIT_ERROR if result.unwritten else EXIT_OK
