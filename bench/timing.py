"""Measuring helpers shared by the bench modules (imported as `timing`: bench/run.py puts this
folder on the path): the queries of one request and the median latency of repeated ones."""

import statistics
import time

from django.db import connection
from django.test import Client


def counted_get(client: Client, url: str):
    """(queries, response) of one GET. Counted by a wrapper: the query log of
    CaptureQueriesContext can be shifted by earlier captures in the same process."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    return count, response


def median_seconds(client: Client, url: str, repeat: int) -> float:
    """Median seconds of `repeat` GETs of url."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def small_and_large(
    small_client, small, large_client, large, build, title: str, page: str, measure
):
    """{"small": figures, "large": figures}: `measure(client, url)` of one strategy page
    (`page`, the URL tail after the strategy) for a strategy of 12 fields in the small and of
    48 fields in the large municipality, each built by `build(municipality, title, fields)`."""
    figures = {}
    for label, client, municipality, fields in (
        ("small", small_client, small, 12),
        ("large", large_client, large, 48),
    ):
        strategy = build(municipality, f"{title} {label}", fields)
        url = f"/kommunen/{municipality.slug}/strategien/{strategy.pk}/{page}"
        figures[label] = measure(client, url)
    return figures


def print_small_and_large(name: str, figures, columns=("ms",)) -> None:
    """Prints the figures of small_and_large as `name: value` lines: the queries of each, then
    per size the seconds (as milliseconds) named by `columns`, then the latency ratio large over
    small of the first column (the warm median)."""
    for label in ("small", "large"):
        print(f"queries_{name}_{label}: {figures[label][0]}")
    for label in ("small", "large"):
        for column, seconds in zip(columns, figures[label][1:], strict=True):
            print(f"{name}_{label}_{column}: {seconds * 1000:.2f}")
    print(f"{name}_l_over_s_latency: {figures['large'][1] / figures['small'][1]:.2f}")
