// The load of the crash tests: chat pairs, support tickets and notifications, every write resent until acked, and
// the checks that compare what was acked with what the REST API has after the last restart.
//
// Resending is what a careful frontend does: a write whose ack does not come (the connection dropped, the ack timed
// out) or that is refused with a transient code (TIMEOUT, UNAVAILABLE, RATE_LIMITED) is sent again once the socket is
// connected again: a chat message with the same clientMessageId (idempotent by contract), a support message with the
// same clientMessageId (our addition, docs/PROTOCOL.md §7, idempotent the same way), a notification with the same
// idempotencyKey. So any second copy of a message counts as duplicated, resent or not.
import { io } from 'socket.io-client';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

import { sleep } from './stack.mjs';

export { sleep };

/** Calls `step` until `stopping()` says so, waiting about `paceMs` (half to one and a half times) after each. */
export async function paced(stopping, paceMs, step) {
  while (!stopping()) {
    await step();
    await sleep(paceMs * (0.5 + Math.random()));
  }
}
/** A fresh ObjectId-shaped id. */
export const newId = () => randomBytes(12).toString('hex');

/** Codes after which the same write is sent again (the log may or may not have it). */
const TRANSIENT = new Set(['TIMEOUT', 'UNAVAILABLE', 'RATE_LIMITED']);
/** How long one attempt waits for its ack; the server answers TIMEOUT after REPLY_TIMEOUT_MS (10 s) itself. */
const ACK_TIMEOUT_MS = 12_000;
/** A write not acked within this long (from its first attempt) is given up and counted as unacked. */
const GIVE_UP_MS = Number(process.env.CRASH_GIVE_UP_MS ?? 150_000);

/** A seeded random source (mulberry32), so a run's crash moments can be replayed with CRASH_SEED. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A socket that reconnects by itself (socket.io-client's reconnection) to the same URL after every restart. */
export function openSocket(stack, sub, role, { transports } = {}) {
  const socket = io(stack.socketUrl, {
    auth: { token: stack.token(sub, role, { name: `${role} ${sub.slice(-4)}` }) },
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    randomizationFactor: 0.3,
    timeout: 5000,
    ...(transports ? { transports } : {}),
  });
  socket.userId = sub;
  socket.connects = 0;
  socket.on('connect', () => { socket.connects++; });
  return socket;
}

