// Audit an export: the export with its PDFs (files, a folder, or a ZIP) → POST /v1/audits →
// progress → the report, filtered and searched in the page, downloadable in four formats.
import { h, save, announce, dropZone, uid } from './dom.js';
import { t, currentLanguage } from './i18n.js';
import { call, json, upload, APIError } from './api.js';
import { findingList, loadCodes } from './findings.js';

const exportExtensions = ['csv', 'tsv', 'txt', 'xlsx', 'json', 'xml'];
const mappingExtensions = ['yaml', 'yml'];
const pageSize = 200;

// Kept while the console is open, so a language switch or a visit to another page keeps the report.
const state = { files: [], exportPath: null, mapping: '', mappingFile: null, presets: null, job: null, report: null,
  reportLanguage: null, progress: null, error: null, filter: { status: 'all', code: 'all', search: '' }, shown: pageSize };

function extension(path) {
  const match = /\.([^./]+)$/.exec(path);
  return match ? match[1].toLowerCase() : '';
}

/** Paths inside one dropped folder lose that folder: the export names `pdf/a.pdf`, not `export/pdf/a.pdf`. */
function withoutCommonFolder(found) {
  const firsts = new Set(found.map(({ path }) => (path.includes('/') ? path.split('/')[0] : '')));
  if (firsts.size !== 1 || firsts.has('')) return found;
  return found.map(({ file, path }) => ({ file, path: path.slice(path.indexOf('/') + 1) }));
}

function addFiles(found) {
  const known = new Set(state.files.map(({ path }) => path));
  for (const item of withoutCommonFolder(found)) {
    if (!known.has(item.path)) state.files.push(item);
    known.add(item.path);
  }
  const exports = state.files.filter(({ path }) => exportExtensions.includes(extension(path)));
  if (!state.exportPath || !known.has(state.exportPath)) {
    // An export at the top beats one in a folder (an attachment that happens to be JSON).
    const top = exports.filter(({ path }) => !path.includes('/'));
    state.exportPath = (top[0] || exports[0])?.path ?? null;
  }
  const mapping = state.files.find(({ path }) => mappingExtensions.includes(extension(path)));
  if (mapping && !state.mappingFile) {
    state.mappingFile = mapping.file;
    state.mapping = 'file';
  }
  state.error = null;
}

