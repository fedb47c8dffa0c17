package dev.switchboard.standalone;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.socket.SocketEvents;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/PROTOCOL.md names every socket event the gateway listens to, every REST endpoint it maps and every error code. */
class ProtocolDocumentTest {
    private final TestStack stack = TestStack.shared();

    private static String protocol() throws Exception {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/PROTOCOL.md");
        assertTrue(Files.isReadable(doc), doc + " is the contract frontends read");
        return Files.readString(doc);
    }

    @Test
    void everySocketEventTheGatewayListensToIsInTheContract() throws Exception {
        String protocol = protocol();
        List<String> missing = new ArrayList<>();
        int events = 0;
        for (SocketEvents feature : stack.gateway().getBeansOfType(SocketEvents.class).values()) {
            for (SocketEvents.Row<?> event : feature.events()) {
                events++;
                if (!protocol.contains("`" + event.name() + "`")) {
                    missing.add(event.name());
                }
            }
        }
        assertTrue(events >= 19, "the gateway's socket events: " + events);
        assertEquals(List.of(), missing);
    }

    @Test
    void everyRestEndpointIsInTheContract() throws Exception {
        String protocol = protocol();
        List<String> missing = new ArrayList<>();
        RequestMappingHandlerMapping mapping = stack.gateway().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getName().startsWith("dev.switchboard.gateway.")) {
                continue;
            }
            for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                for (String path : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                    if (!protocol.contains("`" + method.name() + " " + path)) {
                        missing.add(method.name() + " " + path);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyErrorCodeIsInTheContract() throws Exception {
        String protocol = protocol();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(protocol.contains("`" + code.name() + "`"), code.name());
        }
    }
}
