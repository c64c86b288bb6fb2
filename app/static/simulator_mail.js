// The simulator's email panel (docs/simulator.md): send as the resident, plain or an automatic
// reply, and show the address's inbox (its mail and 2-1-1's replies) from every simulator answer.
import { bubble, post } from './simulator.js';

const $ = (id) => document.getElementById(id);
let inboxes = [];

function address() {
  return $('sim-email-address').value.trim().toLowerCase();
}

function mailItem(mail) {
  const who = (mail.mine ? 'You' : '2-1-1') + (mail.automatic ? ' (automatic reply)' : '');
  return bubble(mail.mine, [
    ['sim-text-who', who],
    ['sim-mail-subject', mail.subject],
    ['sim-text-body', mail.body],
    ['sim-text-status', mail.status],
  ]);
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
