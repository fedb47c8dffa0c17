// A device in a process of its own, for tests that kill it: connects with the token in argv[2] over the transports in
// argv[3] (comma-separated), prints READY once connected, and then only waits.
import { io } from 'socket.io-client';

const [token, transports = 'polling'] = process.argv.slice(2);
const socket = io(process.env.SOCKET_URL, { auth: { token }, transports: transports.split(','), reconnection: false });
socket.on('connect', () => console.log('READY'));
socket.on('connect_error', (error) => { console.error(error.message); process.exit(1); });
setInterval(() => {}, 60_000);
