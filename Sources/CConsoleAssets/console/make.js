// Make an invoice: the invoice as JSON (dropped, chosen or typed) → POST /v1/render → the PDF
// shown in the page and saved; either built-in template.
import { h, save, announce, dropZone } from './dom.js';
import { t } from './i18n.js';
import { call, json } from './api.js';
import { findingList, loadCodes } from './findings.js';

const state = { text: '', name: 'invoice', template: '', pdf: null, findings: null, error: null, form: null, rates: [] };

const today = () => new Date().toISOString().slice(0, 10);

function blankForm() {
  return {
    number: '', date: today(), currency: 'RUB', posting: '',
    seller: { name: '', country: 'CN', taxId: '', address: '' },
    buyer: { name: '', inn: '', kpp: '', address: '' },
    lines: [{ name: '', hsCode: '', quantity: '1', price: '', vatRate: '', originCountry: 'CN' }],
  };
}

export function render(main) {
  main.appendChild(h('h1', { text: t('make.title') }));
  main.appendChild(h('p', { class: 'lead', text: t('make.lead') }));
  if (!state.form) state.form = blankForm();
  const result = h('div', { id: 'make-result', 'aria-live': 'polite' });
  const template = h('select', { id: 'make-template' },
    h('option', { value: '', text: t('make.templateAuto') }),
    h('option', { value: 'commercial-invoice', text: 'commercial-invoice' }),
    h('option', { value: 'ru-schet-faktura', text: 'ru-schet-faktura' }));
  template.value = state.template;
  template.addEventListener('change', () => { state.template = template.value; });
  main.appendChild(h('div', { class: 'card' }, h('div', { class: 'field' }, h('label', { for: 'make-template', text: t('make.template') }), template)));
  main.appendChild(invoiceForm(result));
  const editor = h('textarea', { id: 'make-json', rows: 14, spellcheck: 'false', value: state.text });
  const zone = dropZone({
    title: t('make.drop'), hint: t('make.dropHint'), pickFiles: t('drop.pickFiles'), folders: false, accept: '.json,.xml',
    onFiles: async (found) => {
      if (!found.length) return;
      state.text = await found[0].file.text();
      state.name = found[0].file.name.replace(/\.[^.]+$/, '') || 'invoice';
      editor.value = state.text;
    },
  });
  zone.querySelector('input[type="file"]').id = 'make-file';
  const renderButton = h('button', { type: 'button', id: 'make-render', text: t('make.render') });
  renderButton.addEventListener('click', async () => {
    state.text = editor.value;
    await make(result);
  });
  main.append(h('h2', { text: t('make.fromJSON') }), h('section', { class: 'card' }, zone,
    h('div', { class: 'field' }, h('label', { for: 'make-json', text: t('make.json') }), editor),
    renderButton), result);
  draw(result);
}

async function make(result) {
  state.pdf = null;
  state.findings = null;
  state.error = null;
  draw(result);
  const query = state.template ? `?template=${encodeURIComponent(state.template)}` : '';
  const type = state.text.trimStart().startsWith('<') ? 'application/xml' : 'application/json';
  try {
    const response = await call(`/v1/render${query}`, { method: 'POST', body: state.text, type, accept: [422] });
    if (response.status === 422) {
      await loadCodes();
      state.findings = (await response.json()).documents[0].findings;
    } else {
      state.pdf = await response.blob();
      announce(t('make.ready'));
    }
  } catch (error) {
    state.error = t('error.request', { message: error.message });
  }
  draw(result);
}

function draw(result) {
  result.replaceChildren();
  if (state.error) result.appendChild(h('p', { class: 'error', role: 'alert', text: state.error }));
  if (state.findings) {
    result.appendChild(h('section', { class: 'card' }, h('h2', { text: t('make.unreadable') }), findingList(state.findings)));
  }
  if (state.pdf) {
    const url = URL.createObjectURL(state.pdf);
    const saveButton = h('button', { type: 'button', id: 'make-save', text: t('make.save') });
    saveButton.addEventListener('click', () => save(state.pdf, `${state.name}.pdf`));
    result.appendChild(h('section', { class: 'card' }, h('div', { class: 'row' }, h('h2', { text: t('make.pdf') }), saveButton),
      h('iframe', { class: 'pdf-view', id: 'make-pdf', src: url, title: t('make.pdf') })));
  }
}

