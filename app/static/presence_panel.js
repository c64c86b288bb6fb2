// The navigator's presence (docs/presence.md): available, busy or away, chosen here (socket
// command `presence`; every console of theirs hears `presence_changed`). Offline is the server's
// word for "no console open", never chosen. Also the note on a waiting contact's queue row while
// it is offered first to the navigators who speak its language (LANGUAGE_FIRST_SECONDS).

import { _, lang } from './i18n.js';

const LABELS = { available: _('Available'), busy: _('Busy'), away: _('Away'), offline: _('Offline') };

function clock(ms) {
  return new Date(ms).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code; // not a language code Intl knows
  }
}

export class PresencePanel {
  // command(name, payload) sends a socket command and resolves with its ack; announce(text)
  // writes the console's status line.
  constructor({ command, announce }) {
    const byId = (id) => document.getElementById(id);
    this.command = command;
    this.announce = announce;
    this.form = byId('presence-form');
    this.select = byId('presence');
    this.since = byId('presence-since');
    this.languageFirstMs = Number(this.form.dataset.languageFirstSeconds || 0) * 1000;
    this.current = null;
    this.shownSince = -Infinity; // when the presence shown began, by the server's clock
    this.select.addEventListener('change', () => this.choose(this.select.value));
    this.form.addEventListener('submit', (event) => event.preventDefault());
  }

  // `presence_changed`, or a `presence` ack: { presence, since, reason }. Acks and events can
  // cross on the way (the server runs a console's commands side by side, and tells a console
  // that arrived what it recorded a moment before): one older than what is shown is not news.
  show({ presence, since }) {
    const began = since ? Date.parse(since) : -Infinity;
    if (began < this.shownSince) return;
    this.shownSince = began;
    this.current = presence;
    this.select.value = presence;
    this.select.disabled = false;
    this.form.dataset.presence = presence;
    this.since.textContent = since
      ? _('since {time}', { time: new Date(since).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) })
      : '';
  }

  // Asked on every (re)connect, as well as told: a console may connect a moment after its
  // presence was sent.
  async load() {
    const ack = await this.command('presence', {});
    if (ack.ok) this.show(ack);
  }

  // The connection is gone: the server counts the grace period; nothing can be chosen meanwhile.
  disconnected() {
    this.select.disabled = true;
  }

  async choose(state) {
    const ack = await this.command('presence', { state });
    if (ack.ok) {
      this.show(ack);
      this.announce(_('You are {presence}.', { presence: LABELS[ack.presence].toLowerCase() }));
    } else if (this.current) {
      this.select.value = this.current; // refused: show what the server has
    }
  }

  // A waiting contact's note, e.g. "French speakers first, until 14:02:31" (hidden after that).
  showOffer(element, contact, nowMs) {
    const until = this.offeredToAllAt(contact);
    const offered = until !== null && nowMs < until;
    element.hidden = !offered;
    element.textContent = offered
      ? _('{language} speakers first, until {time}', { language: languageName(contact.language), time: clock(until) })
      : '';
  }

  offeredToAllAt(contact) {
    const known = contact.language && contact.language !== 'und';
    if (contact.state !== 'queued' || !known || !this.languageFirstMs) return null;
    return Date.parse(contact.queued_at) + this.languageFirstMs;
  }
}
