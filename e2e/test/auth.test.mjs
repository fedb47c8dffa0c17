import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, token, userId, closeAll } from './helpers.mjs';

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
