package goldengen;

import java.util.Set;

/** The scalar type names of Kafka's message JSON. */
final class Types {
    private Types() {}

    private static final Set<String> PRIMITIVES = Set.of(
            "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
            "string", "bytes", "uuid", "records");

    static boolean isPrimitive(String type) {
        return PRIMITIVES.contains(type);
    }

    /** Whether a generated value happens to equal the field's declared default. */
    static boolean equalsDefault(String type, Object value, String dflt) {
        switch (type) {
            case "int8":
            case "int16":
            case "uint16":
            case "int32":
            case "uint32":
            case "int64":
                return ((Number) value).longValue() == parseInt(dflt);
            case "string":
                return dflt != null && dflt.equals(value);
            default:
                return false;
        }
    }

    private static long parseInt(String dflt) {
        if (dflt == null || dflt.isEmpty()) {
            return 0;
        }
        if (dflt.startsWith("0x")) {
            return Long.parseLong(dflt.substring(2), 16);
        }
        return Long.parseLong(dflt);
    }
}
