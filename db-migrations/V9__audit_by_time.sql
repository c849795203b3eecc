-- A page of the trail filtered by a time range comes in time order (then id), so that Postgres starts
-- at the range's first event. With a type or an actor as well, these indexes start there too; the
-- (type, id) and (actor_id, id) indexes stay for the same filters without a time range, which keep
-- the order of writing.
--
-- Writers of the trail wait while these are built. On a large trail, build them beforehand without
-- blocking anyone (CREATE INDEX CONCURRENTLY with the same definitions and names): this migration
-- then finds them and skips them.
CREATE INDEX IF NOT EXISTS audit_event_by_type_time ON audit_event (type, occurred_at, id);
CREATE INDEX IF NOT EXISTS audit_event_by_actor_time ON audit_event (actor_id, occurred_at, id);
