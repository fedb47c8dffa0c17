// Shared by the recovery tests (Socket.IO v4 connection state recovery with the official client): recoverable
// sockets that record every event with all its arguments, dropped transports, extra gateway processes, and the check
// that every missed room packet came once, in order, before live ones.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { SOCKET_URL, connectAs, token, closeAll, emitWithAck, fetchJson, eventually, userId } from './helpers.mjs';

const gatewayJar = fileURLToPath(new URL('../../gateway/target/switchboard-gateway.jar', import.meta.url));
const service = token({ sub: 'recovery-service', role: 'service' });
export const post = (path, bearer, body) => fetchJson(path, bearer, { method: 'POST', body: JSON.stringify(body) });
const recoverable = new Set();
/** The second gateway's recovery window: short, so that "beyond the window" takes seconds. */
export const SECOND_WINDOW_MS = 6_000;

export function closeRecoverable() {
  for (const socket of recoverable) socket.close();
  recoverable.clear();
  closeAll();
}

/** Sockets made by the tests themselves, closed with the others. */
export function track(socket) {
  recoverable.add(socket);
  return socket;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something listens on the loopback port (the Socket.IO server starts after REST answers /health). */
function accepts(port) {
  return new Promise((resolve) => {
    const probe = net.connect(port, '127.0.0.1');
    probe.once('connect', () => { probe.destroy(); resolve(true); });
    probe.once('error', () => resolve(false));
  });
}

/** Another gateway process joined to the running stack's broker and store (as an operator would add one). */
export async function startSecondGateway({ id = 'e2e-gateway-2', window = `${SECOND_WINDOW_MS}ms` } = {}) {
  const [socketPort, httpPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    SOCKET_PORT: String(socketPort), HTTP_PORT: String(httpPort), GATEWAY_ID: id,
    KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${process.env.KAFKA_PORT}`, MONGODB_URI: `mongodb://127.0.0.1:${process.env.MONGO_PORT}`,
    RECOVERY_WINDOW: window,
  };
  const output = [];
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-Xmx512m', '-jar', gatewayJar], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killOnExit = () => child.kill('SIGKILL'); // also when the runner ends this process early (a timeout)
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${socketPort}`;
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`second gateway exited: ${Buffer.concat(output).toString().slice(-3000)}`);
      try { return (await fetch(`http://127.0.0.1:${httpPort}/health`)).ok && await accepts(socketPort); } catch { return false; }
    }, 120_000, 250);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    kill: async () => { child.kill('SIGKILL'); await exited; },
    stop: async () => { child.kill('SIGTERM'); await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]); child.kill('SIGKILL'); },
    log: () => Buffer.concat(output).toString(),
  };
}

/** A socket that reconnects by itself (as frontends do), recording every event with all its arguments. */
/** `tokenIn: 'query'` puts the token in the handshake query instead of `auth` (the first CONNECT then has no data). */
export function recoverableSocket(sub, role, { transports = ['websocket'], url = SOCKET_URL, tokenIn = 'auth' } = {}) {
  const credentials = tokenIn === 'query' ? { query: { token: token({ sub, role }) } } : { auth: { token: token({ sub, role }) } };
  const socket = io(url, {
    ...credentials, transports, forceNew: true,
    reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200, randomizationFactor: 0,
  });
  socket.userId = sub;
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, payload: args[0], offset: args.at(-1), argc: args.length }));
  recoverable.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Drops the transport (as a network change does); the client's own reconnection comes back after `awayMs`, to `url`
 * and with `auth` if given. `back` resolves with the outcome of that reconnection.
 */
export function drop(socket, awayMs, { url, auth } = {}) {
  const manager = socket.io;
  manager.reconnectionDelay(awayMs);
  manager.reconnectionDelayMax(awayMs);
  if (url) manager.uri = url;
  if (auth) socket.auth = auth;
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  const back = new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true }));
    socket.once('connect_error', (error) => resolve({ connected: false, error }));
  });
  manager.engine.close();
  return { gone, back };
}

/** A client and a recoverable provider in a chat, the provider in the chat and its notifications, with one live message each way. */
export async function chatWithRecoverableProvider(options) {
  const provider = await recoverableSocket(userId(), 'provider', options);
  const client = await connectAs('client');
  const opened = await eventually(async () => {
    const response = await post('/api/chats', token({ sub: client.userId, role: 'client' }), { participantId: provider.userId });
    return response.status < 300 && response;
  });
  const chatId = opened.body._id;
  assert.equal((await emitWithAck(provider, 'join-chat', chatId)).ok, true);
  assert.equal((await emitWithAck(client, 'join-chat', chatId)).ok, true);
  assert.equal((await emitWithAck(provider, 'join-notifications', provider.userId)).ok, true);
  const fromProvider = await emitWithAck(provider, 'send-message', { chatId, content: 'before the drop (provider)' });
  assert.equal(fromProvider.ok, true);
  await emitWithAck(client, 'send-message', { chatId, content: 'before the drop (client)' });
  // both packets of that message (the chat room's and the personal room's) are in, so the offset is past it
  await eventually(() => provider.received.some((r) => r.event === 'message-notification' && r.payload.message.content === 'before the drop (client)')
    && provider.received.some((r) => r.event === 'new-message' && r.payload.content === 'before the drop (client)'));
  return { provider, client, chatId };
}

