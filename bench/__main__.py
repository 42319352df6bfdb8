"""python -m bench --phones N --json FILE: the app and the bare framework, same run, same
machine, same phones; then one phone in Chromium on a slow mobile network
(bench.phone_ready), a restart under N phones and 40 idle phones (bench.lifecycle); prints
a table and writes the figures as JSON."""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

from bench.app_bench import measure_app
from bench.bare import Bare
from bench.common import raise_nofile, rnd
from bench.lifecycle import measure_idle, measure_restart

BUDGET = {  # (figure, N=1000, N=2000, "max"|"min")
    "lost": (0, 0, "max"),
    "fanout_ratio": (1.5, 1.5, "max"),
    "fanout_p95_ms": (150, 300, "max"),
    "submit_ack_p99_ms": (300, 600, "max"),
    "submissions_per_s": (1500, 1500, "min"),
    "rss_kb_per_phone": (100, 100, "max"),
    "cpu_ratio": (1.5, 1.5, "max"),
    # The phone page's HTML, CSS and JS uncompressed: reported, not budgeted. What a phone
    # waits for is what crosses the network, compressed: phone_page_transfer_bytes below.
    # A poll answer is a submission and a poll move a broadcast to every phone: the same
    # budget as a contribution and a summary edit.
    "poll_ack_p99_ms": (300, 600, "max"),
    "answers_per_s": (1500, 1500, "min"),
    "poll_fanout_p95_ms": (150, 300, "max"),
    # Against bare Flask-SocketIO on the same phones, warmed alike, same GC settings.
    "submit_ack_p99_ratio": (1.5, 1.5, "max"),
    "submissions_ratio": (0.67, 0.67, "min"),
    "poll_ack_p99_ratio": (1.5, 1.5, "max"),
    "answers_ratio": (0.67, 0.67, "min"),
    # One phone in Chromium on a slow mobile network; the server restarting under N
    # phones; 40 phones idle.
    "phone_page_transfer_bytes": (50_000, 50_000, "max"),
    "phone_ready_cold_ms": (2000, 2000, "max"),
    "restart_resync_last_ms": (10_000, None, "max"),
    "restart_gave_up": (0, 0, "max"),
    "idle_cpu_percent_40": (2.0, 2.0, "max"),
    # The discussion on feet: a move is a submission, a step of the bubbles a broadcast to
    # every phone (timed from its first phone to its last, as the clock sends it).
    "feet_stand_ack_p99_ms": (300, 600, "max"),
    "feet_board_fanout_p95_ms": (150, 300, "max"),
    "feet_missing": (0, 0, "max"),
}


# What a part the run leaves out (`--phone-runs 0`, `--restart-phones 0`, `--idle-seconds 0`)
# reports: nothing.
PHONE_KEYS = ("phone_page_transfer_bytes", "phone_ready_cold_ms", "phone_ready_warm_ms",
              "phone_reload_ready_ms", "phone_warm_transfer_bytes", "phone_warm_static_fetched",
              "phone_reload_static_fetched", "phone_network_profile")
RESTART_KEYS = ("restart_phones", "restart_join_failed", "restart_server_listening_ms",
                "restart_resync_p50_ms", "restart_resync_p95_ms", "restart_resync_last_ms",
                "restart_not_resynced", "restart_gave_up")
IDLE_KEYS = ("idle_phones", "idle_seconds", "idle_cpu_percent_40", "idle_rss_start_kb",
             "idle_rss_end_kb", "idle_rss_growth_kb", "idle_rss_max_kb",
             "idle_rss_growth_late_kb", "idle_rss_samples_kb")


def budget_for(key: str, phones: int):
    if key not in BUDGET:
        return None
    small, large, kind = BUDGET[key]
    limit = small if phones <= 1000 else large
    return None if limit is None else (limit, kind)


def default_bursts(phones: int) -> int:
    """Bursts per kind: a median over 1,000 answers or more (at least 3, at most 11, an odd
    number). A burst of 100 answers lasts some 25 ms, and one scheduler hiccup moves its
    p99 by half (the bare server's own ranged 19-47 ms in one run): three such bursts are
    too few to compare two servers by."""
    bursts = min(11, max(3, math.ceil(1000 / max(phones, 1))))
    return bursts if bursts % 2 else bursts + 1