export function render(main) {
  main.appendChild(h('h1', { text: t('audit.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('audit.lead') }));
  const form = h('section', { class: 'card', 'aria-labelledby': 'audit-input' }, h('h2', { id: 'audit-input', text: t('audit.input') }));
  main.appendChild(form);
  const report = h('section', { id: 'audit-report', 'aria-live': 'polite' });
  main.appendChild(report);
  drawForm(form, report);
  drawReport(report);
}

function drawForm(form, report) {
  const zone = dropZone({
    title: t('audit.drop'), hint: t('audit.dropHint'), pickFiles: t('drop.pickFiles'), pickFolder: t('drop.pickFolder'),
    onFiles: (found) => { addFiles(found); redraw(); },
  });
  zone.querySelector('input[type="file"]').id = 'audit-files';
  const list = h('div', { id: 'audit-chosen' });
  const run = h('button', { type: 'button', id: 'audit-run', text: t('audit.run') });
  const clear = h('button', { type: 'button', id: 'audit-clear', class: 'secondary', text: t('audit.clear') });
  const mappingSelect = h('select', { id: 'audit-mapping' });
  const mappingFileInput = h('input', { type: 'file', id: 'audit-mapping-file', accept: '.yaml,.yml,.json' });
  const progressArea = h('div', { id: 'audit-progress' });
  form.append(zone, list,
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'audit-mapping', text: t('audit.mapping') }), mappingSelect,
        h('small', { text: t('audit.mappingHint') })),
      h('div', { class: 'field' }, h('label', { for: 'audit-mapping-file', text: t('audit.mappingFile') }), mappingFileInput)),
    h('div', { class: 'row' }, run, clear), progressArea);

  function redraw() {
    list.replaceChildren();
    if (state.error) list.appendChild(h('p', { class: 'error', role: 'alert', text: state.error }));
    const exports = state.files.filter(({ path }) => exportExtensions.includes(extension(path)));
    const zips = state.files.filter(({ path }) => extension(path) === 'zip');
    const attachments = state.files.filter(({ path }) => path !== state.exportPath && !mappingExtensions.includes(extension(path))
      && extension(path) !== 'zip' && !(state.mappingFile && state.files.find((f) => f.file === state.mappingFile)?.path === path));
    if (exports.length > 1) {
      const id = uid('audit-export');
      const select = h('select', { id }, exports.map(({ path }) => h('option', { value: path, selected: path === state.exportPath }, path)));
      select.addEventListener('change', () => { state.exportPath = select.value; redraw(); });
      list.appendChild(h('div', { class: 'field' }, h('label', { for: id, text: t('audit.whichExport') }), select));
    }
    const items = [];
    items.push(h('li', { id: 'audit-export-name', text: state.exportPath ? t('audit.exportIs', { name: state.exportPath }) : t('audit.noExport') }));
    items.push(h('li', { text: t('audit.attachmentCount', { count: attachments.length }) }));
    for (const zip of zips) items.push(h('li', { text: t('audit.zipIs', { name: zip.path }) }));
    if (state.mappingFile) items.push(h('li', { text: t('audit.mappingIs', { name: state.mappingFile.name }) }));
    list.appendChild(h('ul', { class: 'files' }, items));
    run.disabled = !state.exportPath || state.progress !== null;
    drawMappingOptions();
  }

  function drawMappingOptions() {
    const options = [h('option', { value: '', text: t('audit.mappingCanonical') })];
    for (const preset of state.presets || []) options.push(h('option', { value: preset.name, text: `${preset.name} — ${preset.summary}` }));
    if (state.mappingFile) options.push(h('option', { value: 'file', text: t('audit.mappingIs', { name: state.mappingFile.name }) }));
    mappingSelect.replaceChildren(...options);
    mappingSelect.value = state.mapping;
  }

  mappingSelect.addEventListener('change', () => { state.mapping = mappingSelect.value; });
  mappingFileInput.addEventListener('change', () => {
    state.mappingFile = mappingFileInput.files[0] || null;
    state.mapping = state.mappingFile ? 'file' : '';
    redraw();
  });
  clear.addEventListener('click', () => {
    Object.assign(state, { files: [], exportPath: null, mapping: '', mappingFile: null, job: null, report: null, error: null });
    redraw();
    drawReport(report);
  });
  run.addEventListener('click', () => start(redraw, progressArea, report));

  if (state.presets === null) {
    json('/v1/mappings').then(({ body }) => { state.presets = body; drawMappingOptions(); }).catch(() => { state.presets = []; });
  }
  redraw();
  drawProgress(progressArea);
}

