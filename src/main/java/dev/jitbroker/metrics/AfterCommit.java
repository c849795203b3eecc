package dev.jitbroker.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs a metric update once the current transaction commits, and never for one that rolls back, so the
 * figures count only what really happened. Outside a transaction it runs at once.
 */
@ApplicationScoped
class AfterCommit {

  private final TransactionSynchronizationRegistry transactions;

  AfterCommit(TransactionSynchronizationRegistry transactions) {
    this.transactions = transactions;
  }

  void run(Runnable update) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      update.run();
      return;
    }
    transactions.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          update.run();
        }
      }
    });
  }
}
