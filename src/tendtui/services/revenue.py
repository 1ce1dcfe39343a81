"""Revenue: forecast calls for renewals, and the expansion ledger (opportunities).

Every change is an event (forecast-called, opportunity-opened, -staged, -won, -lost), so undo,
history, the standup, the JSON dump and merge cover them like anything else. Amounts are in the
account's own currency: an amount whose text names another currency is refused, never
converted (a win writes it into ARR, and an exchange rate is only a user's estimate).
"""

from __future__ import annotations

from datetime import date

from tendtui.domain.errors import InvalidInput, NotFound
from tendtui.domain.events import (
    ForecastCalled,
    ForecastCalledPayload,
    ForecastRecord,
    OpportunityLost,
    OpportunityLostPayload,
    OpportunityOpened,
    OpportunityOpenedPayload,
    OpportunityRecord,
    OpportunityStaged,
    OpportunityStagedPayload,
    OpportunityWon,
    OpportunityWonPayload,
    Ticked,
    TickedPayload,
)
from tendtui.domain.forecast import Call, Forecast, Radar, build_radar, current_call
from tendtui.domain.models import Account
from tendtui.domain.money import check_amount, check_currency
from tendtui.domain.opportunities import (
    Opportunity,
    OpportunityKind,
    Pipeline,
    Stage,
    build_pipeline,
)
from tendtui.domain.text import clean_name, clean_optional, fold
from tendtui.domain.time import in_range
from tendtui.services.base import ServiceBase


def _same_currency(account: Account, currency: str | None, what: str) -> str:
    return check_currency(currency, account=account.name, currency=account.currency, what=what)


def _amount(amount: int, what: str) -> int:
    return check_amount(amount, what)


