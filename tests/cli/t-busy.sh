# Another program's lock (issue 17): a write waits for it up to the busy
# timeout (--busy-timeout MS, $FDSS_BUSY_TIMEOUT, default 5000) and then
# ends with 75 and a message that says what to do; within the timeout it
# just succeeds.  Readers are not held up by a writer (WAL).

roster_fixture
Z=140826197811220315

# hold_lock SECONDS: a write transaction held open by sqlite3, started
hold_lock() {
	{ echo "BEGIN IMMEDIATE; UPDATE setting SET value = value WHERE key = 'doctor_limit';"
	  sleep "$1"; echo "COMMIT;"; } | sqlite3 "$FDSS_DB" &
	holder=$!
	sleep 0.3
}

t "past --busy-timeout a write ends with 75, naming the lock, nothing stored"
hold_lock 3
start=$(date +%s%N)
run fdss condition add --busy-timeout 200 $Z diabetes
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status 75
expect_err_has "still locked by another program after 200 ms (try again later, or wait longer with --busy-timeout)"
expect_eq "waited about 200 ms" "$([ $took -ge 150 ] && [ $took -lt 2500 ] && echo yes)" yes
wait $holder
expect_eq "conditions" "$(sql "SELECT count(*) FROM condition WHERE id_number = '$Z'")" 0

t "FDSS_BUSY_TIMEOUT is the default for --busy-timeout"
hold_lock 3
FDSS_BUSY_TIMEOUT=100 run fdss condition add $Z diabetes
expect_status 75
expect_err_has "after 100 ms"
wait $holder

t "within the timeout the write waits and succeeds"
hold_lock 1
run fdss condition add $Z diabetes
expect_status 0
wait $holder
expect_eq "conditions" "$(sql "SELECT count(*) FROM condition WHERE id_number = '$Z'")" 1

t "a reader is not held up by a writer's lock"
hold_lock 3
run fdss person list --busy-timeout 0 --format jsonl
expect_status 0
expect_lines 9
wait $holder

t "--busy-timeout takes milliseconds from 0 to an hour"
for v in -1 3600001 1s 0x10; do
	run fdss person list --busy-timeout "$v"
	expect_status 64
	expect_err_has "--busy-timeout '$v': "
done
FDSS_BUSY_TIMEOUT=soon run fdss person list
expect_status 64
expect_err_has "FDSS_BUSY_TIMEOUT 'soon': invalid (milliseconds, 0 to 3600000)"
