#!/usr/bin/env python3
"""Poll every Egnyte issue the way a Python integration would, for comparison with the SDK.

GET {api}/v1/issues in pages of 100, full format, through one requests.Session (keep-alive),
each page decoded with .json(), the cursor being the last id, until the empty page that ends
the listing. Reads each issue's id and status, as a poller handing issues on would.

Usage (the token from the environment, never the command line):

    EGNYTE_ACCESS_TOKEN=<token> python3 poll_issues.py http://127.0.0.1:<port>/api [--rounds N]

`cargo run --release -p secops-stand-in --example serve -- --issues 100000` prints both. Prints
one JSON line per round: {"issues": n, "seconds": s, "issues_per_second": r}; the time of one
warm-up request (the connection, the first request) is not counted. Needs Python 3 and
`requests` (pip install requests); nothing else.
"""

import argparse
import json
import os
import sys
import time

try:
    import requests
except ImportError:
    sys.exit("poll_issues.py needs the requests package: pip install requests")


def poll_all(session, api):
    """Every issue, page by page; returns how many came."""
    count = 0
    cursor = None
    while True:
        params = {"count": 100, "format": "full"}
        if cursor is not None:
            params["cursor"] = cursor
        response = session.get(f"{api}/v1/issues", params=params, timeout=60)
        response.raise_for_status()
        page = response.json()
        issues = page.get("issues") or []
        if not issues:
            return count
        for issue in issues:
            if issue["id"] is not None and issue.get("status") is not None:
                count += 1
        cursor = page["cursor"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("api", help="the Egnyte API base URL, e.g. http://127.0.0.1:8080/api")
    parser.add_argument("--rounds", type=int, default=1, help="full listings to time")
    args = parser.parse_args()
    token = os.environ.get("EGNYTE_ACCESS_TOKEN")
    if not token:
        sys.exit("set EGNYTE_ACCESS_TOKEN to the access token")
    api = args.api.rstrip("/")
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        session.get(f"{api}/v1/issues", params={"count": 1}, timeout=60).raise_for_status()
        for _ in range(args.rounds):
            started = time.perf_counter()
            count = poll_all(session, api)
            seconds = time.perf_counter() - started
            print(
                json.dumps(
                    {
                        "issues": count,
                        "seconds": seconds,
                        "issues_per_second": count / seconds,
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
