package dev.hapair.proxy.rules;

/** A compiled action: pure over the transaction, never blocks. */
@FunctionalInterface
public interface Action {
    Outcome run(Txn t);
}
