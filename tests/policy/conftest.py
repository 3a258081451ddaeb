"""Make the hand-built DatasetReports of policy_fixtures.py importable by the policy tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
