"""kafka-python as a peer of kafkawire: the seed's four scenarios, written the
way the seed's tutorial writes them, plus a reader, a committed-offsets query
and a long-running group member for the mixed-group test.

Every command prints one JSON object per line on stdout (records, results,
assignments) and ends by itself: each has a deadline (--deadline seconds), so
a broker that never answers cannot leave it running. Errors go to stderr and
exit non-zero. Used only by pythonsuite's Go tests.
"""

import argparse
import json
import sys
import threading
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError


def out(**kv):
    sys.stdout.write(json.dumps(kv) + "\n")
    sys.stdout.flush()


def fail(msg):
    sys.stderr.write("peer.py: " + msg + "\n")
    sys.exit(1)


def rec_line(r):
    v = r.value
    if isinstance(v, (bytes, bytearray)):
        v = v.decode()
    k = r.key.decode() if r.key is not None else None
    out(p=r.partition, o=r.offset, k=k, v=v)


def produce_sync(a):
    # Scenario 1: send(...).get(timeout=10) for every record.
    p = KafkaProducer(bootstrap_servers=a.brokers)
    try:
        for i in range(a.n):
            try:
                md = p.send(a.topic, key=b"key-%d" % i, value=b"sync-%d" % i).get(timeout=10)
            except KafkaError as e:
                fail("send %d: %r" % (i, e))
            out(p=md.partition, o=md.offset, k="key-%d" % i, v="sync-%d" % i)
    finally:
        p.close(timeout=10)


def produce_async(a):
    # Scenario 2: send without waiting, batched by batch_size / linger_ms,
    # flush() for the acknowledgements; values through a JSON serializer.
    p = KafkaProducer(
        bootstrap_servers=a.brokers,
        batch_size=16384,
        linger_ms=a.linger_ms,
        key_serializer=str.encode,
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    failed = []
    start = time.time()
    futures = [p.send(a.topic, key="key-%d" % (i % 10), value={"id": i, "note": "async"}) for i in range(a.n)]
    for f in futures:
        f.add_errback(lambda e: failed.append(repr(e)))
    queued = time.time() - start
    p.flush(timeout=a.deadline)
    flushed = time.time() - start
    done = sum(1 for f in futures if f.is_done and f.succeeded())
    p.close(timeout=10)
    out(sent=a.n, acked=done, failed=len(failed), queued_s=queued, flushed_s=flushed)
    if failed or done != a.n:
        fail("async: %d acknowledged of %d, errors %s" % (done, a.n, failed[:3]))


def iterate_rounds(c, deadline):
    # consumer_timeout_ms ends an iteration after an idle spell; as in the
    # seed the application iterates again. The first rounds may be empty
    # while the group forms; stop at the first empty round after records.
    n = 0
    while time.time() < deadline:
        got = 0
        for r in c:
            yield r
            got += 1
        n += got
        if got == 0 and n > 0:
            return


def consume_auto(a):
    # Scenarios 7-10: group member, auto commit (the default), earliest,
    # consumer_timeout_ms; close() commits what was consumed.
    c = KafkaConsumer(
        a.topic,
        bootstrap_servers=a.brokers,
        group_id=a.group,
        auto_offset_reset="earliest",
        enable_auto_commit=True,
        consumer_timeout_ms=a.timeout_ms,
    )
    n = 0
    for r in iterate_rounds(c, time.time() + a.deadline):
        rec_line(r)
        n += 1
    c.close()
    out(consumed=n)


def consume_manual(a):
    # Scenario 11: auto commit off; commit_async() after every --every
    # records (what was iterated so far), commit() for the rest at the end.
    c = KafkaConsumer(
        a.topic,
        bootstrap_servers=a.brokers,
        group_id=a.group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=a.timeout_ms,
    )
    errors = []

    def done(offsets, resp):
        if isinstance(resp, Exception):
            errors.append(repr(resp))

    n = commits = pending = 0
    for r in iterate_rounds(c, time.time() + a.deadline):
        rec_line(r)
        n += 1
        pending += 1
        if pending >= a.every:
            c.commit_async(callback=done)
            commits += 1
            pending = 0
    c.commit()  # the remainder, and it waits for the async commits before it
    commits += 1
    c.close(autocommit=False)
    # A commit_async issued while the coordinator's connection has its
    # in-flight requests full fails at once (NodeNotReadyError) and is not
    # retried: the final commit() covers it. Reported, not fatal.
    out(consumed=n, commits=commits, commit_errors=len(errors), first_error=errors[0] if errors else "")


def partitions(c, topic, deadline):
    # The topic's partitions, once the client's metadata has them.
    parts = c.partitions_for_topic(topic)
    while not parts and time.time() < deadline:
        time.sleep(0.1)
        parts = c.partitions_for_topic(topic)
    if not parts:
        fail("no partitions for %s" % topic)
    return sorted(parts)


def dump(a):
    # An independent reader: every partition from the beginning to its end
    # offset as of now, no group.
    c = KafkaConsumer(bootstrap_servers=a.brokers, enable_auto_commit=False, group_id=None)
    deadline = time.time() + a.deadline
    parts = partitions(c, a.topic, deadline)
    tps = [TopicPartition(a.topic, p) for p in parts]
    c.assign(tps)
    c.seek_to_beginning()
    end = c.end_offsets(tps)
    while any(c.position(tp) < end[tp] for tp in tps):
        if time.time() > deadline:
            fail("dump: positions %s short of end offsets %s" % ({tp.partition: c.position(tp) for tp in tps}, {tp.partition: o for tp, o in end.items()}))
        for recs in c.poll(timeout_ms=500).values():
            for r in recs:
                rec_line(r)
    c.close()


def committed(a):
    # The group's committed offsets, as kafka-python reads them.
    c = KafkaConsumer(bootstrap_servers=a.brokers, group_id=a.group, enable_auto_commit=False)
    for p in partitions(c, a.topic, time.time() + a.deadline):
        out(p=p, committed=c.committed(TopicPartition(a.topic, p)))
    c.close(autocommit=False)


def member(a):
    # A long-running group member for the mixed group: prints its assignment
    # whenever it changes and every record; stops when stdin closes.
    stop = threading.Event()

    def watch_stdin():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    c = KafkaConsumer(a.topic, bootstrap_servers=a.brokers, group_id=a.group, auto_offset_reset="earliest")
    deadline = time.time() + a.deadline
    last = None
    while not stop.is_set() and time.time() < deadline:
        batches = c.poll(timeout_ms=200)
        now = sorted(tp.partition for tp in c.assignment())
        if now != last:
            out(assigned=now)
            last = now
        for recs in batches.values():
            for r in recs:
                out(p=r.partition, o=r.offset)
    c.close()
    out(stopped=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["produce-sync", "produce-async", "consume-auto", "consume-manual", "dump", "committed", "member"])
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--group")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--linger-ms", type=int, default=3000)
    ap.add_argument("--timeout-ms", type=int, default=1000)
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--deadline", type=float, default=60)
    a = ap.parse_args()
    a.brokers = a.brokers.split(",")
    {
        "produce-sync": produce_sync,
        "produce-async": produce_async,
        "consume-auto": consume_auto,
        "consume-manual": consume_manual,
        "dump": dump,
        "committed": committed,
        "member": member,
    }[a.cmd](a)


if __name__ == "__main__":
    main()
