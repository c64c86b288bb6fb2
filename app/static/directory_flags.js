// Flag a directory record as wrong, from a search result (docs/directory.md, "Flags and
// corrections"). The app's CSRF check reads the token from the form body, so the flag is sent as
// form fields (with the page's csrf_token), and the answer is JSON.
//
//   import { raiseFlag } from '/static/directory_flags.js';
//   const answer = await raiseFlag({ kind: 'location', recordId: result.location.id, reason: 'phone', note });
//   // answer: { ok: true, flag } or { ok: false, error, message }

import { _ } from './i18n.js';

export const REASONS = ['phone', 'closed', 'moved', 'eligibility', 'other'];
export const KINDS = ['service', 'location', 'organization', 'phone'];

// The session's token, as every page renders it (the sign-out form carries one).
function csrfToken() {
  const field = document.querySelector('input[name="csrf_token"]');
  return field ? field.value : '';
}

export async function raiseFlag({ kind, recordId, reason, note = '' }) {
  const body = new URLSearchParams({ kind, record_id: recordId, reason, note, csrf_token: csrfToken() });
  let response;
  try {
    response = await fetch('/api/directory/flags', { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    return { ok: false, error: 'network', message: _('The flag could not be sent. Check the connection and try again.') };
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, flag: answer.flag };
  return { ok: false, error: answer.error || 'error', message: answer.message || _('Refused ({status}).', { status: response.status }) };
}
