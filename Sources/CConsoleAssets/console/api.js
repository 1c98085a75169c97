// The API of the same server, with the tab's bearer token. The token lives in this tab's
// sessionStorage only: never a cookie (no request carries it unasked), never the URL (no log,
// history or Referer holds it).
import { currentLanguage } from './i18n.js';

const tokenKey = 'faktura.token';

export function token() {
  return sessionStorage.getItem(tokenKey);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(tokenKey, value);
  else sessionStorage.removeItem(tokenKey);
}

/** An answer that is not 2xx: the API's `{"error": {"code", "message"}}`, or the status alone. */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const all = { 'Accept-Language': currentLanguage(), ...extra };
  const bearer = token();
  if (bearer) all.Authorization = `Bearer ${bearer}`;
  return all;
}

async function failure(response) {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body?.error) ({ code, message } = body.error);
  } catch { /* not the API's JSON */ }
  if (response.status === 401) window.dispatchEvent(new CustomEvent('faktura-unauthorized'));
  return new APIError(response.status, code, message);
}

/**
 * A request; `accept` lists the statuses that are answers rather than failures (422 carries a
 * report). Returns the Response.
 */
export async function call(path, { method = 'GET', body, type, accept = [] } = {}) {
  const extra = type ? { 'Content-Type': type } : {};
  const response = await fetch(path, { method, body, headers: headers(extra), credentials: 'omit', cache: 'no-store' });
  if (!response.ok && !accept.includes(response.status)) throw await failure(response);
  return response;
}

export async function json(path, options) {
  const response = await call(path, options);
  return { status: response.status, body: await response.json() };
}

/** A form upload with progress (`onProgress(sent, total)`); resolves with {status, body}. */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.total));
    request.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch { /* not JSON */ }
      if (request.status >= 200 && request.status < 300) return resolve({ status: request.status, body });
      if (request.status === 401) window.dispatchEvent(new CustomEvent('faktura-unauthorized'));
      const error = body?.error ?? { code: 'http_' + request.status, message: `${request.status} ${request.statusText}` };
      reject(new APIError(request.status, error.code, error.message));
    });
    request.addEventListener('error', () => reject(new APIError(0, 'network', 'network')));
    request.send(form);
  });
}
