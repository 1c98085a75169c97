// Building the page from data. Every text, above all what came from an upload (a file name, a
// posting number, a PDF's words in a finding), goes in as a text node or an attribute value:
// this file never parses HTML, and nothing in the console does (ConsoleAssetTests checks).

/** An element: h('td', {class: 'number'}, text, child, [more children]). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.appendChild(child);
    else element.appendChild(document.createTextNode(String(child)));
  }
}

/** Saves bytes the page holds as a file the browser downloads. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Tells a screen reader what changed. */
export function announce(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

let nextID = 0;
/** A fresh id for a label's `for`. */
export function uid(stem) {
  nextID += 1;
  return `${stem}-${nextID}`;
}

/**
 * A drop zone with a file picker (and a folder picker when `folders`): `onFiles` gets
 * [{file, path}], `path` the file's place inside a dropped or chosen folder.
 */
export function dropZone({ title, hint, pickFiles, pickFolder, accept, onFiles, folders = true }) {
  const fileInput = h('input', { type: 'file', multiple: true, accept });
  const folderInput = folders ? h('input', { type: 'file', webkitdirectory: true }) : null;
  const zone = h('div', { class: 'drop', 'data-drop': '' },
    h('strong', { text: title }),
    h('span', { class: 'note', text: hint }),
    h('div', { class: 'pick' },
      h('label', {}, pickFiles, fileInput),
      folderInput ? h('label', {}, pickFolder, folderInput) : null));
  fileInput.addEventListener('change', () => {
    onFiles([...fileInput.files].map((file) => ({ file, path: file.name })));
    fileInput.value = '';
  });
  folderInput?.addEventListener('change', () => {
    onFiles([...folderInput.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
    folderInput.value = '';
  });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const entries = [...(event.dataTransfer.items || [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
    if (entries.length === 0) {
      onFiles([...event.dataTransfer.files].map((file) => ({ file, path: file.name })));
      return;
    }
    const found = [];
    for (const entry of entries) await walk(entry, found);
    onFiles(found);
  });
  return zone;
}

async function walk(entry, found) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    found.push({ file, path: entry.fullPath.replace(/^\//, '') });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, found);
    }
  }
}