async function start(redraw, progressArea, report) {
  const exportItem = state.files.find(({ path }) => path === state.exportPath);
  if (!exportItem) return;
  const zips = state.files.filter(({ path }) => extension(path) === 'zip');
  if (zips.length > 1) {
    state.error = t('audit.oneZip');
    return redraw();
  }
  const form = new FormData();
  form.append('export', exportItem.file, exportItem.path.split('/').pop());
  if (state.mapping === 'file' && state.mappingFile) form.append('mapping', state.mappingFile, state.mappingFile.name);
  for (const { file, path } of state.files) {
    if (file === exportItem.file || file === state.mappingFile) continue;
    if (extension(path) === 'zip') form.append('attachments', file, path);
    else if (!mappingExtensions.includes(extension(path))) form.append('attachment', file, path);
  }
  const preset = state.mapping && state.mapping !== 'file' ? `?mapping=${encodeURIComponent(state.mapping)}` : '';
  state.report = null;
  state.job = null;
  state.error = null;
  state.progress = { phase: 'uploading', sent: 0, total: 1 };
  drawReport(report);
  redraw();
  drawProgress(progressArea);
  try {
    let { body } = await upload(`/v1/audits${preset}`, form, (sent, total) => {
      state.progress = { phase: 'uploading', sent, total };
      drawProgress(progressArea);
    });
    state.job = body;
    for (;;) {
      state.progress = { phase: body.state, ...body };
      drawProgress(progressArea);
      if (body.state === 'done' || body.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 400));
      ({ body } = await json(`/v1/audits/${encodeURIComponent(state.job.id)}`));
    }
    state.job = body;
    if (body.state === 'failed') throw new APIError(0, 'audit_failed', body.message);
    await fetchReport();
    announce(t('audit.doneAnnounce', { failed: state.report.summary.failed }));
  } catch (error) {
    state.error = error instanceof APIError && error.status === 413 ? t('audit.tooLarge', { message: error.message })
      : t('error.request', { message: error.message });
  }
  state.progress = null;
  redraw();
  drawProgress(progressArea);
  drawReport(report);
}

async function fetchReport() {
  const [{ body }] = await Promise.all([json(`/v1/audits/${encodeURIComponent(state.job.id)}/report?format=json`), loadCodes()]);
  state.report = body;
  state.reportLanguage = currentLanguage();
  state.filter = { status: 'all', code: 'all', search: '' };
  state.shown = pageSize;
}

function drawProgress(area) {
  area.replaceChildren();
  const progress = state.progress;
  if (!progress) return;
  let value = null;
  let max = 1;
  let text;
  if (progress.phase === 'uploading') {
    value = progress.sent;
    max = progress.total || 1;
    text = t('audit.uploading', { percent: Math.floor((100 * progress.sent) / (progress.total || 1)) });
  } else if (progress.phase === 'checking') {
    value = progress.done;
    max = progress.of || 1;
    text = t('audit.checking', { done: progress.done, of: progress.of });
  } else {
    text = t('audit.reading', { rows: progress.rows ?? 0 });
  }
  const bar = h('progress', { id: 'audit-progress-bar', max, 'aria-label': text });
  if (value !== null) bar.value = value;
  area.append(bar, h('p', { class: 'note', text }));
}

function drawReport(area) {
  area.replaceChildren();
  delete area.dataset.audit;
  const report = state.report;
  if (!report) return;
  if (state.reportLanguage !== currentLanguage()) {
    // The findings' own words come in the chosen language (Accept-Language) once the server has them.
    fetchReport().then(() => drawReport(area)).catch(() => {});
    return;
  }
  area.dataset.audit = state.job.id;
  const summary = report.summary;
  const card = h('div', { class: 'card' });
  area.appendChild(card);
  card.appendChild(h('h2', { text: t('audit.reportTitle', { name: state.job.export || report.export }) }));
  if (state.job.seconds) card.appendChild(h('p', { class: 'note', text: t('audit.took', { seconds: state.job.seconds, attachments: state.job.attachments }) }));
  card.appendChild(h('div', { class: 'counts', id: 'audit-counts' },
    count('postings', summary.postings, ''), count('ok', summary.ok, 'ok'), count('failed', summary.failed, 'failed'),
    count('skipped', summary.skipped, 'skipped'),
    summary.malformedRows ? count('malformed', summary.malformedRows, 'failed') : null));
  const downloads = h('div', { class: 'downloads' }, h('span', { class: 'note', text: t('audit.download') }),
    ...[['json', 'JSON'], ['html', 'HTML'], ['junit', 'JUnit'], ['csv', t('audit.failedCSV')]].map(([format, label]) =>
      h('button', { type: 'button', class: 'secondary', 'data-format': format, text: label, onclick: () => download(format) })));
  card.appendChild(downloads);
  if ((report.unreadableRows || []).length) {
    card.appendChild(h('h3', { text: t('audit.unreadableRows') }));
    card.appendChild(findingList(report.unreadableRows));
  }

  const statusSelect = h('select', { id: 'filter-status' },
    ['all', 'failed', 'ok', 'skipped'].map((value) => h('option', { value, text: value === 'all' ? t('filter.all') : t('verdict.' + value) })));
  statusSelect.value = state.filter.status;
  const codes = Object.entries(summary.byCode || {}).sort((a, b) => b[1] - a[1]);
  const codeSelect = h('select', { id: 'filter-code' }, h('option', { value: 'all', text: t('filter.allCodes') }),
    codes.map(([code, n]) => h('option', { value: code, text: `${code} (${n})` })));
  codeSelect.value = state.filter.code;
  const search = h('input', { type: 'search', id: 'filter-search', value: state.filter.search, placeholder: '0100000001-0001-1' });
  const filters = h('div', { class: 'filters card', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'filter-status', text: t('filter.status') }), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-code', text: t('filter.code') }), codeSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-search', text: t('filter.search') }), search));
  area.appendChild(filters);
  const tableArea = h('div', { class: 'table-wrap' });
  area.appendChild(tableArea);
  const update = () => {
    state.filter = { status: statusSelect.value, code: codeSelect.value, search: search.value };
    state.shown = pageSize;
    drawTable(tableArea);
  };
  statusSelect.addEventListener('change', update);
  codeSelect.addEventListener('change', update);
  search.addEventListener('input', update);
  drawTable(tableArea);
}

