// The supervisors' live board: follows the /supervisor Socket.IO namespace
// (docs/socket-protocol.md, docs/board.md). Every board_snapshot and board_frame is the whole
// board, so each one is simply drawn again. An ES module; Socket.IO's client is loaded before it.
import { drawBars, drawLines } from './board_charts.js';
import { CHANNEL_NAMES } from './words.js';
import { _, formatNumber, lang, ngettext } from './i18n.js';

const ACK_TIMEOUT_MS = 10000;
const CHANNELS = ['voice', 'sms', 'chat', 'email'];
const PRESENCES = { available: _('available'), busy: _('busy'), away: _('away'), offline: _('offline') };
const UNKNOWN = _('unknown');
const FIGURES = [
  ['offered', _('Offered'), count],
  ['handled', _('Handled'), count],
  ['abandoned', _('Abandoned'), count],
  ['short_abandons', _('Short abandons'), count],
  ['abandonment_rate', _('Abandonment rate'), percent],
  ['service_level', _('Service level'), percent],
  ['asa_seconds', _('Average speed of answer'), duration],
  ['aht_seconds', _('Average handle time'), duration],
  ['satisfaction', _('Satisfaction so far'), satisfaction],
  ['excluded', _('Excluded as spam'), count],
];

const byId = (id) => document.getElementById(id);
const ui = {
  connection: byId('connection'),
  status: byId('status'),
  day: byId('board-day'),
  alertNews: byId('alert-news'),
  alerts: byId('alerts'),
  alertsNone: byId('alerts-none'),
  waitingRows: byId('waiting-rows'),
  waitingTotal: byId('waiting-total'),
  waitingLongest: byId('waiting-longest'),
  waitingLanguages: byId('waiting-languages'),
  presence: byId('presence-summary'),
  navigatorRows: byId('navigator-rows'),
  todayCaption: byId('today-caption'),
  todayRows: byId('today-rows'),
  legend: byId('chart-legend'),
  chartWaiting: byId('chart-waiting'),
  chartAbandoned: byId('chart-abandoned'),
  chartHead: byId('chart-table-head'),
  chartRows: byId('chart-table-rows'),
  assignTo: byId('assign-to'),
  contactRows: byId('contact-rows'),
  contactsEmpty: byId('contacts-empty'),
  rowTemplate: byId('contact-row-template'),
  thread: byId('thread'),
  threadTitle: byId('thread-title'),
  threadMessages: byId('thread-messages'),
  threadClose: byId('thread-close'),
};

const state = { board: null, clockOffsetMs: 0 };
const socket = io('/supervisor', { transports: ['websocket'] });

// ---- formatting -----------------------------------------------------------

function count(value) {
  return value === null || value === undefined ? '–' : formatNumber(value);
}

function percent(value) {
  if (value === null || value === undefined) return '–';
  return formatNumber(value / 100, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours ? `${hours} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min ${rest} s`;
}

function satisfaction(value) {
  if (!value) return '–';
  if (value.value === null) return _('– (none surveyed)');
  return _('{percent} of {surveyed}', { percent: percent(value.value), surveyed: formatNumber(value.surveyed) });
}

function secondsSince(iso) {
  return (Date.now() + state.clockOffsetMs - Date.parse(iso)) / 1000;
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) : '–';
}

function cell(tag, text, attributes = {}) {
  const element = document.createElement(tag);
  element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

// ---- the board ------------------------------------------------------------

function draw(board) {
  state.board = board;
  state.clockOffsetMs = Date.parse(board.server_time) - Date.now();
  ui.day.textContent = _('Today: {date} ({zone}, from {starts})', { date: board.day.date, zone: board.day.time_zone, starts: board.day.starts });
  drawAlerts(board.alerts);
  drawWaiting(board.waiting);
  drawNavigators(board.navigators, board.presence);
  drawToday(board.today, board.day);
  drawCharts(board.charts);
  drawContacts(board.contacts, board.navigators);
  tick();
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code; // not a language code Intl knows
  }
}

// An alert in the page's language from its facts (the server's `message` is English, for the API).
function alertText(alert) {
  const channel = CHANNEL_NAMES[alert.channel] ?? alert.channel;
  if (alert.kind === 'longest_wait') {
    const values = { channel, waited: duration(alert.value), limit: duration(alert.threshold) };
    return _('Longest wait on {channel}: {waited} (alert from {limit}).', values);
  }
  if (alert.kind === 'abandonment_rate') {
    const values = { channel, rate: percent(alert.value), limit: percent(alert.threshold) };
    return _("Today's {channel} abandonment rate is {rate} (alert from {limit}).", values);
  }
  if (alert.kind === 'no_navigator') {
    const language = languageName(alert.language);
    return ngettext('{n} waiting in {language}, and no available navigator speaks it.',
      '{n} waiting in {language}, and no available navigator speaks it.', alert.value, { language });
  }
  return alert.message;
}

