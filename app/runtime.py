"""This process's Database and configuration, for handlers, CLI commands and jobs. Services
never use this: they receive a session and reach configuration through it."""

from __future__ import annotations

from flask import current_app

from app.db import Database
from config import Config


def database() -> Database:
    return current_app.extensions["switchboard.db"]


def config() -> Config:
    return current_app.config["SWITCHBOARD"]
