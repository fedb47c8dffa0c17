// Switchboard demo page: plain JavaScript and the official socket.io-client (vendor/socket.io.min.js), no build step.
// Every event name and payload below is from docs/PROTOCOL.md.
'use strict';

const panes = [];
let socketUrl = null;
/** Names this page has seen (signed-in panes, message senders): a real frontend has its own user directory. */
const directory = new Map();

function nameOf(userId) {
  return directory.get(userId) || `user …${userId.slice(-6)}`;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '';
}

function pageStatus(text) {
  document.getElementById('page-status').textContent = text || '';
}

/** Where Socket.IO listens: ?socket=URL, or this host at the port /health names. */
async function resolveSocketUrl() {
  const override = new URLSearchParams(location.search).get('socket');
  if (override) return override;
  const response = await fetch('health');
  const health = await response.json();
  return `${location.protocol}//${location.hostname}:${health.socketPort}`;
}

class Pane {
  constructor(index, defaults) {
    this.index = index;
    this.root = document.getElementById('pane-template').content.firstElementChild.cloneNode(true);
    this.root.dataset.pane = String(index);
    document.getElementById('panes').appendChild(this.root);
    this.$('.role').value = defaults.role;
    this.$('.name').value = defaults.name;
    this.user = null;
    this.token = null;
    this.socket = null;
    this.chatId = null;
    this.chats = new Map();
    this.ticketId = null;
    this.tickets = new Map();
    this.typingTimer = null;
    this.supportTypingTimer = null;
    this.wire();
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  log(text) {
    const log = this.$('.log');
    log.textContent = `${time(new Date().toISOString())} ${text}\n${log.textContent}`.slice(0, 2000);
  }

  /** The ack of a client event: { ok: true, ... } or { ok: false, error: { code, message } }. */
  emit(event, payload) {
    return new Promise((resolve, reject) => {
      const args = payload === undefined ? [event] : [event, payload];
      this.socket.timeout(15000).emit(...args, (timeout, ack) => {
        if (timeout) {
          reject(new Error(`${event}: no ack`));
        } else if (ack && ack.ok) {
          resolve(ack);
        } else {
          const error = ack && ack.error ? `${ack.error.code}: ${ack.error.message}` : 'refused';
          this.log(`${event} refused (${error})`);
          reject(new Error(error));
        }
      });
    });
  }

  /** REST with the pane's token; errors are { error: { code, message } }. */
  async api(method, path, body, token) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token || this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = json.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${response.status}`;
      this.log(`${method} ${path}: ${error}`);
      throw new Error(error);
    }
    return json;
  }

  wire() {
    this.$('.sign-in').addEventListener('click', () => this.signIn().catch((e) => this.log(e.message)));
    this.$('.use-token').addEventListener('click', () => {
      const token = this.$('.token-input').value.trim();
      if (token) this.connect(token, null);
    });
    this.$('.sign-out').addEventListener('click', () => this.signOut());
    this.$('.bell').addEventListener('click', () => { this.$('.notifications').hidden = !this.$('.notifications').hidden; });
    this.$('.notify-me').addEventListener('click', () => this.notifyMe().catch((e) => this.log(e.message)));
    this.$('.read-all').addEventListener('click', () => this.emit('mark-all-notifications-read', this.user.id).catch(() => {}));
    this.$('.open-chat').addEventListener('click', () => this.openChat(this.$('.participant').value.trim()).catch(() => {}));
    this.$('.open-chat-with-pane').addEventListener('click', () => {
      const other = panes.find((p) => p !== this && p.user && p.user.role !== this.user.role && p.user.role !== 'admin');
      if (!other) {
        this.log('sign in as a client in one pane and a provider in another first');
        return;
      }
      // a convenience of this page: the other pane opens the chat too (a real frontend finds it in GET /api/chats)
      this.openChat(other.user.id).then((chatId) => (other.chatId ? other.loadChats() : other.selectChat(chatId))).catch(() => {});
    });
    this.$('.composer').addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendMessage().catch(() => {});
    });
    this.$('.message-input').addEventListener('input', () => this.typing());
    this.$('.open-ticket').addEventListener('submit', (event) => {
      event.preventDefault();
      this.openTicket().catch(() => {});
    });
    this.$('.support-composer').addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendSupportMessage().catch(() => {});
    });
    this.$('.support-input').addEventListener('input', () => this.supportTyping());
    this.$('.ticket-status').addEventListener('change', () => {
      this.api('PATCH', `api/support/tickets/${this.ticketId}`, { status: this.$('.ticket-status').value }).catch(() => {});
    });
  }

  storageKey(role) {
    return `switchboard-demo:${this.index}:${role}`;
  }

  /** A development token from POST /api/dev/tokens (standalone only); the same user id per pane and role across reloads. */
  async signIn() {
    const role = this.$('.role').value;
    const name = this.$('.name').value.trim() || `${role} ${this.index + 1}`;
    const userId = localStorage.getItem(this.storageKey(role)) || undefined;
    const response = await fetch('api/dev/tokens', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId, role, name }),
    });
    const json = await response.json().catch(() => ({}));
    if (response.status === 404) {
      throw new Error('development tokens are off on this gateway (DEMO_TOKENS): paste a token instead');
    }
    if (!response.ok) {
      throw new Error(json.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${response.status}`);
    }
    localStorage.setItem(this.storageKey(role), json.userId);
    this.connect(json.token, { id: json.userId, role: json.role, name: json.name });
  }

  connect(token, user) {
    this.token = token;
    this.user = user || Pane.claims(token);
    this.$('.signin').hidden = true;
    this.$('.session').hidden = false;
    if (this.user.name) directory.set(this.user.id, this.user.name);
    this.$('.identity').textContent = `${this.user.name || this.user.id} · ${this.user.role}`;
    this.$('.identity').title = this.user.id;
    const admin = this.user.role === 'admin';
    this.$('.chat-area').hidden = admin;
    this.$('.open-ticket').hidden = admin;
    this.$('.dashboard-label').hidden = !admin;
    this.$('.ticket-status').hidden = !admin;

    this.socket = io(socketUrl, { auth: { token } });
    this.socket.on('connect', () => this.connected());
    this.socket.on('disconnect', (reason) => this.setConnection('offline', reason));
    this.socket.on('connect_error', (err) => {
      this.setConnection('offline', err.message);
      // a refusal by the server carries its reason (unauthorized, or data.code RATE_LIMITED); a transport error does not
      const refusedByServer = err.message === 'unauthorized' || err.data?.code;
      this.log(`connect_error: ${err.message}${refusedByServer ? '' : ' (is this page\'s origin in ALLOWED_ORIGINS?)'}`);
    });
    this.socket.on('socket-error', (e) => this.log(`socket-error ${e.event}: ${e.code} ${e.message}`));
    this.listenChat();
    this.listenNotifications();
    this.listenSupport();
  }

  static claims(token) {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { id: payload.sub, role: payload.role, name: payload.name };
  }

  setConnection(state, detail) {
    const badge = this.$('.connection');
    badge.dataset.state = state;
    badge.textContent = detail ? `${state} (${detail})` : state;
  }

  async connected() {
    this.setConnection('online');
    await this.emit('user-join', this.user.id).catch(() => {});
    await this.emit('join-notifications', this.user.id).catch(() => {});
    this.emit('get-unread-count', this.user.id).catch(() => {});
    if (this.user.role === 'admin') {
      await this.emit('join-support-dashboard').catch(() => {});
    } else {
      await this.loadChats();
      if (this.chatId) this.selectChat(this.chatId);
    }
    await this.loadTickets();
  }

  signOut() {
    if (this.socket) this.socket.close();
    const index = this.index;
    const defaults = { role: this.$('.role').value, name: this.$('.name').value };
    const fresh = new Pane(index, defaults);
    this.root.replaceWith(fresh.root);
    panes[panes.indexOf(this)] = fresh;
  }

  // ---- chat (docs/PROTOCOL.md §4, §8) ----

  async openChat(participantId) {
    if (!participantId) return;
    const chat = await this.api('POST', 'api/chats', { participantId });
    await this.loadChats();
    await this.selectChat(chat._id);
    return chat._id;
  }

  async loadChats() {
    const chats = await this.api('GET', 'api/chats');
    const list = this.$('.chat-list');
    list.replaceChildren();
    for (const chat of chats) {
      this.chats.set(chat._id, chat);
      const peer = chat.participants.find((p) => p !== this.user.id);
      if (chat.lastMessage) directory.set(chat.lastMessage.sender._id, chat.lastMessage.sender.fullName);
      const item = el('li', chat._id === this.chatId ? 'selected' : '', `Chat with ${nameOf(peer)}`);
      item.dataset.chatId = chat._id;
      if (chat.status !== 'active') item.append(el('span', 'status', ` (${chat.status})`));
      if (chat.unreadCount > 0 && chat._id !== this.chatId) item.append(el('span', 'unread', `${chat.unreadCount} new`));
      item.addEventListener('click', () => this.selectChat(chat._id).catch(() => {}));
      list.appendChild(item);
    }
  }

  async selectChat(chatId) {
    if (this.chatId && this.chatId !== chatId) this.emit('leave-chat', this.chatId).catch(() => {});
    this.chatId = chatId;
    this.$('.chat').hidden = false;
    if (!this.chats.has(chatId)) await this.loadChats();
    const chat = this.chats.get(chatId);
    const peer = chat ? chat.participants.find((p) => p !== this.user.id) : null;
    this.peer = peer;
    this.$('.chat-title').textContent = peer ? `Chat with ${nameOf(peer)}` : 'Chat';
    this.root.querySelectorAll('.chat-list li').forEach((li) => li.classList.toggle('selected', li.dataset.chatId === chatId));
    await this.emit('join-chat', chatId);
    const page = await this.api('GET', `api/chats/${chatId}/messages?limit=50`);
    const list = this.$('.messages');
    list.replaceChildren();
    page.messages.slice().reverse().forEach((m) => this.showMessage(m));
    this.markRead();
    if (peer) {
      this.emit('get-online-status', peer).then((status) => this.showPeerStatus(status)).catch(() => {});
    }
    this.loadChats().catch(() => {});
  }

  showPeerStatus(status) {
    if (status.userId !== this.peer) return;
    this.$('.peer-status').textContent = status.isOnline ? '● online' : `offline${status.lastActive ? `, last active ${time(status.lastActive)}` : ''}`;
  }

  markRead() {
    if (this.chatId) this.emit('mark-messages-read', { chatId: this.chatId }).catch(() => {});
  }

  messageState(m) {
    return m.isRead ? 'read' : m.delivered ? 'delivered' : 'sent';
  }

  showMessage(m) {
    const list = this.$('.messages');
    let item = list.querySelector(`[data-id="${m._id}"]`);
    if (!item) {
      item = el('li', 'message');
      item.dataset.id = m._id;
      list.appendChild(item);
    }
    const mine = m.sender._id === this.user.id;
    if (m.sender.fullName) directory.set(m.sender._id, m.sender.fullName);
    item.classList.toggle('mine', mine);
    item.replaceChildren(el('span', 'content', m.content));
    const meta = el('span', 'meta', time(m.createdAt));
    if (mine) {
      const mark = el('span', 'mark');
      meta.append(' ', mark);
      this.setMark(item, mark, this.messageState(m));
    }
    item.appendChild(meta);
    list.scrollTop = list.scrollHeight;
  }

  /** Marks only move forward: sent → delivered → read. */
  setMark(item, mark, state) {
    const order = ['sent', 'delivered', 'read'];
    const current = item.dataset.state;
    if (current && order.indexOf(current) >= order.indexOf(state)) return;
    item.dataset.state = state;
    mark.dataset.state = state;
    mark.textContent = state === 'read' ? '✓✓ read' : state === 'delivered' ? '✓✓ delivered' : '✓ sent';
  }

  markMine(predicate, state) {
    this.root.querySelectorAll('.messages .message.mine').forEach((item) => {
      if (predicate(item)) this.setMark(item, item.querySelector('.mark'), state);
    });
  }

  async sendMessage() {
    const input = this.$('.message-input');
    const content = input.value.trim();
    if (!content || !this.chatId) return;
    input.value = '';
    this.stopTyping();
    // a clientMessageId makes a resend after a TIMEOUT or a lost ack safe
    const clientMessageId = `${this.user.id}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const ack = await this.emit('send-message', { chatId: this.chatId, content, messageType: 'text', clientMessageId });
    this.showMessage(ack.message);
  }

  typing() {
    if (!this.chatId) return;
    if (!this.typingTimer) this.emit('typing-start', { chatId: this.chatId }).catch(() => {});
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), 2000);
  }

  stopTyping() {
    if (!this.typingTimer) return;
    clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (this.chatId) this.emit('typing-stop', { chatId: this.chatId }).catch(() => {});
  }

  listenChat() {
    this.socket.on('new-message', (m) => {
      if (m.chat !== this.chatId) return;
      this.showMessage(m);
      if (m.sender._id !== this.user.id) {
        this.$('.typing').textContent = '';
        this.markRead();
      }
    });
    this.socket.on('message-notification', ({ chatId }) => {
      if (chatId !== this.chatId) this.loadChats().catch(() => {});
    });
    this.socket.on('messages-delivered', ({ chatId, userId, messageIds }) => {
      if (chatId === this.chatId && userId !== this.user.id) {
        const ids = new Set(messageIds);
        this.markMine((item) => ids.has(item.dataset.id), 'delivered');
      }
    });
    this.socket.on('messages-read', ({ chatId, userId }) => {
      if (chatId === this.chatId && userId !== this.user.id) this.markMine(() => true, 'read');
    });
    this.socket.on('user-typing', ({ chatId, userId, isTyping }) => {
      if (chatId === this.chatId) this.$('.typing').textContent = isTyping ? `${nameOf(userId)} is typing…` : '';
    });
    this.socket.on('user-status-changed', (status) => this.showPeerStatus(status));
  }

  // ---- notifications (docs/PROTOCOL.md §5) ----

  setBadge(count) {
    const badge = this.$('.badge');
    badge.dataset.count = String(count);
    badge.textContent = String(count);
  }

  showNotification(n) {
    const list = this.$('.notification-list');
    let item = list.querySelector(`[data-id="${n._id}"]`);
    if (!item) {
      item = el('li');
      item.dataset.id = n._id;
      list.prepend(item);
      item.addEventListener('click', () => this.emit('mark-notification-read', { notificationId: n._id }).catch(() => {}));
    }
    item.textContent = `${time(n.createdAt)} ${n.title}: ${n.message}`;
    item.classList.toggle('unread', !n.isRead);
  }

  listenNotifications() {
    this.socket.on('new-notification', (n) => {
      this.showNotification(n);
      this.emit('get-unread-count', this.user.id).catch(() => {});
    });
    this.socket.on('unread-count', ({ count }) => this.setBadge(count));
    this.socket.on('notification-read', ({ notificationId }) => {
      const item = this.$(`.notification-list [data-id="${notificationId}"]`);
      if (item) item.classList.remove('unread');
      this.emit('get-unread-count', this.user.id).catch(() => {});
    });
    this.socket.on('all-notifications-read', () => {
      this.root.querySelectorAll('.notification-list li').forEach((li) => li.classList.remove('unread'));
      this.setBadge(0);
    });
  }

  /** Notifications come from backend services: a service token (a development one here) posts one for this pane's user. */
  async notifyMe() {
    if (!this.serviceToken) {
      const response = await fetch('api/dev/tokens', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 'demo-service', role: 'service' }),
      });
      if (!response.ok) throw new Error('cannot get a service token (DEMO_TOKENS off?)');
      this.serviceToken = (await response.json()).token;
    }
    const count = this.$('.notification-list').children.length + 1;
    await this.api('POST', 'api/notifications',
      { userId: this.user.id, type: 'demo', title: `Hello #${count}`, message: 'sent by the demo page as a service', data: { count } },
      this.serviceToken);
  }

  // ---- support (docs/PROTOCOL.md §7, §8) ----

  async openTicket() {
    const subject = this.$('.ticket-subject').value.trim();
    const message = this.$('.ticket-message').value.trim();
    if (!subject || !message) {
      this.log('a ticket needs a subject and a message');
      return;
    }
    const ticket = await this.api('POST', 'api/support/tickets', { subject, message });
    this.$('.ticket-subject').value = '';
    this.$('.ticket-message').value = '';
    await this.loadTickets();
    await this.selectTicket(ticket._id);
  }

  async loadTickets() {
    const tickets = await this.api('GET', 'api/support/tickets');
    this.$('.ticket-list').replaceChildren();
    tickets.slice().reverse().forEach((t) => this.showTicket(t));
  }

  showTicket(ticket) {
    this.tickets.set(ticket._id, ticket);
    const list = this.$('.ticket-list');
    let item = list.querySelector(`[data-ticket-id="${ticket._id}"]`);
    if (!item) {
      item = el('li');
      item.dataset.ticketId = ticket._id;
      item.addEventListener('click', () => this.selectTicket(ticket._id).catch(() => {}));
      list.prepend(item);
    }
    item.replaceChildren(el('span', 'ticket-status-label', ticket.status), el('span', '', ticket.subject));
    item.classList.toggle('selected', ticket._id === this.ticketId);
    if (ticket._id === this.ticketId) this.$('.ticket-status').value = ticket.status;
  }

  async selectTicket(ticketId) {
    this.ticketId = ticketId;
    const ticket = this.tickets.get(ticketId);
    this.$('.ticket').hidden = false;
    this.$('.ticket-title').textContent = ticket ? ticket.subject : ticketId;
    if (ticket) this.$('.ticket-status').value = ticket.status;
    this.root.querySelectorAll('.ticket-list li').forEach((li) => {
      li.classList.toggle('selected', li.dataset.ticketId === ticketId);
      if (li.dataset.ticketId === ticketId) li.classList.remove('fresh');
    });
    await this.emit('join-support-ticket', { ticketId });
    const page = await this.api('GET', `api/support/tickets/${ticketId}/messages?limit=50`);
    this.$('.support-messages').replaceChildren();
    page.messages.slice().reverse().forEach((m) => this.showSupportMessage(m));
  }

  showSupportMessage(m) {
    const list = this.$('.support-messages');
    let item = list.querySelector(`[data-id="${m._id}"]`);
    if (!item) {
      item = el('li', 'message');
      item.dataset.id = m._id;
      list.appendChild(item);
    }
    const mine = m.sender._id === this.user.id;
    item.classList.toggle('mine', mine);
    const who = m.senderRole === 'admin' ? 'support' : (m.sender.fullName || m.sender._id);
    item.replaceChildren(el('span', 'content', `${who}: ${m.content.text}`));
    const meta = el('span', 'meta', time(m.createdAt));
    const readByOthers = m.readBy.some((u) => u !== m.sender._id);
    if (mine) meta.append(' ', el('span', 'mark', readByOthers ? '✓✓ read' : '✓ sent'));
    item.appendChild(meta);
    list.scrollTop = list.scrollHeight;
    if (!mine && !m.readBy.includes(this.user.id)) this.emit('mark-message-read', { messageId: m._id }).catch(() => {});
  }

  async sendSupportMessage() {
    const input = this.$('.support-input');
    const content = input.value.trim();
    if (!content || !this.ticketId) return;
    input.value = '';
    clearTimeout(this.supportTypingTimer);
    if (this.supportTypingTimer) this.emit('support-typing-stop', { ticketId: this.ticketId }).catch(() => {});
    this.supportTypingTimer = null;
    const clientMessageId = `${this.user.id}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const ack = await this.emit('support-message', { ticketId: this.ticketId, content, messageType: 'text', clientMessageId });
    this.showSupportMessage(ack.message);
  }

  supportTyping() {
    if (!this.ticketId) return;
    if (!this.supportTypingTimer) this.emit('support-typing-start', { ticketId: this.ticketId }).catch(() => {});
    clearTimeout(this.supportTypingTimer);
    this.supportTypingTimer = setTimeout(() => {
      this.supportTypingTimer = null;
      this.emit('support-typing-stop', { ticketId: this.ticketId }).catch(() => {});
    }, 2000);
  }

  listenSupport() {
    this.socket.on('new-support-message', ({ data }) => {
      if (data.ticket === this.ticketId) {
        this.showSupportMessage(data);
        this.$('.support-typing').textContent = '';
      } else {
        const item = this.$(`.ticket-list [data-ticket-id="${data.ticket}"]`);
        if (item) item.classList.add('fresh');
      }
    });
    this.socket.on('support-ticket-created', ({ ticket }) => this.showTicket(ticket));
    this.socket.on('support-ticket-updated', ({ ticket }) => this.showTicket(ticket));
    this.socket.on('message-read-update', ({ messageId, userId }) => {
      const item = this.$(`.support-messages [data-id="${messageId}"]`);
      const mark = item && item.classList.contains('mine') ? item.querySelector('.mark') : null;
      if (mark && userId !== this.user.id) mark.textContent = '✓✓ read';
    });
    this.socket.on('support-user-typing', ({ ticketId, userId, isTyping }) => {
      if (ticketId === this.ticketId) this.$('.support-typing').textContent = isTyping ? `${nameOf(userId)} is typing…` : '';
    });
  }
}

function addPane(defaults) {
  panes.push(new Pane(panes.length, defaults));
}

resolveSocketUrl()
  .then((url) => {
    socketUrl = url;
    addPane({ role: 'client', name: 'Alice' });
    addPane({ role: 'provider', name: 'Bob' });
    document.getElementById('add-pane').addEventListener('click', () => addPane({ role: 'admin', name: 'Ada' }));
  })
  .catch((e) => pageStatus(`cannot reach the gateway's /health: ${e.message}`));
