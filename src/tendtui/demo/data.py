"""The people, companies and words of the sample book; sample_story plans them into history.

Kept apart from the generator so the story can be read (and edited) as data. Phase keys here are
those of the default playbook: the sample is a demo of that playbook, not of any other.
"""

from __future__ import annotations

from typing import NamedTuple

from tendtui.domain.kinds import Sentiment

OWNERS = ("Priya Raman", "Marcus Webb", "Sofia Lindqvist", "Tomás Herrera")
"""The CSMs who share the book."""

ARR_RANGES = {
    "Enterprise": (220_000, 900_000, 5_000),
    "Mid-Market": (40_000, 200_000, 500),
    "SMB": (5_000, 38_000, 100),
}
"""Segment: (lowest ARR, highest ARR, rounding step). Drawn skewed towards the low end."""


class Story(NamedTuple):
    """How an account got where it is: the phases it went through, and how long it took."""

    path: tuple[str, ...]
    """Phase keys, first to current. A key ending in "!" was entered by a forced move."""
    age: tuple[int, int]
    """Days since the account was added (a range to draw from)."""
    stay: tuple[int, int] | None
    """Days in the current phase; None when the account never moved."""


STORIES = {
    "kickoff": Story(("onboarding",), (16, 62), None),
    "expansion": Story(
        ("onboarding", "nurturing", "realization", "onboarding"), (260, 400), (8, 35)
    ),
    "winback": Story(
        ("onboarding", "nurturing", "renewal", "churned", "onboarding"), (330, 400), (12, 40)
    ),
    "reseller": Story(("onboarding", "nurturing!"), (60, 90), (40, 55)),
    "tending": Story(("onboarding", "nurturing"), (90, 220), (20, 80)),
    "renewed": Story(("onboarding", "nurturing", "renewal", "nurturing"), (370, 400), (15, 60)),
    "saved": Story(
        ("onboarding", "nurturing", "realization", "at-risk", "realization"), (260, 400), (15, 60)
    ),
    "rescued": Story(("onboarding", "nurturing", "at-risk", "nurturing"), (120, 300), (10, 50)),
    "harvesting": Story(("onboarding", "nurturing", "realization"), (150, 400), (20, 150)),
    "renewing": Story(("onboarding", "nurturing", "realization", "renewal"), (300, 400), (5, 45)),
    "early-renewal": Story(("onboarding", "nurturing", "renewal"), (200, 380), (5, 40)),
    "slipping": Story(("onboarding", "nurturing", "at-risk"), (90, 300), (4, 30)),
    "cooling": Story(("onboarding", "nurturing", "realization", "at-risk"), (200, 380), (4, 25)),
    "escalated": Story(
        ("onboarding", "nurturing", "realization", "renewal", "at-risk"), (330, 400), (3, 20)
    ),
    "stalled": Story(("onboarding", "at-risk"), (50, 120), (4, 20)),
    "lost": Story(("onboarding", "nurturing", "renewal", "churned"), (250, 400), (10, 80)),
    "lost-save": Story(("onboarding", "nurturing", "at-risk", "churned"), (150, 350), (10, 60)),
    "long-gone": Story(("onboarding", "nurturing", "renewal", "churned"), (380, 400), (150, 220)),
    "sandbox": Story(("onboarding",), (150, 220), None),
}
"""Story name -> Story."""


class Customer(NamedTuple):
    """One account of the sample book."""

    name: str
    """The account's name, as the CSM writes it."""
    segment: str
    """A key of ARR_RANGES."""
    contact: str
    """First name of the customer's day-to-day contact, used in touch summaries."""
    story: str
    """A key of STORIES."""
    renew_in: int | None = None
    """Days from today to the renewal date; None: the contract's own anniversary."""
    currency: str = "USD"
    arr: int | None = None
    """A fixed ARR; None: drawn for the segment."""
    quirks: str = ""
    """Space-separated: stale (past cadence), handover (owner changed), untick (a tick taken
    back), undo (a touch logged on the wrong account and undone), archive, no-crm."""


