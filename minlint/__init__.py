"""minlint: a data-minimization linter for health and genomic exports."""

__version__ = "0.1.0"
