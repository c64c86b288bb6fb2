// The simulator's email panel (docs/simulator.md): send as the resident, plain or an automatic
// reply, and show the address's inbox (its mail and 2-1-1's replies) from every simulator answer.
import { post } from './simulator.js';

const $ = (id) => document.getElementById(id);
let inboxes = [];

function address() {
  return $('sim-email-address').value.trim().toLowerCase();
}

function mailItem(mail) {
  const item = document.createElement('li');
  item.className = `sim-text ${mail.mine ? 'mine' : 'theirs'}`;
  const who = document.createElement('span');
  who.className = 'sim-text-who';
  who.textContent = (mail.mine ? 'You' : '2-1-1') + (mail.automatic ? ' (automatic reply)' : '');
  const subject = document.createElement('span');
  subject.className = 'sim-mail-subject';
  subject.textContent = mail.subject;
  const body = document.createElement('span');
  body.className = 'sim-text-body';
  body.textContent = mail.body;
  const status = document.createElement('span');
  status.className = 'sim-text-status';
  status.textContent = mail.status;
  item.append(who, subject, body, status);
  return item;
}

function render() {
  const box = inboxes.find((each) => each.address === address());
  const mails = box ? box.mails : [];
  $('sim-inbox').replaceChildren(...mails.map(mailItem));
  $('sim-inbox-empty').hidden = mails.length > 0;
}

document.addEventListener('simulator:answer', (event) => {
  inboxes = event.detail.inboxes || [];
  render();
});
$('sim-email-address').addEventListener('input', render);
$('sim-email-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = {
    address: address(),
    subject: $('sim-email-subject').value,
    body: $('sim-email-body').value,
    automatic: String($('sim-email-automatic').checked),
  };
  await post('/simulator/emails', fields);
  $('sim-email-body').value = '';
});