async def bench(args) -> dict:
    started = time.time()
    if args.bursts is None:
        args.bursts = default_bursts(args.phones)
    skim = args.client_decode == "skim"
    # The bare server runs beside the app, its phones joined first: it broadcasts right
    # after the app's fan-out, and each of its bursts follows one of the app's.
    baseline = Bare("gevent", args.phones, args.client_processes, skim)
    try:
        await baseline.start()
        app = await measure_app(args.phones, args.reps, args.client_processes, skim,
                                phone_runs=args.phone_runs, bursts=args.bursts,
                                baseline=baseline)
        bare = baseline.result()
    finally:
        await baseline.close()
    restart_phones = args.phones if args.restart_phones is None else args.restart_phones
    restart = (await measure_restart(restart_phones, args.client_processes)
               if restart_phones > 0 else dict.fromkeys(RESTART_KEYS))
    idle = (await measure_idle(40, args.idle_seconds) if args.idle_seconds > 0
            else dict.fromkeys(IDLE_KEYS))
    ratio = lambda a, b: a / b if a and b else None  # noqa: E731
    result = {
        "phones": args.phones,
        "server_mode": "gevent",
        "processes": 1,
        "client_processes": args.client_processes,
        "client_decode": args.client_decode,
        "join_p95_ms": app["join_p95_ms"],
        "submit_ack_p50_ms": app["submit_ack_p50_ms"],
        "submit_ack_p99_ms": app["submit_ack_p99_ms"],
        "submissions_per_s": app["submissions_per_s"],
        "fanout_p50_ms": app["fanout_p50_ms"],
        "fanout_p95_ms": app["fanout_p95_ms"],
        "baseline_fanout_p50_ms": bare["fanout_p50_ms"],
        "baseline_fanout_p95_ms": bare["fanout_p95_ms"],
        "fanout_ratio": ratio(app["fanout_p95_ms"], bare["fanout_p95_ms"]),
        "poll_ack_p50_ms": app["poll_ack_p50_ms"],
        "poll_ack_p99_ms": app["poll_ack_p99_ms"],
        "answers_per_s": app["answers_per_s"],
        "poll_fanout_p50_ms": app["poll_fanout_p50_ms"],
        "poll_fanout_p95_ms": app["poll_fanout_p95_ms"],
        "poll_close_fanout_ms": app["poll_close_fanout_ms"],
        "poll_server_cpu_us_per_recipient": app["poll_server_cpu_us_per_recipient"],
        "lost": app["lost"],
        "rss_kb_per_phone": app["rss_kb_per_phone"],
        "baseline_rss_kb_per_phone": bare["kb_per_connection"],
        "server_cpu_us_per_recipient": app["server_cpu_us_per_recipient"],
        "baseline_server_cpu_us_per_recipient": bare["cpu_us_per_recipient"],
        "cpu_ratio": ratio(app["server_cpu_us_per_recipient"], bare["cpu_us_per_recipient"]),
        "baseline_submit_ack_p99_ms": bare.get("submit_ack_p99_ms"),
        "baseline_submissions_per_s": bare.get("submissions_per_s"),
        "submit_ack_p99_ratio": ratio(app["submit_ack_p99_ms"], bare.get("submit_ack_p99_ms")),
        "submissions_ratio": ratio(app["submissions_per_s"], bare.get("submissions_per_s")),
        "poll_ack_p99_ratio": ratio(app["poll_ack_p99_ms"], bare.get("submit_ack_p99_ms")),
        "answers_ratio": ratio(app["answers_per_s"], bare.get("submissions_per_s")),
        # Each burst's own figures; the ones above are their medians.
        "bursts": args.bursts,
        **{f"{key}_bursts": app.get(f"{key}_bursts") for key in (
            "submit_ack_p99_ms", "submissions_per_s", "poll_ack_p99_ms", "answers_per_s")},
        "baseline_submit_ack_p99_ms_bursts": bare.get("submit_ack_p99_ms_bursts"),
        "baseline_submissions_per_s_bursts": bare.get("submissions_per_s_bursts"),
        "phone_page_bytes": app["phone_page_bytes"],
        "phone_page_transfer_bytes": app.get("phone_page_transfer_bytes"),
        "phone_ready_cold_ms": app.get("phone_ready_cold_ms"),
        "phone_ready_warm_ms": app.get("phone_ready_warm_ms"),
        "phone_reload_ready_ms": app.get("phone_reload_ready_ms"),
        "phone_warm_transfer_bytes": app.get("phone_warm_transfer_bytes"),
        "phone_warm_static_fetched": app.get("phone_warm_static_fetched"),
        "phone_reload_static_fetched": app.get("phone_reload_static_fetched"),
        "phone_network_profile": app.get("phone_network_profile"),
        **restart,
        **idle,
        **{key: app.get(key) for key in (
            "feet_stand_ack_p50_ms", "feet_stand_ack_p99_ms", "feet_board_fanout_p50_ms",
            "feet_board_fanout_p95_ms", "feet_step_wait_p50_ms", "feet_step_wait_max_ms",
            "feet_board_bytes", "feet_server_cpu_us_per_phone_move", "feet_missing",
            "feet_stand_failed", "feet_say_failed")},
        "fanout_message_bytes": app["fanout_message_bytes"],
        "reveal_fanout_ms": app.get("reveal_fanout_ms"),
        "reveal_message_bytes": app.get("reveal_message_bytes"),
        "stage_close_ms": app.get("stage_close_ms"),
        "fanout_reps": args.reps,
        "join_failed": app["join_failed"],
        "submit_failed": app["submit_failed"],
        "answer_failed": app["answer_failed"],
        "fanout_missing": app["fanout_missing"] + bare["missing"],
        "poll_fanout_missing": app["poll_fanout_missing"] + app["poll_open_missing"],
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "seconds": round(time.time() - started, 1),
        "app": app, "bare": bare,
    }
    return result


