package io.kinesisopensearch.localstack.testing;

import io.kinesisopensearch.localstack.LocalStack;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes to the {@link OrderItems} table while a test runs, as a shop makes them: orders placed,
 * changed and cancelled at random (a seeded random, so a failure can be replayed), one change every
 * pause, until stopped. Run it on a thread of its own.
 */
public final class LiveOrderChanges implements Runnable {

    /** Set to stop after the change in hand. */
    public final AtomicBoolean stop = new AtomicBoolean();
    /** Set to make no changes until cleared. */
    public final AtomicBoolean paused = new AtomicBoolean();
    /** Changes made. */
    public final AtomicInteger count = new AtomicInteger();
    /** The ids of the orders cancelled, added before each delete: a search may miss them from then on. */
    public final Set<String> deleted = ConcurrentHashMap.newKeySet();

    private final LocalStack stack;
    private final String table;
    private final int firstOrder;
    private final int orders;
    private final int deleteOneIn;
    private final long pauseMillis;
    private final Random random;

    /**
     * Changes to orders {@code firstOrder} to {@code firstOrder + orders - 1}, one in
     * {@code deleteOneIn} a cancellation, every {@code pauseMillis}.
     */
    public LiveOrderChanges(LocalStack stack, String table, int firstOrder, int orders, int deleteOneIn,
            long pauseMillis, long seed) {
        this.stack = stack;
        this.table = table;
        this.firstOrder = firstOrder;
        this.orders = orders;
        this.deleteOneIn = deleteOneIn;
        this.pauseMillis = pauseMillis;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        for (int edit = 1; !stop.get(); edit++) {
            if (!paused.get()) {
                int order = firstOrder + random.nextInt(orders);
                if (random.nextInt(deleteOneIn) == 0) {
                    deleted.add(OrderItems.id(order));
                    stack.dynamoDb().deleteItem(request -> request.tableName(table).key(OrderItems.key(order)));
                } else {
                    OrderItems.put(stack, table, order, edit, random.nextBoolean() ? "paid" : "shipped");
                }
                count.incrementAndGet();
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
