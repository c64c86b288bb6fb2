"""Commands sent to PostgreSQL the way psycopg sends its own (`pgconn.send_query` and
`generators.execute`, internal to psycopg 3.3.9, pinned): a simple query with no values and no
rows, which can hold several statements in one round trip and passes by psycopg's own handling of
transactions and prepared statements. Intake's BEGIN goes with its plan setting so
(app.services.intake_statement), and a rollback so that psycopg keeps its prepared statements
(app.prepared_statements)."""

from __future__ import annotations

from typing import Any

from psycopg import errors, generators, pq


def run(driver: Any, command: bytes) -> None:
    """Send `command` on the psycopg connection `driver` and wait for it; raise its first error."""
    driver.pgconn.send_query(command)
    for result in driver.wait(generators.execute(driver.pgconn)):
        if result.status != pq.ExecStatus.COMMAND_OK:
            raise errors.error_from_result(result, encoding=driver.info.encoding)
