package goldengen;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.apache.kafka.common.header.Header;
import ${kafka.records.package}.MemoryRecords;
import ${kafka.records.package}.Record;
import ${kafka.records.package}.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** The .json description of a batches/*.bin, as Kafka's own reader sees it. */
final class BatchJson {
    private BatchJson() {}

    /** Two-space indent, "key": value, arrays one element a line. */
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                    .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    static String describe(byte[] bytes, int truncatedTail) {
        List<Object> batches = new ArrayList<>();
        int consumed = 0;
        for (RecordBatch b : MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches()) {
            consumed += b.sizeInBytes();
            batches.add(batch(b));
        }
        if (bytes.length - consumed != truncatedTail) {
            throw new IllegalStateException("Kafka's reader left " + (bytes.length - consumed)
                    + " trailing bytes, expected " + truncatedTail);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("batches", batches);
        root.put("truncatedTailBytes", truncatedTail);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> batch(RecordBatch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("magic", (int) b.magic());
        m.put("baseOffset", b.baseOffset());
        m.put("partitionLeaderEpoch", b.partitionLeaderEpoch());
        m.put("codec", b.compressionType().name);
        m.put("timestampType", timestampType(b.timestampType()));
        m.put("producerId", b.producerId());
        m.put("producerEpoch", (int) b.producerEpoch());
        m.put("baseSequence", b.baseSequence());
        m.put("transactional", b.isTransactional());
        m.put("control", b.isControlBatch());
        m.put("maxTimestamp", b.maxTimestamp());
        List<Object> records = new ArrayList<>();
        for (Record r : b) {
            records.add(record(r));
        }
        m.put("records", records);
        return m;
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offset", r.offset());
        m.put("timestamp", r.timestamp());
        m.put("key", base64(r.key()));
        m.put("value", base64(r.value()));
        List<Object> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("key", h.key());
            hm.put("value", h.value() == null ? null : Base64.getEncoder().encodeToString(h.value()));
            headers.add(hm);
        }
        m.put("headers", headers);
        return m;
    }

    private static String timestampType(TimestampType t) {
        switch (t) {
            case CREATE_TIME:
                return "create";
            case LOG_APPEND_TIME:
                return "logappend";
            default:
                return "none"; // magic 0 has no timestamps
        }
    }

    private static String base64(ByteBuffer b) {
        byte[] a = BatchCases.toArray(b);
        return a == null ? null : Base64.getEncoder().encodeToString(a);
    }
}
