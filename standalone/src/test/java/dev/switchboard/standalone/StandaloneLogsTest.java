package dev.switchboard.standalone;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StandaloneLogsTest {

    @Test
    void theStoreAddressIsLoggedWithoutItsCredentials() {
        assertEquals("mongodb://***@db.example.com:27017/?authSource=admin",
                Standalone.withoutCredentials("mongodb://switchboard:s3cret@db.example.com:27017/?authSource=admin"));
        assertEquals("mongodb+srv://***@cluster0.example.net/", Standalone.withoutCredentials("mongodb+srv://u:p@cluster0.example.net/"));
        assertEquals("mongodb://127.0.0.1:27017", Standalone.withoutCredentials("mongodb://127.0.0.1:27017"));
    }
}
