-- 0011: reserved for another branch (s20-audit's 0011_audit_append_only.sql);
-- this placeholder only lets s20-check build alone.  Drop it at the merge.
SELECT 1;
