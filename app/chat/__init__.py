"""Web chat: the public /chat page and widget, visitors' signed tokens, the /chat Socket.IO
namespace, the grace-period sweep, the survey and transcript requests (docs/chat.md)."""
