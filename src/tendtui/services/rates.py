"""Exchange rates and the base currency: `tendtui rates`. Settings of the book, not events."""

from __future__ import annotations

from tendtui.domain.errors import InvalidInput, NotFound
from tendtui.domain.money import currency_code
from tendtui.domain.rates import (
    BASE_KEY,
    NAME_KEY,
    RateRow,
    Rates,
    SettingRow,
    checked_book_name,
    checked_rate,
    rates_from_rows,
)
from tendtui.domain.text import clean_name
from tendtui.domain.time import ts
from tendtui.services.base import ServiceBase


class RateUseCases(ServiceBase):
    """Reading and setting the book's exchange rates and its base currency."""

    def rates(self) -> Rates:
        """The base currency and every usable rate, for totals (empty: totals by currency)."""
        return rates_from_rows(self.book.base_currency(), self.book.rate_rows())

    def base_currency(self) -> str:
        """What totals are summed in when the book has rates."""
        return self.rates().base

    def rate_rows(self) -> list[RateRow]:
        """The rates as stored (for listing, dumps and merges)."""
        return self.book.rate_rows()

    def setting_rows(self) -> list[SettingRow]:
        """The settings as stored (for dumps and merges)."""
        return self.book.setting_rows()

    def set_rate(self, currency: str, rate: str) -> RateRow:
        """1 `currency` = `rate` of the base currency; the last set wins."""
        with self.book.transaction():
            row = checked_rate(currency, rate, self.now(), self.base_currency())
            self.book.put_rate(row)
        return row

    def unset_rate(self, currency: str) -> str:
        """Remove a currency's rate (its amounts are then shown apart); the code removed.

        A row another tool wrote with a bad code is removed by that code as typed."""
        typed = currency.strip()
        with self.book.transaction():
            if typed and self.book.delete_rate(typed):
                return typed
            code = currency_code(currency)
            if not self.book.delete_rate(code):
                have = ", ".join(r.currency for r in self.book.rate_rows()) or "none"
                raise NotFound(f"{code} has no rate to unset (rates set: {have})")
        return code

    def set_base(self, currency: str) -> str:
        """Sum totals in `currency` from now on; refused while it has a rate of its own."""
        code = currency_code(currency)
        with self.book.transaction():
            if any(r.currency == code for r in self.book.rate_rows()):
                raise InvalidInput(
                    f"{code} has a rate against {self.base_currency()}: unset it first "
                    f"(`tendtui rates unset {code}`), then set the others in {code}"
                )
            self.book.put_setting(SettingRow(BASE_KEY, code, ts(self.now())))
        return code

    def book_name(self) -> str | None:
        """The book's own name (`config set name "Client A"`); None when it has none.

        A name another tool wrote is shown only if it is one clean line (else the file name
        stands in), since it names the book on every screen and in every report line."""
        name = self.book.setting(NAME_KEY)
        if name is None:
            return None
        try:
            return checked_book_name(name)
        except InvalidInput:
            return None

    def set_book_name(self, name: str) -> str:
        """Name the book (a consultant's "Client A"): a setting of the book, so the name
        travels with it (a copy, a dump, a merge: the later name wins)."""
        with self.book.transaction():
            cleaned = clean_name(name, what="book's name")
            self.book.put_setting(SettingRow(NAME_KEY, cleaned, ts(self.now())))
        return cleaned


__all__ = ["RateUseCases"]
