package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;

/**
 * netty-socketio's packet encoder without its loss on long-polling: it writes at most {@code limit} (50) waiting
 * packets per poll response, but takes the next packet off the queue before it checks the limit, and drops it. A
 * polling client with more than 50 packets waiting (a burst of acks, a recovery replay, a notification backlog) lost
 * one in every 51, with nothing to tell it. Here the library's loop is given a view of the queue that ends after
 * {@code limit} packets, so the packet after them stays queued for the next poll. (netty-socketio 2.0.14; the library
 * still has the same loop upstream.)
 */
final class WholeBatchPacketEncoder extends PacketEncoder {

    WholeBatchPacketEncoder(Configuration configuration, JsonSupport jsonSupport) {
        super(configuration, jsonSupport);
    }

    @Override
    public void encodePackets(Queue<Packet> packets, ByteBuf buffer, ByteBufAllocator allocator, int limit) throws IOException {
        super.encodePackets(new AtMost<>(packets, limit), buffer, allocator, Integer.MAX_VALUE);
    }

    @Override
    public void encodeJsonP(Integer jsonpIndex, Queue<Packet> packets, ByteBuf out, ByteBufAllocator allocator, int limit) throws IOException {
        super.encodeJsonP(jsonpIndex, new AtMost<>(packets, limit), out, allocator, Integer.MAX_VALUE);
    }

    /** The first {@code limit} elements a consumer polls from {@code queue}; then empty, the rest left in {@code queue}. */
    static final class AtMost<E> extends AbstractQueue<E> {
        private final Queue<E> queue;
        private final int limit;
        private int taken;

        AtMost(Queue<E> queue, int limit) {
            this.queue = queue;
            this.limit = limit;
        }

        @Override
        public E poll() {
            if (taken >= limit) {
                return null;
            }
            E next = queue.poll();
            if (next != null) {
                taken++;
            }
            return next;
        }

        @Override
        public E peek() {
            return taken >= limit ? null : queue.peek();
        }

        @Override
        public boolean offer(E element) {
            throw new UnsupportedOperationException("read only: packets are queued on the client's own queue");
        }

        @Override
        public int size() {
            return Math.min(queue.size(), limit - taken);
        }

        @Override
        public Iterator<E> iterator() {
            throw new UnsupportedOperationException("the encoder only polls");
        }
    }
}
