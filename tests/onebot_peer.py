"""A stand-in for NapCat: a OneBot v11 reverse-WebSocket client that answers the bot's API calls."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from typing import Any, Self

import websockets

from tests.bot_process import BotProcess, free_port

__all__ = ["BotProcess", "OneBotPeer", "free_port", "message_text"]


class OneBotPeer:
    """Connects like NapCat (X-Self-ID, Authorization), sends events, answers API calls."""

    _ids = itertools.count(1000)

    def __init__(
        self,
        url: str,
        token: str,
        self_id: int = 10000,
        bot_role: str = "admin",
        groups: tuple[int, ...] = (),
    ) -> None:
        self.url, self.token, self.self_id, self.bot_role = url, token, self_id, bot_role
        #: what get_group_list answers
        self.groups = list(groups)
        #: user id → get_group_member_info fields (card, nickname, role) of other members;
        #: members not listed are ordinary members called ``user<id>``
        self.members: dict[int, dict[str, Any]] = {}
        #: user id → extra get_stranger_info fields (NapCat: qqLevel, reg_time …);
        #: users not listed are called ``user<id>`` and report nothing else
        self.strangers: dict[int, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        #: actions this stand-in refuses (answered with status "failed")
        self.failing: set[str] = set()
        #: action → seconds this stand-in takes to answer it (a hanging implementation)
        self.slow: dict[str, float] = {}
        self._late_replies: set[asyncio.Task[None]] = set()
        self._new_call = asyncio.Event()
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        headers = {
            "X-Self-ID": str(self.self_id),
            "X-Client-Role": "Universal",
            "Authorization": f"Bearer {self.token}",
            "User-Agent": "NapCat/4 (stand-in)",
        }
        self._ws = await websockets.connect(self.url, additional_headers=headers, max_size=2**24)
        self._reader = asyncio.create_task(self._read())
        await self.send(
            {"post_type": "meta_event", "meta_event_type": "lifecycle", "sub_type": "connect"}
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        for late in list(self._late_replies):
            late.cancel()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        with contextlib.suppress(Exception):
            await self._ws.close()

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one event."""
        payload = {"time": int(time.time()), "self_id": self.self_id, **payload}
        await self._ws.send(json.dumps(payload, ensure_ascii=False))

    async def group_message(
        self,
        text: str,
        *,
        group: int = 777,
        user: int = 42,
        role: str = "member",
        segments: list[dict[str, Any]] | None = None,
        message_id: int | None = None,
    ) -> int:
        """Send a group message event (array format, like NapCat); return its message id.

        ``message_id`` re-sends an event already delivered, as implementations do on reconnect.
        """
        message_id = next(self._ids) if message_id is None else message_id
        message = segments if segments is not None else [{"type": "text", "data": {"text": text}}]
        await self.send({
            "post_type": "message", "message_type": "group", "sub_type": "normal",
            "message_id": message_id, "group_id": group, "user_id": user, "anonymous": None,
            "message": message, "raw_message": text, "font": 0,
            "sender": {"user_id": user, "nickname": f"user{user}", "card": "", "role": role},
        })  # fmt: skip
        return message_id

    async def private_message(self, text: str, *, user: int = 42, group: int | None = None) -> int:
        """A private message to the bot (``group``: a temporary session started from that group)."""
        message_id = next(self._ids)
        await self.send({
            "post_type": "message", "message_type": "private",
            "sub_type": "group" if group is not None else "friend",
            "message_id": message_id, "user_id": user, "font": 0, "raw_message": text,
            "message": [{"type": "text", "data": {"text": text}}],
            "sender": {"user_id": user, "nickname": f"user{user}"},
        })  # fmt: skip
        return message_id

    async def join_request(
        self, comment: str, *, user: int, group: int = 777, sub_type: str = "add"
    ) -> str:
        """Someone asks to join (QQ puts the group's question and the answer in ``comment``); return the flag."""
        flag = f"{group}-{user}-{next(self._ids)}"
        await self.send({
            "post_type": "request", "request_type": "group", "sub_type": sub_type,
            "group_id": group, "user_id": user, "comment": comment, "flag": flag,
        })  # fmt: skip
        return flag

    def join_answers(self) -> dict[str, dict[str, Any]]:
        """flag → the parameters of set_group_add_request for it (the last answer)."""
        return {
            c["params"]["flag"]: c["params"]
            for c in self.calls
            if c["action"] == "set_group_add_request"
        }

    def answer(self, action: str, params: dict[str, Any]) -> Any:
        """What this stand-in returns for an API call."""
        if action == "get_group_member_info":
            user = params.get("user_id")
            if user == self.self_id:
                return {"group_id": params.get("group_id"), "user_id": user, "role": self.bot_role}
            known = {"nickname": f"user{user}", "card": "", "role": "member"}
            return {
                "group_id": params.get("group_id"), "user_id": user,
                **known, **self.members.get(int(user or 0), {}),
            }  # fmt: skip
        if action == "get_stranger_info":
            user = int(params.get("user_id") or 0)
            return {"user_id": user, "nickname": f"user{user}", **self.strangers.get(user, {})}
        if action == "get_group_list":
            return [
                {"group_id": g, "group_name": f"群{g}", "member_count": 10} for g in self.groups
            ]
        if action in ("send_group_msg", "send_private_msg", "send_msg"):
            return {"message_id": next(self._ids)}
        if action == "get_login_info":
            return {"user_id": self.self_id, "nickname": "huzhu"}
        return None

    async def _read(self) -> None:
        async for raw in self._ws:
            data = json.loads(raw)
            if "action" not in data:
                continue
            self.calls.append(data)
            self._new_call.set()
            if data["action"] in self.failing:
                # how NapCat reports e.g. a temporary session the group does not allow
                reply = {"status": "failed", "retcode": 1200, "data": None, "message": "refused",
                         "wording": "refused", "echo": data.get("echo")}  # fmt: skip
            else:
                reply = {
                    "status": "ok",
                    "retcode": 0,
                    "data": self.answer(data["action"], data.get("params", {})),
                    "echo": data.get("echo"),
                }
            delay = self.slow.get(data["action"])
            if delay:
                late = asyncio.create_task(self._late(reply, delay))
                self._late_replies.add(late)
                late.add_done_callback(self._late_replies.discard)
                continue
            await self._ws.send(json.dumps(reply, ensure_ascii=False))

    async def _late(self, reply: dict[str, Any], delay: float) -> None:
        """Send an answer that was held back (the connection may be gone by then)."""
        await asyncio.sleep(delay)
        with contextlib.suppress(Exception):
            await self._ws.send(json.dumps(reply, ensure_ascii=False))

    async def wait_for(
        self, action: str, *, count: int = 1, within: float = 15.0
    ) -> list[dict[str, Any]]:
        """Wait until ``action`` has been called ``count`` times; return those calls."""
        deadline = time.monotonic() + within
        while True:
            found = [c for c in self.calls if c["action"] == action]
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"{action} x{count} not called; calls so far: {[c['action'] for c in self.calls]}"
                )
            self._new_call.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), remaining)


def message_text(call: dict[str, Any]) -> str:
    """The plain text of a send_group_msg call (segments or CQ string)."""
    message = call["params"]["message"]
    if isinstance(message, str):
        return message
    return "".join(seg["data"].get("text", "") for seg in message if seg["type"] == "text")
