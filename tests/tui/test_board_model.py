"""BoardModel's incremental updates agree with a fresh load of the same book."""

from __future__ import annotations

from tendtui.domain.models import TouchKind
from tendtui.services import BookService
from tendtui.tui.board_model import BoardModel


def _fresh(svc: BookService) -> BoardModel:
    accounts = svc.book.accounts()
    model = BoardModel(svc.playbook, svc.today())
    model.load(accounts, svc.health(accounts))
    return model


def _view(model: BoardModel, svc: BookService) -> list[object]:
    return [([c.id for c in model.cards(k)], model.total(k)) for k in svc.playbook.keys] + [
        model.summary()
    ]


def test_upserts_match_a_fresh_load(sample_service: BookService) -> None:
    svc = sample_service
    model = _fresh(svc)
    first = model.cards("onboarding")[0].account
    second = model.cards("realization")[0].account

    def refresh(account_id: str) -> None:
        account = svc.book.account(account_id)
        health = svc.health([account]).get(account_id) if account else None
        model.upsert(account, account_id, health)

    svc.set_ticked(first.id, "first-valuable-use-reached", True)
    refresh(first.id)
    svc.move(first.id, "nurturing")
    refresh(first.id)
    svc.log_touch(second.id, TouchKind.CALL, summary="hello")
    refresh(second.id)
    svc.set_archived(second.id, True)
    refresh(second.id)
    added = svc.add_account("Zed Corp", arr=1, currency="CHF")
    refresh(added.id)
    assert _view(model, svc) == _view(_fresh(svc), svc)
    model.set_filter("zed")
    assert [c.account.name for k in svc.playbook.keys for c in model.cards(k)] == ["Zed Corp"]


def test_find_ignores_case_and_accents(sample_service: BookService) -> None:
    svc = sample_service
    zurich = svc.add_account("Zürcher Treuhand AG", owner="Søren Ås", segment="Mid-Market")
    model = _fresh(svc)
    for query in ("zurcher", "ZÜRCHER treuhand", "owner:soren", "owner:SØREN segment:mid"):
        model.set_filter(query)
        shown = {c.id for k in svc.playbook.keys for c in model.cards(k)}
        assert zurich.id in shown, query
    model.set_filter("zurich")
    assert zurich.id not in {c.id for k in svc.playbook.keys for c in model.cards(k)}
