"""Execution engines beyond the local one (``minlint.scan``): Apache Spark."""
