"""Shared fixtures: a network guard; and one date for every test (``SOURCE_DATE_EPOCH``, read by
``minlint.clock``), so the birth years that mean an age over 89 do not move with the calendar."""

from __future__ import annotations

import os
import socket

import pytest

TEST_DATE_EPOCH = "1795564800"  # 2026-11-25 00:00 UTC: birth years up to 1936 are over 89
os.environ["SOURCE_DATE_EPOCH"] = TEST_DATE_EPOCH  # also seen by the CLI subprocesses tests start


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test (minlint must run offline)."""

    def refuse(*args, **kwargs):
        raise NetworkBlocked("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
