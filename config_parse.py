"""Reading settings from the environment: the database URL's scheme mapped to our driver, and each
variable's text turned into its field's type. A value that cannot be taken is a ConfigError."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The schemes hosting platforms hand out, and the SQLAlchemy driver each one means here.
DATABASE_SCHEMES = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "sqlite": "sqlite",
}


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class ConfigError(ValueError):
    """A setting this process cannot run with; it refuses to start and says which."""


def database_url(raw: str) -> str:
    """DATABASE_URL with its scheme mapped to our driver (PostgreSQL always through psycopg 3)."""
    scheme, separator, rest = raw.partition("://")
    driver = DATABASE_SCHEMES.get(scheme.lower()) if separator else None
    if driver is None:
        accepted = ", ".join(f"{name}://" for name in DATABASE_SCHEMES)
        raise ConfigError(f"DATABASE_URL must start with one of {accepted} (got {scheme[:20]!r})")
    return f"{driver}://{rest}"


def origins(raw: str, name: str) -> tuple[str, ...]:
    """Comma-separated origins (`https://host[:port]`), each refused unless it is exactly one."""
    found = tuple(origin.strip() for origin in raw.split(",") if origin.strip())
    for origin in found:
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(f"{name}: {origin[:60]!r} is not an origin such as https://www.example.org")
    return found


def site_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def parse(name: str, kind: str, raw: str) -> object:
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number (got {raw[:20]!r})") from None
    if kind in ("bool", "bool | None"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if name == "ALLOWED_ORIGINS":
        return tuple(o.strip() for o in raw.split(",") if o.strip())
    return raw
