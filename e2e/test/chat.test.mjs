import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, connectAs, token, userId, closeAll, waitFor, arrives, emitWithAck, fetchJson, eventually, ISO_MILLIS } from './helpers.mjs';

after(closeAll);

const post = (path, bearer, body, method = 'POST') => fetchJson(path, bearer, { method, body: JSON.stringify(body) });

/** A connected client and provider with their chat (roles become known once each has connected). */
async function pair() {
  const client = await connectAs('client');
  const provider = await connectAs('provider');
  const opened = await eventually(async () => {
    const response = await post('/api/chats', token({ sub: client.userId, role: 'client' }), { participantId: provider.userId });
    return response.status < 300 && response;
  });
  assert.equal(opened.status, 201);
  return { client, provider, chatId: opened.body._id, opened: opened.body };
}

const MESSAGE_KEYS = ['_id', 'chat', 'clientMessageId', 'content', 'createdAt', 'delivered', 'deliveredAt', 'isRead', 'media', 'messageType', 'readAt', 'receiver', 'sender'];

test('POST /api/chats opens a chat between a client and a provider, and returns it again', async () => {
  const { client, provider, chatId, opened } = await pair();
  assert.deepEqual(Object.keys(opened).sort(), ['_id', 'createdAt', 'lastMessage', 'participants', 'status']);
  assert.equal(opened.status, 'active');
  assert.equal(opened.lastMessage, null);
  const again = await post('/api/chats', token({ sub: provider.userId, role: 'provider' }), { participantId: client.userId });
  assert.equal(again.status, 200);
  assert.equal(again.body._id, chatId);
});

test('two clients cannot open a chat with each other (RULE_VIOLATION)', async () => {
  const a = await connectAs('client');
  const b = await connectAs('client');
  const refused = await eventually(async () => {
    const r = await post('/api/chats', token({ sub: a.userId }), { participantId: b.userId });
    return r.status === 409 && r;
  });
  assert.equal(refused.body.error.code, 'RULE_VIOLATION');
});

test('send-message: ack with the stored message, new-message to the room, message-notification to the receiver', async () => {
  const { client, provider, chatId } = await pair();
  assert.equal((await emitWithAck(provider, 'join-chat', chatId)).ok, true);
  const inRoom = waitFor(provider, 'new-message');
  const notice = waitFor(provider, 'message-notification');
  const ack = await emitWithAck(client, 'send-message', { chatId, content: 'Hello there!', messageType: 'text' });
  assert.equal(ack.ok, true);
  const message = ack.message;
  assert.deepEqual(Object.keys(message).sort(), MESSAGE_KEYS);
  assert.deepEqual(Object.keys(message.sender).sort(), ['_id', 'fullName', 'profilePhoto', 'role']);
  assert.equal(message.sender._id, client.userId);
  assert.equal(message.sender.role, 'client');
  assert.equal(message.receiver, provider.userId);
  assert.equal(message.chat, chatId);
  assert.deepEqual(message.media, []);
  assert.equal(message.clientMessageId, null);
  assert.equal(message.delivered, true);
  assert.match(message.deliveredAt, ISO_MILLIS);
  assert.equal(message.isRead, false);
  assert.equal(message.readAt, null);
  assert.match(message.createdAt, ISO_MILLIS);
  assert.deepEqual(await inRoom, message);
  assert.deepEqual(await notice, { chatId, message });
  assert.equal(await arrives(client, 'message-notification', 300), false, 'the sender is not notified');
});

test('send-message with media and no content, and resending a clientMessageId stores one message', async () => {
  const { client, chatId } = await pair();
  const payload = { chatId, messageType: 'image', media: [{ url: 'https://example.com/a.png', type: 'image', name: 'a.png', size: 1234 }], clientMessageId: 'local-7' };
  const first = await emitWithAck(client, 'send-message', payload);
  const second = await emitWithAck(client, 'send-message', payload);
  assert.equal(first.ok, true);
  assert.deepEqual(first.message.media, payload.media);
  assert.equal(second.message._id, first.message._id);
  const history = await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: client.userId }));
  assert.equal(history.body.messages.length, 1);
});

