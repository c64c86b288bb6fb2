// The console's side of a web chat (docs/chat.md): under the open chat's messages, the resident
// typing, leaving (and coming back) or ending the chat; and the navigator's own typing, sent to
// the resident's page while they write a reply to a chat they hold.
import { _ } from './i18n.js';

const TYPING_EVERY_MS = 2000;
const TYPING_SHOWN_MS = 6000;

export class ChatActivityPanel {
  constructor({ socket }) {
    this.socket = socket;
    this.line = document.getElementById('chat-activity');
    this.contactId = null; // the open contact, when it is a chat
    this.mine = false;
    this.left = new Map(); // contact id -> 'left' | 'ended', while the resident is away
    this.typingId = null; // the contact whose resident is typing now
    this.typingTimer = null;
    this.sentAt = 0;
    socket.on('chat_typing', (event) => this.residentTyping(event));
    socket.on('chat_presence', (event) => this.residentPresence(event));
  }

  render(contact, mine) {
    this.contactId = contact?.channel === 'chat' ? contact.id : null;
    this.mine = Boolean(mine);
    this.show();
  }

  residentTyping({ contact_id: contactId, typing }) {
    clearTimeout(this.typingTimer);
    this.typingId = typing ? contactId : null;
    if (typing) this.typingTimer = setTimeout(() => this.residentTyping({ contact_id: contactId, typing: false }), TYPING_SHOWN_MS);
    this.show();
  }

  residentPresence({ contact_id: contactId, present, ended }) {
    if (this.typingId === contactId) this.typingId = null; // a reload or a departure ends any typing
    if (present) this.left.delete(contactId);
    else this.left.set(contactId, ended ? 'ended' : 'left');
    this.show();
  }

  // The navigator writes in the reply box: the resident sees "typing" (at most every 2 s).
  replyTyped() {
    if (this.contactId === null || !this.mine || Date.now() - this.sentAt < TYPING_EVERY_MS) return;
    this.sentAt = Date.now();
    this.socket.emit('chat_typing', { contact_id: this.contactId, typing: true });
  }

  show() {
    const away = this.left.get(this.contactId);
    let text = '';
    if (away === 'ended') text = _('The resident ended the chat. You can close it.');
    else if (away === 'left') text = _('The resident left the chat (they may come back).');
    else if (this.typingId !== null && this.typingId === this.contactId) text = _('The resident is typing…');
    this.line.textContent = this.contactId === null ? '' : text;
    this.line.hidden = !this.line.textContent;
  }
}
