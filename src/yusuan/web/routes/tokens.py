"""API tokens: a signed-in user creates, sees and revokes the tokens of their machine
clients. A new token is shown once; only its digest is stored. Each expires (by default
after ``Settings.token_days`` days)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from yusuan.web import store
from yusuan.web.db import ApiToken, utcnow
from yusuan.web.deps import Config, Db, Form, Id, SignedIn, int_field, text_field
from yusuan.web.errors import NotFound
from yusuan.web.templating import render

router = APIRouter(include_in_schema=False)
NEW_TOKEN = "new_api_token"


#: the validity periods offered on the page (days)
PERIODS = (30, 90, 180, 365)


@router.get("/tokens")
def tokens_page(request: Request, db: Db, user: SignedIn, settings: Config) -> Response:
    new = request.session.pop(NEW_TOKEN, None)  # shown once, after the redirect
    tokens = db.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    )
    context = {
        "tokens": list(tokens),
        "new_token": new if isinstance(new, str) else None,
        "now": utcnow(),
        "periods": sorted({*PERIODS, settings.token_days}),
        "default_days": settings.token_days,
    }
    return render(request, "tokens.html", context)


@router.post("/tokens")
def create_token(
    request: Request, form: Form, db: Db, user: SignedIn, settings: Config
) -> Response:
    """Create, then redirect: reloading the page does not create a second token."""
    days = int_field(form, "days", "有效期", required=False) or settings.token_days
    _, token = store.create_token(db, user, text_field(form, "name"), days)
    request.session[NEW_TOKEN] = token
    return RedirectResponse("/tokens", status_code=303)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: Id, form: Form, db: Db, user: SignedIn) -> Response:
    row = db.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("令牌不存在。")
    store.revoke_token(db, user, row)
    return RedirectResponse("/tokens", status_code=303)