CUSTOMERS = (
    # Enterprise: few, large, mostly late in the lifecycle.
    Customer("Müller Logistik GmbH", "Enterprise", "Anke", "renewing", 18, "EUR"),
    Customer("東京 Robotics", "Enterprise", "Haruto", "harvesting", 74, arr=875_000),
    Customer("Northbridge Health Systems", "Enterprise", "Denise", "escalated", 21),
    Customer("Halvorsen Maritime", "Enterprise", "Eirik", "renewed", quirks="handover"),
    Customer("Crestline Insurance Group", "Enterprise", "Gregory", "expansion"),
    Customer("Atlas Freight Corp", "Enterprise", "Lorraine", "renewing", 64),
    Customer("Ørsted Analytics", "Enterprise", "Mette", "saved", currency="EUR"),
    # Mid-Market.
    Customer("Bluewater Dental Partners", "Mid-Market", "Keisha", "early-renewal", 38),
    Customer("Kestrel Payments", "Mid-Market", "Arjun", "cooling", 57),
    Customer("Lumen & Loom", "Mid-Market", "Clara", "tending", quirks="stale"),
    Customer("Pinecrest Credit Union", "Mid-Market", "Walter", "renewing", 88, quirks="stale"),
    Customer("Hargreaves & Byrne Ltd", "Mid-Market", "Fiona", "harvesting", currency="GBP"),
    Customer("Żabka Tech", "Mid-Market", "Kasia", "slipping", 140, quirks="stale"),
    Customer("Nordlicht Energie AG", "Mid-Market", "Jonas", "reseller", currency="EUR"),
    Customer("Riverside Property Group", "Mid-Market", "Tanya", "lost-save"),
    Customer("Quantico Labs", "Mid-Market", "Omar", "escalated", 45),
    Customer("Meridian Learning", "Mid-Market", "Grace", "renewed"),
    Customer("Vela Biotech", "Mid-Market", "Sanjay", "kickoff", quirks="untick"),
    Customer("São Paulo Fintech Labs", "Mid-Market", "Beatriz", "winback"),
    Customer("Sundial Hotels", "Mid-Market", "Paul", "harvesting", quirks="stale"),
    # SMB: many, small, spread over every phase.
    Customer("Café Olé", "SMB", "Inés", "kickoff", quirks="no-crm"),
    Customer("Brightside Bakery Co.", "SMB", "Molly", "tending", quirks="undo"),
    Customer("Greenleaf Landscaping", "SMB", "Raul", "renewing", 9),
    Customer("Juniper Yoga Studios", "SMB", "Leah", "kickoff", quirks="stale no-crm"),
    Customer("Tidewater Marine Supply", "SMB", "Hank", "lost"),
    Customer("Copperpot Coffee", "SMB", "Nadia", "early-renewal", 27, quirks="stale"),
    Customer("Élan Salon Group", "SMB", "Chloé", "rescued"),
    Customer("Fox & Fig Florists", "SMB", "Poppy", "harvesting", quirks="no-crm"),
    Customer("Harbor Light Clinics", "SMB", "Dr. Okafor", "stalled", 52),
    Customer("Ironwood Fitness", "SMB", "Tyler", "renewing", 79),
    Customer("Little Otter Daycare", "SMB", "Jess", "kickoff"),
    Customer("Maple Street Vets", "SMB", "Ruth", "renewed"),
    Customer("Nguyễn Family Pharmacy", "SMB", "Linh", "tending", quirks="no-crm"),
    Customer("Oakridge Tutoring", "SMB", "Ben", "lost"),
    Customer("Pixel Pushers Studio", "SMB", "Dev", "harvesting"),
    Customer("Saltbox Brewing", "SMB", "Cody", "early-renewal", 52),
    Customer("Trailhead Outfitters", "SMB", "Maya", "tending"),
    Customer("Wren & Co. Accounting", "SMB", "Harriet", "harvesting", quirks="handover"),
    Customer("Doğan Tekstil", "SMB", "Emre", "slipping"),
    Customer("Redwood Realty", "SMB", "Gina", "long-gone", quirks="archive"),
    Customer("Northwind Sandbox", "SMB", "Sam", "sandbox", arr=0, quirks="archive no-crm"),
)
"""Every account of the sample book, in the order they are planned (not added)."""