def table(r: dict) -> str:
    rows = [
        ("join p95 (ms)", r["join_p95_ms"], None, "join_p95_ms"),
        ("submit ack p50 (ms)", r["submit_ack_p50_ms"], None, "submit_ack_p50_ms"),
        ("submit ack p99 (ms)", r["submit_ack_p99_ms"], r["baseline_submit_ack_p99_ms"],
         "submit_ack_p99_ms"),
        ("submissions/s", r["submissions_per_s"], r["baseline_submissions_per_s"],
         "submissions_per_s"),
        ("fan-out p50, last phone (ms)", r["fanout_p50_ms"], r["baseline_fanout_p50_ms"],
         "fanout_p50_ms"),
        ("fan-out p95, last phone (ms)", r["fanout_p95_ms"], r["baseline_fanout_p95_ms"],
         "fanout_p95_ms"),
        ("reveal fan-out, last phone (ms)", r["reveal_fanout_ms"], None, "reveal_fanout_ms"),
        ("close of the check-in, ack (ms)", r["stage_close_ms"], None, "stage_close_ms"),
        ("server CPU per recipient (us)", r["server_cpu_us_per_recipient"],
         r["baseline_server_cpu_us_per_recipient"], "cpu_ratio"),
        ("poll answer ack p50 (ms)", r["poll_ack_p50_ms"], None, "poll_ack_p50_ms"),
        ("poll answer ack p99 (ms)", r["poll_ack_p99_ms"], r["baseline_submit_ack_p99_ms"],
         "poll_ack_p99_ms"),
        ("poll answers/s", r["answers_per_s"], r["baseline_submissions_per_s"],
         "answers_per_s"),
        # The bare run broadcasts the check-in's size, not the poll's: no ratio for these.
        ("poll fan-out p50, last phone (ms)", r["poll_fanout_p50_ms"], None,
         "poll_fanout_p50_ms"),
        ("poll fan-out p95, last phone (ms)", r["poll_fanout_p95_ms"], None,
         "poll_fanout_p95_ms"),
        ("poll server CPU per recip. (us)", r["poll_server_cpu_us_per_recipient"], None,
         "poll_server_cpu_us_per_recipient"),
        ("feet: move ack p99 (ms)", r["feet_stand_ack_p99_ms"], r["baseline_submit_ack_p99_ms"],
         "feet_stand_ack_p99_ms"),
        # First phone to last of one step of the bubbles, beside bare's emit-to-last-phone.
        ("feet: bubbles fan-out p50 (ms)", r["feet_board_fanout_p50_ms"],
         r["baseline_fanout_p50_ms"], "feet_board_fanout_p50_ms"),
        ("feet: bubbles fan-out p95 (ms)", r["feet_board_fanout_p95_ms"],
         r["baseline_fanout_p95_ms"], "feet_board_fanout_p95_ms"),
        ("feet: last move to last phone p50", r["feet_step_wait_p50_ms"], None, "-"),
        ("feet: server CPU per move (us)", r["feet_server_cpu_us_per_phone_move"], None, "-"),
        ("RSS per phone (KB)", r["rss_kb_per_phone"], r["baseline_rss_kb_per_phone"],
         "rss_kb_per_phone"),
        ("lost", r["lost"], None, "lost"),
        ("phone page bytes (uncompressed)", r["phone_page_bytes"], None, "phone_page_bytes"),
        ("phone join transfer (bytes)", r["phone_page_transfer_bytes"], None,
         "phone_page_transfer_bytes"),
        ("phone ready, cold cache (ms)", r["phone_ready_cold_ms"], None, "phone_ready_cold_ms"),
        ("phone ready, warm cache (ms)", r["phone_ready_warm_ms"], None, "phone_ready_warm_ms"),
        ("static files again (warm/reload)",
         None if r["phone_warm_static_fetched"] is None
         else r["phone_warm_static_fetched"] + (r["phone_reload_static_fetched"] or 0), None,
         "-"),
        (f"restart resync p50 (ms, N={r['restart_phones']})", r["restart_resync_p50_ms"],
         None, "restart_resync_p50_ms"),
        ("restart resync p95 (ms)", r["restart_resync_p95_ms"], None, "restart_resync_p95_ms"),
        ("restart resync last (ms)", r["restart_resync_last_ms"], None,
         "restart_resync_last_ms"),
        ("restart: server listening (ms)", r["restart_server_listening_ms"], None, "-"),
        ("restart: phones gave up", r["restart_gave_up"], None, "restart_gave_up"),
        (f"idle CPU, 40 phones, {r['idle_seconds'] or 0:g} s (%)", r["idle_cpu_percent_40"], None,
         "idle_cpu_percent_40"),
        ("idle RSS growth (KB)", r["idle_rss_growth_kb"], None, "-"),
        ("idle RSS growth, second half (KB)", r["idle_rss_growth_late_kb"], None, "-"),
    ]
    lines = [f"N = {r['phones']} phones, {r['server_mode']}, {r['processes']} server process, "
             f"{r['client_processes']} client processes ({r['client_decode']} decode), "
             f"{r['fanout_reps']} fan-out reps, medians of {r['bursts']} bursts of answers, "
             f"{r['fanout_message_bytes']} B per broadcast "
             f"(the reveal: {r['reveal_message_bytes']} B)",
             f"{'figure':32} {'app':>10} {'bare':>10} {'app/bare':>9}  budget"]
    for label, app, bare, key in rows:
        ratio = app / bare if app is not None and bare else None
        budget = ""
        extra = {"fanout_p95_ms": "fanout_ratio", "submit_ack_p99_ms": "submit_ack_p99_ratio",
                 "submissions_per_s": "submissions_ratio",
                 "poll_ack_p99_ms": "poll_ack_p99_ratio", "answers_per_s": "answers_ratio"}
        for k in dict.fromkeys((key, extra.get(key, key))):
            found = budget_for(k, r["phones"])
            if found:
                value = r.get(k)
                limit, kind = found
                if value is None:
                    budget += "(not measured)  "
                    continue
                ok = value <= limit if kind == "max" else value >= limit
                budget += f"{'<=' if kind == 'max' else '>='} {limit:g} {'ok' if ok else 'MISS'}  "
        lines.append(f"{label:32} {_fmt(app):>10} {_fmt(bare):>10} {_fmt(ratio, 2):>9}  "
                     f"{budget}")
    lines.append(f"failures: join {r['join_failed']}, submit {r['submit_failed']}, "
                 f"poll answer {r['answer_failed']}, fan-out missing {r['fanout_missing']}, "
                 f"poll fan-out missing {r['poll_fanout_missing']}, "
                 f"feet bubbles missing {r['feet_missing']}; {r['seconds']} s")
    return "\n".join(lines)


