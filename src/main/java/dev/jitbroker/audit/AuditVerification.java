package dev.jitbroker.audit;

/**
 * The outcome of checking the whole chain.
 *
 * @param checked how many links were checked
 * @param unsealed events written but not yet linked into the chain
 * @param firstBrokenSeq the first chain position that does not verify, or null
 * @param reason what is wrong there, or null
 */
public record AuditVerification(boolean valid, long checked, long unsealed, Long firstBrokenSeq, String reason) {

  static AuditVerification ok(long checked, long unsealed) {
    return new AuditVerification(true, checked, unsealed, null, null);
  }

  static AuditVerification broken(long checked, long unsealed, Long seq, String reason) {
    return new AuditVerification(false, checked, unsealed, seq, reason);
  }
}