/** While the provider is away: messages, typing, a read receipt and a notification; returns what it should get, in order. */
export async function meanwhile({ provider, client, chatId }) {
  const expected = [];
  for (let i = 1; i <= 5; i++) {
    const ack = await emitWithAck(client, 'send-message', { chatId, content: `missed ${i}` });
    assert.equal(ack.ok, true);
    expected.push(['new-message', ack.message._id], ['message-notification', ack.message._id]);
  }
  assert.equal((await emitWithAck(client, 'typing-start', { chatId })).ok, true);
  expected.push(['user-typing', 'true']);
  assert.equal((await emitWithAck(client, 'typing-stop', { chatId })).ok, true);
  expected.push(['user-typing', 'false']);
  assert.equal((await emitWithAck(client, 'mark-messages-read', { chatId })).ok, true);
  expected.push(['messages-read', client.userId]);
  const created = await post('/api/notifications', service, { userId: provider.userId, type: 'payment', title: 'Paid', message: 'while away', data: {} });
  assert.equal(created.status, 201);
  expected.push(['new-notification', created.body._id]);
  return expected;
}

const TRACKED = new Set(['new-message', 'message-notification', 'user-typing', 'messages-read', 'new-notification']);
function key({ event, payload }) {
  switch (event) {
    case 'new-message': return [event, payload._id];
    case 'message-notification': return [event, payload.message._id];
    case 'user-typing': return [event, String(payload.isTyping)];
    case 'messages-read': return [event, payload.userId];
    case 'new-notification': return [event, payload._id];
    default: return [event];
  }
}

/** Waits for the live message after the replay and checks everything that came since the reconnect. */
export async function assertRecovered(provider, client, chatId, since, expected) {
  const live = await emitWithAck(client, 'send-message', { chatId, content: 'live after the recovery' });
  await eventually(() => provider.received.some((r) => r.event === 'new-message' && r.payload._id === live.message._id), 15_000);
  // a moment for anything sent twice to show up
  await new Promise((r) => setTimeout(r, 500));
  const after = provider.received.slice(since);
  const tracked = after.filter((r) => TRACKED.has(r.event)).map(key);
  assert.deepEqual(tracked, [...expected, ['new-message', live.message._id], ['message-notification', live.message._id]],
    'every missed room packet once, in order, then the live ones');
  for (const r of after) {
    assert.equal(typeof r.offset, 'string', `${r.event} carries an offset as its last argument`);
    assert.equal(r.argc, 2, `${r.event}: the payload, then the offset`);
  }
  const packets = after.map((r) => JSON.stringify([r.event, r.payload]));
  assert.equal(new Set(packets).size, packets.length, 'no packet twice');
  const before = new Set(provider.received.slice(0, since).filter((r) => TRACKED.has(r.event)).map((r) => JSON.stringify(key(r))));
  assert.deepEqual(tracked.filter((k) => before.has(JSON.stringify(k))), [], 'nothing it had before the drop');
}

/**
 * A TCP proxy to the gateway whose `networkChange()` does what a phone moving from Wi-Fi to cellular does to the server:
 * the client's side of every open connection goes at once, the server's side stays open and silent. `serverSideClosed`
 * tells when the server closed the left-behind connections itself.
 */
export async function halfOpeningProxy(targetPort) {
  const pairs = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, ghost: false };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => { if (!pair.ghost) upstream.destroy(); });
    upstream.on('close', () => { if (!pair.ghost) client.destroy(); pair.closed?.(); });
    upstream.on('end', () => pair.closed?.()); // the server's FIN: it closed the connection
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  recoverable.add({ close: () => { server.close(); for (const p of pairs) { p.client.destroy(); p.upstream.destroy(); } } });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    networkChange() {
      const left = [...pairs].filter((p) => !p.client.destroyed);
      for (const p of left) {
        p.ghost = true;
        p.upstream.unpipe(p.client);
        p.client.unpipe(p.upstream);
        p.upstream.on('data', () => {});
        p.upstream.resume(); // unpiped, it stays paused and would never see the server's FIN
        p.client.destroy();
      }
      return { serverSideClosed: Promise.all(left.map((p) => new Promise((resolve) => { p.closed = resolve; if (p.upstream.destroyed || p.upstream.readableEnded) resolve(); }))) };
    },
  };
}

