package io.kinesisopensearch.consumer;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseRefresher;

/**
 * Gives a gracefully stopped worker's leases up, so that the others take them at the leader's next
 * assignment instead of after {@code kcl.failover-time}.
 *
 * <p>KCL 3.5.1 stops renewing a worker's leases when it shuts down but leaves them owned: its lease
 * assignment takes a lease for free only when it has no owner or when it has gone unrenewed for the
 * failover time, so after a deploy's SIGTERM every shard of the stopped task waited that long. Once
 * the graceful shutdown has completed, every processor has flushed and checkpointed, so clearing the
 * owner (KCL's own {@link LeaseRefresher#evictLease}, conditional on the owner still being this
 * worker) loses nothing and reads nothing twice: the next owner starts at the checkpoint.
 */
final class LeaseHandover {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHandover.class);

    private LeaseHandover() {
    }

    /** Clears the owner of each lease {@code workerId} still owns; returns how many it gave up. */
    static int giveUp(LeaseRefresher leases, String workerId) {
        int given = 0;
        try {
            List<Lease> owned = leases.listLeases().stream()
                    .filter(lease -> Objects.equals(lease.leaseOwner(), workerId)).toList();
            for (Lease lease : owned) {
                // False when another worker owns it by now: nothing to give up then.
                if (leases.evictLease(lease)) {
                    given++;
                }
            }
            LOG.info("Worker {} gave up {} of its {} leases for the other workers to take at once", workerId, given,
                    owned.size());
        } catch (Exception e) {
            // The leases then expire after kcl.failover-time, as they would after a crash.
            LOG.warn("Worker {} could not give its leases up; they expire after the failover time: {}", workerId,
                    e.toString());
        }
        return given;
    }
}
