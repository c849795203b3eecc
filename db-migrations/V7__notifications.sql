-- The notification outbox: one row per (request event, channel, recipient), written in the same
-- transaction as the state change that causes it, so nothing is sent for a change that rolled back.
--
-- A dispatcher (any number of replicas) claims due rows with FOR UPDATE SKIP LOCKED and moves their
-- next attempt past the delivery timeout before it sends: a replica that dies mid-delivery leaves the
-- row PENDING, and another claims it once that lease has passed (at-least-once; receivers de-duplicate
-- on id, which is also the Standard Webhooks webhook-id and the CloudEvents id).

CREATE TABLE notification (
    id              uuid          PRIMARY KEY,
    request_id      uuid          NOT NULL,
    event           varchar(32)   NOT NULL,
    channel         varchar(63)   NOT NULL,
    -- Who is told: 'approvers' of the routing rule, or the requester's object id.
    recipient       varchar(256)  NOT NULL,
    state           varchar(16)   NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer       NOT NULL DEFAULT 0,
    -- When the event happened, or for a warning ahead of time ("expiring soon"), when it is due.
    due_at          timestamptz   NOT NULL,
    -- When it is tried next: its due time, or after a claim or a failure, later.
    next_attempt_at timestamptz   NOT NULL,
    -- Retries give up a configured time after this: the due time, or the last replay.
    tries_since     timestamptz   NOT NULL,
    last_error      varchar(2000),
    -- The request as it was at the event, as the message shows it.
    payload         jsonb         NOT NULL,
    -- Where a chat message was posted (Slack channel id and message ts), so the outcome can update it.
    posted_channel  varchar(64),
    posted_ts       varchar(64),
    created_at      timestamptz   NOT NULL,
    delivered_at    timestamptz,
    -- One event tells each recipient on each channel once, even when the change is retried.
    UNIQUE (request_id, event, channel, recipient)
);

-- The dispatcher: pending rows by due time.
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE state = 'PENDING';
-- The admin view of dead letters, newest first.
CREATE INDEX notification_by_state ON notification (state, created_at DESC, id DESC);