function count(key, value, kind) {
  return h('div', { class: `count ${kind}`, 'data-count': key }, h('b', { text: String(value) }), t('count.' + key));
}

const order = { failed: 0, ok: 1, skipped: 2 };
// The export's order, kept within each verdict.
const position = new WeakMap();

function drawTable(area) {
  area.replaceChildren();
  const { status, code, search } = state.filter;
  const needle = search.trim().toLowerCase();
  state.report.postings.forEach((posting, index) => position.set(posting, index));
  const rows = state.report.postings
    .filter((posting) => status === 'all' || posting.status === status)
    .filter((posting) => code === 'all' || posting.findings.some((finding) => finding.code === code))
    .filter((posting) => !needle || posting.postingNumber.toLowerCase().includes(needle))
    .sort((a, b) => order[a.status] - order[b.status] || position.get(a) - position.get(b));
  area.appendChild(h('p', { class: 'note', id: 'audit-shown', text: t('audit.shown', { shown: Math.min(rows.length, state.shown), count: rows.length }) }));
  if (rows.length === 0) return;
  const body = h('tbody');
  for (const posting of rows.slice(0, state.shown)) {
    body.appendChild(h('tr', { 'data-posting': posting.postingNumber, 'data-status': posting.status },
      h('td', { class: 'number', text: posting.postingNumber }),
      h('td', {}, h('span', { class: `badge ${posting.status}`, text: t('verdict.' + posting.status) })),
      h('td', {}, posting.findings.length ? findingList(posting.findings) : '—')));
  }
  area.appendChild(h('table', { class: 'postings', id: 'audit-postings' },
    h('caption', { class: 'visually-hidden', text: t('audit.tableCaption') }),
    h('thead', {}, h('tr', {}, ['column.posting', 'column.verdict', 'column.findings'].map((key) =>
      h('th', { scope: 'col', text: t(key) })))), body));
  if (rows.length > state.shown) {
    area.appendChild(h('button', { type: 'button', class: 'secondary more', text: t('audit.showMore', { count: Math.min(pageSize, rows.length - state.shown) }),
      onclick: () => { state.shown += pageSize; drawTable(area); } }));
  }
}

async function download(format) {
  try {
    const response = await call(`/v1/audits/${encodeURIComponent(state.job.id)}/report?format=${format}`);
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || `audit.${format}`;
    save(await response.blob(), name);
  } catch (error) {
    announce(t('error.request', { message: error.message }));
  }
}