/** A text field bound to `object[key]`; `check(value, note)` runs (debounced) as it is typed. */
function field(id, label, object, key, { type = 'text', check, required = false, hint } = {}) {
  const input = h('input', { type, id, value: object[key], required, autocomplete: type === 'text' ? 'off' : null });
  const note = h('div', { class: 'check', id: `${id}-check`, 'aria-live': 'polite' });
  let timer = null;
  input.addEventListener('input', () => {
    object[key] = input.value;
    if (!check) return;
    clearTimeout(timer);
    timer = setTimeout(() => check(input.value.trim(), note), 250);
  });
  if (check && object[key]) check(object[key], note);
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), input, hint ? h('small', { text: hint }) : null, note);
}

function say(note, good, text) {
  note.className = `check ${good ? 'good' : 'bad'}`;
  note.textContent = text;
}

/** The live tax-id check: the schemes the value is valid under, or why it is not. */
function taxIdCheck(scheme, onScheme) {
  return async (value, note) => {
    if (!value) return say(note, true, '');
    try {
      const query = scheme ? `&scheme=${encodeURIComponent(scheme)}` : '';
      const { body } = await json(`/v1/identifiers?value=${encodeURIComponent(value)}${query}`);
      const valid = body.find((c) => c.valid);
      if (valid) {
        onScheme?.(valid.scheme);
        say(note, true, t('make.idValid', { scheme: valid.scheme, value: valid.formatted }));
      } else {
        onScheme?.(null);
        const first = body[0];
        say(note, false, first ? `${first.scheme ?? ''} ${first.message ?? ''}`.trim() : t('make.idUnknown'));
      }
    } catch (error) {
      say(note, false, error.message);
    }
  };
}

async function hsCheck(value, note) {
  if (!value) return say(note, true, '');
  try {
    const { body } = await json(`/v1/hs-codes/${encodeURIComponent(value)}`);
    say(note, body.valid, body.valid ? t('make.hsValid', { code: body.code, chapter: body.chapter }) : body.message);
  } catch (error) {
    say(note, false, error.message);
  }
}

/** The highest plain percentage in force (the standard rate), offered first. */
function standardRate() {
  const percentages = state.rates.filter((rate) => /^\d+%$/.test(rate));
  return percentages.sort((a, b) => parseInt(b, 10) - parseInt(a, 10))[0] || state.rates[0] || '';
}

async function loadRates(date) {
  try {
    const { body } = await json(`/v1/vat-rates?date=${encodeURIComponent(date)}`);
    state.rates = body.rates;
  } catch {
    state.rates = [];
  }
}

