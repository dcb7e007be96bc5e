"""A stand-in for api.telegram.org: a local HTTP server speaking the Bot API.

It serves the methods huzhu and nonebot-adapter-telegram call (getMe,
deleteWebhook, setWebhook, getUpdates with long polling and offset
confirmation, sendMessage, deleteMessage, restrictChatMember, banChatMember,
unbanChatMember, getChatMember, approveChatJoinRequest, declineChatJoinRequest), records every call, and can push updates the
way Telegram does in webhook mode (POST with X-Telegram-Bot-Api-Secret-Token).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

BOT_ID = 7000001
TOKEN = f"{BOT_ID}:stand-in-token"
BOT_USERNAME = "huzhu_bot"
_URL = re.compile(r"https?://[^\s，。]+")
_ADMIN_RIGHTS = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": False, "can_restrict_members": True,
    "can_promote_members": False, "can_change_info": False, "can_invite_users": True,
    "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
}  # fmt: skip


def utf16_len(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def entities_for(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would attach: a leading ASCII command and plain URLs."""
    found: list[dict[str, Any]] = []
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for match in _URL.finditer(text):
        found.append({
            "type": "url", "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        })  # fmt: skip
    return found


class TelegramAPI:
    """The server and its state; use as ``with TelegramAPI() as tg:``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.webhook: tuple[str, str] | None = None
        #: (chat id, user id) → "creator" | "administrator" | "member"
        self.roles: dict[tuple[int, int], str] = {}
        #: the bot's own status in every chat
        self.bot_status = "administrator"
        #: chat id → administrator rights of the bot that differ from the usual ones
        self.bot_rights: dict[int, dict[str, bool]] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(500)
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """What to put in ``api_server`` (with the trailing slash the adapter expects)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what members do ------------------------------------------------------------

    def message(
        self,
        text: str,
        *,
        chat: int = -100777,
        user: int = 42,
        first_name: str | None = None,
        username: str | None = None,
        reply_to: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        chat_type: str = "supergroup",
    ) -> int:
        """Queue a message update (or post it to the webhook); return its message id."""
        message_id = next(self._message_ids)
        sender: dict[str, Any] = {
            "id": user,
            "is_bot": False,
            "first_name": first_name or f"User{user}",
        }
        if username:
            sender["username"] = username
        body: dict[str, Any] = {
            "message_id": message_id, "from": sender, "date": int(time.time()),
            "chat": {"id": chat, "type": chat_type, "title": "互助群"}, "text": text,
        }  # fmt: skip
        ents = entities if entities is not None else entities_for(text)
        if ents:
            body["entities"] = ents
        if reply_to is not None:
            body["reply_to_message"] = {
                "message_id": reply_to, "date": int(time.time()),
                "chat": {"id": chat, "type": chat_type},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "huzhu"}, "text": "…",
            }  # fmt: skip
        self.push({"message": body})
        return message_id

    def joined(self, user: int, *, chat: int = -100777) -> None:
        """A member joined (the service message Telegram sends)."""
        self.push({"message": {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": chat, "type": "supergroup", "title": "互助群"},
            "from": {"id": user, "is_bot": False, "first_name": f"User{user}"},
            "new_chat_members": [{"id": user, "is_bot": False, "first_name": f"User{user}"}],
        }})  # fmt: skip

    def join_request(
        self,
        user: int,
        *,
        chat: int = -100777,
        first_name: str | None = None,
        bio: str | None = None,
    ) -> None:
        """Someone asks to join through an invite link that needs approval."""
        body: dict[str, Any] = {
            "chat": {"id": chat, "type": "supergroup", "title": "互助群"},
            "from": {"id": user, "is_bot": False, "first_name": first_name or f"User{user}"},
            "user_chat_id": user, "date": int(time.time()),
        }  # fmt: skip
        if bio is not None:
            body["bio"] = bio
        self.push({"chat_join_request": body})

    def push(self, update: dict[str, Any]) -> None:
        """Deliver an update: queued for getUpdates, or POSTed to the webhook when set."""
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook is not None:
            url, secret = self.webhook
            request = urllib.request.Request(
                url, data=json.dumps(update).encode(), method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
            )  # fmt: skip
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status in (200, 204), response.status
            return
        with self._lock:
            self.updates.append(update)
            self._lock.notify_all()

    # -- what the bot did -----------------------------------------------------------

    def called(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of ``method`` so far."""
        with self._lock:
            return [params for name, params in self.calls if name == method]

    async def wait_for(
        self, method: str, *, count: int = 1, within: float = 20.0, since: int = 0
    ) -> list[dict[str, Any]]:
        """Wait until ``method`` was called ``count`` times (after call number ``since``)."""
        deadline = time.monotonic() + within
        while True:
            with self._lock:
                found = [p for name, p in self.calls[since:] if name == method]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                names = [name for name, _ in self.calls[since:]]
                raise AssertionError(f"{method} x{count} not called; calls: {names}")
            await asyncio.sleep(0.05)

    # -- the HTTP side --------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        """(HTTP status, result) for one Bot API call."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "huzhu", "username": BOT_USERNAME}
        if method == "getMe":
            return 200, {**bot, "can_join_groups": True, "can_read_all_group_messages": True,
                         "supports_inline_queries": False}  # fmt: skip
        if method == "deleteWebhook":
            self.webhook = None
            return 200, True
        if method == "setWebhook":
            self.webhook = (params["url"], params.get("secret_token", ""))
            return 200, True
        if method == "getUpdates":
            return 200, self._updates(params)
        if method == "sendMessage":
            chat = int(params["chat_id"])
            if chat > 0:  # a member who never started the bot
                return 403, "Forbidden: bot can't initiate conversation with a user"
            return 200, {
                "message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": chat, "type": "supergroup"}, "from": bot, "text": params["text"],
            }  # fmt: skip
        if method in (
            "deleteMessage", "restrictChatMember", "banChatMember", "unbanChatMember",
            "approveChatJoinRequest", "declineChatJoinRequest",
        ):  # fmt: skip
            return 200, True
        if method == "getChatMember":
            chat, user = int(params["chat_id"]), int(params["user_id"])
            person = (
                bot
                if user == BOT_ID
                else {"id": user, "is_bot": False, "first_name": f"User{user}"}
            )
            status = self.bot_status if user == BOT_ID else self.roles.get((chat, user), "member")
            if status == "administrator":
                rights = {
                    **_ADMIN_RIGHTS,
                    **(self.bot_rights.get(chat, {}) if user == BOT_ID else {}),
                }
                return 200, {"status": status, "user": person, **rights}
            if status == "creator":
                return 200, {"status": status, "user": person, "is_anonymous": False}
            return 200, {"status": status, "user": person}
        return 404, "Not Found"

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        # long polling, shortened to 1 s so an idle test does not wait
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        with self._lock:
            if offset is not None:  # confirms every earlier update, as Telegram does
                self.updates = [u for u in self.updates if u["update_id"] >= int(offset)]
            while not self.updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self.updates)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                match = re.fullmatch(r"/bot([^/]+)/(\w+)", self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if match is None or match.group(1) != TOKEN:
                    return self._send(
                        401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                    )
                params = json.loads(raw) if raw else {}
                # the adapter sends non-string values JSON-encoded inside the JSON body
                for key, value in list(params.items()):
                    if key != "text" and isinstance(value, str) and value[:1] in "[{-0123456789tf":
                        with contextlib.suppress(ValueError):
                            params[key] = json.loads(value)
                method = match.group(2)
                if method != "getUpdates":
                    with api._lock:
                        api.calls.append((method, params))
                status, result = api.answer(method, params)
                if status == 200:
                    return self._send(200, {"ok": True, "result": result})
                return self._send(
                    status, {"ok": False, "error_code": status, "description": result}
                )

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