test('refused sends store nothing and answer BAD_REQUEST, FORBIDDEN, NOT_FOUND and RULE_VIOLATION', async () => {
  const { client, provider, chatId } = await pair();
  const outsider = await connectAs('client');
  const code = async (socket, payload) => (await emitWithAck(socket, 'send-message', payload)).error?.code;
  assert.equal(await code(client, { chatId, content: 'x'.repeat(5001) }), 'BAD_REQUEST');
  assert.equal(await code(client, { chatId, content: 'hi', messageType: 'sticker' }), 'BAD_REQUEST');
  assert.equal(await code(client, { chatId }), 'BAD_REQUEST');
  assert.equal(await code(client, { chatId, media: 'nope', messageType: 'image' }), 'BAD_REQUEST');
  assert.equal(await code(client, 'just a string'), 'BAD_REQUEST');
  assert.equal(await code(outsider, { chatId, content: 'let me in' }), 'FORBIDDEN');
  assert.equal(await code(client, { chatId: userId(), content: 'anyone?' }), 'NOT_FOUND');
  const blocked = await post(`/api/chats/${chatId}`, token({ sub: provider.userId, role: 'provider' }), { status: 'blocked' }, 'PATCH');
  assert.equal(blocked.body.status, 'blocked');
  assert.equal(await code(client, { chatId, content: 'blocked?' }), 'RULE_VIOLATION');
  const error = waitFor(client, 'socket-error');
  client.emit('send-message', { chatId, content: 'no ack' });
  assert.deepEqual(await error, { event: 'send-message', code: 'RULE_VIOLATION', message: (await error).message });
  const history = await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: client.userId }));
  assert.equal(history.body.messages.length, 0);
});

for (const transports of [['websocket'], ['polling']]) {
  test(`a payload nested deeper than 1,000 levels is answered BAD_REQUEST on ${transports[0]}, and the events sent with it are answered too`, async () => {
    const { client, chatId } = await pair();
    const socket = await connect({ transports, auth: { token: token({ sub: client.userId, role: 'client' }) } });
    let deep = 'x';
    for (let i = 0; i < 1100; i++) deep = [deep];
    // emitted together: over polling they travel in one request
    const [before, nested, after] = await Promise.all([
      emitWithAck(socket, 'join-chat', chatId),
      emitWithAck(socket, 'send-message', { chatId, content: 'deep', media: deep }),
      emitWithAck(socket, 'send-message', { chatId, content: 'sent after the deep one' }),
    ]);
    assert.equal(before.ok, true);
    assert.equal(nested.error?.code, 'BAD_REQUEST', JSON.stringify(nested));
    assert.equal(after.ok, true, JSON.stringify(after));
    const history = await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: client.userId }));
    assert.deepEqual(history.body.messages.map((m) => m.content), ['sent after the deep one']);
  });
}

for (const transports of [['websocket'], ['polling']]) {
  test(`an event this server does not have is answered BAD_REQUEST on ${transports[0]}, by ack or socket-error`, async () => {
    const { client, chatId } = await pair();
    const socket = await connect({ transports, auth: { token: token({ sub: client.userId, role: 'client' }) } });
    const [misspelt, sent] = await Promise.all([
      emitWithAck(socket, 'send-mesage', { chatId, content: 'typo' }),
      emitWithAck(socket, 'send-message', { chatId, content: 'spelt right' }),
    ]);
    assert.deepEqual(misspelt, { ok: false, error: { code: 'BAD_REQUEST', message: misspelt.error?.message } });
    assert.match(misspelt.error.message, /no such event/);
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const error = waitFor(socket, 'socket-error');
    socket.emit('switchboard:unknown-event', { name: 'send-message' });
    assert.deepEqual(await error, { event: 'switchboard:unknown-event', code: 'BAD_REQUEST', message: (await error).message });
  });
}