function invoiceForm(result) {
  const form = state.form;
  let sellerScheme = null;
  const linesArea = h('div', { class: 'table-wrap' });
  const section = h('form', { class: 'card', id: 'make-form', novalidate: true },
    h('h2', { text: t('make.form') }),
    h('div', { class: 'row' },
      field('make-number', t('make.number'), form, 'number', { required: true }),
      field('make-date', t('make.date'), form, 'date', { type: 'date', required: true,
        check: async (value) => { await loadRates(value); drawLines(); } }),
      field('make-currency', t('make.currency'), form, 'currency', { required: true }),
      field('make-posting', t('make.posting'), form, 'posting')),
    h('fieldset', {}, h('legend', { text: t('make.seller') }),
      h('div', { class: 'row' },
        field('make-seller-name', t('make.name'), form.seller, 'name', { required: true }),
        field('make-seller-country', t('make.country'), form.seller, 'country', { required: true }),
        field('make-seller-tax-id', t('make.taxId'), form.seller, 'taxId', { check: taxIdCheck(null, (scheme) => { sellerScheme = scheme; }) })),
      field('make-seller-address', t('make.address'), form.seller, 'address')),
    h('fieldset', {}, h('legend', { text: t('make.buyer') }),
      h('div', { class: 'row' },
        field('make-buyer-name', t('make.name'), form.buyer, 'name', { required: true }),
        field('make-buyer-inn', t('make.inn'), form.buyer, 'inn', { check: taxIdCheck('ru-inn') }),
        field('make-buyer-kpp', t('make.kpp'), form.buyer, 'kpp', { check: taxIdCheck('ru-kpp') })),
      field('make-buyer-address', t('make.address'), form.buyer, 'address')),
    h('h3', { text: t('make.lines') }), linesArea,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'secondary', id: 'make-add-line', text: t('make.addLine'),
        onclick: () => { form.lines.push({ name: '', hsCode: '', quantity: '1', price: '', vatRate: standardRate(), originCountry: form.seller.country }); drawLines(); } }),
      h('button', { type: 'submit', id: 'make-form-render', text: t('make.render') })));

  function drawLines() {
    linesArea.replaceChildren(h('table', { class: 'lines' },
      h('thead', {}, h('tr', {}, ['make.lineName', 'make.hsCode', 'make.quantity', 'make.price', 'make.vatRate', 'make.origin', 'make.remove']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      h('tbody', {}, form.lines.map((line, index) => {
        const id = (name) => `make-line-${index}-${name}`;
        const cell = (name, key, options = {}) => {
          const built = field(id(name), t(options.label), line, key, options);
          built.querySelector('label').className = 'visually-hidden';
          return h('td', {}, built);
        };
        const rate = h('select', { id: id('vat') }, [...new Set([...state.rates, line.vatRate].filter(Boolean))].map((value) => h('option', { value, text: value })));
        if (!line.vatRate && state.rates.length) line.vatRate = standardRate();
        rate.value = line.vatRate;
        rate.addEventListener('change', () => { line.vatRate = rate.value; });
        return h('tr', {},
          cell('name', 'name', { label: 'make.lineName' }),
          cell('hs', 'hsCode', { label: 'make.hsCode', check: hsCheck }),
          cell('quantity', 'quantity', { label: 'make.quantity' }),
          cell('price', 'price', { label: 'make.price' }),
          h('td', {}, h('label', { for: id('vat'), class: 'visually-hidden', text: t('make.vatRate') }), rate),
          cell('origin', 'originCountry', { label: 'make.origin' }),
          h('td', {}, h('button', { type: 'button', class: 'secondary', text: '×', 'aria-label': t('make.removeLine', { number: index + 1 }),
            disabled: form.lines.length === 1, onclick: () => { form.lines.splice(index, 1); drawLines(); } })));
      }))));
  }

  section.addEventListener('submit', async (event) => {
    event.preventDefault();
    const taxIds = [];
    if (form.seller.taxId.trim()) taxIds.push({ scheme: sellerScheme || 'cn-uscc', value: form.seller.taxId.trim() });
    const buyerIds = [];
    if (form.buyer.inn.trim()) buyerIds.push({ scheme: 'ru-inn', value: form.buyer.inn.trim() });
    if (form.buyer.kpp.trim()) buyerIds.push({ scheme: 'ru-kpp', value: form.buyer.kpp.trim() });
    const invoice = {
      number: form.number.trim(), date: form.date, currency: form.currency.trim().toUpperCase(), jurisdiction: 'RU', pricesIncludeVat: true,
      seller: { name: form.seller.name.trim(), country: form.seller.country.trim().toUpperCase(), taxIds, address: form.seller.address.trim() },
      buyer: { name: form.buyer.name.trim(), country: 'RU', taxIds: buyerIds, address: form.buyer.address.trim() },
      lines: form.lines.map((line) => ({
        name: line.name.trim(), hsCode: line.hsCode.trim(), unit: { code: '796', name: 'шт' },
        quantity: line.quantity.trim(), price: line.price.trim(), vatRate: line.vatRate, originCountry: line.originCountry.trim().toUpperCase(),
      })),
    };
    if (form.posting.trim()) invoice.order = { marketplace: 'ozon', postingNumber: form.posting.trim() };
    state.text = JSON.stringify(invoice, null, 2);
    state.name = form.number.trim().replace(/[^\p{L}\p{N}-]/gu, '') || 'invoice';
    await make(result);
    const editor = document.getElementById('make-json');
    if (editor) editor.value = state.text;
  });
  loadRates(form.date).then(drawLines);
  drawLines();
  return section;
}
