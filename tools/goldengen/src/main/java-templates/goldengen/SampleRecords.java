package goldengen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.compress.Compression;
import ${kafka.records.package}.MemoryRecords;
import ${kafka.records.package}.MemoryRecordsBuilder;
import ${kafka.records.package}.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** The small record batch put in "records" fields of Produce and Fetch goldens. */
final class SampleRecords {
    private SampleRecords() {}

    static MemoryRecords small() {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        b.append(1700000000000L, "key-0".getBytes(StandardCharsets.US_ASCII), "value-0".getBytes(StandardCharsets.US_ASCII));
        return b.build();
    }
}
