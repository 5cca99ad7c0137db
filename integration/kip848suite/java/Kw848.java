// Kw848 is the Java side of kafkawire's KIP-848 suite: Apache Kafka's own
// KafkaConsumer as a member of a consumer group run with the protocol given.
// The Go tests compile it at run time (javac -cp <Kafka libs>/*).
//
//   member <bootstrap> <topic> <groupId> <classic|consumer>
//       Subscribes to topic (auto.offset.reset=earliest; with classic,
//       session 6 s, heartbeat 1 s, cooperative-sticky) and prints, one line
//       each, flushed:
//         assignment P,P,...   the full assignment after each change
//         rec P O              each record returned by poll
//       It stops when stdin reaches EOF: close() leaves the group; then it
//       prints "closed".
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class Kw848 {
    static final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !args[0].equals("member")) {
            System.err.println("usage: member <bootstrap> <topic> <groupId> <classic|consumer>");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", args[1]);
        p.put("group.id", args[3]);
        p.put("group.protocol", args[4]);
        p.put("auto.offset.reset", "earliest");
        p.put("client.id", "kw848-java");
        if (args[4].equals("classic")) {
            p.put("session.timeout.ms", "6000");
            p.put("heartbeat.interval.ms", "1000");
            p.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        }
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                }
            } catch (Exception e) {
            }
            c.wakeup();
        });
        stdin.setDaemon(true);
        stdin.start();
        c.subscribe(Collections.singletonList(args[2]), new ConsumerRebalanceListener() {
            public void onPartitionsRevoked(Collection<TopicPartition> tps) { report(c, tps); }
            public void onPartitionsAssigned(Collection<TopicPartition> tps) { report(c, Collections.emptyList()); }
            public void onPartitionsLost(Collection<TopicPartition> tps) { report(c, tps); }
        });
        try {
            while (true) {
                StringBuilder b = new StringBuilder();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    b.append("rec ").append(r.partition()).append(' ').append(r.offset()).append('\n');
                }
                if (b.length() > 0) {
                    out.print(b);
                    out.flush();
                }
            }
        } catch (WakeupException e) {
            // stdin closed
        }
        c.close();
        out.println("closed");
    }

    // report prints the assignment without the partitions being given up.
    static void report(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> leaving) {
        List<Integer> ps = new ArrayList<>();
        for (TopicPartition tp : c.assignment()) {
            if (!leaving.contains(tp)) {
                ps.add(tp.partition());
            }
        }
        Collections.sort(ps);
        StringBuilder b = new StringBuilder("assignment ");
        for (int i = 0; i < ps.size(); i++) {
            if (i > 0) b.append(',');
            b.append(ps.get(i));
        }
        out.println(b);
    }
}
