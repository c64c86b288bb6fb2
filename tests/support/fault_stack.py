"""The production shape on services of its own, for the fault tests: a private PostgreSQL
cluster and redis-server on free ports (so restarting or killing them never touches the
shared ones or another test run), gunicorn serving the app, and a fake Twilio."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from flask import Flask

from app import create_app
from app.db import Database
from config import Config
from tests.support import services
from tests.support.fake_twilio import FakeTwilio
from tests.support.private_postgres import PostgresCluster, running_postgres
from tests.support.private_redis import RedisServer, running_redis
from tests.support.twilio_signing import PUBLIC_URL, twilio_settings


@dataclass
class Stack:
    postgres: PostgresCluster
    redis: RedisServer
    twilio: FakeTwilio
    env: dict[str, str]
    base_url: str  # gunicorn's

    @cached_property
    def app(self) -> Flask:
        """The app in this process, on the same database and job queue (to act as a navigator)."""
        return create_app(Config.from_env(self.env))

    def database(self) -> Database:
        return self.app.extensions["switchboard.db"]


def environment(postgres: PostgresCluster, redis: RedisServer, twilio: FakeTwilio) -> dict[str, str]:
    return {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "PUBLIC_URL": PUBLIC_URL,
        "SECRET_KEY": "fault-test-secret-key-of-at-least-32-characters",
        "SESSION_COOKIE_SECURE": "false",
        **twilio_settings(twilio.url),
        "SWEEP_INTERVAL_SECONDS": "0.5",
        "OUTBOX_RETRY_AFTER_SECONDS": "2",
        "SEND_CONFIRM_SECONDS": "2",
        "NO_PROXY": "127.0.0.1,localhost",
    }


@contextmanager
def private_stack(name: str) -> Iterator[Stack]:
    twilio = FakeTwilio().start()
    try:
        with running_postgres() as postgres, running_redis() as redis:
            env = environment(postgres, redis, twilio)
            with services.serving(env, name) as base_url:
                twilio.callbacks_to = base_url
                stack = Stack(postgres, redis, twilio, env, base_url)
                yield stack
                stack.database().engine.dispose()
    finally:
        twilio.stop()
