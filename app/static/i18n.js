// The page's language for the ES modules: `_('Claim')` and `ngettext(one, other, n)` mark the
// strings (Babel extracts them into the catalogue, app/i18n/script_texts.py); the page carries
// their translations as JSON in an attribute, <div id="script-texts" data-texts="...">.
// Placeholders are {name}, filled from `values`. Numbers and dates go through Intl in `lang`.

const block = document.getElementById('script-texts');
const texts = block ? JSON.parse(block.dataset.texts) : {};

export const lang = document.documentElement.lang || 'en';
const plurals = new Intl.PluralRules(lang);

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function _(message, values = {}) {
  const text = texts[message];
  return fill(typeof text === 'string' ? text : message, values);
}

export function ngettext(singular, plural, n, values = {}) {
  const forms = Array.isArray(texts[singular]) ? texts[singular] : [singular, plural];
  return fill(plurals.select(n) === 'one' ? forms[0] : forms[1], { n: formatNumber(n), ...values });
}

export function formatNumber(n, options = {}) {
  return new Intl.NumberFormat(lang, options).format(n);
}
