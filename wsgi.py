"""The WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app` (see Makefile) and
`flask --app wsgi ...` for the CLI."""

from app import create_app
from config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"switchboard will not start: {error}") from None
