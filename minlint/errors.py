"""The exceptions minlint raises for expected problems.

Each is turned into one line on stderr and exit code 2 by ``minlint.cli``; nothing deeper
calls ``sys.exit``. Messages name the file or setting at fault and never carry cell values.
"""


class MinlintError(Exception):
    """An expected problem that must stop the scan (fail closed)."""


class InputError(MinlintError):
    """A path that cannot be read as a dataset: missing, unreadable, corrupt or unsupported."""


class PolicyError(MinlintError):
    """A policy that is unknown or does not validate, or a bad destination."""


class ConfigError(MinlintError):
    """A configuration file or command-line option that does not validate."""