function drawAlerts(alerts) {
  ui.alerts.replaceChildren(...alerts.map((alert) => cell('li', alertText(alert), {
    'data-key': alert.key, 'data-kind': alert.kind, class: 'alert',
  })));
  ui.alertsNone.hidden = alerts.length > 0;
}

function languages(byLanguage) {
  return Object.entries(byLanguage).map(([language, n]) => `${language === 'und' ? UNKNOWN : language} ${formatNumber(n)}`)
    .join(', ');
}

function drawWaiting(waiting) {
  const rows = CHANNELS.filter((channel) => waiting.by_channel[channel]).map((channel) => {
    const shown = waiting.by_channel[channel];
    return row([
      cell('th', CHANNEL_NAMES[channel], { scope: 'row' }),
      cell('td', count(shown.count), { id: `waiting-${channel}` }),
      cell('td', '', { class: 'waited', 'data-since': shown.oldest_queued_at }),
      cell('td', languages(shown.by_language)),
    ]);
  });
  ui.waitingRows.replaceChildren(...rows);
  ui.waitingTotal.textContent = count(waiting.total);
  ui.waitingLanguages.textContent = languages(waiting.by_language);
  const oldest = Object.values(waiting.by_channel).map((shown) => shown.oldest_queued_at).sort()[0];
  ui.waitingLongest.dataset.since = oldest ?? '';
}

function load(byChannel) {
  const parts = Object.entries(byChannel).map(([channel, n]) => `${CHANNEL_NAMES[channel] ?? channel} ${formatNumber(n)}`);
  return parts.length ? parts.join(', ') : _('none');
}

function drawNavigators(navigators, presence) {
  ui.presence.textContent = Object.entries(presence).map(([name, n]) => `${formatNumber(n)} ${PRESENCES[name] ?? name}`).join(' · ');
  ui.navigatorRows.replaceChildren(...navigators.map((navigator) => row([
    cell('th', navigator.name, { scope: 'row' }),
    cell('td', PRESENCES[navigator.presence] ?? navigator.presence, { class: `presence presence-${navigator.presence}` }),
    cell('td', localTime(navigator.since)),
    cell('td', navigator.languages.join(', ')),
    cell('td', load(navigator.load)),
  ])));
}

function drawToday(today, day) {
  ui.todayCaption.textContent = _('Today, {date} ({zone}), so far', { date: day.date, zone: day.time_zone });
  ui.todayRows.replaceChildren(...FIGURES.map(([key, label, format]) => row([
    cell('th', label, { scope: 'row' }),
    ...CHANNELS.map((channel) => cell('td', format(today.by_channel[channel][key]), { id: `today-${key}-${channel}` })),
    cell('td', format(today.all[key]), { id: `today-${key}-all` }),
  ])));
}

function drawCharts(charts) {
  const shown = CHANNELS.filter((channel) => [charts.waiting, charts.offered]
    .some((series) => (series[channel] ?? []).some((n) => n > 0)));
  const channels = shown.length ? shown : ['voice', 'sms'];
  ui.legend.replaceChildren(...channels.map((channel) => cell('li', CHANNEL_NAMES[channel], {
    class: `legend series-${channel}`,
  })));
  drawLines(ui.chartWaiting, charts.hours, channels.map((channel) => [channel, charts.waiting[channel]]));
  const abandonable = Object.keys(charts.abandoned);
  drawBars(ui.chartAbandoned, charts.hours, abandonable.map((channel) => [channel, charts.abandoned[channel]]));
  drawChartTable(charts, channels, abandonable);
}

function drawChartTable(charts, channels, abandonable) {
  const columns = [
    ...channels.map((channel) => [_('{channel} waiting', { channel: CHANNEL_NAMES[channel] }), charts.waiting[channel]]),
    ...channels.map((channel) => [_('{channel} offered', { channel: CHANNEL_NAMES[channel] }), charts.offered[channel]]),
    ...abandonable.map((channel) => [_('{channel} abandoned', { channel: CHANNEL_NAMES[channel] }), charts.abandoned[channel]]),
  ];
  ui.chartHead.replaceChildren(row([cell('th', _('Hour'), { scope: 'col' }),
    ...columns.map(([name]) => cell('th', name, { scope: 'col' }))]));
  ui.chartRows.replaceChildren(...charts.hours.map((hour, n) => row([
    cell('th', hour, { scope: 'row' }), ...columns.map(([, series]) => cell('td', count(series[n]))),
  ])));
}

// The rows are drawn again with every frame: a button that had the focus keeps it.
function drawContacts(contacts, navigators) {
  drawAssignTo(navigators);
  const focused = document.activeElement?.closest?.('#contact-rows tr');
  const focusedButton = focused ? document.activeElement.className : null;
  ui.contactRows.replaceChildren(...contacts.map(contactRow));
  ui.contactsEmpty.hidden = contacts.length > 0;
  if (focused) {
    ui.contactRows.querySelector(`tr[data-contact-id="${focused.dataset.contactId}"] .${focusedButton}`)?.focus();
  }
}

