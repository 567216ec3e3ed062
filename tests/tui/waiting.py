"""Waiting in a Pilot test for what a worker or a timer brings, without a fixed sleep."""

from __future__ import annotations

import time


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
