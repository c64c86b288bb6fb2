// What the chat page shows (chat.html): which step, the queue status, the messages in order and
// the navigator's typing. Every text anyone wrote goes in with textContent, never as markup.
const TYPING_SHOWN_MS = 6000;

const byId = (id) => document.getElementById(id);

function fill(template, values) {
  return Object.entries(values).reduce((text, [key, value]) => text.replace(`{${key}}`, String(value)), template);
}

export class ChatView {
  constructor(texts) {
    this.texts = texts;
    this.ui = {
      prechat: byId('prechat'), prechatForm: byId('prechat-form'), prechatError: byId('prechat-error'),
      start: byId('start'), conversation: byId('conversation'), status: byId('chat-status'),
      messages: byId('chat-messages'), typing: byId('chat-typing'), compose: byId('compose'),
      input: byId('chat-input'), send: byId('send'), composeError: byId('compose-error'), end: byId('end-chat'),
      ended: byId('ended'), endedHeading: byId('ended-heading'), survey: byId('survey'),
      surveyError: byId('survey-error'), surveyDone: byId('survey-done'), transcript: byId('transcript'),
      transcriptError: byId('transcript-error'), transcriptDone: byId('transcript-done'),
      newChat: byId('new-chat'), quickExit: byId('quick-exit'),
    };
    this.shownIds = new Set();
    this.typingTimer = null;
  }

  say(element, text) {
    element.textContent = text || '';
    element.hidden = !text;
  }

  status(text) {
    this.ui.status.textContent = text;
  }

  showOnly(section) {
    const { prechat, conversation, ended } = this.ui;
    for (const each of [prechat, conversation, ended]) each.hidden = each !== section;
  }

  applyState(state) {
    state.messages.forEach((message) => this.addMessage(message));
    if (state.ended) {
      this.showEnded(state);
      return;
    }
    const starting = this.ui.conversation.hidden;
    this.showOnly(this.ui.conversation);
    if (state.state === 'claimed') this.status(this.texts.joined);
    else if (state.state === 'queued') this.showPlace(state);
    else this.status(this.texts.write_first);
    if (starting) this.ui.input.focus();
  }

  showEnded(state) {
    this.showOnly(this.ui.ended);
    this.ui.endedHeading.textContent = this.texts.ended;
    this.ui.survey.hidden = !state.survey;
    this.ui.endedHeading.focus();
  }

  showPlace({ position, minutes }) {
    if (!position) return;
    const wait = minutes ? fill(this.texts.wait_minutes, { minutes }) : this.texts.wait_unknown;
    this.status(`${fill(this.texts.position, { position })} ${wait}`);
  }

  // Messages in id order, each once (an ack and an echo may both bring it).
  addMessage(message) {
    if (this.shownIds.has(message.id)) return;
    this.shownIds.add(message.id);
    const item = document.createElement('li');
    const outbound = message.direction === 'outbound';
    item.className = `chat-message ${outbound ? 'outbound' : 'inbound'}`;
    item.dataset.messageId = message.id;
    const author = document.createElement('span');
    author.className = 'chat-author';
    author.textContent = outbound ? this.texts.navigator : this.texts.you;
    item.append(author, document.createTextNode(message.body));
    const next = [...this.ui.messages.children].find((other) => Number(other.dataset.messageId) > message.id);
    this.ui.messages.insertBefore(item, next ?? null);
    if (outbound) this.showTyping({ typing: false });
    item.scrollIntoView({ block: 'nearest' });
  }

  showTyping({ typing }) {
    clearTimeout(this.typingTimer);
    this.ui.typing.textContent = typing ? this.texts.typing : '';
    if (typing) this.typingTimer = setTimeout(() => { this.ui.typing.textContent = ''; }, TYPING_SHOWN_MS);
  }
}
