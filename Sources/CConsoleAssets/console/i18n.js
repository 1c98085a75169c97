// The console's own texts in zh-Hans, ru and en (i18n/*.json, the same keys in each; `{name}`
// marks a value put in). The language is the one chosen last (localStorage), else the browser's.
export const languages = ['zh-Hans', 'ru', 'en'];
const storageKey = 'faktura.language';
let texts = {};
let fallback = {};
let language = 'en';

/** The language to start with: the one remembered, else the first of the browser's we have. */
export function initialLanguage() {
  const stored = localStorage.getItem(storageKey);
  if (languages.includes(stored)) return stored;
  for (const wanted of navigator.languages || [navigator.language || 'en']) {
    const lower = wanted.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-Hans';
    if (lower.startsWith('ru')) return 'ru';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

async function fetchTexts(name) {
  const response = await fetch(`/console/i18n/${name}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`i18n/${name}.json: ${response.status}`);
  return response.json();
}

/** Loads `name`'s texts and remembers the choice. */
export async function useLanguage(name, remember) {
  if (!languages.includes(name)) name = 'en';
  if (Object.keys(fallback).length === 0) fallback = await fetchTexts('en');
  texts = name === 'en' ? fallback : await fetchTexts(name);
  language = name;
  document.documentElement.lang = name;
  if (remember) localStorage.setItem(storageKey, name);
}

export function currentLanguage() {
  return language;
}

/** The text of `key` with `{name}` replaced by `values.name`. */
export function t(key, values = {}) {
  const text = texts[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Texts of the static page: `data-i18n` (text) and `data-i18n-label` (aria-label). */
export function translateStatic(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  document.title = t('app.title');
}
