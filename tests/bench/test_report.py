"""The report's arithmetic: rounds into medians, medians into ratios, ratios into verdicts.

Fed constructed rows, so each figure is known in advance: a median taken of
the wrong rounds, a ratio of the wrong servers or a verdict on the wrong side
of its limit fails here, where a benchmark run would only print it.
"""
from __future__ import annotations

import pytest

from bench import report


def row(server: str, concurrency: int, cpu: float | None = 1.0, **figures) -> dict:
    """One run's row as :func:`bench.report.figures` makes it; timings default to 1, counts to a clean run."""
    base = {"server": server, "concurrency": concurrency, "conversations": 10, "completed": 10, "turns": 75,
            "failed_turns": 0, "errors": 0, "error_kinds": {}, "error_examples": [], "seconds": 1.0,
            "turns_per_s": 75.0, "p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0, "mean_ms": 1.2, "max_ms": 4.0,
            "server_cpu_ms_per_turn": cpu, "client_cpu_ms_per_turn": 0.5, "rss_mb": 50.0, "peak_rss_mb": 55.0}
    return {**base, **figures}


def servers_with_ours(served: int = 0, rss: float = 100.0, starts=(0.6,)) -> dict:
    return {"ours": {"conversations_served": served, "rss_mb": rss, "peak_rss_mb": rss + 5, "start_s": list(starts)}}


def by_target(items: list[dict]) -> dict[str, dict]:
    return {v["target"]: v for v in items}


CPU_OURS_C1 = "ours (botbuilder, SQLite): server CPU per turn at or below the stock Agents SDK echo bot's (c=1)"
CPU_OURS_C32 = "ours (botbuilder, SQLite): server CPU per turn at or below the stock Agents SDK echo bot's (c=32)"
CPU_AGENTS_C1 = "ours (Agents SDK, SQLite): server CPU per turn at or below the stock Agents SDK echo bot's (c=1)"
CPU_AGENTS_C32 = "ours (Agents SDK, SQLite): server CPU per turn at or below the stock Agents SDK echo bot's (c=32)"


# --- the median of the rounds ---------------------------------------------------------------
def test_each_timing_is_the_median_of_the_rounds_not_the_mean_nor_the_last():
    rounds = [[row("ours", 1, cpu=1.0, p50_ms=1.5, turns_per_s=300.0)],
              [row("ours", 1, cpu=9.0, p50_ms=8.0, turns_per_s=100.0)],  # the noisy round
              [row("ours", 1, cpu=1.2, p50_ms=1.1, turns_per_s=280.0)]]

    [summary] = report.median_of_rounds(rounds)

    assert summary["server_cpu_ms_per_turn"] == 1.2
    assert summary["p50_ms"] == 1.5
    assert summary["turns_per_s"] == 280.0
    assert summary["server_cpu_ms_per_turn_by_round"] == [1.0, 9.0, 1.2]
    assert summary["rounds"] == 3


def test_the_median_of_two_rounds_is_their_mean():
    [summary] = report.median_of_rounds([[row("floor", 32, cpu=0.2, p95_ms=4.0)],
                                         [row("floor", 32, cpu=0.3, p95_ms=6.0)]])

    assert summary["server_cpu_ms_per_turn"] == 0.25
    assert summary["p95_ms"] == 5.0


def test_counts_are_totals_over_the_rounds_and_errors_are_all_kept():
    rounds = [[row("ours", 32, errors=0)],
              [row("ours", 32, errors=2, failed_turns=2, completed=8, turns=70, error_kinds={"timeout": 2},
                   error_examples=["timeout: no answer"])],
              [row("ours", 32, errors=1, failed_turns=1, completed=9, turns=73, error_kinds={"timeout": 1, "HTTP 500": 0},
                   error_examples=["HTTP 500: boom"])]]

    [summary] = report.median_of_rounds(rounds)

    assert (summary["conversations"], summary["completed"], summary["turns"]) == (30, 27, 218)
    assert (summary["errors"], summary["failed_turns"]) == (3, 3)
    assert summary["error_kinds"]["timeout"] == 3
    assert summary["error_examples"] == ["round 2: timeout: no answer", "round 3: HTTP 500: boom"]


def test_memory_is_the_last_rounds_and_the_highest_peak():
    [summary] = report.median_of_rounds([[row("ours", 1, rss_mb=120.0, peak_rss_mb=150.0)],
                                         [row("ours", 1, rss_mb=125.0, peak_rss_mb=152.0)],
                                         [row("ours", 1, rss_mb=118.0, peak_rss_mb=152.0)]])

    assert summary["rss_mb"] == 118.0
    assert summary["peak_rss_mb"] == 152.0


