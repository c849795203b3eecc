-- The audit trail: append-only events, linked into a SHA-256 hash chain shortly after they commit.
--
-- Writers insert an event and a row in audit_pending in the same transaction as the change they
-- record. A single sealer (serialized by an advisory lock) appends audit_chain rows in the order it
-- finds queued events and removes them from the queue, so writers never wait on the chain's head.

CREATE TABLE audit_event (
    id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz  NOT NULL,
    actor_id    varchar(256) NOT NULL,
    actor_name  varchar(512),
    type        varchar(64)  NOT NULL,
    request_id  uuid,
    details     jsonb        NOT NULL
);

CREATE INDEX audit_event_by_request ON audit_event (request_id, id) WHERE request_id IS NOT NULL;
CREATE INDEX audit_event_by_time ON audit_event (occurred_at, id);
CREATE INDEX audit_event_by_type ON audit_event (type, id);
CREATE INDEX audit_event_by_actor ON audit_event (actor_id, id);

-- Events committed but not yet linked into the chain. A work queue: rows leave it when sealed.
CREATE TABLE audit_pending (
    event_id bigint PRIMARY KEY
);

CREATE TABLE audit_chain (
    seq       bigint      PRIMARY KEY CHECK (seq > 0),
    event_id  bigint      NOT NULL UNIQUE REFERENCES audit_event (id),
    prev_hash bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash      bytea       NOT NULL CHECK (length(hash) = 32),
    sealed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
