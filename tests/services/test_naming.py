"""Finding accounts and checklist items by what a user types; names stay unique."""

from __future__ import annotations

import pytest

from tendtui.domain.errors import Ambiguous, InvalidInput, NotFound
from tendtui.services import BookService
from tendtui.store.book import Book
from tests.services.conftest import everything


@pytest.fixture
def named(service: BookService) -> dict[str, str]:
    names = ["Acme", "Acme Corp", "Globex", "Initech", "100% Cotton", "100 Pipes"]
    return {n: service.add_account(n).id for n in names}


def test_resolve_by_id_name_and_prefix(service: BookService, named: dict[str, str]) -> None:
    assert service.resolve(named["Initech"]).name == "Initech"
    assert service.resolve("Acme").id == named["Acme"]
    assert service.resolve("acme").id == named["Acme"], "an exact name beats a longer one"
    assert service.resolve("ACME CORP").id == named["Acme Corp"]
    assert service.resolve("  glo ").id == named["Globex"]
    assert service.resolve("100%").id == named["100% Cotton"], "% is not a wildcard"
    assert service.resolve("100 p").id == named["100 Pipes"]


def test_resolve_ambiguous_lists_candidates(service: BookService, named: dict[str, str]) -> None:
    with pytest.raises(Ambiguous) as caught:
        service.resolve("ac")
    assert str(caught.value) == "'ac' matches 2 accounts: Acme, Acme Corp"
    with pytest.raises(Ambiguous, match="100 Pipes, 100% Cotton"):
        service.resolve("100")


def test_resolve_unknown(service: BookService, named: dict[str, str]) -> None:
    with pytest.raises(NotFound, match="did you mean: Globex"):
        service.resolve("Globx")
    with pytest.raises(NotFound, match="no account matches '_'"):
        service.resolve("_")
    with pytest.raises(InvalidInput):
        service.resolve("  ")


def test_resolve_is_case_insensitive_beyond_ascii(service: BookService) -> None:
    emile = service.add_account("Émile Ltd").id
    assert service.resolve("Émile").id == emile
    assert service.resolve("émile").id == emile
    assert service.resolve("émile ltd").id == emile


def test_duplicate_names_are_refused(service: BookService, book: Book, acme: str) -> None:
    other = service.add_account("Globex").id
    before = everything(book)
    for name in ("Acme", "ACME", "  acme "):
        with pytest.raises(InvalidInput, match="an account named 'Acme' already exists"):
            service.add_account(name)
    with pytest.raises(InvalidInput, match="already exists"):
        service.edit_account(other, name="acme")
    assert everything(book) == before
    assert service.edit_account(acme, name="ACME").name == "ACME", "renaming itself is fine"


def test_duplicate_names_are_refused_beyond_ascii(service: BookService) -> None:
    service.add_account("Émile Ltd")
    with pytest.raises(InvalidInput, match="already exists"):
        service.add_account("émile ltd")


def test_resolve_item_by_number_key_and_label(service: BookService) -> None:
    account = service.add_account("Acme")
    assert service.resolve_item(account, "1") == "kickoff-held"
    assert service.resolve_item(account, " 5 ") == "first-valuable-use-reached"
    assert service.resolve_item(account, "implementation-complete") == "implementation-complete"
    assert service.resolve_item(account, "Initial Training Delivered") == (
        "initial-training-delivered"
    )
    assert service.resolve_item(account, "inst") == "instance-provisioned"
    for bad in ("0", "6", "i", "renewal-signed"):
        with pytest.raises(NotFound, match="on the Onboarding checklist: 1 kickoff-held"):
            service.resolve_item(account, bad)
