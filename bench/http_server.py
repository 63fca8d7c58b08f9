"""One uvicorn worker serving Akkoord for the HTTP benchmark, with the feature model's handlers.

Usage: python -m bench.http_server DATABASE_URL DATA_DIR PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from api.app import create_app
from bench.engine import register_bench_handlers
from engine.settings import Settings


def main() -> None:
    database_url, data_dir, port = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    register_bench_handlers()
    settings = Settings(database_url=database_url, data_dir=data_dir, run_scheduler=False)
    uvicorn.run(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        workers=1,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
