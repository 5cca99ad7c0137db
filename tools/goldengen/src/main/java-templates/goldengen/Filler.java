package goldengen;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import ${kafka.records.package}.BaseRecords;

/**
 * Fills one of Kafka's generated message objects from its JSON definition:
 * every field valid at the version gets a value from a {@link ValueSource}
 * through the generated setter {@code set<FieldName>}. Fields not valid at
 * the version keep their defaults (Kafka refuses to write a non-default
 * non-ignorable field at a version without it).
 */
final class Filler {
    enum Variant {
        /** every field non-default, nullable ones non-null, arrays of two. */
        FULL,
        /** nullable fields null, other arrays empty, other fields non-default. */
        NULLS;

        String fileSuffix() {
            return name().toLowerCase();
        }
    }

    /** Arrays deeper than this hold one element instead of two. */
    private static final int FULL_DEPTH = 4;
    /** Arrays deeper than this are empty (no Kafka message nests this far). */
    private static final int MAX_DEPTH = 8;

    private final MessageSpec spec;
    private final short version;
    private final Variant variant;
    private final ValueSource values = new ValueSource();

    Filler(MessageSpec spec, short version, Variant variant) {
        this.spec = spec;
        this.version = version;
        this.variant = variant;
    }

    /** Fills the top-level message object {@code data}. */
    void fill(Object data) {
        fillStruct(data, spec.fields(), 0);
    }

    private void fillStruct(Object target, JsonNode fields, int depth) {
        for (JsonNode field : fields) {
            if (!Versions.parse(MessageSpec.text(field, "versions")).contains(version)) {
                continue;
            }
            Method setter = setterFor(target.getClass(), field.get("name").asText());
            Object value = valueFor(target.getClass(), field, setter.getParameterTypes()[0], depth);
            try {
                setter.invoke(target, value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(spec.name + ": setting " + setter.getName(), e);
            }
        }
    }

    private Object valueFor(Class<?> owner, JsonNode field, Class<?> javaType, int depth) {
        String name = field.get("name").asText();
        String type = field.get("type").asText();
        boolean nullable = Versions.parse(MessageSpec.text(field, "nullableVersions")).contains(version);
        if (variant == Variant.NULLS && nullable) {
            return null;
        }
        if (type.startsWith("[]")) {
            String elem = type.substring(2);
            int count = variant == Variant.NULLS || depth >= MAX_DEPTH ? 0 : depth >= FULL_DEPTH ? 1 : 2;
            if (Types.isPrimitive(elem)) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    list.add(scalar(elem, name, null, javaType));
                }
                return list;
            }
            return structArray(owner, field, elem, javaType, count, depth);
        }
        if (Types.isPrimitive(type)) {
            return scalar(type, name, MessageSpec.text(field, "default"), javaType);
        }
        return newStruct(owner, field, type, depth);
    }

    @SuppressWarnings("unchecked")
    private Object structArray(Class<?> owner, JsonNode field, String elem, Class<?> javaType, int count, int depth) {
        Collection<Object> out;
        try {
            out = List.class.isAssignableFrom(javaType)
                    ? new ArrayList<>()
                    : (Collection<Object>) javaType.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.name + ": cannot build " + javaType, e);
        }
        for (int i = 0; i < count; i++) {
            out.add(newStruct(owner, field, elem, depth + 1));
        }
        if (out.size() != count) {
            throw new IllegalStateException(spec.name + ": " + javaType.getSimpleName() + " kept " + out.size() + " of " + count + " elements");
        }
        return out;
    }

    private Object newStruct(Class<?> owner, JsonNode field, String type, int depth) {
        Object struct;
        try {
            struct = structClass(owner, type).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.name + ": cannot build struct " + type, e);
        }
        fillStruct(struct, spec.structFields(field, type), depth);
        return struct;
    }

    /** Generated struct classes are all nested in the top-level *Data class. */
    private static Class<?> structClass(Class<?> owner, String type) throws ClassNotFoundException {
        Class<?> top = owner;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return Class.forName(top.getName() + "$" + type, true, owner.getClassLoader());
    }

    private Object scalar(String type, String fieldName, String dflt, Class<?> javaType) {
        for (int attempt = 0; ; attempt++) {
            Object v = rawScalar(type, fieldName, dflt, javaType);
            if (attempt > 3 || !Types.equalsDefault(type, v, dflt)) {
                return v;
            }
        }
    }

    private Object rawScalar(String type, String fieldName, String dflt, Class<?> javaType) {
        switch (type) {
            case "bool":
                return !"true".equals(dflt);
            case "int8":
                return values.int8();
            case "int16":
                return values.int16();
            case "uint16":
                return values.uint16();
            case "int32":
                return values.int32();
            case "uint32":
                return values.uint32();
            case "int64":
                return values.int64();
            case "float64":
                return values.float64();
            case "string":
                return values.string(fieldName);
            case "uuid":
                return values.uuid();
            case "bytes":
                byte[] b = values.bytes();
                return javaType == ByteBuffer.class ? ByteBuffer.wrap(b) : b;
            case "records":
                if (!BaseRecords.class.isAssignableFrom(javaType)) {
                    throw new IllegalStateException("records field with setter type " + javaType);
                }
                return SampleRecords.small();
            default:
                throw new IllegalStateException(spec.name + ": unknown type " + type);
        }
    }

    private Method setterFor(Class<?> cls, String fieldName) {
        String want = "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
        Method found = null;
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(want) && m.getParameterCount() == 1) {
                if (found != null) {
                    throw new IllegalStateException(cls.getName() + ": two setters " + want);
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException(cls.getName() + ": no setter " + want);
        }
        return found;
    }
}