def test_rows_are_grouped_by_server_and_concurrency_in_the_order_first_measured():
    one_round = [row("ours", 1, cpu=2.0), row("agents_echo", 1, cpu=1.0),
                 row("ours", 32, cpu=3.0), row("agents_echo", 32, cpu=1.5)]
    other = [row("ours", 1, cpu=4.0), row("agents_echo", 1, cpu=1.0),
             row("ours", 32, cpu=5.0), row("agents_echo", 32, cpu=2.5)]

    summary = report.median_of_rounds([one_round, other])

    assert [(r["server"], r["concurrency"]) for r in summary] == [("ours", 1), ("agents_echo", 1),
                                                                 ("ours", 32), ("agents_echo", 32)]
    assert [r["server_cpu_ms_per_turn"] for r in summary] == [3.0, 1.0, 4.0, 2.0]


def test_a_round_without_turns_leaves_its_timings_out_of_the_median():
    [summary] = report.median_of_rounds([[row("ours", 1, cpu=None, p50_ms=None, turns=0)],
                                         [row("ours", 1, cpu=2.0, p50_ms=3.0)],
                                         [row("ours", 1, cpu=4.0, p50_ms=5.0)]])

    assert summary["server_cpu_ms_per_turn"] == 3.0 and summary["p50_ms"] == 4.0
    [nothing] = report.median_of_rounds([[row("ours", 1, cpu=None, p50_ms=None, turns=0)]])
    assert nothing["server_cpu_ms_per_turn"] is None and nothing["p50_ms"] is None


# --- ratios ---------------------------------------------------------------------------------
def test_cpu_ratios_against_the_agents_echo_bot_for_both_hosts_at_both_concurrencies():
    rows = [row("ours", 1, cpu=1.5), row("agents", 1, cpu=0.9), row("agents_echo", 1, cpu=1.2),
            row("ours", 32, cpu=1.4), row("agents", 32, cpu=1.0), row("agents_echo", 32, cpu=0.8)]

    ratio = report.ratios(rows)

    assert ratio["cpu_ours_over_agents_echo_c1"] == 1.25
    assert ratio["cpu_agents_over_agents_echo_c1"] == 0.75
    assert ratio["cpu_ours_over_agents_echo_c32"] == 1.75
    assert ratio["cpu_agents_over_agents_echo_c32"] == 1.25


def test_ratios_are_taken_of_the_medians_not_as_the_median_of_each_rounds_ratio():
    """Ours 1, 2, 3 against the echo bot's 1, 4, 1.5: medians 2 / 1.5 = 1.33; the median of 1, 0.5, 2 would be 1."""
    rounds = [[row("ours", 1, cpu=1.0), row("agents_echo", 1, cpu=1.0)],
              [row("ours", 1, cpu=2.0), row("agents_echo", 1, cpu=4.0)],
              [row("ours", 1, cpu=3.0), row("agents_echo", 1, cpu=1.5)]]

    assert report.ratios(report.median_of_rounds(rounds))["cpu_ours_over_agents_echo_c1"] == 1.33


def test_a_ratio_is_left_out_when_a_side_was_not_measured_or_is_zero():
    rows = [row("ours", 1, cpu=1.5), row("agents_echo", 1, cpu=0.0), row("agents", 32, cpu=1.0)]

    ratio = report.ratios(rows)

    assert "cpu_ours_over_agents_echo_c1" not in ratio  # the anchor's 0 would divide by zero
    assert "cpu_agents_over_agents_echo_c32" not in ratio  # no echo bot at 32
    assert "cpu_agents_over_agents_echo_c1" not in ratio  # no agents at 1


def test_the_existing_ratios_still_compare_ours_with_the_floor_and_the_echo_bot():
    rows = [row("ours", 1, p50_ms=1.5), row("floor", 1, p50_ms=0.5),
            row("ours", 32, turns_per_s=900.0), row("echo", 32, turns_per_s=120.0)]

    ratio = report.ratios(rows)

    assert ratio["p50_ours_over_floor_c1"] == 3.0
    assert ratio["tps_ours_over_echo_c32"] == 7.5


# --- verdicts -------------------------------------------------------------------------------
@pytest.mark.parametrize("ours_cpu, verdict", [(0.9, "met"), (1.2, "met"), (1.21, "MISSED")])
def test_cpu_verdict_is_met_at_or_below_the_echo_bot(ours_cpu, verdict):
    rows = [row("ours", 1, cpu=ours_cpu, rounds=3), row("agents_echo", 1, cpu=1.2, rounds=3)]

    target = by_target(report.verdicts(rows, servers_with_ours(), report.ratios(rows)))[CPU_OURS_C1]

    assert target["verdict"] == verdict
    assert target["limit"] == "<= 1x"
    assert f"{ours_cpu} against 1.2 ms per turn, medians of 3 rounds" in target["note"]


