// The signed-in navigator's follow-ups (docs/wrapup.md), under the queue: overdue first, each
// with its attempts so far; record an attempt or close it with how the resident's needs turned out.

import { _ } from './i18n.js';

const ATTEMPTS = [['no_answer', _('No answer')], ['message_left', _('Message left')], ['reached', _('Reached')]];
const OUTCOMES = [
  ['needs_met', _('Needs met')], ['partly_met', _('Needs partly met')], ['not_met', _('Needs not met')],
  ['could_not_reach', _('Could not reach')], ['declined', _('Declined')],
];

function button(text, onClick) {
  const made = document.createElement('button');
  made.type = 'button';
  made.textContent = text;
  made.addEventListener('click', onClick);
  return made;
}

export class FollowUpsPanel {
  // command(name, payload) sends a socket command and resolves with its ack.
  constructor({ command }) {
    this.command = command;
    this.list = document.getElementById('followups-list');
    this.empty = document.getElementById('followups-empty');
    document.addEventListener('followups-changed', () => this.load());
  }

  async load() {
    const ack = await this.command('followups_mine', {});
    if (ack.ok) this.show(ack.follow_ups);
  }

  show(followUps) {
    this.list.replaceChildren(...followUps.map((followUp) => this.item(followUp)));
    this.empty.hidden = followUps.length > 0;
  }

  item(followUp) {
    const item = document.createElement('li');
    item.dataset.state = followUp.state;
    const tried = followUp.attempts.map((attempt) => attempt.outcome.replace('_', ' ')).join(', ');
    const summary = document.createElement('p');
    summary.textContent = [
      `${_('Contact {id}', { id: followUp.contact_id })} · ${followUp.state} ${followUp.due_on}`,
      followUp.method && _('by {method}', { method: followUp.method }),
      tried && _('tried: {attempts}', { attempts: tried }),
    ].filter(Boolean).join(' · ');
    const outcome = document.createElement('select');
    outcome.setAttribute('aria-label', _('Outcome of the follow-up of contact {id}', { id: followUp.contact_id }));
    outcome.append(...OUTCOMES.map(([value, text]) => new Option(text, value)));
    item.append(
      summary,
      ...ATTEMPTS.map(([value, text]) => button(text, () => this.act('followup_attempt', followUp, { outcome: value }))),
      outcome,
      button(_('Close'), () => this.act('followup_close', followUp, { outcome: outcome.value })),
    );
    return item;
  }

  async act(name, followUp, payload) {
    const ack = await this.command(name, { follow_up_id: followUp.id, ...payload });
    if (ack.ok) this.load();
  }
}