KIND_WEIGHTS: dict[str, dict[str, int]] = {
    "onboarding": {"meeting": 3, "training": 3, "call": 2, "email": 2, "note": 1},
    "nurturing": {"call": 3, "email": 3, "meeting": 2, "training": 1, "qbr": 1, "note": 1},
    "realization": {"qbr": 2, "meeting": 2, "email": 2, "call": 2, "note": 1},
    "renewal": {"call": 3, "email": 3, "meeting": 2, "note": 1},
    "at-risk": {"escalation": 3, "call": 3, "meeting": 2, "email": 1, "note": 1},
}
"""How often each kind of touch happens in each open phase. A closed phase has no weights:
its lines are a goodbye, logged once each in the order written."""

TOUCHES: dict[str, dict[str, tuple[str, ...]]] = {
    # Each line: a sentiment mark (+ positive, = neutral, - negative, ~ none), the summary,
    # and optionally " >> " and the next step agreed. The first line of each kind opens a
    # phase (a kickoff, a first review); the others come in any order.
    "onboarding": {
        "meeting": (
            "+ Kickoff with {contact} and their project team: goals, timeline and success criteria agreed. >> Send the kickoff recap and project plan",
            "= Implementation check-in with {contact}: SSO done, data import 60% through. >> Chase the remaining CSV export from their finance team",
            "- Integration working session; {contact}'s IT team is short-staffed this month. >> Offer a solutions engineer for two afternoons",
            "+ Workflow design session: {contact} mapped their approval chain in under an hour.",
        ),
        "training": (
            "+ Admin training for {contact} and two team leads (90 min). >> Share the recording and the admin cheat sheet",
            "+ End-user training, session 1 of 3; good questions about reporting.",
            "- Training rescheduled twice, then held with half of the invitees. >> Book a second session for the absentees",
            "= End-user training, session 2 of 3: the warehouse team still prefers paper. >> Send short how-to videos for the warehouse team",
        ),
        "call": (
            "+ Quick call with {contact}: sandbox provisioned, first workflows built.",
            "- {contact} worried the go-live date will slip because of their audit. >> Propose a phased go-live",
            "= Go-live readiness call: two integrations left to test. >> Test the payroll export with {contact}",
        ),
        "email": (
            "= Sent the onboarding plan and welcome pack to {contact}. >> Confirm the kickoff date",
            "+ {contact} signed off the data mapping by email.",
            "= Sent login links and the admin guide to the pilot group.",
        ),
        "note": (
            "~ Internal: the implementation partner flagged scope creep on custom fields. >> Align scope with the implementation partner",
            "~ Internal: first valuable use expected once the payroll sync is live.",
        ),
    },
    "nurturing": {
        "call": (
            "= Monthly call with {contact}: adoption steady at about 70% of licensed seats. >> Send the adoption dashboard",
            "+ {contact} shared a win: month-end close now two days faster. >> Ask {contact} for a quote for the success plan",
            "- {contact} asked why field-team usage dropped; looks like a mobile login issue. >> Open a support ticket and follow up",
            "+ Check-in with {contact}: the new hires onboarded themselves with the templates.",
            "= Call with {contact} about the roadmap; they want bulk editing soon. >> Pass the bulk-editing request to product",
        ),
        "email": (
            "+ Shared the release notes; {contact} is keen on the new approval workflows.",
            "= Sent the draft success plan to {contact} for review. >> Review the success plan together",
            "= Followed up on the open questions from the last call.",
            "+ {contact} asked for ten more seats for the Denver office. >> Send the seat quote to {contact}",
            "= Sent {contact} the usage report for the quarter.",
        ),
        "meeting": (
            "+ Success-plan workshop: three outcomes agreed for the next two quarters. >> Circulate the agreed success plan",
            "= Adoption review with {contact}: three teams active, one not started yet. >> Plan enablement for the remaining team",
            "+ Met {contact}'s new operations director; good chemistry, wants a roadmap preview.",
        ),
        "training": (
            "+ Post-implementation training on dashboards for new hires.",
            "+ Advanced reporting workshop for {contact}'s analysts. >> Send the reporting templates",
        ),
        "qbr": (
            "+ First business review: usage up 18% quarter on quarter. >> Introduce {contact} to our product team",
            "= Business review with {contact}: value clear, exec sponsor absent again. >> Get the exec sponsor to the next review",
        ),
        "note": (
            "~ Internal: {contact} is the day-to-day champion; no exec sponsor engaged yet. >> Find a route to an exec sponsor",
            "~ Internal: support tickets down to two a month since the last training.",
        ),
    },
    "realization": {
        "qbr": (
            "+ QBR with {contact} and their VP: documented 22% time saved on reconciliation. >> Write up the ROI summary",
            "= QBR: solid value, but a budget freeze until the next fiscal year. >> Revisit expansion in the new fiscal year",
            "+ QBR went well; {contact} is open to piloting the analytics add-on. >> Send the analytics pilot proposal",
        ),
        "meeting": (
            "+ Expansion discovery with {contact}: two more regions want access. >> Scope seats and pricing for the two regions",
            "= Met {contact} about a case study; their legal team must review it. >> Send the case-study questionnaire",
            "+ Demoed the analytics add-on to {contact}'s finance team; lots of questions.",
        ),
        "email": (
            "= Sent the upsell proposal for 50 more seats. >> Follow up on the upsell proposal",
            "+ {contact} forwarded our ROI summary to their CFO.",
            "= Shared two customer stories from their industry with {contact}.",
        ),
        "call": (
            "= Call with {contact}: happy with the product; procurement is slow on add-ons.",
            "- {contact} pushed back on the price of the add-on proposal. >> Prepare options with a multi-year discount",
            "+ {contact} agreed to be a reference for a prospect in their region.",
        ),
        "note": ("~ Internal: strong reference candidate once the case study is approved.",),
    },
    "renewal": {
        "call": (
            "= Walked {contact} through the renewal timeline and paperwork. >> Confirm who signs on their side",
            "+ Renewal call with {contact}: they intend to renew and want a two-year term. >> Send the two-year renewal quote",
            "- {contact} asked for 15% off at renewal; procurement is now involved. >> Agree discount limits with the account executive",
            "= Call with their procurement lead; {contact} joined for the last ten minutes.",
        ),
        "email": (
            "= Sent the renewal proposal with the upsell option. >> Follow up on the renewal proposal",
            "+ {contact} confirmed the renewal date and the signatory.",
            "- Chased the signed order form; no reply yet. >> Call {contact} about the order form",
            "= Sent the security questionnaire their procurement asked for.",
        ),
        "meeting": (
            "= Value recap before renewal; {contact} needs more usage data for their CFO. >> Send the usage report",
            "+ Renewal meeting with {contact} and procurement: terms agreed in principle. >> Send the final order form for signature",
        ),
        "note": (
            "~ Internal: legal redlines on the DPA are the last blocker. >> Get legal to turn the redlines around",
            "~ Internal: account executive approved up to 8% discount for a two-year term.",
        ),
    },
    "at-risk": {
        "escalation": (
            "- Escalation: {contact} reported repeated sync failures blocking month-end. >> Send {contact} a daily status until it is fixed",
            "- Escalated to engineering: data export times out on their largest workspace. >> Get an ETA from engineering",
            "- Executive escalation with their COO: frustrated with support response times. >> Agree a save plan with our VP of Customer Success",
            "- Escalated a data-loss report from {contact}'s team to the support lead. >> Confirm what was restored",
        ),
        "call": (
            "- {contact} says the new champion was never trained; the team is back on spreadsheets. >> Run a rescue training for the new champion",
            "= Call with {contact}: the fix is deployed; they will watch it for a week. >> Check in after a week of stable syncs",
            "- Check-in: calmer now, but they are evaluating a competitor. >> Send the competitive comparison",
            "= Daily check-in with {contact}: no new incidents since Tuesday.",
            "+ {contact} noticed the faster syncs; the mood is better.",
        ),
        "meeting": (
            "= Root-cause review with {contact}: integration misconfigured since their migration. >> Fix the integration mapping with their admin",
            "= Save-plan meeting with {contact}: three actions agreed, each with an owner. >> Review progress on the save-plan actions",
        ),
        "email": (
            "= Sent the incident report and the save plan to {contact}. >> Confirm {contact} accepts the save plan",
            "= Sent {contact} the weekly save-plan status.",
        ),
        "note": (
            "~ Internal: their exec sponsor left in the reorg; nobody owns the tool on their side. >> Find the new owner on their side",
        ),
    },
    "churned": {
        "email": (
            "= Email from {contact}: cancelling at term; thanked us for the support.",
            "= Sent the exit-interview questions to {contact}. >> Hold the exit interview",
        ),
        "call": (
            "= Exit interview with {contact}: candid about price and our slow support; the door is open. >> Check in again in six months",
        ),
        "note": (
            "~ Internal: wrote up the churn review. >> Share lessons learned with product and sales",
            "~ Internal: data export delivered; the account closes at end of term.",
        ),
    },
}
"""Touch lines by phase, then by kind."""