def test_cpu_verdicts_cover_both_hosts_at_both_concurrencies():
    rows = [row("ours", 1, cpu=0.8), row("agents", 1, cpu=1.3), row("agents_echo", 1, cpu=1.0),
            row("ours", 32, cpu=1.1), row("agents", 32, cpu=0.7), row("agents_echo", 32, cpu=1.0)]

    targets = by_target(report.verdicts(rows, servers_with_ours(), report.ratios(rows)))

    assert [targets[t]["verdict"] for t in (CPU_OURS_C1, CPU_OURS_C32, CPU_AGENTS_C1, CPU_AGENTS_C32)] == \
        ["met", "MISSED", "MISSED", "met"]
    assert targets[CPU_AGENTS_C1]["value"] == 1.3


def test_cpu_verdicts_not_measured_say_which_servers_to_run():
    rows = [row("ours", 1), row("floor", 1)]

    targets = by_target(report.verdicts(rows, servers_with_ours(), report.ratios(rows)))

    for name, only in ((CPU_OURS_C1, "--only ours,agents_echo"), (CPU_OURS_C32, "--only ours,agents_echo"),
                       (CPU_AGENTS_C1, "--only agents,agents_echo"), (CPU_AGENTS_C32, "--only agents,agents_echo")):
        assert targets[name]["verdict"] == "not measured"
        assert only in targets[name]["note"]
    assert "(concurrency 32 included)" in targets[CPU_OURS_C32]["note"]


def test_the_superseded_agents_verdict_is_gone():
    rows = [row("agents", 1, cpu=0.5), row("agents_echo", 1, cpu=1.0)]

    targets = report.verdicts(rows, servers_with_ours(), report.ratios(rows))

    assert not [t for t in targets if "less server CPU per turn" in t["target"]]


@pytest.mark.parametrize("rss, verdict", [(129.9, "met"), (130.0, "met"), (130.1, "MISSED")])
def test_rss_target_is_at_most_130_mb_after_10000_conversations(rss, verdict):
    targets = report.verdicts([row("ours", 32)], servers_with_ours(served=10_008, rss=rss), {})

    target = by_target(targets)["server RSS at most 130 MB after 10,000 conversations"]
    assert target["verdict"] == verdict
    assert target["limit"] == "<= 130 MB"


def test_rss_not_measured_says_what_to_run():
    targets = report.verdicts([row("ours", 32)], servers_with_ours(served=500), {})

    target = by_target(targets)["server RSS at most 130 MB after 10,000 conversations"]
    assert target["verdict"] == "not measured"
    assert "--only ours --conversations 10000 --concurrency 32" in target["note"]


def test_zero_errors_counts_the_conversations_of_every_round():
    rounds = [[row("ours", 1, conversations=200), row("ours", 32, conversations=200)] for _ in range(3)]
    rows = report.median_of_rounds(rounds)

    target = by_target(report.verdicts(rows, servers_with_ours(), {}))["zero errors over 1,000 conversations"]

    assert target["verdict"] == "met"
    assert target["note"] == "0 errors in 1,200 conversations"


def test_the_rounds_lines_state_the_load_average_of_each_round():
    rounds = [{"round": 1, "load_average": {"before": [0.1, 0.2, 0.3], "after": [0.9, 0.4, 0.3]}, "runs": []},
              {"round": 2, "load_average": {"before": [0.9, 0.4, 0.3], "after": [1.1, 0.5, 0.3]}, "runs": []}]

    text = report.rounds_lines(rounds)

    assert "the median of 2 rounds" in text
    assert "round 1: load average before [0.1, 0.2, 0.3], after [0.9, 0.4, 0.3]" in text
    assert "round 2: load average before [0.9, 0.4, 0.3], after [1.1, 0.5, 0.3]" in text


def test_paired_ratios_compare_each_round_with_the_echo_bot_of_the_same_round():
    """Ours 1, 2, 3 against 1, 4, 1.5 within each round: 1, 0.5, 2 (median 1), beside the medians' 1.33."""
    rounds = [[row("ours", 1, cpu=1.0), row("agents_echo", 1, cpu=1.0)],
              [row("ours", 1, cpu=2.0), row("agents_echo", 1, cpu=4.0)],
              [row("ours", 1, cpu=3.0), row("agents_echo", 1, cpu=1.5)]]

    paired = report.paired_cpu_ratios(report.median_of_rounds(rounds))

    assert paired == {"cpu_ours_over_agents_echo_c1": [1.0, 0.5, 2.0]}
    assert report.paired_lines(paired) == "  cpu_ours_over_agents_echo_c1: 1.00, 0.50, 2.00 (median 1.00)"
