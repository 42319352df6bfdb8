"""The load benchmark runs end to end at a small N: the real server, 50 phones, the bare
framework beside it, a check-in, a poll and a discussion on feet; one phone in Chromium on a slow network, a
restart under 50 phones, 40 idle phones for 5 s. It asserts that it works and that nothing acknowledged is lost; it
asserts no timings (those are for `make bench` on a quiet machine)."""
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_runs_at_50_phones_and_loses_nothing(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--phones", "50", "--reps", "5", "--phone-runs", "1",
         "--bursts", "3", "--idle-seconds", "5", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    figures = json.loads(out.read_text())
    assert figures["phones"] == 50
    assert figures["server_mode"] == "gevent" and figures["processes"] == 1
    assert figures["join_failed"] == 0 and figures["submit_failed"] == 0
    assert figures["answer_failed"] == 0
    assert figures["fanout_missing"] == 0 and figures["poll_fanout_missing"] == 0
    assert figures["lost"] == 0  # contributions and poll answers alike
    assert figures["feet_missing"] == 0 and figures["feet_stand_failed"] == 0
    assert figures["feet_say_failed"] == 0
    for key in ("join_p95_ms", "submit_ack_p50_ms", "submit_ack_p99_ms", "submissions_per_s",
                "fanout_p50_ms", "fanout_p95_ms", "baseline_fanout_p95_ms", "fanout_ratio",
                "rss_kb_per_phone", "server_cpu_us_per_recipient",
                "baseline_server_cpu_us_per_recipient", "phone_page_bytes",
                "poll_ack_p50_ms", "poll_ack_p99_ms", "answers_per_s", "poll_fanout_p50_ms",
                "poll_fanout_p95_ms", "poll_server_cpu_us_per_recipient",
                "submit_ack_p99_ratio", "submissions_ratio", "phone_page_transfer_bytes",
                "phone_ready_cold_ms", "phone_ready_warm_ms", "restart_resync_p50_ms",
                "restart_resync_p95_ms", "restart_resync_last_ms", "idle_cpu_percent_40",
                "feet_stand_ack_p99_ms", "feet_board_fanout_p95_ms", "feet_step_wait_p50_ms"):
        assert isinstance(figures[key], (int, float)), key
    assert figures["phone_page_bytes"] > 0
    # Three bursts of answers per kind; the bare server's burst follows each of them (six);
    # the figures are their medians.
    assert figures["bursts"] == 3
    for key, count in (("submit_ack_p99_ms", 3), ("submissions_per_s", 3),
                       ("poll_ack_p99_ms", 3), ("answers_per_s", 3),
                       ("baseline_submit_ack_p99_ms", 6), ("baseline_submissions_per_s", 6)):
        runs = figures[f"{key}_bursts"]
        assert len(runs) == count, key
        assert abs(statistics.median(runs) - figures[key]) <= 0.01, key  # runs are rounded
    assert 0 < figures["phone_page_transfer_bytes"] <= 50_000
    assert figures["phone_warm_static_fetched"] == 0 == figures["phone_reload_static_fetched"]
    assert figures["restart_phones"] == 50
    assert figures["restart_not_resynced"] == 0 and figures["restart_gave_up"] == 0
    assert figures["idle_phones"] == 40
    assert "fan-out p95" in done.stdout and "poll answers/s" in done.stdout
    assert "feet: bubbles fan-out p95" in done.stdout
