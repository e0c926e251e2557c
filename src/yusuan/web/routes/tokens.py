"""API tokens: a signed-in user creates, sees and revokes the tokens of their machine
clients. A new token is shown once; only its digest is stored."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import ApiToken
from yusuan.web.deps import Db, Form, SignedIn, text_field
from yusuan.web.errors import NotFound
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(request: Request, db: Db, user: SignedIn, new: str | None = None) -> Response:
    tokens = db.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    )
    return render(request, "tokens.html", {"tokens": list(tokens), "new_token": new})


@router.get("/tokens")
def tokens_page(request: Request, db: Db, user: SignedIn) -> Response:
    return _page(request, db, user)


@router.post("/tokens")
def create_token(request: Request, form: Form, db: Db, user: SignedIn) -> Response:
    _, token = store.create_token(db, user, text_field(form, "name"))
    return _page(request, db, user, new=token)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: int, form: Form, db: Db, user: SignedIn) -> Response:
    row = db.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("令牌不存在。")
    store.revoke_token(db, user, row)
    return RedirectResponse("/tokens", status_code=303)
