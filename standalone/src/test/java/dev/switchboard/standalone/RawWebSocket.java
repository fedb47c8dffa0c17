package dev.switchboard.standalone;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * A websocket client on a plain TCP socket that reads only when told to, with a receive buffer as small as asked: a
 * phone that stops reading, as the JDK's and the official clients cannot be made to. Text frames only (Engine.IO's).
 */
final class RawWebSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * An Engine.IO v4 websocket to the Socket.IO server on this machine's {@code port}, its OPEN packet read (an
     * {@link IOException} if something else comes first).
     */
    static RawWebSocket engineIo(int port, int receiveBufferBytes) throws IOException {
        RawWebSocket ws = open("127.0.0.1", port, "/socket.io/?EIO=4&transport=websocket", receiveBufferBytes);
        String first = ws.read();
        if (first == null || !first.startsWith("0{")) {
            ws.close();
            throw new IOException("Engine.IO's OPEN first, got " + first);
        }
        return ws;
    }

    /** Connects and upgrades; reads wait up to 10 s. */
    private static RawWebSocket open(String host, int port, String path, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so that the window offered stays this small
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded: " + head);
        }
        return ws;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Sends Engine.IO's pong every {@code every} while {@code serverKeepsIt} says so, until stopped, whether or not it
     * reads: a client that keeps its session alive (a pong resets the server's ping timeout) and never reads what it is
     * sent. A pong to a connection the server closed would be answered with a reset, which drops what the socket still
     * held unread: {@code serverKeepsIt} is asked before each.
     */
    AutoCloseable keepAlive(Duration every, BooleanSupplier serverKeepsIt) {
        Thread pongs = new Thread(() -> {
            try {
                while (!socket.isClosed() && !Thread.currentThread().isInterrupted() && serverKeepsIt.getAsBoolean()) {
                    send("3");
                    Thread.sleep(every.toMillis());
                }
            } catch (IOException | InterruptedException e) {
                // closed, or stopped
            }
        }, "raw-websocket-pongs");
        pongs.setDaemon(true);
        pongs.start();
        return () -> {
            pongs.interrupt();
            pongs.join();
        };
    }

    /** A masked text frame, as a client sends it. */
    synchronized void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * The next text message, or null once the server closed the connection: a close frame, or the end of the stream (a
     * server that closes a connection drops what it has not handed to its socket yet, so the last frame may end early).
     */
    String read() throws IOException {
        try {
            return readMessage();
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("Connection reset")) {
                return null; // the server closed while a pong was on its way: what the socket held unread is gone
            }
            throw e;
        }
    }

    private String readMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.readUnsignedByte();
            int opcode = first & 0x0f;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            if (opcode == 0x8) {
                return null;
            }
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                if ((first & 0x80) != 0) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
