// KwSecure is the Java side of kafkawire's security suite: Apache Kafka's own
// KafkaConsumer (from the harness jars), configured from a properties file
// (security.protocol, sasl.*, ssl.*), reads what the Go producer wrote. It is
// compiled by the Go tests at run time into a temporary directory.
//
//   consume <clientProps> <bootstrap> <timeoutMs> <topic>
//       Reads every partition of topic from the beginning up to the end
//       offsets seen at start and prints one line:
//       records=<n> distinct=<distinct values>
import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class KwSecure {
    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !args[0].equals("consume")) {
            System.err.println("usage: KwSecure consume <clientProps> <bootstrap> <timeoutMs> <topic>");
            System.exit(2);
        }
        Properties p = new Properties();
        try (FileReader r = new FileReader(args[1], StandardCharsets.UTF_8)) {
            p.load(r);
        }
        p.put("bootstrap.servers", args[2]);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "10000");
        p.put("client.id", "kwsecure-consumer");
        long timeoutMs = Long.parseLong(args[3]);
        long deadline = System.currentTimeMillis() + timeoutMs;
        long count = 0;
        Set<String> distinct = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(args[4], Duration.ofMillis(timeoutMs))) {
                tps.add(new TopicPartition(pi.topic(), pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofMillis(timeoutMs));
            while (!reachedEnd(c, end)) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("KwSecure: timeout after " + count + " records; end offsets " + end);
                    System.exit(3);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    count++;
                    distinct.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        System.out.println("records=" + count + " distinct=" + distinct.size());
    }

    static boolean reachedEnd(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
