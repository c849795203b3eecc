-- pgbench script: the SQL one submit of an auto-approved request commits, statement for statement,
-- as the service sends it (captured with pg_stat_statements; bench/submit prints the capture next to
-- the figures). Same tables, indexes, constraints and triggers: the schema comes from the service's
-- own migrations. What the service does outside this transaction is not here: linking the audit
-- events into the hash chain (the sealer, in batches, later) and granting (the grant worker, paced
-- to the ARM budget).
--   1 BEGIN
--   2 the earlier request with this idempotency key (none)
--   3 the request, unless a concurrent submit with the same key committed first
--   4 the audit events request.submitted and request.approved (by the policy), queued for sealing
--   5 the outbox row telling the requester
--   6 COMMIT
-- The insert's RETURNING only hands pgbench the id that the service makes itself.
-- (JSON literals have a space after each colon: pgbench would read ":name" as one of its variables.)
\set n random(1, 2000000000)
\set user random(1, 256)
BEGIN;
SELECT id FROM access_request WHERE requester_id = 'bench-user-' || :user::text AND idempotency_key = :client_id::text || '-' || :n::text;
INSERT INTO access_request (id, state, requester_id, requester_name, principal_id, scope, role, grant_type,
    duration_seconds, justification, ticket, created_at, updated_at, decision_deadline, decided_at, ended_at,
    idempotency_key, fingerprint, policy_version, policy_rule, required_approvals, decision_reason, network_ports,
    network_source, extends_id, version)
  VALUES (gen_random_uuid(), 'APPROVED', 'bench-user-' || :user::text, 'bench-' || :user::text, '0ed076f5-35fc-4e33-9c84-65b18cbf16f4',
    '/subscriptions/44444444-0000-4000-8000-0000000000b1/resourceGroups/bench-' || :client_id::text || '-' || :n::text,
    'Reader', 'AZURE_RBAC', 3600, 'Submit benchmark: auto-approved read access', 'INC-' || :n::text, now(), now(), NULL, now(), NULL,
    :client_id::text || '-' || :n::text, '693ff0b79e80c5746d537af6c2b846bec13fc37109bf53e37cd60be5c902db33', 1,
    'bench-auto-readers', NULL, NULL, NULL, NULL, NULL, 0)
  ON CONFLICT (requester_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id \gset
WITH e AS (INSERT INTO audit_event (occurred_at, actor_id, actor_name, type, request_id, details)
    VALUES (now(), 'bench-user-' || :user::text, 'bench-' || :user::text, 'request.submitted', :id,
      cast('{"state": "APPROVED","principalId": "0ed076f5-35fc-4e33-9c84-65b18cbf16f4","scope": "/subscriptions/44444444-0000-4000-8000-0000000000b1/resourceGroups/bench-8e4bc277-0-0","role": "Reader","grantType": "azure-rbac","duration": "PT1H","justification": "Submit benchmark: auto-approved read access","ticket": "INC-0","policyVersion": 1,"rule": "bench-auto-readers"}' as jsonb)),
    (now(), 'system:' || 'policy', 'jit-broker (policy)', 'request.approved', :id,
      cast('{"from": "PENDING","to": "APPROVED","by": "policy","policyVersion": 1,"rule": "bench-auto-readers"}' as jsonb))
    RETURNING id)
  INSERT INTO audit_pending (event_id) SELECT id FROM e;
INSERT INTO notification (id, request_id, event, channel, recipient, state, due_at, next_attempt_at, tries_since, payload, created_at)
  VALUES (gen_random_uuid(), :id, 'APPROVED', 'requesters', 'bench-user-' || :user::text, 'PENDING', now(), now(), now(),
    cast('{"id": "81b09e9b-1375-4705-a5bd-084eed4a6ce6","role": "Reader","scope": "/subscriptions/44444444-0000-4000-8000-0000000000b1/resourceGroups/bench-8e4bc277-5-0","state": "APPROVED","ticket": "INC-0","endedAt": null,"duration": "PT1H","approvals": [],"createdAt": "2026-11-30T12:05:05.847587Z","decidedAt": "2026-11-30T12:05:05.847587Z","expiresAt": null,"grantType": "azure-rbac","lastError": null,"requester": {"id": "81beb71e-0517-4d58-964c-f2d3ed1d40fd","name": "bench-5"},"policyRule": "bench-auto-readers","activatedAt": null,"principalId": "81beb71e-0517-4d58-964c-f2d3ed1d40fd","justification": "Submit benchmark: auto-approved read access","decisionReason": null,"decisionsInChat": false,"decisionDeadline": null}' as jsonb),
    now())
  ON CONFLICT (request_id, event, channel, recipient) DO NOTHING;
COMMIT;
