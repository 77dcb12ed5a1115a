"""One settings object for chitieu, read from the environment (``CHITIEU_*``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "chitieu"


def _default_cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chitieu"


class Settings(BaseSettings):
    """Settings with their defaults; each can be overridden by ``CHITIEU_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="CHITIEU_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    # compiled artefacts (the catalogue's linking index); CHITIEU_CACHE_DIR="" keeps none on disk
    cache_dir: Path | None = Field(default_factory=_default_cache_dir)
    database_url: str | None = None
    trusted_proxies: str = ""  # peers whose X-Forwarded-Proto/-For are believed: "127.0.0.1,10.0.0.0/8"
    busy_timeout: float = 30.0  # seconds a SQLite writer waits for another writer's lock
    import_nice: int = 10  # CPU niceness of `chitieu import` (batch work gives way to the web app); 0: none
    language: str = "vi"  # "vi" or "en" for messages
    max_input_bytes: int = 100_000_000  # refuse larger input files (100 MB)
    max_pages: int = 2000  # refuse PDFs and scans with more pages
    block_lines: int = 2000  # lines per processing block when streaming a file
    restore: str = "auto"  # "auto", "always" or "never"
    restore_threshold: float = 0.15  # share of invalid or unmarked words that triggers restoration
    link: bool = True  # link every extracted fact to the standard catalogue (indicator_code)
    link_threshold: float = 0.55  # the least confidence of a link; below it a fact has no code

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _no_cache(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
