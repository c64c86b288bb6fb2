// The public web chat (docs/chat.md; events in docs/socket-protocol.md, "Web chat"): the
// connection and what the resident does. An ES module; Socket.IO's client is a classic script
// loaded before it. What the page shows is chat_view.js; the survey and transcript, chat_end.js.
import { wireEnd } from './chat_end.js';
import { ChatView } from './chat_view.js';

const STORE_KEY = 'switchboard.chat'; // {token, conversation}: resumes this chat after a reload
const ACK_TIMEOUT_MS = 10000;
const TYPING_EVERY_MS = 2000;
const TYPING_QUIET_MS = 4000;
const UNAVAILABLE_RETRY_MS = 5000; // a refusal 'unavailable': the server could not reach its database

const texts = JSON.parse(document.getElementById('chat-texts').textContent);
const view = new ChatView(texts);
const { ui } = view;
let socket = null;
let pendingStart = null; // the pre-chat answers, until the server hands back a token
let typingSentAt = 0;
let typingQuiet = null;

function stored() {
  try {
    return JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
  } catch {
    return null;
  }
}

const forget = () => localStorage.removeItem(STORE_KEY);

// Asked at every (re)connection: the token once there is one, else the pre-chat answers.
function auth(send) {
  const kept = stored();
  send(kept ? { token: kept.token, conversation: kept.conversation } : { start: pendingStart });
}

function connect() {
  socket = io('/chat', { transports: ['websocket'], auth });
  socket.on('connect', hello);
  socket.on('connect_error', refused);
  socket.on('disconnect', () => view.status(texts.reconnecting));
  socket.on('chat_state', (state) => {
    typingSentAt = 0; // a navigator who joins heard none of it: the next keystroke tells them
    view.applyState(state);
  });
  socket.on('chat_place', (place) => view.showPlace(place));
  socket.on('chat_message', (message) => view.addMessage(message));
  socket.on('chat_typing', (typing) => view.showTyping(typing));
  view.status(texts.connecting);
}

function hello() {
  call('hello', {}).then((ack) => {
    if (!ack.ok) return;
    localStorage.setItem(STORE_KEY, JSON.stringify({ token: ack.token, conversation: ack.state.conversation }));
    pendingStart = null;
    view.applyState(ack.state);
  });
}

// A refused token (forged, expired, another chat's) opens nothing: back to the pre-chat step.
function refused(error) {
  if (socket?.active) return; // a transport failure: Socket.IO tries again by itself
  if (error?.message === 'unavailable') { // the server could not take it just now: the same chat, a moment later
    setTimeout(() => socket?.connect(), UNAVAILABLE_RETRY_MS);
    return;
  }
  forget();
  socket = null;
  ui.start.disabled = false;
  view.showOnly(ui.prechat);
  view.say(ui.prechatError, error?.message === 'too_many' ? texts.too_many : texts.refused_start);
}

function call(name, payload) {
  const lost = { ok: false, message: texts.reconnecting };
  return new Promise((resolve) => {
    if (!socket?.connected) {
      resolve(lost);
      return;
    }
    socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (err, ack) => resolve(err || !ack ? lost : ack));
  });
}

function startChat(event) {
  event.preventDefault();
  const form = new FormData(ui.prechatForm);
  pendingStart = { language: form.get('language'), first_name: form.get('first_name'), website: form.get('website') };
  ui.start.disabled = true;
  view.say(ui.prechatError, '');
  connect();
}

const newId = () => window.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

async function sendMessage(event) {
  event.preventDefault();
  const body = ui.input.value;
  ui.send.disabled = true;
  const ack = await call('message', { id: newId(), body });
  ui.send.disabled = false;
  view.say(ui.composeError, ack.ok ? '' : ack.message);
  if (!ack.ok) return;
  if (ui.input.value === body) ui.input.value = '';
  typingSentAt = 0; // the message ended that typing: the next keystroke is news at once
  view.addMessage(ack.message);
  view.showPlace(ack);
}

function typed() {
  clearTimeout(typingQuiet);
  typingQuiet = setTimeout(() => socket?.emit('typing', { typing: false }), TYPING_QUIET_MS);
  if (Date.now() - typingSentAt < TYPING_EVERY_MS || !socket?.connected) return;
  typingSentAt = Date.now();
  socket.emit('typing', { typing: true });
}

function enterSends(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.compose.requestSubmit();
  }
}

async function endChat() {
  const ack = await call('end', {});
  if (ack.ok) view.applyState(ack.state);
  else view.say(ui.composeError, ack.message);
}

function newChat() {
  forget();
  socket?.disconnect();
  window.location.reload();
}

// Leaves at once for a neutral site, replacing this page in the tab's history (Back does not
// return here), and forgets the chat so that nobody reopening /chat on this device finds it.
function quickExit() {
  const url = ui.quickExit.dataset.url;
  forget();
  socket?.disconnect();
  try {
    window.top.location.replace(url);
  } catch {
    window.location.replace(url);
  }
}

// Choosing the other language shows the page in it at once.
function chooseLanguage(event) {
  if (event.target.name !== 'language' || event.target.value === document.documentElement.lang) return;
  window.location.replace(`?lang=${encodeURIComponent(event.target.value)}`);
}

ui.quickExit.addEventListener('click', quickExit);
ui.prechatForm.addEventListener('submit', startChat);
ui.prechatForm.addEventListener('change', chooseLanguage);
ui.compose.addEventListener('submit', sendMessage);
ui.input.addEventListener('input', typed);
ui.input.addEventListener('keydown', enterSends);
ui.end.addEventListener('click', endChat);
wireEnd({ ui, view, texts, call });
ui.newChat.addEventListener('click', newChat);

if (stored()) connect(); // a reload, or a return within the grace period: the same chat
