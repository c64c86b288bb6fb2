// Navigator console: follows the /console Socket.IO namespace (docs/socket-protocol.md).
// An ES module; Socket.IO's client and the Twilio Voice SDK are classic scripts loaded before it.
import { AnnouncementPanel } from './announcement_panel.js';
import { CallPanel } from './call_panel.js';
import { ChatActivityPanel } from './chat_console_panel.js';
import { FollowUpsPanel } from './followups_panel.js';
import { PresencePanel } from './presence_panel.js';
import { WrapUpPanel } from './wrapup_panel.js';
import { _, formatNumber, lang } from './i18n.js';
import { CHANNEL_NAMES } from './words.js';

const ACK_TIMEOUT_MS = 10000;

// Outbound delivery statuses only move forward; a late, older copy must not undo a newer one.
const STATUS_RANK = {
  received: 0, pending: 0, queued: 1, sending: 2, sent: 3,
  delivered: 4, undelivered: 4, failed: 4, read: 5,
};

const LABELS = { und: _('unknown') }; // "und": the language of the texts is not known
const ROLES = { navigator: _('navigator'), supervisor: _('supervisor'), admin: _('admin') };
const STATUSES = {
  received: _('received'), pending: _('pending'), queued: _('queued'), sending: _('sending'), sent: _('sent'),
  delivered: _('delivered'), undelivered: _('undelivered'), failed: _('failed'), read: _('read'),
};

const state = {
  me: null,
  shownError: '', // the last command's refusal on the status line, which the next success clears
  synced: false, // this connection's queue_snapshot has arrived: frames apply from then on
  contacts: new Map(), // the view: the head of the queue and every claimed contact
  beyond: new Map(), // waiting contacts past the head, fetched with "Show more"
  counts: { queued: 0, claimed: 0, by_channel: {}, by_language: {} },
  clockOffsetMs: 0,
  openContactId: null,
  messages: new Map(),
};

let heartbeatTimer = null;

const byId = (id) => document.getElementById(id);
const ui = {
  connection: byId('connection'),
  status: byId('status'),
  me: byId('me'),
  queue: byId('queue'),
  queueEmpty: byId('queue-empty'),
  queueTotals: byId('queue-totals'),
  queueBreakdown: byId('queue-breakdown'),
  queueMore: byId('queue-more'),
  rowTemplate: byId('queue-row-template'),
  threadTitle: byId('thread-title'),
  threadPlaceholder: byId('thread-placeholder'),
  threadBody: byId('thread-body'),
  threadMeta: byId('thread-meta'),
  threadHint: byId('thread-hint'),
  messages: byId('messages'),
  messageTemplate: byId('message-template'),
  threadActions: byId('thread-actions'),
  replyForm: byId('reply-form'),
  replyBody: byId('reply-body'),
  sendButton: byId('send'),
  releaseButton: byId('release'),
  closeForm: byId('close-form'),
  disposition: byId('disposition'),
  tagForm: byId('tag-form'),
  closeTag: byId('close-tag'),
};

const socket = io('/console', { transports: ['websocket'] });
const callPanel = new CallPanel({ command, announce });
const chatPanel = new ChatActivityPanel({ socket });
const announcementPanel = new AnnouncementPanel({ command });
const followUpsPanel = new FollowUpsPanel({ command });
const presencePanel = new PresencePanel({ command, announce });
const wrapupPanel = new WrapUpPanel({ command });

// ---- small helpers -------------------------------------------------------

function announce(text) {
  ui.status.textContent = text;
}

function setConnection(text, connectionState) {
  ui.connection.textContent = text;
  ui.connection.dataset.state = connectionState;
}

function disconnectedMessage() {
  return socket.active
    ? _('Not connected to the server. Try again in a moment.')
    : _('Disconnected from the server. Reload the page or sign in again.');
}

function isMine(contact) {
  return Boolean(contact && state.me && contact.state === 'claimed' && contact.navigator?.id === state.me.id);
}

function shown(contactId) {
  return state.contacts.get(contactId) ?? state.beyond.get(contactId);
}

