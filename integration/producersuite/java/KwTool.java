// KwTool is the Java side of kafkawire's producer suite: Apache Kafka's own
// KafkaConsumer and KafkaProducer (from the harness jars) used as the
// independent reader and writer. It is compiled by the Go tests at run time
// (javac -cp <Kafka libs>/*) into a temporary directory.
//
//   consume <bootstrap> <outFile> <timeoutMs> <topic>...
//       Reads every partition of every topic from the beginning up to the end
//       offsets seen at start, and writes one line per record:
//       topic \t partition \t offset \t keyHex \t valueHex   (null: "-")
//   produce <bootstrap> <inFile> <outFile> <topic>=<compression.type>...
//       Sends every line of inFile (keyHex \t valueHex, null: "-") to each
//       topic with a KafkaProducer of that compression type (acks=all,
//       idempotent, default partitioner), and writes one line per record:
//       topic \t partition \t offset \t keyHex
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KwTool {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "consume":
                consume(args);
                break;
            case "produce":
                produce(args);
                break;
            default:
                usage();
        }
    }

    static void usage() {
        System.err.println("usage: KwTool consume <bootstrap> <outFile> <timeoutMs> <topic>...");
        System.err.println("       KwTool produce <bootstrap> <inFile> <outFile> <topic>=<compression>...");
        System.exit(2);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] b) {
        if (b == null) {
            return "-";
        }
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }

    static byte[] unhex(String s) {
        if (s.equals("-")) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static void consume(String[] args) throws Exception {
        if (args.length < 5) {
            usage();
        }
        String bootstrap = args[1];
        String outFile = args[2];
        long timeoutMs = Long.parseLong(args[3]);
        long deadline = System.currentTimeMillis() + timeoutMs;
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "10000");
        p.put("client.id", "kwtool-consumer");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
             BufferedWriter w = Files.newBufferedWriter(Paths.get(outFile), StandardCharsets.UTF_8)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                List<PartitionInfo> infos = c.partitionsFor(args[i], Duration.ofMillis(timeoutMs));
                if (infos == null || infos.isEmpty()) {
                    System.err.println("KwTool: no partitions for topic " + args[i]);
                    System.exit(1);
                }
                for (PartitionInfo pi : infos) {
                    tps.add(new TopicPartition(pi.topic(), pi.partition()));
                }
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofMillis(timeoutMs));
            while (!reachedEnd(c, end)) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("KwTool: timeout after " + count + " records; end offsets " + end);
                    w.flush();
                    System.exit(3);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // written after we started: not ours to report
                    }
                    w.write(r.topic());
                    w.write('\t');
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
        System.out.println("consumed " + count);
    }

    static boolean reachedEnd(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static void produce(String[] args) throws Exception {
        if (args.length < 5) {
            usage();
        }
        String bootstrap = args[1];
        List<byte[][]> recs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                recs.add(new byte[][] {unhex(f[0]), unhex(f[1])});
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(Paths.get(args[3]), StandardCharsets.UTF_8)) {
            for (int i = 4; i < args.length; i++) {
                String[] tc = args[i].split("=", 2);
                String topic = tc[0];
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("key.serializer", ByteArraySerializer.class.getName());
                p.put("value.serializer", ByteArraySerializer.class.getName());
                p.put("acks", "all");
                p.put("enable.idempotence", "true");
                p.put("linger.ms", "5");
                p.put("compression.type", tc[1]);
                p.put("client.id", "kwtool-producer-" + tc[1]);
                RecordMetadata[] md = new RecordMetadata[recs.size()];
                AtomicReference<Exception> failure = new AtomicReference<>();
                try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p)) {
                    for (int j = 0; j < recs.size(); j++) {
                        final int idx = j;
                        prod.send(new ProducerRecord<>(topic, recs.get(j)[0], recs.get(j)[1]), (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                md[idx] = m;
                            }
                        });
                    }
                    prod.flush();
                }
                if (failure.get() != null) {
                    System.err.println("KwTool: send to " + topic + " failed: " + failure.get());
                    System.exit(1);
                }
                for (int j = 0; j < recs.size(); j++) {
                    w.write(topic);
                    w.write('\t');
                    w.write(Integer.toString(md[j].partition()));
                    w.write('\t');
                    w.write(Long.toString(md[j].offset()));
                    w.write('\t');
                    w.write(hex(recs.get(j)[0]));
                    w.write('\n');
                }
            }
        }
        System.out.println("produced " + recs.size() + " records to " + (args.length - 4) + " topics");
    }
}
