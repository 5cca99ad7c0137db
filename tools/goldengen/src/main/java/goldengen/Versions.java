package goldengen;

/**
 * A version range as written in Kafka's message JSON: "none", "3", "3+",
 * "0-7". Absent means none.
 */
final class Versions {
    static final Versions NONE = new Versions(Short.MAX_VALUE, (short) -1);

    final short lowest;
    final short highest;

    private Versions(short lowest, short highest) {
        this.lowest = lowest;
        this.highest = highest;
    }

    static Versions parse(String s) {
        if (s == null || s.isEmpty() || s.equals("none")) {
            return NONE;
        }
        s = s.trim();
        if (s.endsWith("+")) {
            return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
        }
        short v = Short.parseShort(s);
        return new Versions(v, v);
    }

    boolean contains(short v) {
        return v >= lowest && v <= highest;
    }

    boolean isNone() {
        return lowest > highest;
    }

    /** "none" or the lowest version, for the manifest's flexible-from columns. */
    String lowestOrNone() {
        return isNone() ? "none" : Short.toString(lowest);
    }
}
