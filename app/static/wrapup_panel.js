// The wrap-up of the open contact (docs/wrapup.md), beside the conversation: referrals found in
// the directory, needs coded to taxonomy terms, and the contact record. Every change is a socket
// command (wrapup_set, need_set, need_remove, referral_add, referral_remove) whose ack carries the
// whole wrap-up, `missing` (what `close` still needs) included, so the panel shows one state.
import { _ } from './i18n.js';
import { DirectorySearch, TermSearch } from './wrapup_search.js';

const DEMOGRAPHICS = ['age_group', 'gender', 'household', 'indigenous', 'newcomer'];
const FOLLOW_UP = ['consent_follow_up', 'follow_up_method', 'mailing_address'];
const FIELD_NAMES = { contact_type: _('contact type'), consent_follow_up: _('consent to follow up'), needs: _('a need') };

const humanize = (value) => value.charAt(0).toUpperCase() + value.slice(1).replaceAll('_', ' ');

// The text of a select's option, as the page labels it.
function optionText(select, value) {
  return [...select.options].find((option) => option.value === value)?.textContent ?? humanize(value ?? '');
}

export class WrapUpPanel {
  // command(name, payload) sends a socket command and resolves with its ack (the console shows a
  // failure on its status line; the panel says it in its own live region too).
  constructor({ command }) {
    const byId = (id) => document.getElementById(id);
    this.command = command;
    this.ui = {
      root: byId('wrapup-panel'),
      status: byId('wrapup-status'),
      missing: byId('wrapup-missing'),
      referrals: byId('wrapup-referrals'),
      referralsEmpty: byId('wrapup-referrals-empty'),
      sendReferrals: byId('wrapup-send-referrals'),
      due: byId('wrapup-due'),
      schedule: byId('wrapup-schedule'),
      needForm: byId('wrapup-need-form'),
      needStatus: byId('wrapup-need-status'),
      needReason: byId('wrapup-need-reason'),
      needs: byId('wrapup-needs'),
      needsEmpty: byId('wrapup-needs-empty'),
      record: byId('wrapup-record'),
      kind: byId('wrapup-kind'),
    };
    this.contactId = null;
    this.stale = false; // shown, but to fetch again
    this.sending = Promise.resolve(); // the last command sent
    this.lang = 'en';
    const say = (text) => this.say(text);
    this.directory = new DirectorySearch({ say, onRefer: (result, kind) => this.refer(result, kind) });
    this.terms = new TermSearch({ say });
    this.ui.needForm.addEventListener('submit', (event) => this.addNeed(event));
    this.ui.sendReferrals.addEventListener('click', () => this.sendReferrals());
    this.ui.schedule.addEventListener('click', () => this.scheduleFollowUp());
    this.ui.needStatus.addEventListener('change', () => this.showReason());
    this.ui.record.addEventListener('change', (event) => this.saveField(event.target));
    this.ui.record.addEventListener('input', () => this.showFollowUp());
    this.ui.record.addEventListener('submit', (event) => this.saveRecord(event));
    this.showReason();
  }

  // The open contact the user may record the wrap-up of, { contact }, or null (hides the panel).
  // Called on every render of the thread: the wrap-up is fetched only for a newly shown contact.
  render(view) {
    this.ui.root.hidden = !view;
    if (!view) {
      this.contactId = null;
      return;
    }
    if (view.contact.id === this.contactId && !this.stale) return;
    const another = view.contact.id !== this.contactId;
    this.contactId = view.contact.id;
    this.stale = false;
    if (another) {
      this.lang = view.contact.language === 'fr' ? 'fr' : 'en';
      this.clear();
    }
    this.load();
  }

  // Fetch the wrap-up again at the next render (the contact was opened again, after a reconnect).
  reset() {
    this.stale = true;
  }

  clear() {
    this.directory.reset(this.lang);
    this.terms.reset(this.lang);
    this.ui.needForm.reset();
    this.ui.record.reset();
    this.ui.status.textContent = '';
    this.showReason();
    this.showFollowUp();
  }

  async load() {
    const ack = await this.send('wrapup_get', {});
    if (ack.ok) this.fill(ack.wrapup, [...this.ui.record.elements].map((element) => element.name).filter(Boolean));
  }

