package dev.switchboard.events;

/** Who caused an event: a user with a role taken from their token, or a named backend service. */
public record Actor(String userId, String role, String service) {

    public static Actor user(String userId, String role) {
        return new Actor(userId, role, null);
    }

    public static Actor service(String name) {
        return new Actor(null, "service", name);
    }

    public static Actor system(String component) {
        return new Actor(null, "system", component);
    }
}
