-- Privileges of the runtime role, when one is used (see README, "Two database roles"). Repeatable:
-- Flyway runs it again whenever it changes, so a migration that adds a table adds its grant here.
-- Migrations run as the schema owner; the service may connect as a role that can read and write
-- requests but only insert and read the audit trail. Nothing happens when the role does not exist.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON access_request, approval TO %I', '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT ON policy_version TO %I', '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON notification TO %I', '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT ON audit_event, audit_chain TO %I', '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON audit_pending TO %I', '${app_role}');
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON inbound_delivery TO %I', '${app_role}');
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, audit_chain FROM %I', '${app_role}');
    END IF;
END
$$;