  say(text) {
    this.ui.status.textContent = text;
  }

  // Sends a wrap-up command for the shown contact; its ack's wrap-up is shown if the contact is still
  // shown. One at a time, in order: the last ack is the last change (and the server never creates
  // a record twice at once).
  send(name, payload) {
    const contactId = this.contactId;
    if (contactId === null) return Promise.resolve({ ok: false });
    const sent = this.sending.then(() => this.command(name, { contact_id: contactId, ...payload }));
    this.sending = sent.catch(() => {});
    return sent.then((ack) => this.answered(contactId, ack));
  }

  answered(contactId, ack) {
    if (contactId !== this.contactId) return { ok: false };
    if (ack.ok) this.show(ack.wrapup, ack.unmet_reasons);
    else this.say(ack.message || _('Something went wrong.'));
    return ack;
  }

  show(wrapup, reasons) {
    if (Array.isArray(wrapup.unmet_reasons ?? reasons)) this.setReasons(wrapup.unmet_reasons ?? reasons);
    this.showReferrals(wrapup.referrals);
    this.showNeeds(wrapup.needs);
    const missing = wrapup.missing.map((name) => FIELD_NAMES[name] ?? name);
    this.ui.missing.textContent = missing.length ? _('Still needed to close: {fields}.', { fields: missing.join(', ') }) : '';
    this.ui.missing.hidden = !missing.length;
  }

