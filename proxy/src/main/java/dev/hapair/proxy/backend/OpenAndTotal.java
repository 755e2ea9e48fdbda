package dev.hapair.proxy.backend;

/** A count of things open now (a gauge) and of all ever opened (a counter): connections or streams of a module. */
public final class OpenAndTotal {
    private final LoopAdder open;
    private final LoopAdder total;

    /** Two counters of {@code bank}. */
    public OpenAndTotal(LoopAdder.Bank bank) {
        open = bank.adder();
        total = bank.adder();
    }

    public void opened() {
        total.increment();
        open.increment();
    }

    public void closed() {
        open.decrement();
    }

    public long open() {
        return open.sum();
    }

    public long total() {
        return total.sum();
    }

    /** {@code clear counters}: the total restarts from zero; what is open stays (it is state). */
    public void clearTotal() {
        total.reset();
    }
}
