// KwGroup is the Java side of kafkawire's consumer suite: Apache Kafka's own
// KafkaConsumer as a member of a mixed consumer group, and its
// KafkaProducer writing transactions. It is compiled by the Go tests at run
// time (javac -cp <Kafka libs>/*) into a temporary directory.
//
//   group <bootstrap> <topic> <groupId> <assignorClass> <sessionMs> <heartbeatMs>
//       Subscribes to topic in group groupId (classic protocol, the
//       default; auto.offset.reset=earliest) with that
//       partition.assignment.strategy, and prints, one line each, flushed:
//         assigned P,P,...   / revoked P,P,... / lost P,P,...
//         assignment P,P,...   (the full assignment after each of those)
//         rec P O              (each record returned by poll)
//       It stops when stdin reaches EOF: close() leaves the group; then it
//       prints "closed".
//   txproduce <bootstrap> <topic> <transactionalId> <abort|commit>:<n>...
//       Runs one transaction per argument, each sending n records to
//       partition 0 of topic with value "<abort|commit>-<t>-<i>" (t is the
//       argument's index), then aborting or committing it. Prints
//       "sent <abort|commit> P O" for each record and "done" at the end.
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KwGroup {
    static final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "group":
                group(args);
                break;
            case "txproduce":
                txproduce(args);
                break;
            default:
                usage();
        }
    }

    static void usage() {
        System.err.println("usage: KwGroup group <bootstrap> <topic> <groupId> <assignorClass> <sessionMs> <heartbeatMs>");
        System.err.println("       KwGroup txproduce <bootstrap> <topic> <transactionalId> <abort|commit>:<n>...");
        System.exit(2);
    }

    static String parts(Collection<TopicPartition> tps) {
        List<Integer> ps = new ArrayList<>();
        for (TopicPartition tp : tps) {
            ps.add(tp.partition());
        }
        Collections.sort(ps);
        StringBuilder sb = new StringBuilder();
        for (int p : ps) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    static void group(String[] args) throws Exception {
        if (args.length != 7) {
            usage();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", args[1]);
        props.put("group.id", args[3]);
        props.put("client.id", "kwgroup-java");
        props.put("partition.assignment.strategy", args[4]);
        props.put("session.timeout.ms", args[5]);
        props.put("heartbeat.interval.ms", args[6]);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                }
            } catch (Exception e) {
                // EOF or error: stop either way
            }
            consumer.wakeup();
        });
        stdin.setDaemon(true);
        stdin.start();
        consumer.subscribe(Collections.singletonList(args[2]), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                List<TopicPartition> left = new ArrayList<>(consumer.assignment());
                left.removeAll(partitions);
                out.println("revoked " + parts(partitions) + "\nassignment " + parts(left));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                out.println("assigned " + parts(partitions) + "\nassignment " + parts(consumer.assignment()));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                List<TopicPartition> left = new ArrayList<>(consumer.assignment());
                left.removeAll(partitions);
                out.println("lost " + parts(partitions) + "\nassignment " + parts(left));
            }
        });
        try {
            while (true) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(200));
                if (recs.isEmpty()) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (ConsumerRecord<byte[], byte[]> r : recs) {
                    sb.append("rec ").append(r.partition()).append(' ').append(r.offset()).append('\n');
                }
                out.print(sb);
                out.flush();
            }
        } catch (WakeupException e) {
            // stdin closed
        } finally {
            consumer.close(Duration.ofSeconds(20));
        }
        out.println("closed");
    }

    static void txproduce(String[] args) throws Exception {
        if (args.length < 5) {
            usage();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", args[1]);
        props.put("client.id", "kwgroup-java-tx");
        props.put("transactional.id", args[3]);
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        String topic = args[2];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            for (int t = 4; t < args.length; t++) {
                String[] spec = args[t].split(":");
                String kind = spec[0];
                int n = Integer.parseInt(spec[1]);
                producer.beginTransaction();
                List<Future<RecordMetadata>> futs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] v = (kind + "-" + (t - 4) + "-" + i).getBytes(StandardCharsets.UTF_8);
                    futs.add(producer.send(new ProducerRecord<>(topic, 0, null, v)));
                }
                producer.flush();
                for (Future<RecordMetadata> f : futs) {
                    RecordMetadata md = f.get();
                    out.println("sent " + kind + " " + md.partition() + " " + md.offset());
                }
                if (kind.equals("abort")) {
                    producer.abortTransaction();
                } else if (kind.equals("commit")) {
                    producer.commitTransaction();
                } else {
                    throw new IllegalArgumentException("bad transaction kind " + kind);
                }
            }
        }
        out.println("done");
    }
}
