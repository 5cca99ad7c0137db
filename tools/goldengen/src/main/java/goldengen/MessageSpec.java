package goldengen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One message definition, common/message/NAME.json, read from the
 * kafka-clients jar on the classpath. The files carry // comments, which the
 * parser is told to skip (comment-aware, so "//" inside a string is safe).
 */
final class MessageSpec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    final String name;
    final JsonNode root;
    final Versions validVersions;
    final Versions flexibleVersions;
    private final Map<String, JsonNode> commonStructs = new HashMap<>();

    private MessageSpec(String name, JsonNode root) {
        this.name = name;
        this.root = root;
        this.validVersions = Versions.parse(text(root, "validVersions"));
        this.flexibleVersions = Versions.parse(text(root, "flexibleVersions"));
        JsonNode cs = root.get("commonStructs");
        if (cs != null) {
            for (JsonNode s : cs) {
                commonStructs.put(s.get("name").asText(), s);
            }
        }
    }

    static MessageSpec load(String name) {
        String path = "common/message/" + name + ".json";
        try (InputStream in = MessageSpec.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + path);
            }
            return new MessageSpec(name, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    JsonNode fields() {
        return root.get("fields");
    }

    /** The field list of struct type {@code type}, declared inline on {@code field} or as a common struct. */
    JsonNode structFields(JsonNode field, String type) {
        JsonNode inline = field.get("fields");
        if (inline != null) {
            return inline;
        }
        JsonNode common = commonStructs.get(type);
        if (common == null) {
            throw new IllegalStateException(name + ": no definition for struct " + type);
        }
        return common.get("fields");
    }

    static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
