import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, connectAs, token, userId, closeAll, waitFor, arrives, emitWithAck, fetchJson, ISO_MILLIS } from './helpers.mjs';

after(closeAll);

const send = (path, bearer, body, method = 'POST') => fetchJson(path, bearer, { method, body: JSON.stringify(body) });

async function openTicket(owner, role = 'client') {
  const response = await send('/api/support/tickets', token({ sub: owner, role, name: 'John Doe', picture: 'https://example.com/photo.jpg' }),
    { subject: 'Payment', message: 'Hello, I need help with my payment issue' });
  assert.equal(response.status, 201);
  return response.body._id;
}

/** A new ticket of a client, with the client and an admin connected and both in its room. */
async function ticketRoom() {
  const owner = userId();
  const ticketId = await openTicket(owner);
  const ownerSocket = await connectAs('client', owner);
  const admin = await connectAs('admin');
  assert.equal((await emitWithAck(ownerSocket, 'join-support-ticket', { ticketId })).ok, true);
  assert.equal((await emitWithAck(admin, 'join-support-ticket', { ticketId })).ok, true);
  return { owner, ticketId, ownerSocket, admin };
}

test('new-support-message has exactly the contract shape, with the sender populated and senderRole normalised', async () => {
  const owner = userId();
  const ticketId = await openTicket(owner);
  const socket = await connect({ auth: { token: token({ sub: owner, role: 'client', name: 'John Doe', picture: 'https://example.com/photo.jpg' }) } });
  assert.equal((await emitWithAck(socket, 'join-support-ticket', { ticketId })).ok, true);
  const pushed = waitFor(socket, 'new-support-message');
  const ack = await emitWithAck(socket, 'support-message', { ticketId, content: 'Hello, I need help with my payment issue' });
  assert.equal(ack.ok, true);
  const payload = await pushed;
  assert.deepEqual(Object.keys(payload), ['event', 'data']);
  assert.equal(payload.event, 'new-support-message');
  const { data } = payload;
  assert.deepEqual(Object.keys(data), ['_id', 'ticket', 'sender', 'senderRole', 'content', 'messageType', 'isRead', 'readBy', 'createdAt']);
  assert.match(data._id, /^[0-9a-f]{24}$/);
  assert.equal(data.ticket, ticketId);
  assert.deepEqual(data.sender, { _id: owner, fullName: 'John Doe', profilePhoto: { url: 'https://example.com/photo.jpg' }, role: 'client' });
  assert.equal(data.senderRole, 'user');
  assert.deepEqual(data.content, { text: 'Hello, I need help with my payment issue', attachments: [] });
  assert.equal(data.messageType, 'text');
  assert.equal(data.isRead, false);
  assert.deepEqual(data.readBy, []);
  assert.match(data.createdAt, ISO_MILLIS);
  assert.deepEqual(ack.message, data);
});

test('providers are normalised to user and admins to admin', async () => {
  const provider = userId();
  const ticketId = await openTicket(provider, 'provider');
  const providerSocket = await connectAs('provider', provider);
  const admin = await connectAs('admin');
  await emitWithAck(providerSocket, 'join-support-ticket', { ticketId });
  await emitWithAck(admin, 'join-support-ticket', { ticketId });
  assert.equal((await emitWithAck(providerSocket, 'support-message', { ticketId, content: 'hi' })).message.senderRole, 'user');
  const fromAdmin = await emitWithAck(admin, 'support-message', { ticketId, content: 'hello', messageType: 'text' });
  assert.equal(fromAdmin.message.senderRole, 'admin');
  assert.equal(fromAdmin.message.sender.role, 'admin');
});

test('an admin on the dashboard sees every ticket\'s messages; non-admins cannot join it', async () => {
  const admin = await connectAs('admin');
  assert.equal((await emitWithAck(admin, 'join-support-dashboard')).ok, true);
  const owners = [userId(), userId()];
  const tickets = [];
  for (const owner of owners) {
    const created = waitFor(admin, 'support-ticket-created', 5000);
    tickets.push(await openTicket(owner));
    assert.equal((await created).ticket._id, tickets.at(-1));
  }
  for (const [i, owner] of owners.entries()) {
    const socket = await connectAs('client', owner);
    await emitWithAck(socket, 'join-support-ticket', { ticketId: tickets[i] });
    const seen = waitFor(admin, 'new-support-message', 5000, (m) => m.data.content.text === `from ${i}`);
    await emitWithAck(socket, 'support-message', { ticketId: tickets[i], content: `from ${i}` });
    assert.equal((await seen).data.ticket, tickets[i]);
  }
  const client = await connectAs('client');
  assert.equal((await emitWithAck(client, 'join-support-dashboard')).error.code, 'FORBIDDEN');
});

