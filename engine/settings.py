"""One settings object, read from AKKOORD_* environment variables; fails fast in production."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BPMN_DIR = Path(__file__).resolve().parent.parent / "bpmn"
_SECRET_FILE = "secret_key"
_WEAK_SECRETS = {"", "changeme", "secret", "development"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AKKOORD_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("./var")
    database_url: str | None = None
    secret_key: str | None = Field(default=None, repr=False)
    bpmn_dir: Path = DEFAULT_BPMN_DIR
    host: str = "127.0.0.1"
    port: int = 8000
    token_lifetime_seconds: int = 3600
    run_scheduler: bool = True
    scheduler_interval_seconds: float = 5.0

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key is None or self.secret_key in _WEAK_SECRETS or len(self.secret_key) < 32
        ):
            raise ValueError(
                "AKKOORD_SECRET_KEY must be set to a strong value (32+ characters) in production"
            )
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'akkoord.db').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / _SECRET_FILE
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use psycopg 3 for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
