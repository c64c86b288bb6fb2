"""The WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app` (see Makefile) and
`flask --app wsgi ...` for the CLI."""

from app import create_app

app = create_app()
