// A finding as the console shows it: severity, code, field, the message in the chosen language
// when the server gave one (`localized`), and how to fix it.
import { h } from './dom.js';
import { t, currentLanguage } from './i18n.js';
import { json } from './api.js';

let codes = {};
let codesLanguage = null;

/** The catalogue of finding codes (meaning and fix) in the chosen language, once per language. */
export async function loadCodes() {
  if (codesLanguage === currentLanguage()) return;
  try {
    const { body } = await json('/v1/finding-codes');
    codes = Object.fromEntries(body.map((entry) => [entry.code, entry]));
    codesLanguage = currentLanguage();
  } catch { /* the findings still show their own messages */ }
}

export function findingList(findings) {
  return h('ul', { class: 'findings' }, findings.map((finding) => {
    const localized = finding.localized;
    const message = localized?.message ?? finding.message;
    const hint = localized?.hint ?? codes[finding.code]?.localized?.fix ?? codes[finding.code]?.fix;
    return h('li', { 'data-code': finding.code },
      h('span', { class: `badge ${finding.severity}`, text: t('severity.' + finding.severity) }), ' ',
      h('span', { class: 'code', text: finding.code }), ' ',
      finding.field ? h('span', { class: 'field-name', text: finding.field }) : null,
      h('div', { class: 'message', text: message }),
      hint ? h('div', { class: 'hint', text: hint }) : null);
  }));
}
