package dev.switchboard.standalone;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.web.ApiError;
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

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Files.writeString(Path.of("target", "openapi.json"), response.body().toString(2));
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
            // TicketChangeRequest is a class: only a setter tells "assignee": null (clear) from an absent assignee
            assertTrue(body.isRecord() || body.getSimpleName().equals("TicketChangeRequest"), operation.getKey() + " reads a record, not " + body.getName());
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
            for (String name : bodyFields(body)) {
                components.add(name);
                Schema doc = fieldAnnotation(body, name, Schema.class);
                if (fieldAnnotation(body, name, NotNull.class) != null || fieldAnnotation(body, name, NotBlank.class) != null
                        || (doc != null && doc.requiredMode() == Schema.RequiredMode.REQUIRED)) {
                    required.add(name);
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

    /** The record a handler answers with (inside CompletableFuture, ResponseEntity, List), and whether it is a list. */
    private static Class<?> responseRecord(HandlerMethod handler, boolean[] list) {
        Type type = handler.getMethod().getGenericReturnType();
        while (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                list[0] = true;
            }
            type = parameterized.getActualTypeArguments()[0];
        }
        return (Class<?>) type;
    }

    /** A record's JSON property names: its components, renamed by {@code @JsonProperty}. */
    private static Set<String> jsonNames(Class<?> record) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonProperty renamed = fieldAnnotation(record, component.getName(),
                    JsonProperty.class);
            names.add(renamed != null ? renamed.value() : component.getName());
        }
        return names;
    }

    private static Set<String> propertiesOf(JSONObject schema) throws Exception {
        Set<String> properties = new TreeSet<>();
        for (Iterator<String> k = schema.getJSONObject("properties").keys(); k.hasNext(); ) {
            properties.add(k.next());
        }
        return properties;
    }

    @Test
    void responsesAreTheRecordsTheControllersReturnAndEveryOperationDocumentsTheErrorBody() throws Exception {
        JSONObject docs = apiDocs();
        JSONObject schemas = docs.getJSONObject("components").getJSONObject("schemas");
        RequestMappingHandlerMapping mapping = stack.gateway().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            if (!handler.getBeanType().getName().startsWith(GATEWAY_PACKAGE)) {
                continue;
            }
            String path = entry.getKey().getPathPatternsCondition().getPatternValues().iterator().next();
            String verb = entry.getKey().getMethodsCondition().getMethods().iterator().next().name().toLowerCase();
            JSONObject responses = docs.getJSONObject("paths").getJSONObject(path).getJSONObject(verb).getJSONObject("responses");
            assertEquals("#/components/schemas/ApiError", responses.getJSONObject("default").getJSONObject("content")
                    .getJSONObject("application/json").getJSONObject("schema").getString("$ref"), verb + " " + path);
            if (path.equals("/health")) {
                continue; // the operations work owns the health endpoint's shape
            }
            boolean[] list = new boolean[1];
            Class<?> record = responseRecord(handler, list);
            assertTrue(record.isRecord(), verb + " " + path + " answers a record, not " + record.getName());
            String success = responses.has("201") ? "201" : responses.has("202") ? "202" : "200";
            JSONObject schema = responses.getJSONObject(success).getJSONObject("content").getJSONObject("*/*").getJSONObject("schema");
            if (list[0]) {
                assertEquals("array", schema.getString("type"), verb + " " + path);
                schema = schema.getJSONObject("items");
            }
            assertEquals("#/components/schemas/" + record.getSimpleName(), schema.getString("$ref"), verb + " " + path);
            assertEquals(jsonNames(record), propertiesOf(schemas.getJSONObject(record.getSimpleName())), record.getSimpleName());
            checked.add(record.getSimpleName());
        }
        assertTrue(checked.containsAll(List.of("ChatView", "ChatSummary", "MessagePage", "NotificationView", "NotificationPage",
                "TicketView", "SupportMessagePage", "TicketAuditView", "PresenceView", "DevToken")), "checked " + checked);
        assertEquals(jsonNames(ApiError.class), propertiesOf(schemas.getJSONObject("ApiError")));
        Set<String> codes = new TreeSet<>();
        JSONArray documented = schemas.getJSONObject("Detail").getJSONObject("properties").getJSONObject("code").getJSONArray("enum");
        for (int i = 0; i < documented.length(); i++) {
            codes.add(documented.getString(i));
        }
        Set<String> all = new TreeSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            all.add(code.name());
        }
        assertEquals(all, codes, "every error code is documented");
        assertTrue(docs.getJSONObject("paths").getJSONObject("/api/chats").getJSONObject("post").getJSONObject("responses").has("200"),
                "opening an existing chat answers 200");
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

    /** A request body's JSON fields: a record's components, or a class's fields that JSON binds. */
    private static List<String> bodyFields(Class<?> body) {
        List<String> names = new ArrayList<>();
        if (body.isRecord()) {
            for (RecordComponent component : body.getRecordComponents()) {
                names.add(component.getName());
            }
            return names;
        }
        for (Field field : body.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())
                    && field.getAnnotation(JsonIgnore.class) == null) {
                names.add(field.getName());
            }
        }
        return names;
    }

    private static <A extends Annotation> A fieldAnnotation(Class<?> record, String name, Class<A> type) {
        try {
            return record.getDeclaredField(name).getAnnotation(type);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
