// Check invoices: each dropped PDF, JSON or XML invoice through POST /v1/validate, a verdict per file.
import { h, dropZone, announce } from './dom.js';
import { t } from './i18n.js';
import { call } from './api.js';
import { findingList, loadCodes } from './findings.js';

const types = { pdf: 'application/pdf', json: 'application/json', xml: 'application/xml' };
const results = [];

export function render(main) {
  main.appendChild(h('h1', { text: t('check.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('check.lead') }));
  const profile = h('select', { id: 'check-profile' },
    h('option', { value: '', text: t('check.profileAuto') }),
    h('option', { value: 'ozon-crossborder', text: 'ozon-crossborder' }),
    h('option', { value: 'ru-invoice', text: 'ru-invoice' }));
  const list = h('div', { id: 'check-results', 'aria-live': 'polite' });
  const zone = dropZone({
    title: t('check.drop'), hint: t('check.dropHint'), pickFiles: t('drop.pickFiles'), pickFolder: t('drop.pickFolder'),
    accept: '.pdf,.json,.xml', onFiles: (found) => checkAll(found, profile.value, list),
  });
  zone.querySelector('input[type="file"]').id = 'check-files';
  main.appendChild(h('section', { class: 'card' }, zone,
    h('div', { class: 'field' }, h('label', { for: 'check-profile', text: t('check.profile') }), profile)));
  main.appendChild(list);
  draw(list);
}

async function checkAll(found, profile, list) {
  await loadCodes();
  const query = profile ? `?profile=${encodeURIComponent(profile)}` : '';
  const queue = found.map(({ file, path }) => {
    const result = { name: path, state: 'running' };
    results.unshift(result);
    return { file, result };
  });
  draw(list);
  // Two at a time: the server reads each PDF in a process of its own.
  const workers = [0, 1].map(async () => {
    while (queue.length) {
      const { file, result } = queue.shift();
      const extension = (/\.([^.]+)$/.exec(file.name) || [])[1]?.toLowerCase();
      try {
        const response = await call(`/v1/validate${query}`, { method: 'POST', body: file, type: types[extension] || 'application/octet-stream', accept: [422] });
        const report = await response.json();
        const document = report.documents[0];
        result.findings = document.findings;
        result.state = document.findings.some((f) => f.severity === 'error') ? 'failed' : 'ok';
        result.warnings = document.findings.filter((f) => f.severity === 'warning').length;
      } catch (error) {
        result.state = 'refused';
        result.message = error.message;
      }
      draw(list);
    }
  });
  await Promise.all(workers);
  announce(t('check.done', { count: found.length }));
}

function draw(list) {
  list.replaceChildren();
  for (const result of results) {
    const verdict = result.state === 'running' ? h('span', { class: 'badge skipped', text: t('check.running') })
      : result.state === 'refused' ? h('span', { class: 'badge failed', text: t('check.refused') })
      : h('span', { class: `badge ${result.state}`, text: t('verdict.' + result.state) });
    list.appendChild(h('article', { class: 'card', 'data-file': result.name, 'data-state': result.state },
      h('div', { class: 'verdict' }, verdict, h('span', { class: 'name', text: result.name }),
        result.warnings ? h('span', { class: 'note', text: t('check.warnings', { count: result.warnings }) }) : null),
      result.message ? h('p', { class: 'error', text: result.message }) : null,
      result.findings?.length ? findingList(result.findings) : null,
      result.findings && !result.findings.length ? h('p', { class: 'note', text: t('check.clean') }) : null));
  }
}