function isLead() {
  return ['supervisor', 'admin'].includes(state.me?.role);
}

// Need to know (docs/decisions.md): the server lets a navigator read only the threads they hold
// (and their resident's history); supervisors and admins read any. Offer only what will work.
function mayOpen(contact) {
  return isLead() || isMine(contact);
}

function contactLabel(contact) {
  return contact.from_display || _('Contact {id}', { id: contact.id });
}

function claimedByText(contact) {
  if (!contact.navigator) return '';
  const name = contact.navigator.name;
  return isMine(contact) ? _('Claimed by {name} (you)', { name }) : _('Claimed by {name}', { name });
}

function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function formatTime(iso) {
  return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
}

function safeUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

function statusRank(message) {
  return STATUS_RANK[message.status] ?? 0;
}

// The server's queue order: queued_at to the microsecond, then id. Times are UTC ISO 8601.
function queueKey(contact) {
  const [, whole, fraction = ''] = contact.queued_at.match(/^([^.+Z]+)(?:\.(\d+))?/);
  return `${whole}.${fraction.padEnd(6, '0')}#${String(contact.id).padStart(10, '0')}`;
}

function waitingShown() {
  return [...state.contacts.values(), ...state.beyond.values()].filter((contact) => contact.state === 'queued');
}

// ---- commands ------------------------------------------------------------

function noAnswer() {
  return socket.connected
    ? { ok: false, error: 'timeout', message: _('The server did not answer. Try again.') }
    : { ok: false, error: 'disconnected', message: disconnectedMessage() };
}

// Sends a command and resolves with its ack; failures are shown on the status line.
function command(name, payload) {
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve(noAnswer());
      return;
    }
    socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (err, ack) => resolve(err || !ack ? noAnswer() : ack));
  }).then((ack) => {
    if (!ack.ok) {
      state.shownError = ack.message || _('Something went wrong.');
      announce(state.shownError);
    } else if (ui.status.textContent === state.shownError) {
      announce(''); // a command that worked clears an earlier refusal, not what a panel said since
    }
    return ack;
  });
}

async function claimContact(contactId) {
  const ack = await command('claim', { contact_id: contactId });
  if (ack.ok) showThread(ack.contact, ack.messages);
}

async function openContact(contactId) {
  const ack = await command('open', { contact_id: contactId });
  if (ack.ok) showThread(ack.contact, ack.messages);
}

async function sendReply(event) {
  event.preventDefault();
  const contactId = state.openContactId;
  const body = ui.replyBody.value.trim();
  if (contactId === null || !body) return;
  ui.sendButton.disabled = true;
  const ack = await command('reply', { contact_id: contactId, body });
  ui.sendButton.disabled = false;
  if (!ack.ok) return;
  if (ui.replyBody.value.trim() === body) ui.replyBody.value = '';
  if (contactId === state.openContactId) upsertMessage(ack.message);
}

async function releaseContact() {
  const ack = await command('release', { contact_id: state.openContactId });
  if (!ack.ok) return;
  upsertContact(ack.contact);
  announce(_('{contact} is back in the queue.', { contact: contactLabel(ack.contact) }));
}

// Either form closes: with a disposition, or with a tag (spam, prank, ...: no wrap-up needed).
async function closeContact(event) {
  event.preventDefault();
  const contactId = state.openContactId;
  const tag = event.currentTarget === ui.tagForm ? ui.closeTag.selectedOptions[0] : null;
  const how = tag ? { tag: tag.value } : { disposition: ui.disposition.value };
  const ack = await command('close', { contact_id: contactId, ...how });
  if (!ack.ok) return;
  removeContact(contactId);
  const contact = contactLabel(ack.contact);
  announce(tag ? _('{contact} closed as {tag}.', { contact, tag: tag.text.toLowerCase() }) : _('{contact} closed.', { contact }));
}

// The next waiting contacts after the last one shown.
async function showMore() {
  const keys = waitingShown().map((contact) => [queueKey(contact), contact]);
  const last = keys.sort(([a], [b]) => (a < b ? -1 : 1)).at(-1)?.[1];
  const ack = await command('queue_page', last ? { after: { queued_at: last.queued_at, id: last.id } } : {});
  if (!ack.ok) return;
  ack.contacts.filter((contact) => !state.contacts.has(contact.id)).forEach((c) => state.beyond.set(c.id, c));
  render();
}

