"""Voice: calls into the same queue as every other contact (docs/voice.md)."""
