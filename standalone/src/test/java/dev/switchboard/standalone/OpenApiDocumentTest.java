package dev.switchboard.standalone;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document the gateway serves describes exactly the REST endpoints its controllers map, with their request records. */
class OpenApiDocumentTest {
    private static final String GATEWAY_PACKAGE = "dev.switchboard.gateway.";
    private final TestStack stack = TestStack.shared();

    /** Every (verb, path) of the gateway's own controllers, with the request body record it reads (or null). */
    private Map<String, Class<?>> controllerOperations() {
        RequestMappingHandlerMapping mapping = stack.gateway().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Map<String, Class<?>> operations = new TreeMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getName().startsWith(GATEWAY_PACKAGE)) {
                continue; // springdoc's own /v3/api-docs and Spring's /error
            }
            Class<?> body = null;
            for (MethodParameter parameter : entry.getValue().getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    body = parameter.getParameterType();
                }
            }
            for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                for (String path : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                    operations.put(method.name() + " " + path, body);
                }
            }
        }
        return operations;
    }

    private JSONObject apiDocs() throws Exception {
        Rest.Response response = Rest.get(stack, "/v3/api-docs", null);
        assertEquals(200, response.status(), response.text());
        return response.body();
    }

    @Test
    void everyControllerEndpointIsInTheDocumentAndNothingElse() throws Exception {
        Set<String> documented = new TreeSet<>();
        JSONObject paths = apiDocs().getJSONObject("paths");
        for (Iterator<String> p = paths.keys(); p.hasNext(); ) {
            String path = p.next();
            for (Iterator<String> m = paths.getJSONObject(path).keys(); m.hasNext(); ) {
                documented.add(m.next().toUpperCase() + " " + path);
            }
        }
        Set<String> mapped = controllerOperations().keySet();
        assertTrue(mapped.size() >= 14, "the 13 endpoints and the dev tokens: " + mapped);
        assertEquals(mapped, documented);
    }

    @Test
    void requestBodiesAreTheRecordsWithTheirRequiredFields() throws Exception {
        JSONObject docs = apiDocs();
        JSONObject schemas = docs.getJSONObject("components").getJSONObject("schemas");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Class<?>> operation : controllerOperations().entrySet()) {
            Class<?> body = operation.getValue();
            if (body == null) {
                continue;
            }
            assertTrue(body.isRecord(), operation.getKey() + " reads a record, not " + body.getName());
            String[] verbAndPath = operation.getKey().split(" ", 2);
            JSONObject requestBody = docs.getJSONObject("paths").getJSONObject(verbAndPath[1])
                    .getJSONObject(verbAndPath[0].toLowerCase()).getJSONObject("requestBody");
            String ref = requestBody.getJSONObject("content").getJSONObject("application/json").getJSONObject("schema").getString("$ref");
            assertEquals("#/components/schemas/" + body.getSimpleName(), ref, operation.getKey());
            JSONObject schema = schemas.getJSONObject(body.getSimpleName());

            Set<String> properties = new TreeSet<>();
            for (Iterator<String> k = schema.getJSONObject("properties").keys(); k.hasNext(); ) {
                properties.add(k.next());
            }
            Set<String> components = new TreeSet<>();
            Set<String> required = new TreeSet<>();
            for (RecordComponent component : body.getRecordComponents()) {
                components.add(component.getName());
                var field = component.getAccessor();
                Schema doc = field.getAnnotation(Schema.class) != null ? field.getAnnotation(Schema.class)
                        : fieldAnnotation(body, component.getName(), Schema.class);
                if (fieldAnnotation(body, component.getName(), NotNull.class) != null
                        || fieldAnnotation(body, component.getName(), NotBlank.class) != null
                        || (doc != null && doc.requiredMode() == Schema.RequiredMode.REQUIRED)) {
                    required.add(component.getName());
                }
            }
            assertEquals(components, properties, body.getSimpleName() + " properties");
            Set<String> documentedRequired = new TreeSet<>();
            JSONArray requiredArray = schema.optJSONArray("required");
            for (int i = 0; requiredArray != null && i < requiredArray.length(); i++) {
                documentedRequired.add(requiredArray.getString(i));
            }
            assertEquals(required, documentedRequired, body.getSimpleName() + " required fields");
            checked.add(body.getSimpleName());
        }
        assertTrue(checked.containsAll(List.of("OpenChatRequest", "ChatStatusRequest", "NotificationRequest", "OpenTicketRequest",
                "TicketChangeRequest", "DevTokenRequest")), "checked " + checked);
    }

    @Test
    void theDocumentSaysCallersUseABearerToken() throws Exception {
        JSONObject scheme = apiDocs().getJSONObject("components").getJSONObject("securitySchemes").getJSONObject("bearer");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        String paths = apiDocs().getJSONObject("paths").toString();
        assertFalse(paths.contains("AuthenticatedUser"), "the caller is the token, not a parameter");
    }

    @Test
    void swaggerUiIsServed() {
        Rest.Response response = Rest.get(stack, "/swagger-ui/index.html", null);
        assertEquals(200, response.status());
        assertTrue(response.text().contains("Swagger UI"), response.text());
    }

    private static <A extends java.lang.annotation.Annotation> A fieldAnnotation(Class<?> record, String name, Class<A> type) {
        try {
            return record.getDeclaredField(name).getAnnotation(type);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
