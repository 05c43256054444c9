-- Audit events and revisions are append-only, enforced by Postgres itself so that not even the
-- application's own database user can rewrite history with direct SQL.
CREATE OR REPLACE FUNCTION portico_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table "%" is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION portico_refuse_change();

-- A revision's document, number, author and message never change; a rollback is a new revision.
CREATE TRIGGER "Revision_immutable"
  BEFORE UPDATE ON "Revision"
  FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();
