-- What each request was granted in Azure, and the work still to do about it.

ALTER TABLE access_request
    -- Identifies the access itself (principal, role, scope): requests with the same key share one grant.
    ADD COLUMN grant_key           varchar(1400),
    -- The Azure resource id of what gives the access (e.g. the role assignment).
    ADD COLUMN grant_ref           varchar(1400),
    -- True when the access was already held by other means (standing access): never removed by us.
    ADD COLUMN grant_preexisting   boolean,
    ADD COLUMN grant_attempts      integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at     timestamptz,
    ADD COLUMN last_error          varchar(2000),
    ADD COLUMN access_removed_at   timestamptz;

-- Grant worker: approved requests, oldest decision first.
CREATE INDEX access_request_to_grant ON access_request (decided_at) WHERE state = 'APPROVED';
-- Expiry worker: active grants by end time, and revoked ones whose access is not removed yet.
CREATE INDEX access_request_to_expire ON access_request (expires_at) WHERE state = 'ACTIVE';
CREATE INDEX access_request_to_remove ON access_request (ended_at)
    WHERE state = 'REVOKED' AND grant_ref IS NOT NULL AND access_removed_at IS NULL;
-- Who else holds the same access.
CREATE INDEX access_request_by_grant_key ON access_request (grant_key) WHERE state = 'ACTIVE';
