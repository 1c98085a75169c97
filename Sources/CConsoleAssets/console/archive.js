// Archive: the tenant's entries of a posting, its dispute bundle, the chain's head and its check.
import { h, save, announce } from './dom.js';
import { t } from './i18n.js';
import { call, json, APIError } from './api.js';
import { findingList } from './findings.js';

export function render(main) {
  main.appendChild(h('h1', { text: t('archive.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('archive.lead') }));
  const input = h('input', { type: 'search', id: 'archive-posting', placeholder: '0100000001-0001-1', required: true });
  const result = h('div', { id: 'archive-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', role: 'search' },
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'archive-posting', text: t('archive.posting') }), input),
      h('button', { type: 'submit', id: 'archive-find', text: t('archive.find') })));
  form.addEventListener('submit', (event) => { event.preventDefault(); show(input.value.trim(), result); });
  const chain = h('div', { id: 'archive-chain', 'aria-live': 'polite' });
  const verify = h('button', { type: 'button', id: 'archive-verify', class: 'secondary', text: t('archive.verify') });
  verify.addEventListener('click', () => verifyChain(chain));
  main.append(form, result, h('section', { class: 'card' }, h('h2', { text: t('archive.chain') }), verify, chain));
}

async function show(posting, area) {
  area.replaceChildren();
  if (!posting) return;
  try {
    const { body } = await json(`/v1/archive/${encodeURIComponent(posting)}`);
    const rows = body.entries.map((entry) => h('tr', {},
      h('td', { class: 'number', text: String(entry.sequence) }),
      h('td', { text: entry.recordedAt || '' }),
      h('td', { text: entry.invoice ? `${entry.invoice.number} · ${entry.invoice.date} · ${entry.invoice.amountWithVat} ${entry.invoice.currency}` : '—' }),
      h('td', { text: (entry.documents || []).map((d) => d.name).join(', ') }),
      h('td', { class: 'number', text: (entry.entryHash || '').slice(0, 16) })));
    const bundle = h('button', { type: 'button', id: 'archive-bundle', text: t('archive.bundle') });
    bundle.addEventListener('click', async () => {
      try {
        const response = await call(`/v1/archive/${encodeURIComponent(posting)}/bundle`);
        save(await response.blob(), `${posting.replace(/[^\p{L}\p{N}-]/gu, '')}.zip`);
        announce(t('archive.bundleSaved'));
      } catch (error) {
        area.appendChild(h('p', { class: 'error', role: 'alert', text: t('error.request', { message: error.message }) }));
      }
    });
    area.appendChild(h('section', { class: 'card' },
      h('h2', { text: t('archive.entriesOf', { posting: body.posting, count: body.entries.length }) }),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['archive.sequence', 'archive.recorded', 'archive.invoice', 'archive.documents', 'archive.hash'].map((key) => h('th', { scope: 'col', text: t(key) })))),
        h('tbody', {}, rows))),
      h('p', {}, bundle)));
  } catch (error) {
    const text = error instanceof APIError && error.status === 404 ? t('archive.none', { posting }) : t('error.request', { message: error.message });
    area.appendChild(h('p', { class: 'error', role: 'alert', id: 'archive-missing', text }));
  }
}

async function verifyChain(area) {
  area.replaceChildren(h('p', { class: 'note', text: t('archive.verifying') }));
  try {
    const { status, body } = await json('/v1/archive/verify', { method: 'POST', accept: [422] });
    const intact = status === 200;
    area.replaceChildren(...[
      h('p', {}, h('span', { class: `badge ${intact ? 'ok' : 'failed'}`, text: intact ? t('archive.intact') : t('archive.broken') }), ' ',
        t('archive.checked', { entries: body.summary?.entries ?? 0, files: body.summary?.files ?? 0 })),
      (body.findings || []).length ? findingList(body.findings) : null].filter(Boolean));
  } catch (error) {
    area.replaceChildren(h('p', { class: 'error', role: 'alert', text: t('error.request', { message: error.message }) }));
  }
}