function startHeartbeat(leaseSeconds) {
  stopHeartbeat();
  if (!(leaseSeconds > 0)) return;
  heartbeatTimer = setInterval(() => socket.emit('heartbeat', {}), (leaseSeconds * 1000) / 3);
}

function stopHeartbeat() {
  clearInterval(heartbeatTimer);
  heartbeatTimer = null;
}

// ---- state changes -------------------------------------------------------

function applyIdentity(identity) {
  state.me = identity.me;
  const { name, role, phone, desk_number: desk, languages } = identity.me;
  const phoneText = phone === 'desk' ? _('desk phone {number}', { number: desk }) : _('this browser');
  ui.me.textContent = _('{name} ({role}) · phone: {phone} · speaks {languages}', {
    name, role: ROLES[role] ?? role, phone: phoneText, languages: languages.join(', '),
  });
  startHeartbeat(identity.lease_seconds);
}

function applySnapshot(snapshot) {
  const offset = Date.parse(snapshot.server_time) - Date.now();
  state.clockOffsetMs = Number.isNaN(offset) ? 0 : offset;
  state.contacts = new Map(snapshot.contacts.map((contact) => [contact.id, contact]));
  state.beyond.clear();
  state.counts = snapshot.counts;
  state.synced = true;
  followUpsPanel.load();
  announcementPanel.show(snapshot.announcement, isLead());
  refreshOpenThread();
  render();
}

// After a reconnect the open thread may have missed messages (and the new connection
// does not follow it yet), so open it again; drop it if it was closed meanwhile.
function refreshOpenThread() {
  const contactId = state.openContactId;
  if (contactId === null) return;
  const contact = shown(contactId);
  if (contact && mayOpen(contact)) {
    openContact(contactId);
  } else {
    clearThread();
    announce(
      contact
        ? _('Your claim on {contact} ended while you were disconnected.', { contact: contactLabel(contact) })
        : _('The open contact was closed while you were disconnected.'),
    );
  }
}

function upsertContact(contact) {
  if (contact.state === 'closed') {
    removeContact(contact.id);
    return;
  }
  state.contacts.set(contact.id, contact);
  if (contact.id === state.openContactId) checkOpenThread(); // released or taken over: no longer ours
  render();
}

function removeContact(contactId) {
  state.contacts.delete(contactId);
  state.beyond.delete(contactId);
  if (contactId === state.openContactId) clearThread();
  render();
}

function showThread(contact, messages) {
  if (contact.id !== state.openContactId) resetThreadForms();
  wrapupPanel.reset(); // (re)opened: fetch its wrap-up afresh
  state.openContactId = contact.id;
  state.messages.clear();
  ui.messages.replaceChildren();
  messages.forEach(upsertMessage);
  upsertContact(contact);
}

function clearThread() {
  state.openContactId = null;
  state.messages.clear();
  ui.messages.replaceChildren();
  resetThreadForms();
}

// A draft reply or a chosen disposition belongs to one contact only.
function resetThreadForms() {
  ui.replyForm.reset();
  ui.closeForm.reset();
  ui.tagForm.reset();
}

function upsertMessage(message) {
  const known = state.messages.get(message.id);
  if (known && statusRank(message) < statusRank(known)) return;
  state.messages.set(message.id, message);
  const item = ui.messages.querySelector(`[data-message-id="${message.id}"]`) ?? insertMessageItem(message.id);
  fillMessage(item, message);
}

// ---- queue frames (docs/socket-protocol.md) ------------------------------

// Queue changes come batched; a frame leaves the view as the server's at the time of the frame.
// Frames before this connection's snapshot are already in it.
function applyFrame(frame) {
  if (!state.synced) return;
  const openId = state.openContactId;
  const mine = new Set(frame.changes.map(({ data }) => data.contact_id).filter((id) => isMine(shown(id))));
  reduceFrame(frame);
  checkOpenThread();
  frame.changes.forEach((change) => announceChange(change, mine, openId));
  render();
}

