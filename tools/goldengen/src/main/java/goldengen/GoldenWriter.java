package goldengen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;

/**
 * Writes golden/: one body per API x version x direction x variant, the
 * request and response headers, manifest.tsv and SKIPPED.txt.
 */
final class GoldenWriter {
    private final Path dir;
    private final List<String> skipped = new ArrayList<>();
    private int written;

    GoldenWriter(Path dir) {
        this.dir = dir;
    }

    /** Writes everything; returns the number of body goldens written. */
    int writeAll() throws IOException {
        Files.createDirectories(dir);
        StringBuilder manifest = new StringBuilder(
                "key\tname\tminVersion\tmaxVersion\trequestFlexibleFrom\tresponseFlexibleFrom\n");
        for (Apis.Api api : Apis.ALL) {
            String apiName = api.apiKey().messageType.name;
            if (!apiName.equals(api.name())) {
                throw new IllegalStateException("API key " + api.key() + " is " + apiName + " in Kafka, not " + api.name());
            }
            MessageSpec req = MessageSpec.load(api.name() + "Request");
            MessageSpec resp = MessageSpec.load(api.name() + "Response");
            manifest.append(api.key()).append('\t').append(api.name()).append('\t')
                    .append(api.minVersion()).append('\t').append(api.maxVersion()).append('\t')
                    .append(req.flexibleVersions.lowestOrNone()).append('\t')
                    .append(resp.flexibleVersions.lowestOrNone()).append('\n');
            for (short v = api.minVersion(); v <= api.maxVersion(); v++) {
                for (Filler.Variant variant : Filler.Variant.values()) {
                    writeBody(req, api.apiKey().messageType.newRequest(), v, variant);
                    writeBody(resp, api.apiKey().messageType.newResponse(), v, variant);
                }
            }
        }
        Files.writeString(dir.resolve("manifest.tsv"), manifest);
        writeConsumerProtocol();
        writeHeaders();
        StringBuilder sk = new StringBuilder();
        sk.append("# Golden cases Kafka ").append(KafkaVersion.get()).append(" refused to serialize: file<TAB>reason\n");
        for (String s : skipped) {
            sk.append(s).append('\n');
        }
        Files.writeString(dir.resolve("SKIPPED.txt"), sk);
        return written;
    }

    /**
     * The "consumer" embedded protocol (JoinGroup metadata, SyncGroup
     * assignments), versions 0-3, version-prefixed as Kafka's
     * ConsumerProtocol writes them.
     */
    private void writeConsumerProtocol() throws IOException {
        for (String name : List.of("ConsumerProtocolSubscription", "ConsumerProtocolAssignment")) {
            MessageSpec spec = MessageSpec.load(name);
            for (short v = 0; v <= 3; v++) {
                for (Filler.Variant variant : Filler.Variant.values()) {
                    Message msg = name.endsWith("Subscription")
                            ? new org.apache.kafka.common.message.ConsumerProtocolSubscription()
                            : new org.apache.kafka.common.message.ConsumerProtocolAssignment();
                    new Filler(spec, v, variant).fill(msg);
                    ByteBuffer buf = org.apache.kafka.common.protocol.MessageUtil.toVersionPrefixedByteBuffer(v, msg);
                    byte[] bytes = new byte[buf.remaining()];
                    buf.get(bytes);
                    Files.write(dir.resolve(name + "-v" + v + "-" + variant.fileSuffix() + ".bin"), bytes);
                }
            }
        }
    }

    List<String> skipped() {
        return skipped;
    }

    private void writeBody(MessageSpec spec, ApiMessage msg, short version, Filler.Variant variant) throws IOException {
        String file = spec.name + "-v" + version + "-" + variant.fileSuffix() + ".bin";
        byte[] bytes;
        try {
            new Filler(spec, version, variant).fill(msg);
            bytes = serialize(msg, version);
            checkRoundTrip(msg, bytes, version);
        } catch (RuntimeException e) {
            skipped.add(file + "\t" + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            return;
        }
        Files.write(dir.resolve(file), bytes);
        written++;
    }

    /** Body only: no size prefix, no header. */
    static byte[] serialize(Message msg, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = msg.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        msg.write(new ByteBufferAccessor(buf), cache, version);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("size() said " + size + " but write left " + buf.remaining() + " bytes");
        }
        return buf.array();
    }

    /** Kafka must read its own bytes back and write them again identically. */
    private static void checkRoundTrip(ApiMessage msg, byte[] bytes, short version) {
        Message back;
        try {
            back = msg.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        ByteBufferAccessor in = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        back.read(in, version);
        if (in.remaining() != 0) {
            throw new IllegalStateException("read left " + in.remaining() + " bytes");
        }
        if (!Arrays.equals(bytes, serialize(back, version))) {
            throw new IllegalStateException("Kafka's own read-then-write changed the bytes");
        }
    }

    private void writeHeaders() throws IOException {
        for (short v = 1; v <= 2; v++) {
            Files.write(dir.resolve("RequestHeader-v" + v + "-full.bin"), serialize(requestHeader(), v));
        }
        // v2 is flexible: an empty tagged-field section, or (here) one unknown
        // tagged field, which a reader must skip (and a round trip keep).
        RequestHeaderData tagged = requestHeader();
        tagged.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {0x01, 0x02, 0x03}));
        Files.write(dir.resolve("RequestHeader-v2-tagged.bin"), serialize(tagged, (short) 2));
        for (short v = 0; v <= 1; v++) {
            ResponseHeaderData h = new ResponseHeaderData().setCorrelationId(0x01020304);
            Files.write(dir.resolve("ResponseHeader-v" + v + "-full.bin"), serialize(h, v));
        }
    }

    private static RequestHeaderData requestHeader() {
        return new RequestHeaderData()
                .setRequestApiKey((short) 3)
                .setRequestApiVersion((short) 12)
                .setCorrelationId(0x01020304)
                .setClientId("golden-client");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\t', ' ');
    }
}