def _fmt(value, digits=1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--reps", type=int, default=20,
                        help="fan-out repetitions (reveal, then summary edits)")
    parser.add_argument("--bursts", type=int,
                        help="bursts of answers per kind, app and bare alike (the figures "
                             "are their medians; each burst's own are in the JSON); default: "
                             "enough for 1,000 answers, at least 3, at most 11, odd")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processes the simulated phones are spread over")
    parser.add_argument("--phone-runs", type=int, default=3,
                        help="Chromium joins on the slow network, cold and warm (medians); "
                             "0: none")
    parser.add_argument("--restart-phones", type=int,
                        help="phones connected when the server restarts (default: --phones); "
                             "0: no restart")
    parser.add_argument("--idle-seconds", type=float, default=300,
                        help="how long 40 connected phones stay idle for the CPU figure; "
                             "0: not measured")
    parser.add_argument("--client-decode", choices=("skim", "full"), default="skim",
                        help="full: every phone parses every broadcast in full (then the "
                             "phones' CPU, not the server, bounds fan-out); skim: big "
                             "broadcasts are read only as far as the bench needs")
    args = parser.parse_args(argv)
    raise_nofile()
    result = asyncio.run(bench(args))
    print(table(result))
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({k: (rnd(v, 2) if isinstance(v, float) else v)
                                    for k, v in result.items()}, indent=2) + "\n")
        print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
