"""Write bytes as a file in the test's directory and open it as minlint would."""

from __future__ import annotations

from pathlib import Path

import pytest

from minlint.errors import InputError
from minlint.io.discover import discover
from minlint.io.readers import LoadedDataset, open_dataset


def load(name: str, content: bytes) -> LoadedDataset:
    Path(name).write_bytes(content)
    (source,) = discover([name])
    return open_dataset(source)


def input_error(name: str, content: bytes) -> str:
    """The InputError message opening `content` as `name` raises."""
    with pytest.raises(InputError) as raised:
        load(name, content)
    return str(raised.value)
