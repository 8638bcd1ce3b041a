"""One console process running (or resuming) a bulk warehouse run, for the kill test.

    python tests/e2e/bulk_worker.py CONFIG.json

CONFIG: data_dir, url (the physical goods sandbox), token, mode ("start" or "resume"), action,
ids (transaction ids), tracking (order -> number), out (result file, written at the end).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.services.bulk import BulkRunner, BulkService, plan, result_of
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.vault import Vault


async def run(config: dict[str, Any]) -> dict[str, Any]:
    data_dir = Path(config["data_dir"])
    store = AsyncStore(Store(data_dir / "cache.sqlite", Vault.generate()))
    client = PowerPluginClient(config["url"], config["token"])
    service = BulkService(client, store, operator="worker")
    try:
        if config["mode"] == "start":
            items = await plan(
                store, config["action"], config["ids"], tracking=config.get("tracking")
            )
            runner = BulkRunner(service, items)
            print("planned", len(items), flush=True)
            results = await runner.run()
            return {"run": runner.run_id, "results": [r.__dict__ for r in results]}
        outcomes = await service.resume_all()
        return {"results": [result_of(o.operation).__dict__ for o in outcomes]}
    finally:
        await client.aclose()
        store.close()


def main() -> None:
    config = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = asyncio.run(run(config))
    Path(config["out"]).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
