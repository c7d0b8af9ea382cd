package io.kinesisopensearch.consumer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the DynamoDB calls KCL makes on the application's tables, so that an operator sees what
 * the lease settings cost: {@code kinesis.opensearch.kcl.table.calls} by table (its role: the lease
 * table, the coordinator state with the leader lock, the worker metrics) and by kind (read or write).
 * An interceptor on the one DynamoDB client KCL is given, so no call escapes it.
 */
public final class KclTableCalls implements ExecutionInterceptor {

    public static final String CALLS = WorkerMetrics.PREFIX + "kcl.table.calls";

    private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable");

    private final MeterRegistry registry;
    private final Map<String, String> roles;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Counts into {@code registry} the calls on the tables of KCL application {@code applicationName}. */
    public KclTableCalls(MeterRegistry registry, String applicationName) {
        this.registry = registry;
        // KCL 3 names its two extra tables after the lease table (CoordinatorConfig, WorkerMetricsTableConfig).
        this.roles = Map.of(
                applicationName, "lease",
                applicationName + "-CoordinatorState", "coordinator",
                applicationName + "-WorkerMetricStats", "worker-metrics");
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(context.request().getValueForField("TableName", String.class).orElse(""),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // A refused conditional write (a lease taken by another worker) is a call all the same.
        count(context.request().getValueForField("TableName", String.class).orElse(""),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private void count(String table, String operation) {
        String role = roles.getOrDefault(table, "other");
        String kind = READS.contains(operation) ? "read" : "write";
        counters.computeIfAbsent(role + "/" + kind, key -> Counter.builder(CALLS)
                .description("DynamoDB calls KCL made on the application's tables (lease, coordinator,"
                        + " worker-metrics), failed ones included")
                .tag("table", role)
                .tag("kind", kind)
                .register(registry)).increment();
    }
}