STEP = " >> "
"""Between a touch line's summary and its next step."""

_SENTIMENTS = {"+": Sentiment.POSITIVE, "=": Sentiment.NEUTRAL, "-": Sentiment.NEGATIVE}

TouchLine = tuple[str, Sentiment | None, str | None]
"""A touch line read: summary, sentiment, next step."""


def read_line(line: str, contact: str) -> TouchLine:
    """A TOUCHES line as (summary, sentiment, next step), addressed to `contact`."""
    mark, _, text = line.partition(" ")
    summary, _, step = text.format(contact=contact).partition(STEP)
    return summary, _SENTIMENTS.get(mark), step or None


STALE_NOTE = "Internal: two emails to {contact} unanswered; trying their manager next."
"""Logged on accounts past their cadence: a note is not a customer touch."""

REASONS: dict[str, tuple[str, ...]] = {
    "onboarding>at-risk": ("Go-live slipped twice and the team is losing confidence",),
    "renewal>at-risk": (
        "Budget cuts announced: procurement is reviewing every SaaS contract",
        "Evaluating a competitor after our price increase",
    ),
    ">at-risk": (
        "Champion left the company; no exec sponsor and usage down 40% in a month",
        "Repeated sync outages around month-end; their COO escalated to our CEO",
        "Usage collapsed after their reorganisation",
        "Evaluating a competitor after our price increase",
        "Support backlog: three P1 tickets open for over a week",
    ),
    "renewal>churned": (
        "Acquired; the new parent company standardises on a competitor",
        "Budget cut: cancelled at the end of the term",
        "Moved to a cheaper all-in-one suite",
    ),
    "at-risk>churned": ("Save plan failed: the sync problems came back and they lost patience",),
    "realization>onboarding": (
        "Expansion: onboarding the EU warehouse team (120 seats)",
        "Expansion: bought the analytics module for the finance team",
    ),
    "churned>onboarding": (
        "Win-back: their new CFO came from a happy customer and re-signed for the core plan",
    ),
    "forced": (
        "Moved over from the reseller's contract: live for two years already, so the "
        "onboarding checklist does not apply",
    ),
}
"""Reasons for moves, by "from>to", then by ">to"; "forced" for overrides."""
