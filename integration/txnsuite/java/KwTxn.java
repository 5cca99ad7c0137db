// KwTxn is the Java side of kafkawire's transaction suite: Apache Kafka's
// own KafkaConsumer (read_committed) as the independent reader of what our
// transactional producer wrote, and its transactional KafkaProducer as the
// writer our read_committed consumer reads. It is compiled by the Go tests at
// run time (javac -cp <Kafka libs>/*) into a temporary directory.
//
//   consume <bootstrap> <outFile> <timeoutMs> <topic>
//       Reads every partition of topic with isolation.level=read_committed
//       from the beginning up to the end offsets seen at start (for
//       read_committed, the last stable offsets), and writes one line per
//       record:  partition \t offset \t keyHex \t valueHex   (null: "-")
//       then prints "consumed N" on stdout.
//   txproduce <bootstrap> <topic> <transactionalId> <partitions> <abort|commit>:<n>...
//       Runs one transaction per spec argument; record i of transaction t
//       goes to partition i % partitions with key "<t>-<i>" and value
//       "<abort|commit>-<t>-<i>", then the transaction is aborted or
//       committed. Prints "sent <abort|commit> P O <t>-<i>" per record and
//       "done" at the end.
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KwTxn {
    static final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "consume":
                consume(args);
                break;
            case "txproduce":
                txproduce(args);
                break;
            default:
                usage();
        }
    }

    static void usage() {
        System.err.println("usage: KwTxn consume <bootstrap> <outFile> <timeoutMs> <topic>");
        System.err.println("       KwTxn txproduce <bootstrap> <topic> <transactionalId> <partitions> <abort|commit>:<n>...");
        System.exit(2);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] b) {
        if (b == null) {
            return "-";
        }
        char[] o = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            o[2 * i] = HEX[(b[i] >> 4) & 0xf];
            o[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(o);
    }

    static void consume(String[] args) throws Exception {
        if (args.length != 5) {
            usage();
        }
        long timeoutMs = Long.parseLong(args[3]);
        long deadline = System.currentTimeMillis() + timeoutMs;
        Properties p = new Properties();
        p.put("bootstrap.servers", args[1]);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "10000");
        p.put("client.id", "kwtxn-consumer");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
             BufferedWriter w = Files.newBufferedWriter(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            List<TopicPartition> tps = new ArrayList<>();
            List<PartitionInfo> infos = c.partitionsFor(args[4], Duration.ofMillis(timeoutMs));
            if (infos == null || infos.isEmpty()) {
                System.err.println("KwTxn: no partitions for topic " + args[4]);
                System.exit(1);
            }
            for (PartitionInfo pi : infos) {
                tps.add(new TopicPartition(pi.topic(), pi.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            // read_committed: the end offsets are the last stable offsets.
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofMillis(timeoutMs));
            while (!reachedEnd(c, end)) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("KwTxn: timeout after " + count + " records; end offsets " + end);
                    w.flush();
                    System.exit(3);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    w.write(Integer.toString(r.partition()));
                    w.write('\t');
                    w.write(Long.toString(r.offset()));
                    w.write('\t');
                    w.write(hex(r.key()));
                    w.write('\t');
                    w.write(hex(r.value()));
                    w.write('\n');
                    count++;
                }
            }
        }
        out.println("consumed " + count);
    }

    static boolean reachedEnd(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static void txproduce(String[] args) throws Exception {
        if (args.length < 6) {
            usage();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", args[1]);
        props.put("client.id", "kwtxn-java-tx");
        props.put("transactional.id", args[3]);
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        String topic = args[2];
        int partitions = Integer.parseInt(args[4]);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            for (int a = 5; a < args.length; a++) {
                int t = a - 5;
                String[] spec = args[a].split(":");
                String kind = spec[0];
                int n = Integer.parseInt(spec[1]);
                if (!kind.equals("abort") && !kind.equals("commit")) {
                    throw new IllegalArgumentException("bad transaction kind " + kind);
                }
                producer.beginTransaction();
                List<Future<RecordMetadata>> futs = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String key = t + "-" + i;
                    byte[] v = (kind + "-" + key).getBytes(StandardCharsets.UTF_8);
                    keys.add(key);
                    futs.add(producer.send(new ProducerRecord<>(topic, i % partitions, key.getBytes(StandardCharsets.UTF_8), v)));
                }
                producer.flush();
                for (int i = 0; i < n; i++) {
                    RecordMetadata md = futs.get(i).get();
                    out.println("sent " + kind + " " + md.partition() + " " + md.offset() + " " + keys.get(i));
                }
                if (kind.equals("abort")) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        out.println("done");
    }
}
