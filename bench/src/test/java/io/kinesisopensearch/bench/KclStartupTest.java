package io.kinesisopensearch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KclStartupTest {

    private static final long MAIN = Instant.parse("2026-11-24T10:04:13.000Z").toEpochMilli();

    @Test
    void aNewApplicationsStartUpSplitsIntoKclsSteps(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("worker-1.log"), String.join("\n",
                "[0.838s][info][jfr,startup] Started recording 1.",
                "2026-11-24T10:04:16.317Z INFO  [kcl] s.a.k.l.d.DynamoDBLeaseCoordinator - Created new lease table for coordinator",
                "2026-11-24T10:04:16.968Z INFO  [kcl] s.a.k.c.DynamicMigrationComponentsInitializer - Waiting for Lease table GSI creation",
                "2026-11-24T10:04:27.028Z INFO  [kcl] s.a.k.c.DynamicMigrationComponentsInitializer - Initializing WorkerMetricStats",
                "2026-11-24T10:04:27.138Z INFO  [kcl] s.a.kinesis.coordinator.Scheduler - Lease table is still empty. Checking again in 3000 ms",
                "2026-11-24T10:04:30.161Z INFO  [kcl] s.a.kinesis.coordinator.Scheduler - Lease table is still empty. Checking again in 3000 ms",
                "2026-11-24T10:04:42.217Z INFO  [kcl] s.a.kinesis.coordinator.Scheduler - Worker vm-1 is initiating the lease sync.",
                "2026-11-24T10:04:43.546Z INFO  [kcl] s.a.kinesis.coordinator.Scheduler - Initialization complete. Starting worker loop.",
                "PROBE firstReadMillis=36590"));

        KclStartup steps = KclStartup.of(log, MAIN, 36_590);

        assertThat(steps.tablesMillis()).isEqualTo(3_968);
        assertThat(steps.indexWaitMillis()).isEqualTo(10_060);
        assertThat(steps.emptyTableWaitMillis()).isEqualTo(15_079);
        assertThat(steps.shardSyncMillis()).isEqualTo(1_329);
        assertThat(steps.firstReadMillis()).isEqualTo(6_044);
    }

    @Test
    void aLeaseTableThatWasNotEmptyIsNoWaitAndMissingLinesAreUnknown(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("worker-2.log"), String.join("\n",
                "2026-11-24T10:04:15.000Z INFO  [kcl] s.a.kinesis.coordinator.Scheduler - Initialization complete. Starting worker loop.",
                "PROBE firstReadMillis=4000"));

        KclStartup steps = KclStartup.of(log, MAIN, 4_000);

        assertThat(steps.tablesMillis()).isEqualTo(-1);
        assertThat(steps.indexWaitMillis()).isEqualTo(-1);
        assertThat(steps.emptyTableWaitMillis()).isZero();
        assertThat(steps.shardSyncMillis()).isEqualTo(-1);
        assertThat(steps.firstReadMillis()).isEqualTo(2_000);
    }
}
