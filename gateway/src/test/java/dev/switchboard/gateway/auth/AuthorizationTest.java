package dev.switchboard.gateway.auth;

import dev.switchboard.gateway.auth.Authorization.Caller;
import dev.switchboard.gateway.auth.Authorization.DecidedBy;
import dev.switchboard.gateway.auth.Authorization.Ownership;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.events.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The table's own consistency, and what the gateway enforces of it (the rows end to end: AuthorizationTableTest in standalone). */
class AuthorizationTest {
    private static final AuthenticatedUser CLIENT = new AuthenticatedUser("65a0000000000000000000c1", Role.CLIENT, null, null);
    private static final AuthenticatedUser ADMIN = new AuthenticatedUser("65a0000000000000000000a1", Role.ADMIN, null, null);
    private static final AuthenticatedUser SERVICE = new AuthenticatedUser("billing", Role.SERVICE, null, null);

    @Test
    void anOutsiderIsRefusedSomeoneElsesThingsExactlyAsAClientIs() {
        for (Operation operation : Operation.values()) {
            assertEquals(Authorization.verdict(operation, Caller.CLIENT, Ownership.OTHERS), Authorization.verdict(operation, Caller.OUTSIDER, Ownership.OTHERS),
                    operation.wireName());
        }
    }

    @Test
    void everyRefusalSaysWhoDecidesItAndWhy() {
        for (Authorization.Row row : Authorization.rows()) {
            if (!row.verdict().allowed()) {
                assertEquals(false, row.verdict().decidedBy() == null || row.verdict().reason() == null, row.toString());
            }
        }
    }

    @Test
    void theGatewayRefusesItsOwnRowsAtOnce() {
        ClientError refused = assertThrows(ClientError.class, () -> Authorization.requireRole(Operation.JOIN_SUPPORT_DASHBOARD, CLIENT));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        assertThrows(ClientError.class, () -> Authorization.requireRole(Operation.CREATE_NOTIFICATION, ADMIN));
        assertThrows(ClientError.class, () -> Authorization.require(Operation.USER_JOIN, CLIENT, Ownership.OTHERS));
        assertDoesNotThrow(() -> Authorization.require(Operation.USER_JOIN, CLIENT, Ownership.OWN));
        assertDoesNotThrow(() -> Authorization.requireRole(Operation.CREATE_NOTIFICATION, SERVICE));
        assertDoesNotThrow(() -> Authorization.requireRole(Operation.TICKET_AUDIT, ADMIN), "an admin's own ticket is only not found");
    }

    @Test
    void theProjectorsRowsAreLeftToItsRulesSoTheAttemptIsRecorded() {
        assertEquals(DecidedBy.PROJECTOR, Authorization.verdict(Operation.CHANGE_TICKET, Caller.CLIENT, Ownership.OTHERS).decidedBy());
        assertDoesNotThrow(() -> Authorization.requireRole(Operation.CHANGE_TICKET, CLIENT));
        assertDoesNotThrow(() -> Authorization.requireRole(Operation.SEND_MESSAGE, SERVICE));
    }

    @Test
    void aUserIdNamedBesideTheSubjectMustBeTheCallersOwnAsInTheOwnIdRows() {
        ClientError refused = assertThrows(ClientError.class, () -> Authorization.requireOwnId(CLIENT, ADMIN.userId()));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        assertEquals(Authorization.verdict(Operation.USER_JOIN, Caller.CLIENT, Ownership.OTHERS).reason(), refused.getMessage());
        assertDoesNotThrow(() -> Authorization.requireOwnId(CLIENT, CLIENT.userId()));
    }
}
