"""The exceptions minlint raises for expected problems, and reading the small text files
(config, policies) that raise them.

Each is turned into one line on stderr and exit code 2 by ``minlint.cli``; nothing deeper
calls ``sys.exit``. Messages name the file or setting at fault and never carry cell values.
"""

from pathlib import Path


class MinlintError(Exception):
    """An expected problem that must stop the scan (fail closed)."""


class InputError(MinlintError):
    """A path that cannot be read as a dataset: missing, unreadable, corrupt or unsupported."""


class PolicyError(MinlintError):
    """A policy that is unknown or does not validate, or a bad destination."""


class ConfigError(MinlintError):
    """A configuration file or command-line option that does not validate."""


def read_settings_text(path: Path, label: str, what: str, error: type[MinlintError]) -> str:
    """A config or policy file's UTF-8 text; `error` with one line naming `label` otherwise."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{label}: {what} does not exist") from None
    except (OSError, UnicodeDecodeError) as problem:
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else "not UTF-8 text"
        raise error(f"{label}: cannot read {what} ({reason.lower()})") from None