for (const transports of [['websocket'], ['polling']]) {
  test(`a binary attachment is refused BAD_REQUEST on ${transports[0]}, with or without an ack, and nothing of it is stored`, async () => {
    const { client, chatId } = await pair();
    const socket = await connect({ transports, auth: { token: token({ sub: client.userId, role: 'client' }) } });
    const [before, asContent, inMedia, after] = await Promise.all([
      emitWithAck(socket, 'send-message', { chatId, content: 'before the bytes' }),
      emitWithAck(socket, 'send-message', { chatId, content: Buffer.from('binary bytes') }),
      emitWithAck(socket, 'send-message', { chatId, content: 'text', media: [{ url: 'https://x.example/a.png', bytes: new Uint8Array([1, 2, 3]) }] }),
      emitWithAck(socket, 'send-message', { chatId, content: 'after the bytes' }),
    ]);
    assert.equal(before.ok, true, JSON.stringify(before));
    for (const refused of [asContent, inMedia]) {
      assert.deepEqual(refused, { ok: false, error: { code: 'BAD_REQUEST', message: refused.error?.message } });
      assert.match(refused.error.message, /binary/);
    }
    assert.equal(after.ok, true, JSON.stringify(after));
    const error = waitFor(socket, 'socket-error');
    socket.emit('send-message', { chatId, content: Buffer.from([0, 1, 2]) });
    assert.equal((await error).code, 'BAD_REQUEST');
    assert.equal((await emitWithAck(socket, 'send-message', { chatId, content: 'last' })).ok, true);
    const history = await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: client.userId }));
    assert.deepEqual(history.body.messages.map((m) => m.content).sort(), ['after the bytes', 'before the bytes', 'last']);
  });
}

test('a message sent just after its receiver connected is recorded delivered, and one sent just after they left undelivered', async () => {
  const { client, provider, chatId } = await pair();
  const presence = async () => (await fetchJson(`/api/users/${provider.userId}/presence`, token({ sub: client.userId }))).body.isOnline;
  provider.close();
  for (let round = 0; round < 5; round++) {
    await eventually(async () => !(await presence()));
    const back = await connectAs('provider', provider.userId);
    // the gateway knows its own connections at once; the presence read model learns of them from the log later
    const sentOnArrival = await emitWithAck(client, 'send-message', { chatId, content: `arrived ${round}` });
    assert.equal(sentOnArrival.message.delivered, true, `round ${round}: sent after the receiver connected`);
    await eventually(presence);
    back.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server reads the close; the read model learns of it later
    const sentAfterLeaving = await emitWithAck(client, 'send-message', { chatId, content: `left ${round}` });
    assert.equal(sentAfterLeaving.message.delivered, false, `round ${round}: sent after the receiver's only connection closed`);
  }
});

test('a display name cut after half an emoji still lets its user write, with the replacement character in its place', async () => {
  const provider = await connectAs('provider');
  const sub = userId();
  const name = 'Zoë 😀 Martin'.slice(0, 5); // what an identity provider that cuts by UTF-16 length leaves
  const bearer = token({ sub, role: 'client', name });
  const client = await connect({ auth: { token: bearer } });
  const opened = await eventually(async () => {
    const response = await post('/api/chats', bearer, { participantId: provider.userId });
    return response.status < 300 && response;
  });
  const sent = await emitWithAck(client, 'send-message', { chatId: opened.body._id, content: 'hello' });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  assert.equal(sent.message.sender.fullName, 'Zoë \uFFFD');
});

test('join-chat: participants only; joining delivers undelivered messages with messages-delivered', async () => {
  const { client, provider, chatId } = await pair();
  const outsider = await connectAs('provider');
  const forbidden = await emitWithAck(outsider, 'join-chat', chatId);
  assert.equal(forbidden.error.code, 'FORBIDDEN');
  assert.equal((await emitWithAck(client, 'join-chat', userId())).error.code, 'NOT_FOUND');

  provider.close();
  await eventually(async () => !(await fetchJson(`/api/users/${provider.userId}/presence`, token({ sub: client.userId }))).body.isOnline);
  assert.equal((await emitWithAck(client, 'join-chat', chatId)).ok, true);
  const sent = await emitWithAck(client, 'send-message', { chatId, content: 'ping' });
  assert.equal(sent.message.delivered, false);

  const back = await connectAs('provider', provider.userId);
  const delivered = waitFor(client, 'messages-delivered');
  assert.equal((await emitWithAck(back, 'join-chat', chatId)).ok, true);
  assert.deepEqual(await delivered, { chatId, userId: provider.userId, messageIds: [sent.message._id] });
});