// Changed contacts take their current summary (or leave: closed, or waiting past the head);
// contacts that entered the head arrive with it; waiting contacts outside the head leave it.
function reduceFrame({ changes, contacts, head, counts }) {
  const inHead = new Set(head);
  for (const { data } of changes) {
    state.contacts.delete(data.contact_id);
    followBeyond(data.contact);
  }
  contacts.forEach((contact) => state.contacts.set(contact.id, contact));
  for (const [id, contact] of state.contacts) {
    if (contact.state === 'queued' && !inHead.has(id)) leaveHead(contact);
  }
  for (const id of state.contacts.keys()) state.beyond.delete(id);
  state.counts = counts;
}

// A contact shown past the head (or open) stays there while it waits.
function followBeyond(contact) {
  const kept = state.beyond.has(contact.id) || contact.id === state.openContactId;
  if (kept && contact.state === 'queued') state.beyond.set(contact.id, contact);
  else state.beyond.delete(contact.id);
}

// Pushed out of the head: still shown when the navigator looks past the head or has it open.
function leaveHead(contact) {
  state.contacts.delete(contact.id);
  if (state.beyond.size || contact.id === state.openContactId) state.beyond.set(contact.id, contact);
}

// The open thread stays only while the navigator may still read it.
function checkOpenThread() {
  const contactId = state.openContactId;
  if (contactId === null) return;
  const contact = shown(contactId);
  if (contact && mayOpen(contact)) return;
  clearThread();
  if (contact) announce(_('{contact} is no longer claimed by you.', { contact: contactLabel(contact) }));
}

function announceChange({ event, data }, mine, openId) {
  const label = contactLabel(data.contact);
  if (event === 'contact_released' && data.reason === 'lease_expired' && mine.has(data.contact_id)) {
    announce(_('Your claim on {contact} expired; it is back in the queue.', { contact: label }));
  }
  if (event === 'contact_closed' && data.contact_id === openId) announce(_('{contact} was closed.', { contact: label }));
}

// ---- server events -------------------------------------------------------

function onMessage({ contact_id: contactId, message }) {
  if (contactId === state.openContactId) upsertMessage(message);
}

// Signed out elsewhere, or the account was disabled: say so, then go to the sign-in page.
function onSessionEnded({ message }) {
  stopHeartbeat();
  setConnection(_('Signed out'), 'disconnected');
  announce(message);
  setTimeout(() => window.location.assign('/login?next=/console'), 2000);
}

// The server refuses a console when it is full (it keeps room for residents' texts): retry later.
// Refusals that pass: a full server, or one that could not reach its database (docs/socket-protocol.md).
const RETRY_AFTER_MS = { capacity: 30000, unavailable: 5000 };

function onConnectError(error) {
  const wait = RETRY_AFTER_MS[error?.message];
  if (!wait) {
    onDisconnected();
    return;
  }
  if (error.message === 'capacity') {
    setConnection(_('Server full'), 'disconnected');
    announce(_('This server has no room for another console right now; retrying in 30 seconds.'));
  } else {
    setConnection(_('Reconnecting…'), 'reconnecting');
  }
  setTimeout(() => socket.connect(), wait);
}

function onDisconnected() {
  state.synced = false;
  stopHeartbeat();
  presencePanel.disconnected();
  if (socket.active) {
    setConnection(_('Reconnecting…'), 'reconnecting');
  } else {
    setConnection(_('Disconnected'), 'disconnected');
    announce(disconnectedMessage());
  }
}

// ---- rendering -----------------------------------------------------------

function render() {
  renderQueue();
  renderCounts();
  renderThread();
}

function queueOrder(a, b) {
  if (a.state !== b.state) return a.state === 'queued' ? -1 : 1;
  return queueKey(a) < queueKey(b) ? -1 : 1;
}

