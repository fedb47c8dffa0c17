package dev.switchboard.gateway.notification;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import dev.switchboard.gateway.socket.SocketRooms;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notification updates → {@code new-notification}, {@code notification-read}, {@code all-notifications-read} to
 * {@code notifications_<userId>}. A gateway that pushed a new notification to at least one of its connections
 * records it delivered. Each connection gets each notification once, live or in its backlog.
 */
@Component
public class NotificationPushes implements UpdatePushes {
    private final SocketRooms rooms;
    private final ActionRecorder recorder;
    private final GatewaySettings settings;
    private final DeliveredMarks marks;

    public NotificationPushes(SocketRooms rooms, ActionRecorder recorder, GatewaySettings settings, DeliveredMarks marks) {
        this.rooms = rooms;
        this.recorder = recorder;
        this.settings = settings;
        this.marks = marks;
    }

    @Override
    public void register(UpdateRoutes routes) {
        // a replay to a recovered session delivers it too, once it hands the connection the packet (its replay may stop
        // before: the connection took nothing more)
        routes.on(NotificationCreated.class, (update, packets) -> {
            Notification notification = update.payload().notification();
            String room = NotificationViews.room(notification.user());
            boolean[] recorded = {false};
            packets.toRoomTelling(room, "new-notification", NotificationViews.view(notification.asDelivered()), connectionId -> {
                marks.mark(connectionId, notification.id());
                if (!recorded[0]) {
                    recorded[0] = true;
                    recorder.recordBookkeeping(Envelope.newAction(new NotificationDelivered(notification.user(), notification.id()),
                            Actor.system(settings.gatewayId()), notification.user(), Instant.now()));
                }
            });
        });
        // a notification created between a connection's joining the room and its backlog's release reached it live
        // already: the release skips it, so each arrives once
        routes.live(PendingNotificationsReleased.class, update -> {
            String connectionId = update.payload().connectionId();
            update.payload().notifications().stream().filter(notification -> !marks.wasSent(connectionId, notification.id()))
                    .forEach(notification -> rooms.toConnection(connectionId, "new-notification", NotificationViews.view(notification)));
        });
        routes.on(NotificationMarkedRead.class, (update, packets) -> packets.toRoom(NotificationViews.room(update.payload().userId()),
                "notification-read", Map.of("notificationId", update.payload().notificationId())));
        routes.on(AllNotificationsMarkedRead.class, (update, packets) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", update.payload().userId());
            body.put("count", update.payload().count());
            packets.toRoom(NotificationViews.room(update.payload().userId()), "all-notifications-read", body);
        });
    }
}
