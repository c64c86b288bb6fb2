// The wrap-up panel's two searches (docs/directory.md): the directory (GET /api/directory/search),
// whose results a navigator refers to or reports as wrong, and the taxonomy terms a need is coded
// to (GET /api/hsds/taxonomy_terms). Both read JSON over fetch; results are built as DOM nodes,
// never as markup, since directory text comes from outside.
import { raiseFlag } from './directory_flags.js';
import { _, ngettext } from './i18n.js';

const PER_PAGE = 10;
const TAXONOMY = 'open-eligibility';
const POSTAL = /^[A-Za-z]\d[A-Za-z]( ?\d[A-Za-z]\d)?$/;

// { ok: true, body } or { ok: false, message }.
export async function getJson(path, params) {
  try {
    const response = await fetch(`${path}?${new URLSearchParams(params)}`, { credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    return response.ok ? { ok: true, body } : { ok: false, message: body.message || _('Refused ({status}).', { status: response.status }) };
  } catch {
    return { ok: false, message: _('The search could not be sent. Check the connection and try again.') };
  }
}

function addressText(address) {
  if (!address) return '';
  const place = [address.city, address.state_province, address.postal_code].filter(Boolean).join(' ');
  return [address.address_1, place].filter(Boolean).join(', ');
}

// A municipality, or a postal area (K1A, K1A 0B1): as the public page reads its one place field.
export function placeParams(place) {
  const text = place.trim();
  if (!text) return {};
  return POSTAL.test(text) ? { fsa: text } : { city: text };
}

export class DirectorySearch {
  // onRefer(result, kind) records a referral; say(text) speaks in the panel's live region.
  constructor({ onRefer, say }) {
    const byId = (id) => document.getElementById(id);
    this.onRefer = onRefer;
    this.say = say;
    this.lang = 'en';
    this.ui = {
      form: byId('wrapup-search-form'),
      words: byId('wrapup-q'),
      place: byId('wrapup-place'),
      kind: byId('wrapup-kind'),
      count: byId('wrapup-search-count'),
      results: byId('wrapup-results'),
      template: byId('wrapup-result-template'),
    };
    this.ui.form.addEventListener('submit', (event) => this.search(event));
  }

  // A new contact: its language, and nothing of the last contact's search.
  reset(lang) {
    this.lang = lang;
    this.ui.form.reset();
    this.ui.count.textContent = '';
    this.ui.results.replaceChildren();
    this.ui.results.lang = lang;
  }

  async search(event) {
    event.preventDefault();
    const q = this.ui.words.value.trim();
    if (!q) return;
    const params = { q, lang: this.lang, per_page: PER_PAGE, ...placeParams(this.ui.place.value) };
    this.ui.count.textContent = 'Searching…';
    const answer = await getJson('/api/directory/search', params);
    if (!answer.ok) {
      this.ui.count.textContent = answer.message;
      this.say(answer.message);
      return;
    }
    const { results, total, more } = answer.body;
    this.ui.results.replaceChildren(...results.map((result, index) => this.item(result, index)));
    const counted = total ? ngettext('{n} service found', '{n} services found', total) : _('No service found');
    const found = more ? _('More than {counted}', { counted }) : counted;
    const text = total > results.length
      ? _('{found}; the first {shown} shown.', { found, shown: results.length })
      : _('{found}.', { found });
    this.ui.count.textContent = text;
    this.say(text);
  }

  item(result, index) {
    const item = this.ui.template.content.firstElementChild.cloneNode(true);
    const field = (name) => item.querySelector(`.${name}`);
    const nameId = `wrapup-result-${index}`;
    field('result-name').id = nameId;
    field('result-name').textContent = result.service.name;
    field('result-organization').textContent = result.organization?.name ?? '';
    field('result-address').textContent = addressText(result.location?.address);
    field('result-phone').textContent = result.phone ? _('Phone: {number}', { number: result.phone }) : '';
    item.querySelectorAll('p:empty').forEach((empty) => { empty.hidden = true; });
    const refer = field('result-refer');
    refer.setAttribute('aria-describedby', nameId);
    refer.addEventListener('click', () => this.onRefer(result, this.ui.kind.value));
    field('result-flag').setAttribute('aria-describedby', nameId);
    field('flag-form').addEventListener('submit', (event) => this.flag(event, result, item));
    return item;
  }

  // A wrong phone, a move or a closure is the location's; eligibility or anything else, the service's.
  async flag(event, result, item) {
    event.preventDefault();
    const form = event.target;
    const reason = form.elements.reason.value;
    const onLocation = ['phone', 'closed', 'moved'].includes(reason) && result.location?.id;
    const answer = await raiseFlag({
      kind: onLocation ? 'location' : 'service',
      recordId: onLocation ? result.location.id : result.service.id,
      reason,
      note: form.elements.note.value.trim(),
    });
    const text = answer.ok ? _('Problem reported for {service}. Thank you.', { service: result.service.name }) : answer.message;
    item.querySelector('.flag-result').textContent = text;
    if (answer.ok) {
      form.reset();
      item.querySelector('.result-flag-details').open = false;
    }
    this.say(text);
  }
}

export class TermSearch {
  constructor({ say }) {
    const byId = (id) => document.getElementById(id);
    this.say = say;
    this.lang = 'en';
    this.terms = new Map();
    this.ui = { form: byId('wrapup-term-form'), words: byId('wrapup-term-q'), select: byId('wrapup-term') };
    this.placeholder = this.ui.select.firstElementChild;
    this.ui.form.addEventListener('submit', (event) => this.find(event));
  }

  reset(lang) {
    this.lang = lang;
    this.ui.form.reset();
    this.show([]);
  }

  // The chosen term, { id, name }, or null.
  chosen() {
    return this.terms.get(this.ui.select.value) ?? null;
  }

  async find(event) {
    event.preventDefault();
    const words = this.ui.words.value.trim();
    if (!words) return;
    const answer = await getJson('/api/hsds/taxonomy_terms', { search: words, taxonomy_id: TAXONOMY, lang: this.lang });
    if (!answer.ok) {
      this.say(answer.message);
      return;
    }
    const terms = this.ranked(answer.body.contents ?? [], words.toLowerCase());
    this.show(terms, await this.parentNames(terms));
    const found = ngettext('{n} term found; choose one in the Need list.', '{n} terms found; choose one in the Need list.', terms.length);
    this.say(terms.length ? found : _('No term found.'));
  }

  // Names that are the words first, then names that start with them, then names holding them.
  ranked(terms, words) {
    const score = ({ name }) => {
      const lower = name.toLowerCase();
      if (lower === words) return 0;
      if (lower.startsWith(words)) return 1;
      return lower.includes(words) ? 2 : 3;
    };
    return terms.map((term, order) => ({ term, order }))
      .sort((a, b) => score(a.term) - score(b.term) || a.order - b.order)
      .map(({ term }) => term);
  }

  // The names of the parents of terms that share a name with another, by id: they tell them apart.
  async parentNames(terms) {
    const names = new Map(terms.map((term) => [term.id, term.name]));
    const count = (name) => terms.filter((term) => term.name === name).length;
    const wanted = new Set(terms.filter((t) => t.parent_id && count(t.name) > 1).map((t) => t.parent_id));
    await Promise.all([...wanted].filter((id) => !names.has(id)).map(async (id) => {
      const answer = await getJson(`/api/hsds/taxonomy_terms/${encodeURIComponent(id)}`, { lang: this.lang });
      if (answer.ok) names.set(id, answer.body.name);
    }));
    return names;
  }

  // Two terms of one name are told apart by their parent ("Help Pay for Housing — Housing"), or
  // their code when they have none.
  show(terms, parents = new Map()) {
    const names = terms.map((term) => term.name);
    this.terms = new Map(terms.map((term) => [term.id, term]));
    const options = terms.map((term) => {
      const twin = names.indexOf(term.name) !== names.lastIndexOf(term.name);
      const parent = parents.get(term.parent_id);
      const context = parent ? ` — ${parent}` : ` (${term.code ?? term.id})`;
      const option = new Option(twin ? `${term.name}${context}` : term.name, term.id);
      if (term.description) option.title = term.description;
      return option;
    });
    this.placeholder.textContent = terms.length ? _('Choose a term…') : _('Find a term first');
    this.ui.select.replaceChildren(this.placeholder, ...options);
    this.ui.select.value = terms.length ? terms[0].id : '';
  }
}