function renderQueue() {
  for (const row of [...ui.queue.children]) {
    if (!shown(Number(row.dataset.contactId))) row.remove();
  }
  const contacts = [...state.contacts.values(), ...state.beyond.values()].sort(queueOrder);
  contacts.forEach((contact, index) => {
    const row = ui.queue.querySelector(`[data-contact-id="${contact.id}"]`) ?? createRow();
    fillRow(row, contact);
    const current = ui.queue.children[index];
    if (current !== row) ui.queue.insertBefore(row, current ?? null);
  });
  ui.queueEmpty.hidden = contacts.length > 0;
}

function createRow() {
  return ui.rowTemplate.content.firstElementChild.cloneNode(true);
}

function fillRow(row, contact) {
  const field = (name) => row.querySelector(`.${name}`);
  const isOpen = contact.id === state.openContactId;
  row.dataset.contactId = contact.id;
  row.dataset.state = contact.state;
  row.classList.toggle('is-open', isOpen);
  if (isOpen) row.setAttribute('aria-current', 'true');
  else row.removeAttribute('aria-current');

  field('channel').textContent = CHANNEL_NAMES[contact.channel] ?? contact.channel;
  field('language').textContent = contact.language ?? '';
  field('language').hidden = !contact.language;
  updateWait(row, contact);

  const preview = field('preview');
  preview.id = `preview-${contact.id}`;
  if (contact.language) preview.lang = contact.language;
  else preview.removeAttribute('lang');
  preview.textContent = contact.preview ?? '';

  const suspect = field('suspect');
  suspect.id = `suspect-${contact.id}`;
  suspect.hidden = contact.spam_verdict !== 'suspect';
  suspect.textContent = suspect.hidden ? '' : _('Possible spam: {reasons}', { reasons: (contact.spam_reasons ?? []).join('; ') });

  field('claimed-by').textContent = claimedByText(contact);
  field('claimed-by').hidden = !contact.navigator;

  const action = field('row-action');
  const queued = contact.state === 'queued';
  action.dataset.action = queued ? 'claim' : 'open';
  action.textContent = queued ? _('Claim') : _('Open');
  action.disabled = !queued && !mayOpen(contact);
  if (action.disabled) action.title = _('Only the navigator who claimed this contact, or a supervisor, can open it.');
  else action.removeAttribute('title');
  const offer = field('offered-first');
  offer.id = `offered-first-${contact.id}`;
  const notes = [preview.id, suspect.hidden ? null : suspect.id, offer.id];
  action.setAttribute('aria-describedby', notes.filter(Boolean).join(' '));
}

function updateWait(row, contact) {
  const wait = row.querySelector('.wait');
  const claimed = contact.state === 'claimed' && contact.claimed_at;
  const since = claimed ? contact.claimed_at : contact.queued_at;
  const elapsedMs = Date.now() + state.clockOffsetMs - Date.parse(since);
  wait.dateTime = since;
  const duration = formatDuration(elapsedMs);
  wait.textContent = claimed ? _('In conversation {duration}', { duration }) : _('Waiting {duration}', { duration });
  presencePanel.showOffer(row.querySelector('.offered-first'), contact, Date.now() + state.clockOffsetMs);
}

function renderCounts() {
  const { queued, claimed, by_channel: byChannel, by_language: byLanguage } = state.counts;
  const listed = (counts, names) => Object.entries(counts).map(([name, n]) => `${names[name] ?? name} ${formatNumber(n)}`).join(', ');
  ui.queueTotals.textContent = _('{queued} waiting · {claimed} in conversation', {
    queued: formatNumber(queued), claimed: formatNumber(claimed),
  });
  ui.queueBreakdown.textContent = queued
    ? _('By channel: {channels} · By language: {languages}', { channels: listed(byChannel, CHANNEL_NAMES), languages: listed(byLanguage, LABELS) })
    : '';
  const more = queued - waitingShown().length;
  ui.queueMore.hidden = more <= 0;
  ui.queueMore.textContent = _('Show more ({more} more waiting)', { more: formatNumber(more) });
}

function tickWaits() {
  for (const row of ui.queue.children) {
    const contact = shown(Number(row.dataset.contactId));
    if (contact) updateWait(row, contact);
  }
}

