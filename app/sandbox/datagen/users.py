"""People: the two demo logins every site has and a crowd of generated colleagues."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from app.sandbox.datagen.reference import GROUPS
from app.sandbox.model import Flavour, User
from app.sandbox.store import Store

__all__ = ["DemoAccount", "demo_accounts", "make_users"]


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A login the sandbox prints: ``login`` is the e-mail on Cloud and the username on DC."""

    login: str
    secret: str
    pat: str


FIRST = [
    "Ada",
    "Grace",
    "Linus",
    "Ken",
    "Barbara",
    "Edsger",
    "Frances",
    "Donald",
    "Margaret",
    "Alan",
    "Radia",
    "Tim",
    "Sophie",
    "John",
    "Hedy",
    "Dennis",
    "Anita",
    "Guido",
    "Katherine",
    "Niklaus",
    "Joan",
    "Bjarne",
    "Shafi",
    "Leslie",
    "Jean",
    "Yukihiro",
    "Mary",
    "Brian",
    "Lynn",
    "Rasmus",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Thompson",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Knuth",
    "Hamilton",
    "Kay",
    "Perlman",
    "Berners-Lee",
    "Wilson",
    "McCarthy",
    "Lamarr",
    "Ritchie",
    "Borg",
    "Rossum",
    "Johnson",
    "Wirth",
    "Clarke",
    "Stroustrup",
    "Goldwasser",
    "Lamport",
    "Sammet",
    "Matsumoto",
    "Keller",
    "Kernighan",
    "Conway",
    "Lerdorf",
]


def demo_accounts(flavour: Flavour) -> tuple[DemoAccount, DemoAccount]:
    """The administrator and plain-user logins every sandbox site has."""
    if flavour is Flavour.CLOUD:
        return (
            DemoAccount("admin@jade-sandbox.test", "sandbox-admin-token", "sandbox-admin-pat"),
            DemoAccount("pat@jade-sandbox.test", "sandbox-user-token", "sandbox-user-pat"),
        )
    return (
        DemoAccount("admin", "admin-password", "sandbox-admin-pat"),
        DemoAccount("pat", "user-password", "sandbox-user-pat"),
    )


def _account_id(rng: random.Random) -> str:
    return f"557058:{rng.getrandbits(128):032x}"


def make_users(store: Store, rng: random.Random, count: int) -> list[User]:
    admin_acc, user_acc = demo_accounts(store.flavour)
    admin = User(
        key="JIRAUSER10000",
        name="admin",
        account_id=_account_id(rng),
        email="admin@jade-sandbox.test",
        display_name="Ada Admin",
        secret=admin_acc.secret,
        pat=admin_acc.pat,
        groups=list(GROUPS),
    )
    plain = User(
        key="JIRAUSER10001",
        name="pat",
        account_id=_account_id(rng),
        email="pat@jade-sandbox.test",
        display_name="Pat Plain",
        secret=user_acc.secret,
        pat=user_acc.pat,
        groups=["jira-users"],
        time_zone="America/New_York",
    )
    users = [admin, plain]
    seen = {"admin", "pat"}
    while len(users) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first[0]}{last}".lower().replace("-", "")
        if name in seen:
            continue
        seen.add(name)
        groups = ["jira-users"]
        groups += [g for g in GROUPS[2:] if rng.random() < 0.45]
        token = hashlib.sha256(f"{store.seed}:{name}".encode()).hexdigest()[:24]
        users.append(
            User(
                key=f"JIRAUSER{10000 + len(users)}",
                name=name,
                account_id=_account_id(rng),
                email=f"{name}@jade-sandbox.test",
                display_name=f"{first} {last}",
                secret=f"tok-{token}",
                pat=f"pat-{token}",
                groups=groups,
                active=rng.random() > 0.05,
                time_zone=rng.choice(
                    [
                        "Europe/Berlin",
                        "Europe/London",
                        "America/New_York",
                        "Asia/Tokyo",
                        "Australia/Sydney",
                    ]
                ),
            )
        )
    for user in users:
        store.add_user(user)
    return users
