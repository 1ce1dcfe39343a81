"""Finding things in a book: one full-text index over names, owners, segments, external ids,
touch summaries, next steps and tasks (store/search.py), kept in step with every event."""

from __future__ import annotations

from tendtui.display import clip
from tendtui.domain.errors import InvalidInput
from tendtui.domain.models import SearchHit
from tendtui.domain.text import fold
from tendtui.services.base import ServiceBase

SNIPPET = 80
"""Characters of text shown around a match."""


def snippet(text: str, words: list[str], cells: int = SNIPPET) -> str:
    """The part of `text` around the first word that matches one of `words` (folded prefixes),
    on one line, cut to about `cells` characters; the whole text when it fits."""
    flat = " ".join(text.split())
    if clip(flat, cells) == flat:
        return flat  # it fits whole: cutting words off its start would only hide context
    tokens = flat.split(" ")
    start = 0
    for n, token in enumerate(tokens):
        if any(fold(token).lstrip("([\"'").startswith(w) for w in words):
            start = max(0, n - 3)
            break
    shown = " ".join(tokens[start:])
    return ("… " if start else "") + clip(shown, cells)


class SearchUseCases(ServiceBase):
    """Full-text search, for `tendtui search` and the board's find."""

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """The documents holding every word of `query`, best first, each with its account and
        the text around the match; InvalidInput when the query has no words at all."""
        from tendtui.store.search import words

        wanted = words(query)
        if not wanted:
            # Punctuation alone would match nothing and print "nothing matches", as if the
            # book held nothing: say what went wrong instead.
            raise InvalidInput(f"nothing to search for in {query!r}: give a word or a number")
        out: list[SearchHit] = []
        for hit in self.book.search_hits(query, limit=limit):
            account = self.book.account(hit.account_id)
            if account is None:
                continue
            text = self._text_of(hit.kind, hit.ref) or account.name
            out.append(
                SearchHit(
                    account_id=account.id,
                    account_name=account.name,
                    kind=hit.kind,
                    ref=hit.ref,
                    snippet=snippet(text, wanted),
                    archived=account.archived,
                )
            )
        return out

    def search_accounts(self, query: str) -> set[str] | None:
        """Ids of the accounts whose name, owner, segment, external id, touches or tasks
        together hold every word of `query` (word prefixes, case and accents aside); None when
        the query has no words, which filters nothing."""
        return self.book.search_accounts(query)

    def _text_of(self, kind: str, ref: str) -> str | None:
        if kind == "account":
            account = self.book.account(ref)
            if account is None:
                return None
            parts = (account.name, account.owner, account.segment, account.external_id)
            return " · ".join(p for p in parts if p)
        if kind == "task":
            task = self.book.task(ref)
            return task.text if task else None
        touch = self.book.touch(ref)
        if touch is None:
            return None
        return " · ".join(p for p in (touch.summary, touch.next_step) if p)
