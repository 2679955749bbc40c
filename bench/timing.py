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