test('outsiders cannot join, post, read history or audit; the audit lists their refused attempt', async () => {
  const owner = userId();
  const ticketId = await openTicket(owner);
  const outsider = await connectAs('provider');
  assert.equal((await emitWithAck(outsider, 'join-support-ticket', { ticketId })).error.code, 'FORBIDDEN');
  assert.equal((await emitWithAck(outsider, 'support-message', { ticketId, content: 'sneaky' })).error.code, 'FORBIDDEN');
  const outsiderToken = token({ sub: outsider.userId, role: 'provider' });
  assert.equal((await fetchJson(`/api/support/tickets/${ticketId}/messages`, outsiderToken)).status, 403);
  assert.equal((await fetchJson(`/api/support/tickets/${ticketId}/audit`, outsiderToken)).status, 403);
  assert.equal((await fetchJson(`/api/support/tickets/${ticketId}/audit`, token({ sub: owner }))).status, 403);

  const audit = await fetchJson(`/api/support/tickets/${ticketId}/audit`, token({ sub: userId(), role: 'admin' }));
  assert.equal(audit.status, 200);
  const events = audit.body.events;
  assert.deepEqual(events.slice(0, 2).map((e) => [e.kind, e.type]), [['action', 'TicketOpened'], ['outcome', 'TicketCreated']]);
  const attempt = events.find((e) => e.type === 'SupportMessageSubmitted' && e.actor.userId === outsider.userId);
  assert.ok(attempt, 'the refused post is in the audit');
  assert.equal(attempt.payload.content, 'sneaky');
  const refusal = events.find((e) => e.kind === 'outcome' && e.correlationId === attempt.correlationId);
  assert.equal(refusal.type, 'SupportActionRejected');
  assert.equal(refusal.payload.code, 'FORBIDDEN');
  for (const e of events) assert.match(e.occurredAt, ISO_MILLIS);
});

test('a closed ticket refuses messages with RULE_VIOLATION; status changes reach the ticket room', async () => {
  const owner = userId();
  const ticketId = await openTicket(owner);
  const socket = await connectAs('client', owner);
  await emitWithAck(socket, 'join-support-ticket', { ticketId });
  const updated = waitFor(socket, 'support-ticket-updated');
  const admin = userId();
  const closed = await send(`/api/support/tickets/${ticketId}`, token({ sub: admin, role: 'admin' }), { status: 'closed' }, 'PATCH');
  assert.equal(closed.status, 200);
  assert.equal((await updated).ticket.status, 'closed');
  const refused = await emitWithAck(socket, 'support-message', { ticketId, content: 'anyone?' });
  assert.equal(refused.error.code, 'RULE_VIOLATION');
  const history = await fetchJson(`/api/support/tickets/${ticketId}/messages`, token({ sub: owner }));
  assert.equal(history.body.messages.length, 1);
  assert.equal((await send(`/api/support/tickets/${ticketId}`, token({ sub: owner }), { status: 'open' }, 'PATCH')).status, 403);
});

test('mark-message-read adds the reader and sends message-read-update to the ticket room', async () => {
  const { owner, ticketId, ownerSocket, admin } = await ticketRoom();
  const { message } = await emitWithAck(ownerSocket, 'support-message', { ticketId, content: 'please read' });
  const update = waitFor(ownerSocket, 'message-read-update');
  assert.equal((await emitWithAck(admin, 'mark-message-read', { messageId: message._id })).ok, true);
  assert.deepEqual(await update, { messageId: message._id, userId: admin.userId });
  const stored = (await fetchJson(`/api/support/tickets/${ticketId}/messages`, token({ sub: owner }))).body.messages[0];
  assert.equal(stored.isRead, true);
  assert.deepEqual(stored.readBy, [admin.userId]);
  assert.equal((await emitWithAck(admin, 'mark-message-read', { messageId: userId() })).error.code, 'NOT_FOUND');
});

test('support typing reaches the others in the ticket room, not the typist', async () => {
  const { ticketId, ownerSocket, admin } = await ticketRoom();
  const typing = waitFor(ownerSocket, 'support-user-typing');
  await emitWithAck(admin, 'support-typing-start', { ticketId });
  assert.deepEqual(await typing, { userId: admin.userId, ticketId, isTyping: true });
  assert.equal(await arrives(admin, 'support-user-typing', 300), false);
});