  listItem(text, label, remove) {
    const item = document.createElement('li');
    const words = document.createElement('span');
    words.textContent = text;
    words.id = `wrapup-item-${label}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = _('Remove');
    button.setAttribute('aria-describedby', words.id);
    button.addEventListener('click', remove);
    item.append(words, ' ', button);
    return item;
  }

  showReferrals(referrals) {
    this.ui.referrals.replaceChildren(...referrals.map((referral) => {
      const name = (this.lang === 'fr' && referral.name_fr) || referral.name;
      const text = [name, optionText(this.ui.kind, referral.kind), referral.phone, referral.address]
        .filter(Boolean).join(' · ');
      return this.listItem(text, `referral-${referral.id}`, () => this.removeReferral(referral, name));
    }));
    this.ui.referralsEmpty.hidden = referrals.length > 0;
    // A caller gets them by SMS at the number they called from.
    this.ui.sendReferrals.hidden = !referrals.some((referral) => !referral.sent);
  }

  showNeeds(needs) {
    this.ui.needs.replaceChildren(...needs.map((need) => {
      const name = (this.lang === 'fr' && need.name_fr) || need.name || need.term_id;
      const status = optionText(this.ui.needStatus, need.status).toLowerCase();
      const reason = need.unmet_reason ? ` (${optionText(this.ui.needReason, need.unmet_reason).toLowerCase()})` : '';
      return this.listItem(`${name}: ${status}${reason}`, `need-${need.id}`, () => this.removeNeed(need, name));
    }));
    this.ui.needsEmpty.hidden = needs.length > 0;
  }

  // The page lists config.py's default WRAPUP_UNMET_REASONS; an ack that names the server's list replaces it.
  setReasons(reasons) {
    const chosen = this.ui.needReason.value;
    const options = reasons.map((reason) => new Option(optionText(this.ui.needReason, reason), reason));
    this.ui.needReason.replaceChildren(new Option('Choose…', ''), ...options);
    this.ui.needReason.value = reasons.includes(chosen) ? chosen : '';
  }

  // A reason only for a need not met.
  showReason() {
    const met = this.ui.needStatus.value === 'met';
    this.ui.needReason.disabled = met;
    this.ui.needReason.required = !met;
    this.ui.needReason.closest('.wrapup-field').hidden = met;
  }

  // The follow-up method once the resident agrees; the mailing address only for a follow-up by mail.
  showFollowUp() {
    const { follow_up_method: method, mailing_address: address } = this.ui.record.elements;
    const consent = this.ui.record.elements.consent_follow_up.value === 'yes';
    method.disabled = !consent;
    address.closest('.wrapup-field').hidden = !(consent && method.value === 'mail');
  }

  // ---- commands --------------------------------------------------------

  async refer(result, kind) {
    const ack = await this.send('referral_add', { service_at_location_id: result.service_at_location_id, kind });
    if (ack.ok) this.say(_('Referred to {service} ({kind}).', { service: result.service.name, kind: optionText(this.ui.kind, kind).toLowerCase() }));
  }

  async scheduleFollowUp() {
    const ack = await this.send('followup_schedule', { due_on: this.ui.due.value });
    if (ack.ok) {
      this.say(_('Follow-up scheduled for {date}.', { date: ack.follow_up.due_on }));
      document.dispatchEvent(new CustomEvent('followups-changed'));
    }
  }

  async sendReferrals() {
    const ack = await this.send('referrals_send', {});
    if (ack.ok) this.say(_('The referrals were texted to the resident.'));
  }

  async removeReferral(referral, name) {
    const ack = await this.send('referral_remove', { referral_id: referral.id });
    if (ack.ok) this.say(_('Referral to {name} removed.', { name }));
  }

  async addNeed(event) {
    event.preventDefault();
    const term = this.terms.chosen();
    if (!term) {
      this.say(_('Find a term and choose it in the Need list first.'));
      return;
    }
    const status = this.ui.needStatus.value;
    const payload = { term_id: term.id, status, unmet_reason: status === 'met' ? null : this.ui.needReason.value };
    const ack = await this.send('need_set', payload);
    if (ack.ok) this.say(_('Need recorded: {need}, {status}.', { need: term.name, status: optionText(this.ui.needStatus, status).toLowerCase() }));
  }

  async removeNeed(need, name) {
    const ack = await this.send('need_remove', { need_id: need.id });
    if (ack.ok) this.say(_('Need {name} removed.', { name }));
  }

  // ---- the record ------------------------------------------------------

  // What wrapup_set takes for a control: follow-up and demographics go as a whole, so the server
  // never sees half of them (a mailing address without consent to follow up by mail is refused).
  fields(name) {
    const form = this.ui.record.elements;
    if (FOLLOW_UP.includes(name)) {
      const consent = { yes: true, no: false }[form.consent_follow_up.value] ?? null;
      const method = consent ? form.follow_up_method.value || null : null;
      const address = method === 'mail' ? form.mailing_address.value : null;
      return { consent_follow_up: consent, follow_up_method: method, mailing_address: address };
    }
    if (DEMOGRAPHICS.includes(name)) {
      return { demographics: Object.fromEntries(DEMOGRAPHICS.map((k) => [k, form[k].value]).filter(([, v]) => v)) };
    }
    return { [name]: form[name].value || null };
  }

  async saveField(element) {
    if (!element.name) return;
    const fields = this.fields(element.name);
    const ack = await this.send('wrapup_set', fields);
    if (ack.ok) {
      this.fill(ack.wrapup, Object.keys(fields));
      this.say(_('Saved: {field}.', { field: element.labels?.[0]?.textContent.trim() ?? element.name }));
    }
  }

  async saveRecord(event) {
    event.preventDefault();
    const groups = ['contact_type', 'inquirer', 'area', 'notes', 'consent_follow_up', 'age_group'];
    const fields = Object.assign({}, ...groups.map((name) => this.fields(name)));
    const ack = await this.send('wrapup_set', fields);
    if (ack.ok) this.say(_('Wrap-up record saved.'));
  }

  // Writes the stored values into the form: all of them when loading, else those just saved.
  // The control being typed in keeps what the navigator typed.
  fill(wrapup, names) {
    const form = this.ui.record.elements;
    const stored = (name) => {
      if (DEMOGRAPHICS.includes(name)) return wrapup.demographics?.[name];
      if (name === 'consent_follow_up') return { true: 'yes', false: 'no' }[wrapup.consent_follow_up];
      return wrapup[name];
    };
    for (const name of new Set(names.flatMap((n) => (n === 'demographics' ? DEMOGRAPHICS : [n])))) {
      const control = form[name];
      if (control && control !== document.activeElement) control.value = stored(name) ?? '';
    }
    this.showFollowUp();
  }
}
