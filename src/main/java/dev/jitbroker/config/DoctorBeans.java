package dev.jitbroker.config;

import dev.jitbroker.doctor.BrokerRoles;
import dev.jitbroker.doctor.Doctor;
import dev.jitbroker.doctor.PermissionSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The doctor, with the shipped role definitions and the broker's client id for the commands it suggests. */
@ApplicationScoped
public class DoctorBeans {

  @Produces
  @Singleton
  Doctor doctor(PermissionSource permissions, JitConfig config) {
    return new Doctor(permissions, BrokerRoles.load(), config.azure().clientId().orElse(null));
  }
}
