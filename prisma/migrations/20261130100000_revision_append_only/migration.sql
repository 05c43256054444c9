-- Revisions are history like the audit log: refuse DELETE and TRUNCATE as well as UPDATE, so a
-- recorded desired state (and what audit events point at) cannot disappear.
CREATE TRIGGER "Revision_append_only"
  BEFORE DELETE ON "Revision"
  FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();

CREATE TRIGGER "Revision_no_truncate"
  BEFORE TRUNCATE ON "Revision"
  FOR EACH STATEMENT EXECUTE FUNCTION portico_refuse_change();