function renderThread() {
  const contact = shown(state.openContactId);
  ui.threadPlaceholder.hidden = Boolean(contact);
  ui.threadBody.hidden = !contact;
  callPanel.render(contact?.channel === 'voice' ? { contact, mine: isMine(contact), phone: state.me?.phone } : null);
  wrapupPanel.render(contact && (isMine(contact) || isLead()) ? { contact } : null);
  chatPanel.render(contact, isMine(contact));
  if (!contact) {
    ui.threadTitle.textContent = _('No contact open');
    return;
  }
  const mine = isMine(contact);
  ui.threadTitle.textContent = contactLabel(contact);
  const optedOut = contact.opted_out ? _('Opted out of texts (STOP): replies cannot be sent') : '';
  ui.threadMeta.textContent = [CHANNEL_NAMES[contact.channel] ?? contact.channel, contact.language, claimedByText(contact) || _('Waiting in queue'), optedOut]
    .filter(Boolean)
    .join(' · ');
  ui.threadActions.disabled = !mine;
  ui.replyForm.hidden = contact.channel === 'voice'; // a call is answered by voice, not by text
  ui.threadHint.hidden = mine;
}

// Keeps messages in id order, whatever order they arrive in; a newest message scrolls into view.
function insertMessageItem(messageId) {
  const item = ui.messageTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.messageId = messageId;
  const next = [...ui.messages.children].find((other) => Number(other.dataset.messageId) > messageId);
  ui.messages.insertBefore(item, next ?? null);
  if (!next) item.scrollIntoView({ block: 'nearest' });
  return item;
}

function fillMessage(item, message) {
  const field = (name) => item.querySelector(`.${name}`);
  const outbound = message.direction === 'outbound';
  item.dataset.direction = message.direction;
  item.dataset.status = message.status;
  item.classList.toggle('outbound', outbound);
  item.classList.toggle('inbound', !outbound);

  field('message-body').textContent = message.body ?? '';
  field('message-media').replaceChildren(...(message.media ?? []).map(mediaItem));
  field('message-author').textContent = outbound ? message.author?.name ?? _('Navigator') : _('Resident');
  field('message-time').dateTime = message.created_at;
  field('message-time').textContent = formatTime(message.created_at);
  field('message-status').textContent = outbound ? STATUSES[message.status] ?? message.status : '';
  field('message-status').hidden = !outbound;
  field('message-error').textContent = message.error ? message.error.message || message.error.code : '';
  field('message-error').hidden = !message.error;
}

function mediaItem(media) {
  const item = document.createElement('li');
  const label = _('Attachment ({type})', { type: media.content_type || _('file') });
  const href = safeUrl(media.url);
  if (href) {
    const link = document.createElement('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = label;
    item.append(link);
  } else {
    item.textContent = label;
  }
  return item;
}

// ---- wiring --------------------------------------------------------------

socket.on('connect', () => setConnection(_('Connected'), 'connected'));
socket.on('disconnect', onDisconnected);
socket.on('connect_error', onConnectError);
socket.on('console_identity', applyIdentity);
socket.on('queue_snapshot', applySnapshot);
socket.on('queue_frame', applyFrame);
socket.on('message_added', onMessage);
socket.on('message_status', onMessage);
socket.on('session_ended', onSessionEnded);
socket.on('console_identity', () => presencePanel.load());
socket.on('presence_changed', (presence) => presencePanel.show(presence));
socket.on('announcement_changed', ({ announcement }) => announcementPanel.show(announcement, isLead()));

ui.queue.addEventListener('click', (event) => {
  const button = event.target.closest('button.row-action');
  if (!button) return;
  const contactId = Number(button.closest('li').dataset.contactId);
  if (button.dataset.action === 'claim') claimContact(contactId);
  else openContact(contactId);
});
ui.queueMore.addEventListener('click', showMore);
ui.replyForm.addEventListener('submit', sendReply);
ui.replyBody.addEventListener('input', () => chatPanel.replyTyped());
ui.releaseButton.addEventListener('click', releaseContact);
ui.closeForm.addEventListener('submit', closeContact);
ui.tagForm.addEventListener('submit', closeContact);

setInterval(tickWaits, 1000);