test('leave-chat: a member who left gets no more new-message', async () => {
  const { client, provider, chatId } = await pair();
  await emitWithAck(provider, 'join-chat', chatId);
  assert.equal((await emitWithAck(provider, 'leave-chat', chatId)).ok, true);
  const notice = waitFor(provider, 'message-notification');
  const inRoom = arrives(provider, 'new-message', 700);
  await emitWithAck(client, 'send-message', { chatId, content: 'after leaving' });
  assert.equal((await notice).message.content, 'after leaving', 'the personal room still hears of it');
  assert.equal(await inRoom, false);
});

test('typing-start/stop in both forms reach the others, never the sender, and members only', async () => {
  const { client, provider, chatId } = await pair();
  const outsider = await connectAs('client');
  await emitWithAck(client, 'join-chat', chatId);
  await emitWithAck(provider, 'join-chat', chatId);

  const started = waitFor(provider, 'user-typing');
  assert.equal((await emitWithAck(client, 'typing-start', { chatId })).ok, true);
  assert.deepEqual(await started, { userId: client.userId, chatId, isTyping: true });
  const stopped = waitFor(provider, 'user-typing');
  await emitWithAck(client, 'typing-stop', { roomId: chatId, userId: client.userId });
  assert.deepEqual(await stopped, { userId: client.userId, chatId, isTyping: false });
  assert.equal(await arrives(client, 'user-typing', 300), false, 'never echoed to the sender');

  assert.equal((await emitWithAck(outsider, 'typing-start', { chatId })).error.code, 'FORBIDDEN');
  assert.equal((await emitWithAck(client, 'typing-start', { roomId: chatId, userId: provider.userId })).error.code, 'FORBIDDEN');
  assert.equal(await arrives(provider, 'user-typing', 300), false);
});

test('mark-messages-read: messages-read to the room and the other participant, unreadCount drops', async () => {
  const { client, provider, chatId } = await pair();
  await emitWithAck(client, 'send-message', { chatId, content: 'one' });
  await emitWithAck(client, 'send-message', { chatId, content: 'two' });
  const providerToken = token({ sub: provider.userId, role: 'provider' });
  const listed = (await fetchJson('/api/chats', providerToken)).body.find((c) => c._id === chatId);
  assert.equal(listed.unreadCount, 2);
  assert.equal(listed.lastMessage.content, 'two');

  await emitWithAck(provider, 'join-chat', chatId);
  const toSender = waitFor(client, 'messages-read');
  const ack = await emitWithAck(provider, 'mark-messages-read', { chatId });
  assert.equal(ack.ok, true);
  assert.deepEqual(await toSender, { userId: provider.userId, chatId });
  assert.equal((await fetchJson('/api/chats', providerToken)).body.find((c) => c._id === chatId).unreadCount, 0);
});

test('history pages newest first with a cursor; outsiders get 403', async () => {
  const { client, chatId } = await pair();
  for (const content of ['a', 'b', 'c']) await emitWithAck(client, 'send-message', { chatId, content });
  const bearer = token({ sub: client.userId });
  const first = (await fetchJson(`/api/chats/${chatId}/messages?limit=2`, bearer)).body;
  assert.deepEqual(first.messages.map((m) => m.content), ['c', 'b']);
  assert.equal(first.hasMore, true);
  const next = (await fetchJson(`/api/chats/${chatId}/messages?limit=2&before=${first.messages[1]._id}`, bearer)).body;
  assert.deepEqual(next.messages.map((m) => m.content), ['a']);
  assert.equal((await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: userId() }))).status, 403);
});

test('presence changes reach everyone who shares a chat with the user', async () => {
  const { client, provider } = await pair();
  const status = waitFor(provider, 'user-status-changed', 5000, (s) => s.userId === client.userId && s.isOnline === false);
  client.close();
  const changed = await status;
  assert.match(changed.lastActive, ISO_MILLIS);
});
