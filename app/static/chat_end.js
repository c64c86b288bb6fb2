// The last step of a chat (chat.html): the funder's satisfaction question, once, and a request
// for the transcript by email. `call` sends a command and resolves with its ack.
export function wireEnd({ ui, view, texts, call }) {
  async function answerSurvey(event) {
    event.preventDefault();
    const ack = await call('survey', { answer: new FormData(ui.survey).get('answer') });
    view.say(ui.surveyError, ack.ok ? '' : ack.message);
    if (!ack.ok) return;
    ui.survey.hidden = true;
    ui.surveyDone.textContent = texts.thanks_survey;
  }

  async function askTranscript(event) {
    event.preventDefault();
    const ack = await call('transcript', { email: new FormData(ui.transcript).get('email') });
    view.say(ui.transcriptError, ack.ok ? '' : ack.message);
    if (!ack.ok) return;
    ui.transcript.hidden = true;
    ui.transcriptDone.textContent = texts.thanks_transcript;
  }

  ui.survey.addEventListener('submit', answerSurvey);
  ui.transcript.addEventListener('submit', askTranscript);
}
