"""Sign webhook requests exactly as Twilio does, with the twilio library's own validator."""

from __future__ import annotations

import uuid

import requests
from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test_auth_token_0000000000000000"
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
PUBLIC_URL = "https://211.example.org"
OUR_NUMBER = "+18005550211"
API_KEY_SID = "SK0123456789abcdef0123456789abcdef"
API_KEY_SECRET = "test-api-key-secret-0000000000000"
TWIML_APP_SID = "AP0123456789abcdef0123456789abcdef"


def twilio_settings(api_base_url: str) -> dict[str, str]:
    """The Twilio settings of a test's processes: these credentials, our number, and the REST API
    at `api_base_url` (a fake Twilio)."""
    return {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": OUR_NUMBER,
        "TWILIO_API_BASE_URL": api_base_url,
        "TWILIO_VOICE_NUMBER": OUR_NUMBER,
        "TWILIO_API_KEY_SID": API_KEY_SID,
        "TWILIO_API_KEY_SECRET": API_KEY_SECRET,
        "TWILIO_TWIML_APP_SID": TWIML_APP_SID,
    }


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def sms_params(message_sid: str, from_: str, body: str, **extra: str) -> dict[str, str]:
    """An inbound-SMS webhook body with the fields Twilio sends."""
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "MessageSid": message_sid,
        "SmsMessageSid": message_sid,
        "SmsSid": message_sid,
        "SmsStatus": "received",
        "From": from_,
        "To": OUR_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "FromCountry": "CA",
        "ToCountry": "CA",
        **extra,
    }


def status_params(message_sid: str, status: str, to: str, **extra: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "From": OUR_NUMBER,
        "To": to,
        "MessageSid": message_sid,
        "SmsSid": message_sid,
        "MessageStatus": status,
        "SmsStatus": status,
        **extra,
    }


def signed_headers(path_and_query: str, params: dict[str, str], public_url: str = PUBLIC_URL) -> dict[str, str]:
    return {
        "X-Twilio-Signature": signature(public_url + path_and_query, params),
        "I-Twilio-Idempotency-Token": "test",
        "User-Agent": "TwilioProxy/1.1",
    }


def post_sms(base_url: str, sender: str, body: str) -> requests.Response:
    """A resident's new text (a fresh MessageSid), posted to the running server signed as Twilio
    would; it must be answered 200."""
    params = sms_params("SM" + uuid.uuid4().hex, sender, body)
    response = requests.post(f"{base_url}/twilio/sms", data=params, headers=signed_headers("/twilio/sms", params),
                             timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    return response
