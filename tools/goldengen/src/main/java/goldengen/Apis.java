package goldengen;

import java.util.List;

import org.apache.kafka.common.protocol.ApiKeys;

/** The APIs kafkawire speaks, by key and Kafka's message name prefix. */
final class Apis {
    private Apis() {}

    record Api(int key, String name) {
        ApiKeys apiKey() {
            return ApiKeys.forId(key);
        }

        /** Oldest version Kafka still supports. */
        short minVersion() {
            return apiKey().oldestVersion();
        }

        /** Newest stable version (unstable last versions excluded). */
        short maxVersion() {
            return apiKey().latestVersion(false);
        }
    }

    static final List<Api> ALL = List.of(
            new Api(18, "ApiVersions"),
            new Api(3, "Metadata"),
            new Api(0, "Produce"),
            new Api(1, "Fetch"),
            new Api(2, "ListOffsets"),
            new Api(10, "FindCoordinator"),
            new Api(11, "JoinGroup"),
            new Api(14, "SyncGroup"),
            new Api(12, "Heartbeat"),
            new Api(13, "LeaveGroup"),
            new Api(8, "OffsetCommit"),
            new Api(9, "OffsetFetch"),
            new Api(15, "DescribeGroups"),
            new Api(16, "ListGroups"),
            new Api(42, "DeleteGroups"),
            new Api(22, "InitProducerId"),
            new Api(24, "AddPartitionsToTxn"),
            new Api(25, "AddOffsetsToTxn"),
            new Api(26, "EndTxn"),
            new Api(28, "TxnOffsetCommit"),
            new Api(19, "CreateTopics"),
            new Api(20, "DeleteTopics"),
            new Api(37, "CreatePartitions"),
            new Api(32, "DescribeConfigs"),
            new Api(44, "IncrementalAlterConfigs"),
            new Api(23, "OffsetForLeaderEpoch"),
            new Api(21, "DeleteRecords"),
            new Api(29, "DescribeAcls"),
            new Api(30, "CreateAcls"),
            new Api(31, "DeleteAcls"),
            new Api(47, "OffsetDelete"),
            new Api(17, "SaslHandshake"),
            new Api(36, "SaslAuthenticate"),
            new Api(68, "ConsumerGroupHeartbeat"),
            new Api(69, "ConsumerGroupDescribe"));
}
