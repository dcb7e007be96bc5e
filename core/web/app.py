"""The console's ASGI app (Starlette): server-rendered pages, a little JS, charts from the package.

Mounted under ``/huzhu/`` on nonebot's own server, or served alone by ``huzhu web``.
Every page checks the session's groups; every POST checks the session's CSRF token.
"""

from __future__ import annotations

import csv
import hmac
import io
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from huzhu.core.settings import view as sv
from huzhu.core.storage import console as q
from huzhu.core.web import pages, settings_form
from huzhu.core.web.console import ALL, Console, Session, refresh_overrides
from huzhu.core.web.ops import field_error, run_command
from huzhu.core.web.texts import TEXTS

HERE = Path(__file__).parent
COOKIE = "huzhu_session"
LANG_COOKIE = "huzhu_lang"
FLASH_COOKIE = "huzhu_flash"
PAGES = ("overview", "queue", "ledger", "members", "moderation", "plugins", "schedule")
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(("html",)),
    enable_async=False,
)


#: the largest form accepted (a rules text is far smaller)
MAX_FORM = 64 * 1024


async def form_of(request: Request) -> dict[str, str]:
    """The URL-encoded form of a POST (every form here is one), read once per request."""
    cached = request.scope.get("huzhu.form")
    if cached is None:
        body = await request.body()
        cached = dict(parse_qsl(body[:MAX_FORM].decode("utf-8", "replace"), max_num_fields=200))
        request.scope["huzhu.form"] = cached
    return cached


