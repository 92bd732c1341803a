"""Demo data for `manage.py seed_demo`: a Vietnamese party tree with members and one login per role.

Scales: `cell` (one cell of five), `commune` (one commune of about 30 cells and 700 people plus a
small second commune) and `province` (about 3,000 cells and 100,000 people, for benchmarks).
"""

from .builder import DEFAULT_SEED, DEMO_ACCOUNTS, DEMO_PASSWORD, SCALES, SeedSummary, seed
from .logins import DemoLogin, demo_logins

__all__ = [
    "DEFAULT_SEED",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "SCALES",
    "DemoLogin",
    "SeedSummary",
    "demo_logins",
    "seed",
]
