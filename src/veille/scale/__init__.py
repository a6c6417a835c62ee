"""Scale: backfills of large archives on Dask, written as a Parquet dataset the store loads.

    veille backfill archives/ --out backfill/ --workers 2      # a LocalCluster of 2 processes
    veille backfill /shared/in/*.jsonl.gz --out /shared/bf --scheduler tcp://10.0.0.5:8786
    veille load backfill/ --db veille.duckdb

Only `veille.scale` imports Dask; the core (`veille.coder`, the extractors) never does.
Names are imported on first use, so that `veille --help` stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = ("TABLES", "BackfillOptions", "BackfillSummary", "PartitionResult", "PartitionSpec", "code_partition",
            "finished_partitions", "load_dataset", "plan_partitions", "run_backfill")

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module("veille.scale.backfill"), name)
    raise AttributeError(f"module 'veille.scale' has no attribute {name!r}")
