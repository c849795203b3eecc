-- Access requests and the decisions recorded on them.

CREATE TABLE access_request (
    id                uuid          PRIMARY KEY,
    state             varchar(16)   NOT NULL CHECK (state IN ('PENDING', 'APPROVED', 'ACTIVE', 'EXPIRED', 'REVOKED',
                                                              'DENIED', 'CANCELLED', 'TIMED_OUT', 'FAILED')),
    requester_id      varchar(256)  NOT NULL,
    requester_name    varchar(512),
    principal_id      varchar(36)   NOT NULL,
    scope             varchar(1024) NOT NULL,
    role              varchar(256)  NOT NULL,
    grant_type        varchar(32)   NOT NULL CHECK (grant_type IN ('AZURE_RBAC', 'AZURE_PIM', 'MANAGED_APP_JIT', 'VM_JIT')),
    duration_seconds  bigint        NOT NULL CHECK (duration_seconds > 0),
    justification     varchar(1000) NOT NULL,
    ticket            varchar(128),
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    decision_deadline timestamptz,
    decided_at        timestamptz,
    activated_at      timestamptz,
    expires_at        timestamptz,
    ended_at          timestamptz,
    idempotency_key   varchar(200),
    fingerprint       varchar(64)   NOT NULL,
    version           bigint        NOT NULL
);

-- Newest-first listing, for everyone and per requester (keyset pagination on (created_at, id)).
CREATE INDEX access_request_newest ON access_request (created_at DESC, id DESC);
CREATE INDEX access_request_by_requester ON access_request (requester_id, created_at DESC, id DESC);
-- One request per requester and idempotency key.
CREATE UNIQUE INDEX access_request_idempotency ON access_request (requester_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- The timeout job looks only at pending requests.
CREATE INDEX access_request_overdue ON access_request (decision_deadline) WHERE state = 'PENDING';

CREATE TABLE approval (
    id            uuid          PRIMARY KEY,
    request_id    uuid          NOT NULL REFERENCES access_request (id),
    approver_id   varchar(256)  NOT NULL,
    approver_name varchar(512),
    decision      varchar(8)    NOT NULL CHECK (decision IN ('APPROVE', 'DENY')),
    comment       varchar(1000),
    decided_at    timestamptz   NOT NULL,
    -- One person's decision counts once.
    CONSTRAINT approval_once_per_approver UNIQUE (request_id, approver_id)
);
