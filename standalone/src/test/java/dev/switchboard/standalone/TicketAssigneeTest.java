package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/PROTOCOL.md §8: {@code assignee} is an admin's id, or {@code null} to clear; absent leaves it as it is. */
class TicketAssigneeTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void anAdminAssignsKeepsAndClearsTheAssignee() throws Exception {
        String admin = Ids.newId();
        String adminToken = stack.token(admin, "admin");
        Rest.Response opened = Rest.send(stack, "POST", "/api/support/tickets", stack.token(Ids.newId(), "client"),
                Rest.json("subject", "Refunds", "message", "hello"));
        assertEquals(201, opened.status(), opened.text());
        String path = "/api/support/tickets/" + opened.body().getString("_id");

        Rest.Response assigned = Rest.send(stack, "PATCH", path, adminToken, Rest.json("assignee", admin));
        assertEquals(200, assigned.status(), assigned.text());
        assertEquals(admin, assigned.body().getString("assignee"));

        Rest.Response statusOnly = Rest.send(stack, "PATCH", path, adminToken, Rest.json("status", "pending"));
        assertEquals(admin, statusOnly.body().getString("assignee"), "an absent assignee stays as it is");

        Rest.Response cleared = Rest.send(stack, "PATCH", path, adminToken, new JSONObject().put("assignee", JSONObject.NULL));
        assertEquals(200, cleared.status(), cleared.text());
        assertTrue(cleared.body().isNull("assignee"), cleared.text());
        assertEquals("pending", cleared.body().getString("status"));
    }
}
