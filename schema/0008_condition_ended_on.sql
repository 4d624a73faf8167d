-- 0008: the day a condition ended, which only the audit log kept.
-- ended_on is the --date of `fdss condition end` (default its --as-of
-- date), which fdss-condition(1) calls the day the condition ended: that
-- day itself, not the first day without it.  NULL while the condition
-- is active, and for an ended one whose date is unknown (an import that
-- ends a condition knows no date).
ALTER TABLE condition ADD COLUMN ended_on TEXT
	CHECK (ended_on IS NULL OR status = 'ended');

-- Backfill the ended rows from the newest audit entry of their row
-- (table_name 'condition', row_key 'ID_NUMBER:KIND'), when that entry is
-- the end, with the reason `condition end` wrote: 'ended on YYYY-MM-DD'.
-- A newer entry that is not an end (a reactivation, after which an
-- import ended the condition unaudited), a reason without a valid date,
-- or no entry at all leaves NULL.
UPDATE condition SET ended_on = (
	SELECT CASE WHEN a.reason LIKE 'ended on %'
		     -- '+0 days' normalises 02-30, which date() alone keeps
		     AND date(substr(a.reason, 10), '+0 days')
			 IS substr(a.reason, 10)
		    THEN substr(a.reason, 10) END
	FROM audit_log a
	WHERE a.table_name = 'condition'
	  AND a.row_key = condition.id_number || ':' || condition.kind
	ORDER BY a.id DESC LIMIT 1)
WHERE status = 'ended';
