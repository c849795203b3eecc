-- What some grant types need besides principal, role and scope, and extensions of earlier requests.

ALTER TABLE access_request
    -- vm-jit: the TCP ports to open (comma-separated) and the address or range connections come from.
    ADD COLUMN network_ports   varchar(200),
    ADD COLUMN network_source  varchar(100),
    -- An extension: the request whose access this one continues without a gap.
    ADD COLUMN extends_id      uuid REFERENCES access_request (id);

CREATE INDEX access_request_extends ON access_request (extends_id) WHERE extends_id IS NOT NULL;
