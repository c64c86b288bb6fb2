// What callers hear after the welcome (docs/voice.md): every console shows it; supervisors and
// admins set or clear it here (socket commands announcement_set / announcement_clear).

import { _ } from './i18n.js';

export class AnnouncementPanel {
  // command(name, payload) sends a socket command and resolves with its ack.
  constructor({ command }) {
    const byId = (id) => document.getElementById(id);
    this.command = command;
    this.ui = {
      summary: byId('announcement-summary'),
      current: byId('announcement-current'),
      form: byId('announcement-form'),
      english: byId('announcement-en'),
      french: byId('announcement-fr'),
      clear: byId('announcement-clear'),
    };
    this.ui.form.addEventListener('submit', (event) => this.set(event));
    this.ui.clear.addEventListener('click', () => this.clear());
  }

  // announcement: { en, fr, set_at } or null; lead: may change it.
  show(announcement, lead) {
    this.ui.summary.textContent = announcement ? _('on') : _('none');
    this.ui.current.textContent = announcement
      ? _('English: {en} — French: {fr}', announcement)
      : _('None: callers hear the welcome, then the language menu.');
    this.ui.form.hidden = !lead;
    this.ui.clear.disabled = !announcement;
  }

  async set(event) {
    event.preventDefault();
    const ack = await this.command('announcement_set', { en: this.ui.english.value, fr: this.ui.french.value });
    if (ack.ok) this.ui.form.reset();
  }

  async clear() {
    await this.command('announcement_clear', {});
  }
}
