package goldengen;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.Uuid;

/**
 * Deterministic, distinct field values. Every call advances a counter, so two
 * fields (or the same field in two array elements) never get the same value.
 * Integers have every byte non-zero (0x01020304 + k*0x01010101 never carries
 * for k < 250); every fourth signed integer is negative (its two's complement
 * has no zero byte either).
 */
final class ValueSource {
    private int n;

    private int step() {
        return ++n;
    }

    private boolean negative() {
        return n % 4 == 3;
    }

    byte int8() {
        int k = step() % 120;
        byte v = (byte) (1 + k);
        return negative() ? (byte) -v : v;
    }

    short int16() {
        int k = step() % 250;
        short v = (short) (0x0102 + k * 0x0101);
        return negative() ? (short) -v : v;
    }

    int uint16() {
        int k = step() % 250;
        return 0x0102 + k * 0x0101;
    }

    int int32() {
        int k = step() % 250;
        int v = 0x01020304 + k * 0x01010101;
        return negative() ? -v : v;
    }

    long uint32() {
        int k = step() % 250;
        return 0x01020304L + k * 0x01010101L;
    }

    long int64() {
        int k = step() % 240;
        long v = 0x0102030405060708L + k * 0x0101010101010101L;
        return negative() ? -v : v;
    }

    double float64() {
        return step() + 0.25;
    }

    /** "topics-3" style: the field's name in lower case, a dash, the counter. */
    String string(String fieldName) {
        return fieldName.toLowerCase() + "-" + step();
    }

    byte[] bytes() {
        int k = step();
        return ("bytes-" + k).getBytes(StandardCharsets.US_ASCII);
    }

    Uuid uuid() {
        int k = step() % 240;
        return new Uuid(0x0102030405060708L + k * 0x0101010101010101L,
                0x1112131415161718L + k * 0x0101010101010101L);
    }
}
