"""The Presidio engine is built in the background while the data is read (``warm_up``): once
per process, and a failed build is raised by the detect stage's own call, not lost or printed."""

from __future__ import annotations

import pytest

from minlint.detect import presidio_engine
from minlint.detect.registry import ALL_SPECS
from minlint.errors import ConfigError


def test_warm_up_and_the_detect_stage_build_the_engine_once():
    presidio_engine._built_analyzer.cache_clear()
    presidio_engine.warm_up(None, ALL_SPECS)
    engine = presidio_engine.analyzer(None, ALL_SPECS)
    assert presidio_engine._built_analyzer.cache_info().misses == 1
    assert presidio_engine.analyzer(None, ALL_SPECS) is engine


def test_a_failed_warm_up_is_raised_by_the_detect_stage_call(capfd):
    presidio_engine.warm_up("no_such_spacy_model", ALL_SPECS)
    with pytest.raises(ConfigError, match="no_such_spacy_model"):
        presidio_engine.analyzer("no_such_spacy_model", ALL_SPECS)
    captured = capfd.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