// Options are replaced only when the navigators or their presence change (an open list stays open).
function drawAssignTo(navigators) {
  const options = navigators.map((navigator) => [String(navigator.id), `${navigator.name} (${PRESENCES[navigator.presence] ?? navigator.presence})`]);
  const key = JSON.stringify(options);
  if (ui.assignTo.dataset.key === key) return;
  const chosen = ui.assignTo.value;
  ui.assignTo.replaceChildren(...options.map(([value, text]) => cell('option', text, { value })));
  ui.assignTo.dataset.key = key;
  if (options.some(([value]) => value === chosen)) ui.assignTo.value = chosen;
}

function contactRow(contact) {
  const tr = ui.rowTemplate.content.firstElementChild.cloneNode(true);
  tr.dataset.contactId = String(contact.id);
  tr.dataset.state = contact.state;
  const field = (name) => tr.querySelector(`.${name}`);
  field('channel').textContent = CHANNEL_NAMES[contact.channel] ?? contact.channel;
  field('from').textContent = contact.from_display;
  field('contact-language').textContent = contact.language ?? UNKNOWN;
  field('preview').textContent = contact.preview;
  field('since').dataset.since = contact.state === 'claimed' ? contact.claimed_at : contact.queued_at;
  field('holder').textContent = contact.navigator ? contact.navigator.name : _('waiting');
  const label = _('{channel} from {from}', { channel: CHANNEL_NAMES[contact.channel] ?? contact.channel, from: contact.from_display });
  for (const [name, text] of [['view', _('View {contact}')], ['take', _('Take {contact}')], ['give', _('Give {contact}')]]) {
    field(name).setAttribute('aria-label', _(text, { contact: label }));
  }
  field('view').addEventListener('click', () => openThread(contact.id, label));
  field('take').addEventListener('click', () => act('take', { contact_id: contact.id }, _('You took {contact}.', { contact: label })));
  field('give').addEventListener('click', () => give(contact.id, label));
  field('give').disabled = !ui.assignTo.value;
  return tr;
}

// Waits grow between frames: redrawn every second from the server's clock.
function tick() {
  for (const element of document.querySelectorAll('[data-since]')) {
    element.textContent = element.dataset.since ? duration(secondsSince(element.dataset.since)) : '–';
  }
}

// ---- commands -------------------------------------------------------------

function command(name, payload) {
  return new Promise((resolve) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (error, ack) => {
      resolve(error ? { ok: false, error: 'timeout', message: _('The server did not answer; try again.') } : ack);
    });
  });
}

async function act(name, payload, done) {
  const ack = await command(name, payload);
  ui.status.textContent = ack.ok ? done : ack.message;
}

function give(contactId, label) {
  const option = ui.assignTo.selectedOptions[0];
  if (!option) return;
  act('reassign', { contact_id: contactId, navigator_id: Number(option.value) }, _('{contact} given to {navigator}.', { contact: label, navigator: option.text }));
}

async function openThread(contactId, label) {
  const ack = await command('open', { contact_id: contactId });
  if (!ack.ok) {
    ui.status.textContent = ack.message;
    return;
  }
  ui.threadTitle.textContent = label;
  ui.threadMessages.replaceChildren(...ack.messages.map((message) => cell('li',
    `${localTime(message.created_at)} ${message.direction === 'inbound' ? _('Resident') : message.author?.name ?? _('Us')}: ${message.body}`,
    { class: `message ${message.direction}` })));
  ui.thread.hidden = false;
  ui.threadClose.focus();
}

// ---- connection -----------------------------------------------------------

function setConnection(text, connectionState) {
  ui.connection.textContent = text;
  ui.connection.dataset.state = connectionState;
}

socket.on('connect', () => setConnection(_('Connected'), 'connected'));
socket.on('disconnect', () => {
  setConnection(socket.active ? _('Reconnecting…') : _('Disconnected'), socket.active ? 'reconnecting' : 'disconnected');
});
socket.on('connect_error', (error) => {
  setConnection(_('Not connected'), 'disconnected');
  if (error?.message === 'unauthorized') ui.status.textContent = _('Only supervisors and admins can watch the board.');
  if (error?.message === 'unavailable') setTimeout(() => socket.connect(), 5000); // the server's database was unreachable
});
socket.on('board_snapshot', draw);
socket.on('board_frame', draw);
socket.on('board_alert', (alert) => { ui.alertNews.textContent = alertText(alert); });
socket.on('session_ended', ({ message }) => {
  setConnection(_('Signed out'), 'disconnected');
  ui.status.textContent = message;
  setTimeout(() => window.location.assign('/login?next=/supervisor'), 2000);
});
ui.threadClose.addEventListener('click', () => { ui.thread.hidden = true; });
ui.assignTo.addEventListener('change', () => {
  for (const button of ui.contactRows.querySelectorAll('.give')) button.disabled = !ui.assignTo.value;
});
setInterval(tick, 1000);
