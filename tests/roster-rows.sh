# roster_rows N [K]: a roster CSV (household_no, village_code, name,
# id_number, relation) of N one-person households in 古绛镇东关村, each ID
# number valid and distinct; K (default 0) takes the K-th block of N, so
# that blocks never share a person or a household.  Sourced by the CLI
# tests (through tests/cli/lib.sh) and by tests/reliability/.
roster_rows() {
	awk -v n="$1" -v k="${2:-0}" 'BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		print "household_no,village_code,name,id_number,relation"
		for (j = 0; j < n; j++) {
			i = k * n + j
			d = sprintf("19%02d%02d%02d", 30 + i % 60, 1 + int(i / 60) % 12, 1 + int(i / 720) % 28)
			s = sprintf("140826%s%03d", d, 100 + int(i / 20160) * 100 + i % 97)
			t = 0
			for (m = 1; m <= 17; m++) t += substr(s, m, 1) * w[m]
			printf "K%d,140826100200,名%d,%s%s,户主\n", i, i, s, substr("10X98765432", t % 11 + 1, 1)
		}
	}'
}
