-- Policy versions, and which version and rule routed each request.

CREATE TABLE policy_version (
    version    integer       PRIMARY KEY CHECK (version > 0),
    hash       varchar(64)   NOT NULL,
    document   text          NOT NULL,
    -- 'file': imported from jit.policy.file at start-up; 'api': replaced through PUT /api/v1/policy.
    source     varchar(8)    NOT NULL CHECK (source IN ('file', 'api')),
    created_at timestamptz   NOT NULL,
    created_by varchar(256)  NOT NULL
);

ALTER TABLE access_request
    ADD COLUMN policy_version     integer REFERENCES policy_version (version),
    ADD COLUMN policy_rule        varchar(64),
    ADD COLUMN required_approvals integer CHECK (required_approvals > 0),
    ADD COLUMN decision_reason    varchar(1000);

-- Listing by state (and the approver view, which scans pending requests) newest first.
CREATE INDEX access_request_by_state ON access_request (state, created_at DESC, id DESC);
