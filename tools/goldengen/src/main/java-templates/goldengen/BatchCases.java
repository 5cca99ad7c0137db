package goldengen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import ${kafka.records.package}.CompressionType;
import ${kafka.records.package}.ControlRecordType;
import ${kafka.records.package}.EndTransactionMarker;
import ${kafka.records.package}.MemoryRecords;
import ${kafka.records.package}.MemoryRecordsBuilder;
import ${kafka.records.package}.Record;
import ${kafka.records.package}.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Writes batches/: record batches built with Kafka's MemoryRecordsBuilder,
 * each NAME.bin with NAME.json describing what a reader must decode (the
 * description is produced by Kafka's own reader from the same bytes, after
 * checking that reader sees exactly the records appended).
 */
final class BatchCases {
    private static final long T0 = 1700000000000L;
    private static final List<CompressionType> CODECS = List.of(
            CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD);
    private static final List<CompressionType> LEGACY_CODECS = List.of(
            CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4);

    private final Path dir;
    private int written;

    BatchCases(Path dir) {
        this.dir = dir;
    }

    /** One record to append: what goes in, and so what must come out. */
    record In(long timestamp, byte[] key, byte[] value, Header[] headers) {
        In(long timestamp, String key, String value, Header... headers) {
            this(timestamp, bytes(key), bytes(value), headers);
        }
    }

    /** The producer-side settings of one batch. */
    record Spec(byte magic, CompressionType codec, TimestampType timestampType, long baseOffset, long logAppendTime,
                long producerId, short producerEpoch, int baseSequence, boolean transactional, int partitionLeaderEpoch) {
        static Spec plain(CompressionType codec, long baseOffset) {
            return new Spec(RecordBatch.MAGIC_VALUE_V2, codec, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                    RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                    RecordBatch.NO_PARTITION_LEADER_EPOCH);
        }
    }

    int writeAll() throws IOException {
        Files.createDirectories(dir);
        for (CompressionType codec : CODECS) {
            String c = codec.name;
            write(c + "-simple", 0, batch(Spec.plain(codec, 100), simpleRecords(true)));
            write(c + "-many", 0, batch(Spec.plain(codec, 1000), manyRecords(500)));
            write(c + "-idempotent", 0, batch(new Spec(RecordBatch.MAGIC_VALUE_V2, codec, TimestampType.CREATE_TIME, 300,
                    RecordBatch.NO_TIMESTAMP, 1234567890123L, (short) 7, 2147483000, false, 9), fewRecords(5, "idem")));
            write(c + "-transactional", 0, batch(new Spec(RecordBatch.MAGIC_VALUE_V2, codec, TimestampType.CREATE_TIME, 200,
                    RecordBatch.NO_TIMESTAMP, 4242L, (short) 3, 0, true, 5), fewRecords(3, "txn")));
            byte[][] three = {
                batch(Spec.plain(codec, 0), fewRecords(3, "a")),
                batch(Spec.plain(codec, 3), fewRecords(2, "b")),
                batch(Spec.plain(codec, 10), fewRecords(4, "c")),
            };
            write(c + "-multi", 0, concat(three[0], three[1], three[2]));
            byte[] half = Arrays.copyOf(three[2], three[2].length / 2);
            write(c + "-truncated", half.length, concat(three[0], three[1], half));
            write(c + "-logappend", 0, batch(new Spec(RecordBatch.MAGIC_VALUE_V2, codec, TimestampType.LOG_APPEND_TIME, 50,
                    T0 + 99_999, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                    RecordBatch.NO_PARTITION_LEADER_EPOCH), fewRecords(3, "la")));
        }
        for (byte magic : new byte[] {RecordBatch.MAGIC_VALUE_V0, RecordBatch.MAGIC_VALUE_V1}) {
            for (CompressionType codec : LEGACY_CODECS) {
                // Two message sets back to back: offsets 100-103 and 104-105.
                // Compressed, each is one wrapper message; uncompressed, each
                // message stands alone.
                byte[] first = batch(legacy(magic, codec, 100), simpleRecords(false));
                byte[] second = batch(legacy(magic, codec, 104), fewRecords(2, "legacy"));
                write("legacy-v" + magic + "-" + codec.name, 0, concat(first, second));
            }
        }
        write("control-commit", 0, control(ControlRecordType.COMMIT, 500, 17));
        write("control-abort", 0, control(ControlRecordType.ABORT, 600, 18));
        return written;
    }

