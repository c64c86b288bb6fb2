// The browser phone of a claimed call (docs/voice.md): join the contact's conference through the
// Twilio Voice SDK (vendored: static/vendor/twilio-voice.min.js, loaded before the console),
// mute, hold the caller, add someone, leave the call to them, hang up. Hold, add and hang up act
// on the conference through the server (socket commands); mute is the browser's own.

import { _ } from './i18n.js';

const TOKEN_URL = '/api/voice/token';

async function fetchToken() {
  const response = await fetch(TOKEN_URL, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || _('The browser phone is not available.'));
  return body.token;
}

export class CallPanel {
  // command(name, payload) sends a socket command and resolves with its ack.
  constructor({ command, announce }) {
    const byId = (id) => document.getElementById(id);
    this.command = command;
    this.announce = announce;
    this.ui = {
      root: byId('call-panel'),
      state: byId('call-state'),
      join: byId('call-join'),
      mute: byId('call-mute'),
      hold: byId('call-hold'),
      target: byId('call-target'),
      add: byId('call-add'),
      leave: byId('call-leave'),
      hangUp: byId('call-hangup'),
    };
    this.view = null; // { contact, mine } of the open voice contact
    this.device = null;
    this.call = null; // the SDK's call, to the conference of contact callContactId
    this.callContactId = null;
    this.held = false;
    this.ui.join.addEventListener('click', () => this.join());
    this.ui.mute.addEventListener('click', () => this.toggleMute());
    this.ui.hold.addEventListener('click', () => this.toggleHold());
    this.ui.add.addEventListener('click', () => this.addSomeone());
    this.ui.leave.addEventListener('click', () => this.leave());
    this.ui.hangUp.addEventListener('click', () => this.hangUp());
  }

  // Shows the panel for an open voice contact, { contact, mine, phone: 'browser' | 'desk' }
  // (null: hides it).
  render(view) {
    this.view = view;
    this.ui.root.hidden = !view;
    if (!view) return;
    const inCall = Boolean(this.call) && this.callContactId === view.contact.id;
    const holds = view.mine && view.contact.state === 'claimed';
    this.ui.join.disabled = !holds || inCall;
    this.ui.mute.disabled = !inCall;
    [this.ui.hold, this.ui.add, this.ui.hangUp].forEach((button) => { button.disabled = !holds; });
    this.ui.leave.disabled = !inCall;
    this.ui.mute.setAttribute('aria-pressed', String(inCall && this.call.isMuted()));
    this.ui.mute.textContent = inCall && this.call.isMuted() ? _('Unmute') : _('Mute');
    this.ui.hold.setAttribute('aria-pressed', String(this.held));
    this.ui.hold.textContent = this.held ? _('Resume') : _('Hold');
    this.ui.state.textContent = this.describe(holds, inCall);
  }

  describe(holds, inCall) {
    if (!holds) return _('Claim this call to talk with the caller.');
    if (!inCall && this.view.phone === 'desk') return _('Your desk phone rings to join the call (or join from this browser).');
    if (!inCall) return _('You are not on the call yet.');
    return this.held ? _('On the call; the caller is on hold.') : _('On the call.');
  }

  refresh() {
    this.render(this.view);
  }

  async join() {
    const contactId = this.view?.contact.id;
    if (!contactId) return;
    try {
      this.device = this.device || new window.Twilio.Device(await fetchToken());
      const call = await this.device.connect({ params: { ContactId: String(contactId) } });
      this.call = call;
      this.callContactId = contactId;
      call.on('disconnect', () => this.ended(call));
      call.on('mute', () => this.refresh());
    } catch (error) {
      this.announce(error.message || _('Could not join the call.'));
    }
    this.refresh();
  }

  ended(call) {
    if (this.call !== call) return;
    this.call = null;
    this.held = false;
    this.refresh();
  }

  toggleMute() {
    if (!this.call) return;
    this.call.mute(!this.call.isMuted());
    this.refresh();
  }

  async toggleHold() {
    const ack = await this.command('call_hold', { contact_id: this.view.contact.id, hold: !this.held });
    if (ack.ok) this.held = ack.held;
    this.refresh();
  }

  async addSomeone() {
    const target = this.ui.target.value;
    if (!target) return;
    const ack = await this.command('call_add', { contact_id: this.view.contact.id, target });
    if (ack.ok) this.announce(_('Calling {name} into the call.', { name: ack.added }));
  }

  // Warm transfer: the navigator leaves; the caller stays with whoever was added.
  leave() {
    if (this.call) this.call.disconnect();
  }

  async hangUp() {
    const ack = await this.command('call_end', { contact_id: this.view.contact.id });
    if (ack.ok) this.leave();
  }
}
