package dev.jitbroker.doctor;

/** Azure refused the permissions check for a reason that will not pass by itself (e.g. the scope does not exist). */
public class AzureRefusedException extends RuntimeException {

  AzureRefusedException(String message) {
    super(message, null, false, false);
  }
}