class RevenueUseCases(ServiceBase):
    """Forecast calls and opportunities of the book."""

    # -- forecast --------------------------------------------------------------------------

    def call_forecast(
        self,
        account_id: str,
        call: Call,
        *,
        amount: int | None = None,
        currency: str | None = None,
        note: str | None = None,
    ) -> Forecast:
        """Record the call for the account's coming renewal (its renewal date as it is now).
        The amount defaults to the ARR, which may be unknown; `currency` is the one the
        amount's text named, if any (it must be the account's)."""
        why = clean_optional(note, what="note")
        with self.book.transaction():
            account = self._require(account_id)
            code = _same_currency(account, currency, "the forecast amount")
            record = ForecastRecord(
                id=self.ids(),
                call=call,
                amount=account.arr if amount is None else _amount(amount, "forecast amount"),
                currency=code,
                renewal_date=account.renewal_date,
                note=why,
            )
            self._record(
                ForecastCalled(
                    account_id=account_id,
                    payload=ForecastCalledPayload(forecast=record),
                    id=self.ids(),
                    at=self.now(),
                )
            )
        return next(f for f in self.book.forecasts(account_id) if f.id == record.id)

    def forecasts(self, account_id: str) -> list[Forecast]:
        """Every call made on the account, newest first."""
        return self.book.forecasts(account_id)

    def current_forecast(self, account_id: str) -> Forecast | None:
        """The call that stands for the account's coming renewal; None when there is none."""
        account = self._require(account_id)
        return current_call(account, self.book.forecasts(account_id))

    def current_forecasts(self) -> dict[str, Forecast]:
        """Account id to the call that stands, for every account with one."""
        by_account: dict[str, list[Forecast]] = {}
        for f in self.book.forecasts():
            by_account.setdefault(f.account_id, []).append(f)
        out: dict[str, Forecast] = {}
        for account in self.book.accounts(include_archived=True):
            found = current_call(account, by_account.get(account.id, ()))
            if found is not None:
                out[account.id] = found
        return out

    def renewal_radar(self, windows: tuple[int, ...] = (30, 60, 90)) -> Radar:
        """Renewals by window (days from today; a passed date is in the first) with their
        calls and amounts, and (`.uncalled`) those still without a call."""
        return build_radar(
            self.playbook, self.today(), self.book.accounts(), self.current_forecasts(), windows
        )

    # -- opportunities ---------------------------------------------------------------------

    def opportunities(self, account_id: str | None = None) -> list[Opportunity]:
        """Opportunities, oldest opened first: every account's, or one's."""
        return self.book.opportunities(account_id)

    def pipeline(self) -> Pipeline:
        """Open opportunities by stage, and what was won this quarter (accounts on the board)."""
        live = {a.id for a in self.book.accounts()}
        return build_pipeline(
            (o for o in self.book.opportunities() if o.account_id in live), self.today()
        )

    def find_opportunity(self, account: Account, title: str) -> Opportunity:
        """The account's opportunity with this title (case and accents aside); an open one
        before a closed one of the same title."""
        key = fold(title.strip())
        mine = [o for o in self.book.opportunities(account.id) if fold(o.title) == key]
        if not mine:
            known = [o.title for o in self.book.opportunities(account.id) if o.is_open]
            listed = f" (open: {'; '.join(known[:8])})" if known else ""
            raise NotFound(f"{account.name} has no opportunity {title.strip()[:80]!r}{listed}")
        return next((o for o in reversed(mine) if o.is_open), mine[-1])

    def open_opportunity(
        self,
        account_id: str,
        title: str,
        amount: int,
        *,
        kind: OpportunityKind = OpportunityKind.UPSELL,
        stage: Stage = Stage.IDENTIFIED,
        close_date: date | None = None,
        currency: str | None = None,
    ) -> Opportunity:
        """Open an opportunity. When the playbook maps its kind to a checklist item
        (`[expansion]`) and the account's current checklist has it, the item is ticked in the
        same action: one undo reverses both."""
        text = clean_name(title, what="opportunity title", max_length=200)
        with self.book.transaction():
            account = self._require(account_id)
            code = _same_currency(account, currency, "the opportunity amount")
            if any(
                o.is_open and fold(o.title) == fold(text) for o in self.opportunities(account_id)
            ):
                raise InvalidInput(f"{account.name} already has an open opportunity {text!r}")
            record = OpportunityRecord(
                id=self.ids(),
                title=text,
                kind=kind,
                amount=_amount(amount, "amount"),
                currency=code,
                stage=stage,
                close_date=in_range(close_date, what="close date") if close_date else None,
            )
            item = self.playbook.expansion.get(kind.value)
            tick = (
                item is not None
                and self.playbook.phase(account.phase).item(item) is not None
                and item not in account.ticked
            )
            action = self.ids() if tick else None
            at = self.now()
            self._record(
                OpportunityOpened(
                    account_id=account_id,
                    payload=OpportunityOpenedPayload(opportunity=record),
                    id=self.ids(),
                    at=at,
                    action=action,
                )
            )
            if tick and item is not None:
                self._record(
                    Ticked(
                        account_id=account_id,
                        payload=TickedPayload(stint_id=account.stint_id, item=item),
                        id=self.ids(),
                        at=at,
                        action=action,
                    )
                )
        return self._opportunity(account_id, record.id)

    def stage_opportunity(self, account_id: str, opportunity_id: str, stage: Stage) -> Opportunity:
        """Move an open opportunity to another open stage."""
        with self.book.transaction():
            found = self._open_one(account_id, opportunity_id)
            if found.stage is stage:
                raise InvalidInput(f"{found.title!r} is already {stage.value}")
            payload = OpportunityStagedPayload(
                opportunity_id=found.id, stage=stage, previous=found.stage, title=found.title
            )
            self._record(
                OpportunityStaged(
                    account_id=account_id, payload=payload, id=self.ids(), at=self.now()
                )
            )
        return self._opportunity(account_id, opportunity_id)

    def win_opportunity(
        self, account_id: str, opportunity_id: str, *, note: str | None = None
    ) -> Opportunity:
        """Close it won: the account's ARR rises by its amount, in the same event (one undo
        restores both). An ARR nobody knows stays unknown."""
        why = clean_optional(note, what="note")
        with self.book.transaction():
            account = self._require(account_id)
            found = self._open_one(account_id, opportunity_id)
            _same_currency(account, found.currency, f"{found.title!r}")
            arr = None
            if account.arr is not None:
                arr = (account.arr, _amount(account.arr + found.amount, "ARR after the win"))
            payload = OpportunityWonPayload(
                opportunity_id=found.id, amount=found.amount, arr=arr, note=why, title=found.title
            )
            self._record(
                OpportunityWon(account_id=account_id, payload=payload, id=self.ids(), at=self.now())
            )
        return self._opportunity(account_id, opportunity_id)

    def lose_opportunity(
        self, account_id: str, opportunity_id: str, *, note: str | None = None
    ) -> Opportunity:
        """Close it lost, with why."""
        why = clean_optional(note, what="note")
        with self.book.transaction():
            found = self._open_one(account_id, opportunity_id)
            payload = OpportunityLostPayload(opportunity_id=found.id, note=why, title=found.title)
            self._record(
                OpportunityLost(
                    account_id=account_id, payload=payload, id=self.ids(), at=self.now()
                )
            )
        return self._opportunity(account_id, opportunity_id)

    def _opportunity(self, account_id: str, opportunity_id: str) -> Opportunity:
        found = next((o for o in self.opportunities(account_id) if o.id == opportunity_id), None)
        if found is None:
            raise NotFound(f"no opportunity with id {opportunity_id}")
        return found

    def _open_one(self, account_id: str, opportunity_id: str) -> Opportunity:
        found = self._opportunity(account_id, opportunity_id)
        if not found.is_open:
            raise InvalidInput(f"{found.title!r} is already {found.stage.value}")
        return found