    private static Spec legacy(byte magic, CompressionType codec, long baseOffset) {
        return new Spec(magic, codec, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    /**
     * Key, value and two headers (one with a null value); null key; null
     * value; empty value. Create times distinct and not in order.
     */
    private static List<In> simpleRecords(boolean headers) {
        Header[] h = headers
                ? new Header[] {new RecordHeader("h1", bytes("header-value-1")), new RecordHeader("h2", null)}
                : new Header[0];
        return List.of(
                new In(T0 + 300, "key-0", "value-0", h),
                new In(T0 + 100, null, "value-1"),
                new In(T0 + 400, "key-2", null),
                new In(T0 + 200, "key-3", ""));
    }

    /** n records with 16-byte keys and 100-byte values. */
    private static List<In> manyRecords(int n) {
        List<In> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = String.format("key-%012d", i);
            StringBuilder value = new StringBuilder(100);
            while (value.length() < 100) {
                value.append("value-").append(i).append('-');
            }
            value.setLength(100);
            out.add(new In(T0 + i * 7L % 1000, key, value.toString()));
        }
        return out;
    }

    private static List<In> fewRecords(int n, String tag) {
        List<In> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new In(T0 + 1000 + i, tag + "-key-" + i, tag + "-value-" + i));
        }
        return out;
    }

    private static byte[] batch(Spec s, List<In> records) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        Compression compression = compression(s.codec());
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, s.magic(), compression, s.timestampType(), s.baseOffset(),
                s.logAppendTime(), s.producerId(), s.producerEpoch(), s.baseSequence(), s.transactional(),
                s.partitionLeaderEpoch());
        for (In r : records) {
            b.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        byte[] out = toArray(b.build().buffer());
        checkReadBack(out, s, records);
        return out;
    }

    private static byte[] control(ControlRecordType type, long offset, int coordinatorEpoch) {
        MemoryRecords r = MemoryRecords.withEndTransactionMarker(offset, T0 + 5000, 11, 4242L, (short) 3,
                new EndTransactionMarker(type, coordinatorEpoch));
        return toArray(r.buffer());
    }

    static Compression compression(CompressionType t) {
        switch (t) {
            case NONE:
                return Compression.NONE;
            case GZIP:
                return Compression.gzip().build();
            case SNAPPY:
                return Compression.snappy().build();
            case LZ4:
                return Compression.lz4().build();
            case ZSTD:
                return Compression.zstd().build();
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    /** Kafka's reader must see exactly the records appended, in order. */
    private static void checkReadBack(byte[] bytes, Spec s, List<In> want) {
        List<Record> got = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches()) {
            b.ensureValid();
            if (b.magic() != s.magic() || b.compressionType() != s.codec()) {
                throw new IllegalStateException("batch magic/codec " + b.magic() + "/" + b.compressionType());
            }
            for (Record r : b) {
                got.add(r);
            }
        }
        if (got.size() != want.size()) {
            throw new IllegalStateException("read back " + got.size() + " records, appended " + want.size());
        }
        for (int i = 0; i < want.size(); i++) {
            Record r = got.get(i);
            In w = want.get(i);
            if (r.offset() != s.baseOffset() + i
                    || !Arrays.equals(toArray(r.key()), w.key())
                    || !Arrays.equals(toArray(r.value()), w.value())
                    || r.headers().length != (s.magic() >= 2 ? w.headers().length : 0)) {
                throw new IllegalStateException("record " + i + " read back differently");
            }
        }
    }

    private void write(String name, int truncatedTail, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name + ".bin"), bytes);
        Files.writeString(dir.resolve(name + ".json"), BatchJson.describe(bytes, truncatedTail));
        written++;
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] toArray(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
