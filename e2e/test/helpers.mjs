import { io } from 'socket.io-client';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';

export const SOCKET_URL = process.env.SOCKET_URL;
export const HTTP_URL = process.env.HTTP_URL;
const SECRET = process.env.JWT_SECRET;

/** A fresh ObjectId-shaped user id. */
export const userId = () => randomBytes(12).toString('hex');

/** A signed token; pass `role: null` to leave the role claim out. */
export function token({ sub, role = 'client', name, picture, expiresIn = '1h', secret = SECRET, ...extra }) {
  const claims = { ...extra };
  if (sub !== undefined) claims.sub = sub;
  if (role !== null) claims.role = role;
  if (name !== undefined) claims.name = name;
  if (picture !== undefined) claims.picture = picture;
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
}

const opened = new Set();

/**
 * Opens a socket (default transports: polling, then upgrade) to `url` (the stack's by default) and resolves once
 * connected; rejects with the connect_error.
 */
export function connect({ url = SOCKET_URL, ...options } = {}) {
  const socket = io(url, { reconnection: false, forceNew: true, ...options });
  opened.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

/** Connects as a fresh (or given) user with a valid token, to `url` if given. */
export async function connectAs(role = 'client', sub = userId(), { url } = {}) {
  const socket = await connect({ url, auth: { token: token({ sub, role }) } });
  socket.userId = sub;
  return socket;
}

export function closeAll() {
  for (const socket of opened) socket.close();
  opened.clear();
}

/** Resolves with the next payload of `event`, or rejects after `timeoutMs`. */
export function waitFor(socket, event, timeoutMs = 5000, predicate = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, listener); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Resolves true if `event` arrives within `ms` (matching `predicate`), else false. */
export async function arrives(socket, event, ms, predicate = () => true) {
  try { await waitFor(socket, event, ms, predicate); return true; } catch { return false; }
}

/** Emits with an ack callback; rejects if the server gives no ack within `timeoutMs`. */
export function emitWithAck(socket, event, ...args) {
  return socket.timeout(10_000).emitWithAck(event, ...args);
}

/** A REST call to the stack's HTTP_URL, or to `base`. */
export async function fetchJson(path, bearer, init = {}, base = HTTP_URL) {
  const headers = { 'content-type': 'application/json', ...(init.headers || {}) };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(base + path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls `check` until it returns truthy, or fails after `timeoutMs`. */
export async function eventually(check, timeoutMs = 10_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

export const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