class WebApp:
    """The routes of one console."""

    def __init__(self, console: Console, *, secure_cookies: bool = False) -> None:
        self.console = console
        self.engine = console.engine
        self.secure = secure_cookies

    # ------------------------------------------------------------ helpers
    def _base(self, request: Request) -> str:
        return request.scope.get("root_path", "").rstrip("/") + "/"

    def _lang(self, request: Request, session: Session | None, group_id: str | None = None) -> str:
        chosen = request.cookies.get(LANG_COOKIE)
        if chosen in ("zh", "en"):
            return chosen
        if group_id is not None:
            return self.engine.resolver.group(group_id).language
        return session.lang if session is not None else "zh"

    def render(
        self,
        request: Request,
        template: str,
        lang: str,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """A page with the shared layout."""
        flash = unquote(request.cookies.get(FLASH_COOKIE, ""))[:2000]
        html = _env.get_template(template).render(
            t=lambda key, **kw: TEXTS.get(lang, key, **kw),
            lang=lang,
            base=self._base(request),
            path=request.url.path,
            flash=flash,
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=_HEADERS)
        if flash:
            response.delete_cookie(FLASH_COOKIE, path=self._base(request))
        return response

    def redirect(self, request: Request, to: str, flash: str = "") -> RedirectResponse:
        """303 to ``to``; ``flash`` is shown once on the next page."""
        response = RedirectResponse(to, status_code=303, headers=_HEADERS)
        if flash:
            response.set_cookie(
                FLASH_COOKIE, quote(flash[:1500]), max_age=60, path=self._base(request),
                httponly=True, samesite="strict", secure=self.secure,
            )  # fmt: skip
        return response

    def refuse(self, request: Request, lang: str, key: str, status: int) -> HTMLResponse:
        """An error page (forbidden, stale token …)."""
        return self.render(request, "message.html", lang, status, title=TEXTS.get(lang, key))

    async def _guard(
        self, request: Request, write: bool
    ) -> tuple[Session, str, str] | HTMLResponse | RedirectResponse:
        """The session, group and language of a group page, or the refusal to send."""
        session = await self.console.session(request.cookies.get(COOKIE))
        group_id = request.path_params["group"]
        if session is None:
            lang = self._lang(request, None)
            return self.render(request, "signed_out.html", lang, 401)
        lang = self._lang(request, session, group_id if session.may_open(group_id) else None)
        if not session.may_open(group_id):
            return self.refuse(request, lang, "forbidden", 403)
        if self.console.standalone:
            await refresh_overrides(self.engine)  # the bot process may have changed them
        if write:
            form = await form_of(request)
            token = str(form.get("csrf", ""))
            if not token or not hmac.compare_digest(token, session.csrf):
                return self.refuse(request, lang, "csrf", 403)
        return session, group_id, lang

    def _group_page(self, request: Request, page: str, **kw: Any) -> str:
        gid = kw.get("group", request.path_params.get("group", ""))
        return f"{self._base(request)}g/{quote(gid, safe=':')}/{page}"

    def _common(self, session: Session, group_id: str, page: str) -> dict[str, Any]:
        return {"session": session, "group": group_id, "page": page, "pages": PAGES,
                "gq": quote(group_id, safe=":")}  # fmt: skip

    # ------------------------------------------------------------ sign-in
    async def home(self, request: Request) -> Response:
        session = await self.console.session(request.cookies.get(COOKIE))
        lang = self._lang(request, session)
        if session is None:
            return self.render(request, "signed_out.html", lang)
        groups = list(session.groups)
        if ALL in groups:
            known = await self.engine.db.read(q.known_groups)
            groups = sorted(set(known) | set(self.engine.resolver.config.groups))
        return self.render(request, "groups.html", lang, session=session, groups=groups,
                           quote=lambda g: quote(g, safe=":"))  # fmt: skip

    async def login_page(self, request: Request) -> Response:
        return self.render(request, "login.html", self._lang(request, None))

    async def login(self, request: Request) -> Response:
        lang = self._lang(request, None)
        client = request.client.host if request.client else "?"
        now = self.engine.clock.time()
        if not self.console.login_limiter.hit(("login", client), now):
            return self.refuse(request, lang, "login_limited", 429)
        form = await form_of(request)
        token = str(form.get("token", "")).strip()
        if not token:
            return self.refuse(request, lang, "login_no_token", 400)
        found = await self.console.redeem(token[:100])
        if found is None:
            return self.refuse(request, lang, "login_bad", 403)
        cookie, _session = found
        response = self.redirect(request, self._base(request))
        response.set_cookie(
            COOKIE, cookie, max_age=7 * 86400, path=self._base(request), httponly=True,
            samesite="strict", secure=self.secure,
        )  # fmt: skip
        return response

    async def logout(self, request: Request) -> Response:
        session = await self.console.session(request.cookies.get(COOKIE))
        lang = self._lang(request, session)
        if session is None:
            return self.render(request, "signed_out.html", lang, 401)
        form = await form_of(request)
        if not hmac.compare_digest(str(form.get("csrf", "")), session.csrf):
            return self.refuse(request, lang, "csrf", 403)
        await self.console.end_sessions(session.member_id)
        response = self.redirect(request, self._base(request))
        response.delete_cookie(COOKIE, path=self._base(request))
        return response

    async def switch_lang(self, request: Request) -> Response:
        to = request.query_params.get("to", "zh")
        back = request.query_params.get("next", "")
        if not back.startswith(self._base(request)) or "//" in back:
            back = self._base(request)
        response = RedirectResponse(back, status_code=303, headers=_HEADERS)
        response.set_cookie(LANG_COOKIE, "en" if to == "en" else "zh", max_age=365 * 86400,
                            path=self._base(request), samesite="strict", secure=self.secure)  # fmt: skip
        return response

    # ------------------------------------------------------------ pages
    async def overview(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        data = await pages.overview(self.engine, gid, lang)
        return self.render(request, "overview.html", lang, **self._common(session, gid, "overview"),
                           **data)  # fmt: skip

    async def queue(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        data = await pages.queue(self.engine, gid)
        return self.render(
            request, "queue.html", lang, **self._common(session, gid, "queue"), **data
        )

    async def queue_remove(self, request: Request) -> Response:
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, _lang = guard
        seq = str((await form_of(request)).get("seq", "")).strip()
        said = await run_command(self.console, session, gid, f"/移除 {seq[:12]}")
        return self.redirect(request, self._group_page(request, "queue"), said.text)

    def _ledger_filters(self, request: Request) -> tuple[str, str, int | None]:
        params = request.query_params
        before = params.get("before", "")
        return (params.get("member", "").strip()[:128], params.get("cause", "").strip()[:128],
                int(before) if before.isdigit() else None)  # fmt: skip

    async def ledger(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        member, cause, before = self._ledger_filters(request)
        data = await pages.ledger(self.engine, gid, member, cause, before)
        return self.render(request, "ledger.html", lang, **self._common(session, gid, "ledger"),
                           member=member, cause=cause, **data)  # fmt: skip

    async def ledger_csv(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        _session, gid, _lang = guard
        member, cause, _ = self._ledger_filters(request)
        engine = self.engine

        async def rows() -> Any:
            yield "\ufeff"  # Excel opens it as UTF-8
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["id", "time", "member", "delta", "kind", "counterpart", "request",
                             "claim", "claim_message", "confirm_message"])  # fmt: skip
            before: int | None = None
            while True:
                page = await engine.db.read(
                    lambda c, b=before: q.ledger_page(
                        c, gid, member or None, cause or None, b, 5000
                    )
                )
                for r in page:
                    writer.writerow([r["id"], pages.local_time(engine, gid, r["at"]), r["member"],
                                     r["delta"], r["kind"], r["counterpart"], r["seq"],
                                     r["claim_id"], r["claim_message_id"], r["confirm_message_id"]])  # fmt: skip
                yield out.getvalue()
                out.seek(0)
                out.truncate()
                if len(page) < 5000:
                    return
                before = page[-1]["id"]

        name = "ledger-" + gid.replace(":", "-") + ".csv"
        return StreamingResponse(
            rows(), media_type="text/csv; charset=utf-8",
            headers={**_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
        )  # fmt: skip

    async def members(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        search = request.query_params.get("q", "").strip()[:64]
        data = await pages.members(self.engine, gid, search)
        return self.render(request, "members.html", lang, **self._common(session, gid, "members"),
                           search=search, **data)  # fmt: skip

    async def moderation(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        data = await pages.moderation(self.engine, gid, lang)
        return self.render(request, "moderation.html", lang,
                           **self._common(session, gid, "moderation"), **data)  # fmt: skip

    async def appeal(self, request: Request) -> Response:
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, _lang = guard
        form = await form_of(request)
        appeal_id = int(request.path_params["appeal"])
        decision = "撤销" if form.get("decision") == "pardon" else "维持"
        note = " ".join(str(form.get("note", "")).split())[:200]
        said = await run_command(
            self.console, session, gid, f"/裁决 {appeal_id} {decision} {note}".strip()
        )
        return self.redirect(request, self._group_page(request, "moderation"), said.text)

    async def plugins(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        return self._plugins_page(request, session, gid, lang, {}, {}, "")

    def _plugins_page(
        self,
        request: Request,
        session: Session,
        gid: str,
        lang: str,
        errors: dict[tuple[str, str], str],
        entered: dict[tuple[str, str], str],
        message: str,
        status: int = 200,
    ) -> HTMLResponse:
        items = pages.plugins(self.engine, gid, lang)
        for item in items:
            for group in item["groups"]:
                for f in group.fields:
                    key = (item["name"], f.path)
                    f.error = errors.get(key, "")
                    if key in entered:
                        f.raw = entered[key]  # what the owner typed stays in the field
            item["invalid"] = any(f.error for g in item["groups"] for f in g.fields)
        return self.render(request, "plugins.html", lang, status, **self._common(session, gid, "plugins"),
                           items=items, message=message)  # fmt: skip

    async def plugin_toggle(self, request: Request) -> Response:
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, _lang = guard
        name = request.path_params["plugin"]
        on = (await form_of(request)).get("on") == "1"
        said = await run_command(self.console, session, gid, f"/{'启用' if on else '禁用'} {name}")
        return self.redirect(
            request, self._group_page(request, "plugins") + f"#p-{name}", said.text
        )

    async def plugin_config(self, request: Request) -> Response:
        """Save a plugin's form: each changed field is one ``/配置 功能 设置项 值``, run as the
        admin, after every field was checked the way /配置 checks it (all or nothing)."""
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        name = request.path_params["plugin"]
        if name not in self.engine.registry.plugins:
            return self.refuse(request, lang, "not_found", 404)
        form = await form_of(request)
        meta = self.engine.registry.plugins[name].meta
        data = settings_form.current(self.engine, gid, name)
        changes: list[tuple[str, str]] = []
        errors: dict[tuple[str, str], str] = {}
        entered: dict[tuple[str, str], str] = {}
        for path in settings_form.leaf_paths(meta.config):
            if form.get(f"reset_{path}"):
                changes.append((path, "重置"))
                continue
            raw = form.get(f"f_{path}")
            if raw is None:
                continue
            raw = str(raw).replace("\r\n", "\n").strip()
            info = sv.field_at(meta.config, path)
            assert info is not None
            value = sv.dig(data, path)
            if raw == settings_form.raw_value(info, value, lang).strip():
                continue
            entered[(name, path)] = raw
            said = settings_form.typed(info, raw, value)
            problem = field_error(self.engine, gid, name, path, said, lang)
            if problem:
                errors[(name, path)] = problem
            changes.append((path, said))
        if errors:
            msg = TEXTS.get(lang, "not_saved")
            return self._plugins_page(request, session, gid, lang, errors, entered, msg, 400)
        said = [
            (await run_command(self.console, session, gid, f"/配置 {name} {path} {raw}")).text
            for path, raw in changes
        ]
        text = "\n".join(said) or TEXTS.get(lang, "saved_nothing")
        return self.redirect(request, self._group_page(request, "plugins") + f"#p-{name}", text)

    async def schedule(self, request: Request) -> Response:
        guard = await self._guard(request, False)
        if not isinstance(guard, tuple):
            return guard
        session, gid, lang = guard
        data = await pages.schedule(self.engine, gid)
        return self.render(request, "schedule.html", lang, **self._common(session, gid, "schedule"),
                           **data)  # fmt: skip

    async def schedule_add(self, request: Request) -> Response:
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, _lang = guard
        form = await form_of(request)
        when = " ".join(str(form.get("when", "")).split())[:40]
        text = str(form.get("text", "")).strip()[:1000]
        said = await run_command(self.console, session, gid, f"/定时 {when} {text}".strip())
        return self.redirect(request, self._group_page(request, "schedule"), said.text)

    async def schedule_cancel(self, request: Request) -> Response:
        guard = await self._guard(request, True)
        if not isinstance(guard, tuple):
            return guard
        session, gid, _lang = guard
        item = str((await form_of(request)).get("id", "")).strip()[:12]
        said = await run_command(self.console, session, gid, f"/取消定时 {item}")
        return self.redirect(request, self._group_page(request, "schedule"), said.text)

    # ------------------------------------------------------------ app
    def routes(self) -> list[Any]:
        """The routes, relative to where the app is mounted."""
        g = "/g/{group}"
        return [
            Route("/", self.home),
            Route("/login", self.login_page, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST"]),
            Route("/lang", self.switch_lang),
            Route(g + "/overview", self.overview),
            Route(g + "/queue", self.queue),
            Route(g + "/queue/remove", self.queue_remove, methods=["POST"]),
            Route(g + "/ledger", self.ledger),
            Route(g + "/ledger.csv", self.ledger_csv),
            Route(g + "/members", self.members),
            Route(g + "/moderation", self.moderation),
            Route(g + "/appeals/{appeal:int}", self.appeal, methods=["POST"]),
            Route(g + "/plugins", self.plugins),
            Route(g + "/plugins/{plugin}/toggle", self.plugin_toggle, methods=["POST"]),
            Route(g + "/plugins/{plugin}/config", self.plugin_config, methods=["POST"]),
            Route(g + "/schedule", self.schedule),
            Route(g + "/schedule/add", self.schedule_add, methods=["POST"]),
            Route(g + "/schedule/cancel", self.schedule_cancel, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]


def create_app(console: Console, *, secure_cookies: bool = False) -> Starlette:
    """The console as an ASGI app, to be mounted (``/huzhu``) or served alone."""
    return Starlette(routes=WebApp(console, secure_cookies=secure_cookies).routes())
