package dev.switchboard.gateway.notification;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationUpdate.CreateOutcome;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.web.Paging;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /api/notifications} (services) and {@code GET /api/notifications} (own). */
@RestController
public class NotificationController {
    private final Outcomes outcomes;
    private final NotificationReadModel notifications;

    public NotificationController(Outcomes outcomes, NotificationReadModel notifications) {
        this.outcomes = outcomes;
        this.notifications = notifications;
    }

    /** Body {@code { userId, type, title, message, data?, idempotencyKey? }} (or an {@code Idempotency-Key} header). 201 created, 200 when the key was used before. */
    @ApiResponse(responseCode = "201", description = "created (and pushed if the user is connected)", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "the original: the idempotency key was used before for this user", useReturnTypeSchema = true)
    @PostMapping("/api/notifications")
    CompletableFuture<ResponseEntity<NotificationView>> create(AuthenticatedUser caller, @Valid @RequestBody NotificationRequest body,
                                                                  @RequestHeader(name = "Idempotency-Key", required = false) String keyHeader) {
        Authorization.requireRole(Operation.CREATE_NOTIFICATION, caller);
        Payloads.requireId(body.userId(), "userId");
        Ids.Stamp stamp = Ids.newStamp(); // the list, ordered by id, then agrees with the creation times it shows
        NotificationRequested request = new NotificationRequested(stamp.id(), body.userId(), body.type(), body.title(), body.message(),
                body.data(), keyHeader != null ? keyHeader : body.idempotencyKey());
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            throw ClientError.badRequest(String.join("; ", problems));
        }
        return outcomes.submit(Envelope.newAction(request, caller.actor(), request.userId(), stamp.at()), CreateOutcome.class)
                .thenApply(outcome -> ResponseEntity.status(outcome instanceof NotificationCreated ? 201 : 200)
                        .body(NotificationViews.view(outcome.notification())));
    }

    /** The caller's notifications, newest first: {@code ?unread=true&before=<notificationId>&limit=20} (max 100). */
    @GetMapping("/api/notifications")
    NotificationPage list(AuthenticatedUser caller, @RequestParam(required = false) Boolean unread,
                             @RequestParam(required = false) String before, @RequestParam(required = false) Integer limit) {
        Authorization.requireRole(Operation.LIST_NOTIFICATIONS, caller);
        NotificationReadModel.Page page = notifications.page(caller.userId(), Boolean.TRUE.equals(unread),
                before == null || before.isBlank() ? null : Paging.cursor(before), Paging.limit(limit));
        return new NotificationPage(page.notifications().stream().map(NotificationViews::view).toList(), page.hasMore());
    }
}
