"""The channel registry: one adapter per channel, looked up by name, never by if/elif."""

from __future__ import annotations

from app.domain import Channel
from channels.base import ChannelAdapter, SendError
from channels.chat import ChatAdapter
from channels.email import EmailAdapter
from channels.sms import SmsAdapter

ADAPTERS: dict[Channel, ChannelAdapter] = {
    Channel.SMS: SmsAdapter(),
    Channel.CHAT: ChatAdapter(),
    Channel.EMAIL: EmailAdapter(),
}


def adapter_for(channel: str) -> ChannelAdapter:
    return ADAPTERS[Channel(channel)]


__all__ = ["ADAPTERS", "ChannelAdapter", "SendError", "adapter_for"]
