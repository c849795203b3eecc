-- Inbound decision callbacks already taken, so that a replayed one is refused. A row matters only while
-- the callback's timestamp is fresh: after that the callback is refused as stale anyway, so the row goes.
CREATE TABLE inbound_delivery (
    source      varchar(200) NOT NULL,   -- 'webhook:<integration>' or 'slack'
    delivery_id varchar(200) NOT NULL,   -- the webhook-id, or a digest of Slack's signature
    expires_at  timestamptz  NOT NULL,
    PRIMARY KEY (source, delivery_id)
);
CREATE INDEX inbound_delivery_by_expiry ON inbound_delivery (expires_at);
