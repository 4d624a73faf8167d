-- 0011: the audit log is append-only.  audit.c (fdss_audit_record) only
-- ever inserts; these triggers refuse every statement that would rewrite
-- or remove an entry, from fdss and from a hand-written `sqlite3` session
-- alike.  INSERT OR REPLACE onto an existing id deletes that row without
-- firing a DELETE trigger (SQLite runs none for REPLACE unless
-- recursive_triggers is on), so an insert that names an existing id is
-- refused too.  Whoever can write the file can still drop the triggers:
-- they guard the log against mistakes and casual edits, not against the
-- owner of the file.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- `fdss audit --key K` (fdss-audit(1)) asks for a row's entries without
-- naming its table; audit_log_row serves the two together.
CREATE INDEX audit_log_key ON audit_log(row_key);