/** Resolves once `socket` is connected; rejects after `timeoutMs`. */
export async function connected(socket, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (!socket.connected) {
    if (Date.now() > deadline) throw new Error(`socket of ${socket.userId} not connected within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * One attempt: emits only on a connected socket (never into socket.io-client's offline buffer, which would send it
 * again later behind our back) and resolves with the ack, or rejects when the connection drops or no ack comes.
 */
export function emitAck(socket, event, payload, timeoutMs = ACK_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    if (!socket.connected) { reject(new Error('not connected')); return; }
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      fn(value);
    };
    const onDisconnect = () => finish(reject, new Error('disconnected before the ack'));
    const timer = setTimeout(() => finish(reject, new Error(`no ack within ${timeoutMs} ms`)), timeoutMs);
    socket.on('disconnect', onDisconnect);
    socket.emit(event, payload, (ack) => finish(resolve, ack));
  });
}

/** One HTTP call; resolves with { status, body }, rejects on a network error or after `timeoutMs`. */
export async function http(stack, method, path, bearer, body, timeoutMs = 15_000) {
  const response = await fetch(stack.httpUrl + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: response.status, body: parsed };
}

/** Calls until `ok(response)`, retrying network errors and other answers, up to `timeoutMs`. */
export async function httpUntil(stack, method, path, bearer, body, ok = (r) => r.status < 300, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await http(stack, method, path, bearer, body);
      if (ok(last)) return last;
    } catch (err) {
      last = { error: err.message };
    }
    await sleep(250);
  }
  throw new Error(`${method} ${path} did not succeed within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/**
 * Delivers one write: attempts (via `attempt()`, which resolves with an ack object or rejects) until acked ok, resending
 * after a lost or transient answer. Returns { ok, ack, attempts, codes }; gives up after GIVE_UP_MS or on a refusal
 * (a non-transient code) seen 3 times.
 */
async function deliver(socket, attempt, record) {
  const started = Date.now();
  let refusals = 0;
  while (Date.now() - started < GIVE_UP_MS) {
    try {
      await connected(socket, Math.max(1, GIVE_UP_MS - (Date.now() - started)));
    } catch {
      break;
    }
    record.attempts++;
    let ack;
    try {
      ack = await attempt();
    } catch {
      record.lostAcks++;
      await sleep(100);
      continue;
    }
    if (ack?.ok === true) return ack;
    const code = ack?.error?.code ?? 'NO_CODE';
    record.codes[code] = (record.codes[code] ?? 0) + 1;
    if (!TRANSIENT.has(code) && ++refusals >= 3) {
      record.refused = code;
      return null;
    }
    await sleep(TRANSIENT.has(code) ? 200 : 500);
  }
  record.gaveUp = true;
  return null;
}

/** A client and a provider with their chat: the client sends in order, the provider listens in the chat room. */
export class ChatPair {
  constructor(stack, label, { transports } = {}) {
    this.stack = stack;
    this.label = label;
    this.transports = transports;
    this.clientId = newId();
    this.providerId = newId();
    this.messages = [];
    /** new-message _id → how many times the provider (in the chat room) received it */
    this.pushes = new Map();
    this.stopping = false;
  }

  async connect() {
    this.client = openSocket(this.stack, this.clientId, 'client', { transports: this.transports });
    this.provider = openSocket(this.stack, this.providerId, 'provider', { transports: this.transports });
    await Promise.all([connected(this.client, 60_000), connected(this.provider, 60_000)]);
  }

  async openChat() {
    const opened = await httpUntil(this.stack, 'POST', '/api/chats', this.stack.token(this.clientId, 'client'), { participantId: this.providerId });
    this.chatId = opened.body._id;
    // the provider is the receiver: in the chat room on every (re)connection
    this.provider.on('new-message', (message) => {
      if (message?.chat === this.chatId) this.pushes.set(message._id, (this.pushes.get(message._id) ?? 0) + 1);
    });
    this.provider.on('connect', () => this.joinRoom());
    await this.joinRoom();
  }

  async joinRoom() {
    for (let i = 0; i < 20 && this.provider.connected; i++) {
      try {
        if ((await emitAck(this.provider, 'join-chat', this.chatId, 5000))?.ok) return true;
      } catch { /* retried */ }
      await sleep(250);
    }
    return false;
  }

  /** Sends messages one after the other (each resent until acked) every `paceMs` until stop(); resolves when done. */
  start(paceMs, tag = '') {
    this.loop = paced(() => this.stopping, paceMs, () => this.send(tag));
    return this.loop;
  }

  /** Sends the next message, resending until acked (or given up). */
  async send(tag = '') {
    const seq = this.messages.length;
    const record = {
      seq, clientMessageId: `${this.label}-m${seq}`, content: `${this.label} message ${seq}${tag}`,
      attempts: 0, lostAcks: 0, codes: {}, acked: false, ackedId: null, refused: null, gaveUp: false,
    };
    this.messages.push(record);
    const payload = { chatId: this.chatId, content: record.content, messageType: 'text', clientMessageId: record.clientMessageId };
    const ack = await deliver(this.client, () => emitAck(this.client, 'send-message', payload), record);
    if (ack) {
      record.acked = true;
      record.ackedId = ack.message?._id ?? null;
      record.ackedAt = Date.now();
    }
    return record;
  }

  async stop() {
    this.stopping = true;
    await this.loop;
  }

  close() {
    this.client?.close();
    this.provider?.close();
  }
}

/** The provider of a pair owns a support ticket and posts to it (over its own socket) until stopped. */
export class SupportThread {
  constructor(stack, pair) {
    this.stack = stack;
    this.pair = pair;
    this.messages = [];
    this.stopping = false;
  }

  async open() {
    const opened = await httpUntil(this.stack, 'POST', '/api/support/tickets', this.stack.token(this.pair.providerId, 'provider'),
      { subject: `crash ${this.pair.label}`, message: `${this.pair.label} opening message` });
    this.ticketId = opened.body._id;
  }

  start(paceMs) {
    this.loop = paced(() => this.stopping, paceMs, () => this.send());
    return this.loop;
  }

  async send() {
    const socket = this.pair.provider;
    const seq = this.messages.length;
    const record = { seq, text: `${this.pair.label} support ${seq}`, clientMessageId: `${this.pair.label}-s${seq}`,
      attempts: 0, lostAcks: 0, codes: {}, acked: false, ackedId: null, refused: null, gaveUp: false };
    this.messages.push(record);
    // the same clientMessageId on every resend: a resend of a message already stored is answered with the original
    const payload = { ticketId: this.ticketId, content: record.text, clientMessageId: record.clientMessageId };
    const ack = await deliver(socket, () => emitAck(socket, 'support-message', payload), record);
    if (ack) {
      record.acked = true;
      record.ackedId = ack.message?._id ?? null;
    }
    return record;
  }

  async stop() {
    this.stopping = true;
    await this.loop;
  }
}

/** `workers` loops that POST notifications for `userIds` (round robin), each resent with its idempotencyKey until 2xx. */
export class NotificationFeed {
  constructor(stack, label, userIds, workers = 2) {
    this.stack = stack;
    this.label = label;
    this.userIds = userIds;
    this.workers = workers;
    this.service = stack.token(`crash-service-${label}`, 'service');
    this.sent = [];
    this.stopping = false;
  }

  start(paceMs) {
    this.loops = Promise.all(Array.from({ length: this.workers }, () => paced(() => this.stopping, paceMs, () => this.send())));
    return this.loops;
  }

  async send() {
    const k = this.sent.length;
    const key = `${this.label}-n${k}`;
    const record = { k, key, userId: this.userIds[k % this.userIds.length], attempts: 0, lostAcks: 0, codes: {}, acked: false, ackedId: null, status: null, refused: null, gaveUp: false };
    this.sent.push(record);
    const body = { userId: record.userId, type: 'crash-test', title: `notification ${k}`, message: key, data: { key, k }, idempotencyKey: key };
    const started = Date.now();
    let refusals = 0;
    while (Date.now() - started < GIVE_UP_MS) {
      record.attempts++;
      let response;
      try {
        response = await http(this.stack, 'POST', '/api/notifications', this.service, body);
      } catch {
        record.lostAcks++;
        await sleep(300);
        continue;
      }
      if (response.status === 200 || response.status === 201) {
        record.acked = true;
        record.status = response.status;
        record.ackedId = response.body?._id ?? null;
        return record;
      }
      const code = response.body?.error?.code ?? `HTTP_${response.status}`;
      record.codes[code] = (record.codes[code] ?? 0) + 1;
      if (response.status < 500 && response.status !== 429 && ++refusals >= 3) {
        record.refused = code;
        return record;
      }
      await sleep(300);
    }
    record.gaveUp = true;
    return record;
  }

  async stop() {
    this.stopping = true;
    await this.loops;
  }
}

/** Every page of a newest-first `{ [key]: [...], hasMore }` list, oldest first. */
export async function allPages(stack, path, bearer, key) {
  const items = [];
  let before = '';
  for (let page = 0; page < 10_000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const response = await httpUntil(stack, 'GET', `${path}${sep}limit=100${before ? `&before=${before}` : ''}`, bearer, undefined,
      (r) => r.status === 200, 60_000);
    const batch = response.body[key];
    items.push(...batch);
    if (!response.body.hasMore || batch.length === 0) break;
    before = batch.at(-1)._id;
  }
  return items.reverse();
}

/** The send counters every kind of write shares. */
function sendFigures(records) {
  return {
    sent: records.length,
    acked: records.filter((r) => r.acked).length,
    attempts: records.reduce((n, r) => n + r.attempts, 0),
    resent: records.filter((r) => r.attempts > 1).length,
    unacked: records.filter((r) => !r.acked).length,
    refused: records.filter((r) => r.refused).length,
    codes: summarizeCodes(records),
  };
}

/** The error codes of every refused attempt, e.g. "TIMEOUT:12,UNAVAILABLE:3" ("none" if none). */
function summarizeCodes(records) {
  const total = {};
  for (const r of records) for (const [code, n] of Object.entries(r.codes)) total[code] = (total[code] ?? 0) + n;
  return Object.entries(total).sort().map(([code, n]) => `${code}:${n}`).join(',') || 'none';
}

/**
 * Reads every pair's history over REST and compares it with the acks: each acked message exactly once, in send order.
 * Returns figures and `problems` (human-readable, the first few per kind).
 */
export async function checkChats(stack, pairs) {
  const records = pairs.flatMap((p) => p.messages);
  const figures = { ...sendFigures(records), stored: 0, lost: 0, duplicated: 0, extraCopies: 0, outOfOrderChats: 0, changedId: 0, unknown: 0, pushedTwice: 0 };
  const problems = [];
  for (const pair of pairs) {
    const history = await allPages(stack, `/api/chats/${pair.chatId}/messages`, stack.token(pair.clientId, 'client'), 'messages');
    const bySeq = new Map(pair.messages.map((m) => [m.clientMessageId, m]));
    const copies = new Map();
    const order = [];
    for (const message of history) {
      const record = bySeq.get(message.clientMessageId);
      if (!record) {
        figures.unknown++;
        if (figures.unknown <= 5) problems.push(`chat ${pair.label}: a message the test did not send: ${JSON.stringify(message).slice(0, 200)}`);
        continue;
      }
      const seen = copies.get(record.clientMessageId) ?? [];
      if (seen.length === 0) order.push(record.seq);
      seen.push(message);
      copies.set(record.clientMessageId, seen);
    }
    for (const record of pair.messages.filter((m) => m.acked)) {
      const stored = copies.get(record.clientMessageId) ?? [];
      if (stored.length === 0) {
        figures.lost++;
        if (figures.lost <= 10) problems.push(`lost: chat ${pair.label} message ${record.seq} (${record.clientMessageId}, acked as ${record.ackedId} after ${record.attempts} attempt(s))`);
        continue;
      }
      figures.stored++;
      if (stored.length > 1) {
        figures.duplicated++;
        figures.extraCopies += stored.length - 1;
        if (figures.duplicated <= 10) problems.push(`duplicated: chat ${pair.label} message ${record.seq} stored ${stored.length} times (${stored.map((m) => m._id).join(', ')})`);
      }
      if (record.ackedId && stored[0]._id !== record.ackedId) {
        figures.changedId++;
        if (figures.changedId <= 5) problems.push(`changed id: chat ${pair.label} message ${record.seq} acked as ${record.ackedId}, stored as ${stored[0]._id}`);
      }
    }
    const outOfOrderAt = order.findIndex((seq, i) => i > 0 && seq < order[i - 1]);
    if (outOfOrderAt > 0) {
      figures.outOfOrderChats++;
      if (figures.outOfOrderChats <= 5) problems.push(`out of order: chat ${pair.label} history has message ${order[outOfOrderAt]} after ${order[outOfOrderAt - 1]}`);
    }
    figures.pushedTwice += [...pair.pushes.values()].filter((n) => n > 1).length;
  }
  return { figures, problems };
}

/** Every acked support message exactly once in its ticket's history, under the id its ack gave (resends included). */
export async function checkSupport(stack, threads) {
  const records = threads.flatMap((t) => t.messages);
  const figures = { ...sendFigures(records), stored: 0, lost: 0, duplicated: 0, extraCopies: 0, changedId: 0, outOfOrderTickets: 0, unknown: 0 };
  const problems = [];
  for (const thread of threads) {
    const history = await allPages(stack, `/api/support/tickets/${thread.ticketId}/messages`, stack.token(thread.pair.providerId, 'provider'), 'messages');
    const byText = new Map(thread.messages.map((m) => [m.text, m]));
    const copies = new Map();
    const order = [];
    for (const message of history) {
      const text = message.content?.text;
      if (text === `${thread.pair.label} opening message`) continue;
      const record = byText.get(text);
      if (!record) {
        figures.unknown++;
        if (figures.unknown <= 5) problems.push(`ticket ${thread.pair.label}: a message the test did not send: ${JSON.stringify(message).slice(0, 200)}`);
        continue;
      }
      const seen = copies.get(text) ?? [];
      if (seen.length === 0) order.push(record.seq);
      seen.push(message);
      copies.set(text, seen);
    }
    for (const record of thread.messages.filter((m) => m.acked)) {
      const stored = copies.get(record.text) ?? [];
      const n = stored.length;
      if (n === 0) {
        figures.lost++;
        if (figures.lost <= 10) problems.push(`lost: support ${thread.pair.label} message ${record.seq} (acked as ${record.ackedId} after ${record.attempts} attempt(s))`);
        continue;
      }
      figures.stored++;
      if (n > 1) {
        figures.duplicated++;
        figures.extraCopies += n - 1;
        if (figures.duplicated <= 10) problems.push(`duplicated: support ${thread.pair.label} message ${record.seq} (${record.clientMessageId}, `
          + `${record.attempts} attempt(s)) stored ${n} times (${stored.map((m) => m._id).join(', ')})`);
      }
      if (record.ackedId && !stored.some((m) => m._id === record.ackedId)) {
        figures.changedId++;
        if (figures.changedId <= 5) problems.push(`changed id: support ${thread.pair.label} message ${record.seq} acked as ${record.ackedId}, stored as ${stored[0]._id}`);
      }
    }
    if (order.some((seq, i) => i > 0 && seq < order[i - 1])) {
      figures.outOfOrderTickets++;
      if (figures.outOfOrderTickets <= 5) problems.push(`out of order: ticket ${thread.pair.label}`);
    }
  }
  return { figures, problems };
}

/** Every acked notification exactly once in its user's GET /api/notifications. */
export async function checkNotifications(stack, feed) {
  const figures = { ...sendFigures(feed.sent), stored: 0, lost: 0, duplicated: 0, changedId: 0, answered200: 0, unknown: 0 };
  const problems = [];
  const byKey = new Map(feed.sent.map((r) => [r.key, r]));
  const copies = new Map();
  for (const userId of feed.userIds) {
    const list = await allPages(stack, '/api/notifications', stack.token(userId, 'client'), 'notifications');
    for (const notification of list) {
      const key = notification.data?.key;
      if (!byKey.has(key)) {
        figures.unknown++;
        if (figures.unknown <= 5) problems.push(`a notification the test did not send: ${JSON.stringify(notification).slice(0, 200)}`);
        continue;
      }
      copies.set(key, [...(copies.get(key) ?? []), notification]);
    }
  }
  for (const record of feed.sent.filter((r) => r.acked)) {
    if (record.status === 200) figures.answered200++;
    const stored = copies.get(record.key) ?? [];
    if (stored.length === 0) {
      figures.lost++;
      if (figures.lost <= 10) problems.push(`lost: notification ${record.key} (answered ${record.status} as ${record.ackedId} after ${record.attempts} attempt(s))`);
      continue;
    }
    figures.stored++;
    if (stored.length > 1) {
      figures.duplicated++;
      if (figures.duplicated <= 10) problems.push(`duplicated: notification ${record.key} stored ${stored.length} times`);
    }
    if (record.ackedId && stored[0]._id !== record.ackedId) figures.changedId++;
  }
  return { figures, problems };
}

/** Prints a figures line (and appends it to CRASH_FIGURES_FILE if set). */
export function report(line) {
  console.log(line);
  if (process.env.CRASH_FIGURES_FILE) fs.appendFileSync(process.env.CRASH_FIGURES_FILE, `${line}\n`);
}

/** Polls `condition` (sync or async) every 100 ms until it gives a truthy value, which it returns; throws `message` after `timeoutMs`. */
export async function waitUntil(condition, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(message);
    await sleep(100);
  }
}

/** Polls `check` until two consecutive results agree (the projector has caught up), at most `timeoutMs`. */
export async function settled(check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let previous = await check();
  while (Date.now() < deadline) {
    await sleep(1000);
    const current = await check();
    if (JSON.stringify(current.figures) === JSON.stringify(previous.figures)) return current;
    previous = current;
  }
  return previous;
}
