package dev.jitbroker.config;

import dev.jitbroker.notify.NotifyConfig;
import dev.jitbroker.request.RequestNotices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Gives the request core the notification settings it needs. */
@ApplicationScoped
public class NotifyBeans {

  @Produces
  @Singleton
  RequestNotices.Settings noticeSettings(NotifyConfig config) {
    return new RequestNotices.Settings(config.requesterChannels().orElse(List.of()), config.expiringLead());
  }
}
