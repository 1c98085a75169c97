// The console's frame: sign-in, the language switch, and the pages behind #/audit, #/check,
// #/make and #/archive. Each page module exports `render(main)`.
import { h, announce } from './dom.js';
import { t, initialLanguage, useLanguage, translateStatic, currentLanguage } from './i18n.js';
import { call, json, token, setToken, APIError } from './api.js';
import * as audit from './audit.js';
import * as check from './check.js';
import * as make from './make.js';
import * as archive from './archive.js';

const pages = { audit, check, make, archive };
const main = document.getElementById('main');
let session = null;

async function start() {
  await useLanguage(initialLanguage(), false);
  const select = document.getElementById('language');
  select.value = currentLanguage();
  select.addEventListener('change', async () => {
    await useLanguage(select.value, true);
    translateStatic();
    showSession();
    show();
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', show);
  window.addEventListener('faktura-unauthorized', () => { if (session) signOut(); });
  translateStatic();
  await resume();
  show();
}

/** A token kept in this tab (or none needed, when the server has no tokens) opens the console. */
async function resume() {
  try {
    session = (await json('/v1/session')).body;
  } catch (error) {
    session = null;
    if (!(error instanceof APIError && error.status === 401)) throw error;
    setToken(null);
  }
  showSession();
}

function showSession() {
  const signedIn = session !== null;
  document.getElementById('nav').hidden = !signedIn;
  const tenant = document.getElementById('tenant');
  tenant.hidden = !signedIn;
  tenant.textContent = signedIn ? t('session.tenant', { tenant: session.tenant }) : '';
  document.getElementById('sign-out').hidden = !signedIn || !token();
}

function signOut() {
  setToken(null);
  session = null;
  showSession();
  show();
}

function show() {
  if (session === null) return signInPage();
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const page = pages[name] ? name : 'audit';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  pages[page].render(main, session);
  document.title = `${t('nav.' + page)} · ${t('app.title')}`;
}

function signInPage() {
  main.replaceChildren();
  const input = h('input', { type: 'password', id: 'token', name: 'token', required: true, spellcheck: 'false' });
  const message = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'card signin' },
    h('h1', { text: t('signin.title') }),
    h('p', { class: 'lead', text: t('signin.lead') }),
    h('div', { class: 'field' },
      h('label', { for: 'token', text: t('signin.token') }), input,
      h('small', { text: t('signin.tokenHint') })),
    message,
    h('button', { type: 'submit', id: 'sign-in', text: t('signin.submit') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.hidden = true;
    setToken(input.value.trim());
    try {
      session = (await json('/v1/session')).body;
      showSession();
      announce(t('session.tenant', { tenant: session.tenant }));
      show();
    } catch (error) {
      setToken(null);
      session = null;
      message.textContent = error instanceof APIError && error.status === 401 ? t('signin.refused') : t('error.network', { message: error.message });
      message.hidden = false;
      input.focus();
    }
  });
  main.appendChild(form);
  input.focus();
}

start().catch((error) => {
  main.replaceChildren(h('p', { class: 'error', role: 'alert', text: String(error.message || error) }));
});

export { call };
