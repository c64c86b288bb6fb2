// The resident simulator (docs/simulator.md): one phone at a time, its texts and its latest call.
// Every act is a form POST to /simulator/...; each answer is every simulated phone, rendered here.
// A tick every second lets the server play Twilio's part for waiting callers (the wait URL).

const $ = (id) => document.getElementById(id);
const TICK_MS = 1000;
const STAGES = {
  ringing: '2-1-1 is calling you.',
  menu: 'In the call.',
  queue: 'Waiting in the queue.',
  conference: 'With a navigator.',
  ended: 'The call has ended.',
};
let phones = [];
let current = '';

// The number as the server keys phones: E.164 for North American numbers, else as typed.
function keyOf(raw) {
  const text = raw.trim();
  const digits = text.replace(/[\s().-]/g, '');
  if (/^\+?1?\d{10}$/.test(digits)) return '+1' + digits.slice(-10);
  return digits.startsWith('+') ? digits : text;
}

function say(message) {
  $('sim-status').textContent = message;
}

// Every answer is also announced (`simulator:answer`) for the other panels' modules (simulator_mail.js).
export async function post(path, fields = {}) {
  const body = new URLSearchParams({ ...fields, csrf_token: $('csrf-token').value });
  let response;
  try {
    response = await fetch(path, { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    say('Switchboard cannot be reached.');
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    say(answer.message || `Refused (${response.status}).`);
    return;
  }
  if (answer.number) current = answer.number;
  phones = answer.phones || [];
  render();
  document.dispatchEvent(new CustomEvent('simulator:answer', { detail: answer }));
}

function phone() {
  return phones.find((each) => each.number === current) || { texts: [], calls: [] };
}

// One message as a phone or an inbox shows it: its spans, each [class, text], never markup.
export function bubble(mine, parts) {
  const item = document.createElement('li');
  item.className = `sim-text ${mine ? 'mine' : 'theirs'}`;
  item.append(...parts.map(([className, text]) => {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }));
  return item;
}

function renderTexts(texts) {
  $('sim-texts').replaceChildren(...texts.map((text) => {
    const who = text.mine ? 'You' : '2-1-1';
    const item = bubble(text.mine, [['sim-text-who', who], ['sim-text-body', text.body], ['sim-text-status', text.status]]);
    item.dataset.sid = text.sid;
    return item;
  }));
  $('sim-texts-empty').hidden = texts.length > 0;
}

function renderHeard(call) {
  $('sim-heard').replaceChildren(...(call ? call.heard : []).map((heard) => {
    const item = document.createElement('li');
    item.textContent = heard.text;
    if (heard.note) item.className = 'note';
    if (heard.language) item.lang = heard.language;
    return item;
  }));
}

function renderCall(call) {
  const live = call && call.stage !== 'ended';
  const ringing = live && call.stage === 'ringing';
  let state = call ? STAGES[call.stage] || call.stage : 'No call.';
  if (live && call.on_hold) state = 'On hold.';
  $('sim-call-state').textContent = state;
  $('sim-call-state').dataset.stage = call ? call.stage : 'none';
  $('sim-dial').disabled = Boolean(live);
  $('sim-answer').hidden = !ringing;
  $('sim-decline').hidden = !ringing;
  $('sim-hangup').disabled = !live || ringing;
  $('sim-silence').disabled = !(live && call.keys && call.stage === 'menu');
  for (const key of document.querySelectorAll('.sim-key')) key.disabled = !(live && call.keys);
  renderHeard(call);
}

// Every phone used so far, to switch to; one that 2-1-1 is calling says so.
function renderPhones() {
  $('sim-phones').replaceChildren(...phones.map((each) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    const last = each.calls[each.calls.length - 1];
    const ringing = last && last.stage === 'ringing';
    button.type = 'button';
    button.className = 'sim-phone' + (ringing ? ' ringing' : '');
    button.dataset.number = each.number;
    button.textContent = each.number + (ringing ? ' (ringing)' : '');
    button.setAttribute('aria-pressed', String(each.number === current));
    item.append(button);
    return item;
  }));
}

function render() {
  renderPhones();
  const mine = phone();
  renderTexts(mine.texts);
  renderCall(mine.calls[mine.calls.length - 1]);
}

function latestCall() {
  const calls = phone().calls;
  return calls[calls.length - 1];
}

function onCall(act) {
  return () => {
    const call = latestCall();
    if (call) post(`/simulator/calls/${encodeURIComponent(call.sid)}/${act}`);
  };
}

$('sim-number').addEventListener('input', () => {
  current = keyOf($('sim-number').value);
  render();
});
$('sim-phones').addEventListener('click', (event) => {
  const button = event.target.closest('.sim-phone');
  if (!button) return;
  $('sim-number').value = button.dataset.number;
  current = button.dataset.number;
  render();
});
$('sim-text-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = $('sim-text-body').value.trim();
  if (!body) return;
  await post('/simulator/texts', { number: $('sim-number').value, body });
  $('sim-text-body').value = '';
});
$('sim-dial').addEventListener('click', () => post('/simulator/calls', { number: $('sim-number').value }));
$('sim-answer').addEventListener('click', onCall('answer'));
$('sim-decline').addEventListener('click', onCall('decline'));
$('sim-silence').addEventListener('click', onCall('silence'));
$('sim-hangup').addEventListener('click', onCall('hangup'));
$('sim-keypad').addEventListener('click', (event) => {
  const key = event.target.closest('.sim-key');
  const call = latestCall();
  if (key && call) post(`/simulator/calls/${encodeURIComponent(call.sid)}/keys`, { digits: key.dataset.key });
});

current = keyOf($('sim-number').value);
post('/simulator/tick');
setInterval(() => post('/simulator/tick'), TICK_MS);
