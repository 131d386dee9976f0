"""Deterministic site generator: the same seed (and anchor day) always yields the same site.

All randomness comes from one ``random.Random(seed)``; dates are laid out backwards from an
anchor day (today by default) so that relative JQL such as ``created > -7d`` finds issues.
Texts are drawn from small fixed vocabularies and shared between issues, which keeps a site of
100,000 issues well under the memory budget.
"""

from app.sandbox.datagen.reference import IN_PROGRESS
from app.sandbox.datagen.site import SiteSpec, generate
from app.sandbox.datagen.users import DemoAccount, demo_accounts

__all__ = ["IN_PROGRESS", "DemoAccount", "SiteSpec", "demo_accounts", "generate"]
