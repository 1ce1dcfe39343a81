"""The sample book's people: two to four contacts on every account, added when it was.

The day-to-day contact whom the touch notes name (Ruth, Cody, Omar, ...) is the account's
champion, and takes part in the touches that name them; Enterprise and Mid-Market accounts
have an executive sponsor, who joins their QBRs and escalations. On an account moved to At
risk because "Champion left the company", the champion who left is recorded two days before
the move; where the account was saved since, a new champion came in a week after it. Drawn
from a random source of its own, so the stories are the ones they were before people.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from tendtui.demo.story import AccountStory, Action
from tendtui.domain.text import fold
from tendtui.services import BookService

PEOPLE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # account: (the day-to-day contact's full name, the sponsor or owner, others)
    "Müller Logistik GmbH": ("Anke Schröder", "Dieter Brandt", ("Lena Vogel", "Tobias Krämer")),
    "東京 Robotics": ("Haruto Sato", "Keiko Tanaka", ("Ren Watanabe",)),
    "Northbridge Health Systems": ("Denise Carter", "Alan Whitfield", ("Priya Nair",)),
    "Halvorsen Maritime": ("Eirik Halvorsen", "Ingrid Dahl", ("Magnus Berg",)),
    "Crestline Insurance Group": (
        "Gregory Walsh",
        "Patricia Moreno",
        ("Kevin Doyle", "Aisha Bello"),
    ),
    "Atlas Freight Corp": ("Lorraine Hughes", "Victor Reyes", ("Dana Kowalski",)),
    "Ørsted Analytics": ("Mette Sørensen", "Lars Kjær", ("Jens Holm",)),
    "Bluewater Dental Partners": ("Keisha Brown", "Dr. Martin Cole", ("Sara Lindgren",)),
    "Kestrel Payments": ("Arjun Mehta", "Claire Dubois", ("Noah Fischer",)),
    "Lumen & Loom": ("Clara Whitman", "Oliver Grant", ()),
    "Pinecrest Credit Union": ("Walter Jenkins", "Barbara Lowe", ("Marcus Tate",)),
    "Hargreaves & Byrne Ltd": ("Fiona Byrne", "Edward Hargreaves", ("Rhys Evans",)),
    "Żabka Tech": ("Kasia Nowak", "Piotr Wiśniewski", ("Tomasz Zieliński",)),
    "Nordlicht Energie AG": ("Jonas Becker", "Sabine Hoffmann", ()),
    "Riverside Property Group": ("Tanya Morales", "Richard Lang", ()),
    "Quantico Labs": ("Omar Haddad", "Helen Price", ("Jordan Ellis",)),
    "Meridian Learning": ("Grace Liu", "Samuel Ortiz", ()),
    "Vela Biotech": ("Sanjay Rao", "Elena Petrova", ("Chris Adler",)),
    "São Paulo Fintech Labs": ("Beatriz Costa", "Rafael Almeida", ()),
    "Sundial Hotels": ("Paul Bennett", "Monica Reyes", ("Greta Olsen",)),
    "Café Olé": ("Inés García", "Jorge Ruiz", ()),
    "Brightside Bakery Co.": ("Molly Parker", "Frank Parker", ()),
    "Greenleaf Landscaping": ("Raul Mendoza", "Tina Mendoza", ()),
    "Juniper Yoga Studios": ("Leah Kim", "Erin Walsh", ()),
    "Tidewater Marine Supply": ("Hank Dawson", "Carol Dawson", ()),
    "Copperpot Coffee": ("Nadia Rahman", "Sam Porter", ("Lily Chen",)),
    "Élan Salon Group": ("Chloé Martin", "Isabelle Laurent", ()),
    "Fox & Fig Florists": ("Poppy Fox", "Harriet Fig", ()),
    "Harbor Light Clinics": ("Dr. Okafor", "Grace Mensah", ("Tom Reilly",)),
    "Ironwood Fitness": ("Tyler Brooks", "Jenna Brooks", ()),
    "Little Otter Daycare": ("Jess Turner", "Maria Lopez", ()),
    "Maple Street Vets": ("Ruth Abernathy", "Dr. Colin Maple", ("Ivy Chen",)),
    "Nguyễn Family Pharmacy": ("Linh Nguyễn", "Minh Nguyễn", ()),
    "Oakridge Tutoring": ("Ben Carter", "Alice Carter", ()),
    "Pixel Pushers Studio": ("Dev Patel", "Zoe Hart", ()),
    "Saltbox Brewing": ("Cody Larsen", "Megan Larsen", ("Eli Turner",)),
    "Trailhead Outfitters": ("Maya Singh", "Derek Hall", ()),
    "Wren & Co. Accounting": ("Harriet Wren", "George Wren", ()),
    "Doğan Tekstil": ("Emre Doğan", "Ayşe Doğan", ()),
    "Redwood Realty": ("Gina Russo", "Frank Russo", ()),
    "Northwind Sandbox": ("Sam Ortega", "Pat Lee", ()),
}
"""Every account's people by name (the first name of the day-to-day contact is the one its
touch notes use)."""

CHAMPION_TITLES = ("Operations Manager", "Head of Customer Operations", "Project Lead")
SPONSOR_TITLES = {"Enterprise": "VP Operations", "Mid-Market": "COO", "SMB": "Owner"}
OTHERS = (
    ("admin", "IT Administrator"),
    ("economic-buyer", "Finance Director"),
    ("user", "Team Lead"),
)
LEFT_REASON = "Champion left the company"
"""The start of the at-risk reason that says the champion left."""
CHAMPIONS_WHO_LEFT = {"Żabka Tech": "Marta Kowalczyk", "Ørsted Analytics": "Freja Nielsen"}
NEW_CHAMPIONS = {"Ørsted Analytics": "Sofie Andersen"}
"""The champion who left each account moved to At risk for it, and who came in after."""


def plan_people(
    service: BookService,
    stories: Sequence[AccountStory],
    today: date,
    rng: random.Random,
    at: Callable[[date, int], datetime],
) -> list[tuple[datetime, Action]]:
    """Every account's people, each action with its moment (`at(day, minute)`)."""
    out: list[tuple[datetime, Action]] = []
    for story in stories:
        c = story.customer
        main, sponsor, others = PEOPLE[c.name]
        story.day_to_day = main
        # Added at the end of the day the account was (today: before the frozen 15:00).
        last_minute = 179 if story.created >= today else 599
        added = at(story.created, last_minute)
        lost = CHAMPIONS_WHO_LEFT.get(c.name)
        people: list[tuple[str, str, str]] = []
        if lost is not None:
            people.append((lost, "champion", rng.choice(CHAMPION_TITLES)))
            people.append((main, "admin", "IT Administrator"))
        else:
            people.append((main, "champion", rng.choice(CHAMPION_TITLES)))
        if c.segment == "SMB":
            people.append((sponsor, "economic-buyer", SPONSOR_TITLES[c.segment]))
        else:
            people.append((sponsor, "sponsor", SPONSOR_TITLES[c.segment]))
            story.sponsor = sponsor
        for name in others:
            role, title = OTHERS[rng.randrange(len(OTHERS))]
            if lost is not None and role == "admin":
                role, title = "user", "Team Lead"
            people.append((name, role, title))
        out.append((added, _add(service, story, people, c.name)))
        if lost is not None:
            moved = next((d for d, reason in story.moves if reason.startswith(LEFT_REASON)), None)
            if moved is not None:
                gone = moved - timedelta(days=2)
                out.append((at(gone, 300 + rng.randrange(200)), _left(service, story, lost, gone)))
                new = NEW_CHAMPIONS.get(c.name)
                if new is not None:
                    came = moved + timedelta(days=7)
                    out.append((at(came, 300), _newcomer(service, story, new)))
    return out


def _add(
    service: BookService, story: AccountStory, people: list[tuple[str, str, str]], company: str
) -> Action:
    def add() -> None:
        domain = "".join(ch for ch in fold(company) if ch.isascii() and ch.isalnum())[:16]
        for name, role, title in people:
            first = next(w for w in name.split() if not w.endswith("."))
            mail = f"{fold(first)}@{domain or 'example'}.example"
            service.add_contact(story.account_id, name, role=role, title=title, email=mail)

    return add


def _left(service: BookService, story: AccountStory, name: str, on: date) -> Action:
    def left() -> None:
        found = service.resolve_contact(story.account_id, name)
        service.contact_left(story.account_id, found.id, on)

    return left


def _newcomer(service: BookService, story: AccountStory, name: str) -> Action:
    def newcomer() -> None:
        service.add_contact(story.account_id, name, role="champion", title="Head of Analytics")

    return newcomer
