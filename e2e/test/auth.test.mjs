import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { connect, token, userId, closeAll, SOCKET_URL } from './helpers.mjs';

after(closeAll);

async function refusal(options) {
  await assert.rejects(connect(options), (err) => {
    assert.equal(err.message, 'unauthorized');
    return true;
  });
}

test('refuses a client that sends no token at all', () => refusal({}));
test('refuses a websocket-only client without token', () => refusal({ transports: ['websocket'] }));
test('refuses a malformed token', () => refusal({ auth: { token: 'not.a.jwt' } }));
test('refuses a token signed with another secret', () =>
  refusal({ auth: { token: token({ sub: userId(), secret: 'x'.repeat(40) }) } }));
test('refuses an expired token', () => refusal({ auth: { token: token({ sub: userId(), expiresIn: -10 }) } }));
test('refuses a token without role', () => refusal({ auth: { token: token({ sub: userId(), role: null }) } }));
test('refuses a token with an unknown role', () => refusal({ auth: { token: token({ sub: userId(), role: 'root' }) } }));
test('refuses a token without subject', () => refusal({ auth: { token: token({ role: 'client' }) } }));
test('refuses a bad token given in the query', () => refusal({ query: { token: 'bad' } }));
test('refuses a bad bearer header', () => refusal({ extraHeaders: { Authorization: 'Bearer bad' } }));

test('accepts the token from the auth object', async () => {
  const socket = await connect({ auth: { token: token({ sub: userId() }) } });
  assert.equal(socket.connected, true);
});

test('accepts the token from the query', async () => {
  const socket = await connect({ query: { token: token({ sub: userId(), role: 'provider' }) } });
  assert.equal(socket.connected, true);
});

test('accepts the token from an Authorization bearer header', async () => {
  const socket = await connect({ extraHeaders: { Authorization: `Bearer ${token({ sub: userId(), role: 'admin' })}` } });
  assert.equal(socket.connected, true);
});

test('accepts a websocket-only client with a token', async () => {
  const socket = await connect({ transports: ['websocket'], auth: { token: token({ sub: userId() }) } });
  assert.equal(socket.connected, true);
});

test('a user reconnecting in a loop is refused beyond the connect rate, RATE_LIMITED, and not reconnected by the client', async () => {
  const auth = { token: token({ sub: userId() }) };
  let refused = null;
  let socket = null;
  for (let i = 0; i < 80 && !refused; i++) {
    socket = io(SOCKET_URL, { auth, transports: ['websocket'], forceNew: true });
    refused = await new Promise((resolve) => {
      socket.once('connect', () => { socket.close(); resolve(null); });
      socket.once('connect_error', resolve);
    });
  }
  assert.ok(refused, '80 connects of one user in a row, none refused');
  assert.equal(refused.message, 'too many connection attempts: at most 5 a second per user');
  assert.deepEqual(refused.data, { code: 'RATE_LIMITED' });

  // a refusal by the server: socket.io-client stays disconnected until told to connect again; a second later it may
  assert.equal(socket.active, false);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  socket.connect();
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
  socket.close();
});
