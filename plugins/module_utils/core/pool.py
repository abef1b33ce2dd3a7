# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bounded pool of worker threads for reads that do not depend on each other.

Internal to the collection.  Each worker has its own keep-alive session (``client.spawn()``) and shares the
run's retry policy, so an HTTP 429 slows the whole pool instead of each worker retrying on its own.
"""

from __future__ import annotations

import queue
import threading

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import JsmOpsError, ResponseFormatError


def run_pool(client, items: list, work, concurrency: int, stop_on_error: bool = True) -> list:
    """Apply ``work(worker_client, item)`` to every item with at most ``concurrency`` workers.

    Returns ``(result, error)`` per item, in the items' order; with ``stop_on_error``
    no new item is started once one has failed (those items get neither).
    """
    results: list = [(None, None)] * len(items)
    pending: queue.Queue = queue.Queue()
    for index, item in enumerate(items):
        pending.put((index, item))
    failed = threading.Event()

    def worker(worker_client):
        while not (stop_on_error and failed.is_set()):
            try:
                index, item = pending.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = (work(worker_client, item), None)
            except JsmOpsError as exc:
                results[index] = (None, exc)
                failed.set()
            except (ValueError, TypeError, KeyError, AttributeError) as exc:  # never lose a schedule silently
                results[index] = (None, ResponseFormatError("unexpected answer (%s: %s)" % (type(exc).__name__, exc)))
                failed.set()

    count = min(concurrency, len(items))
    threads = [threading.Thread(target=worker, args=(client if number == 0 else client.spawn(),), daemon=True) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
