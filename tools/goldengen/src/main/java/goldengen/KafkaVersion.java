package goldengen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the kafka-clients jar on the classpath, from the
 * kafka/kafka-version.properties it carries (AppInfoParser, which reads the
 * same file, changed packages between 4.1 and 4.4).
 */
final class KafkaVersion {
    private KafkaVersion() {}

    static String get() {
        try (InputStream in = org.apache.kafka.common.protocol.ApiKeys.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("kafka-clients carries no kafka/kafka-version.properties");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException("kafka/kafka-version.properties has no version");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
