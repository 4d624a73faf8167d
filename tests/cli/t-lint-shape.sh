# tests/lint-shape.py (make lint-shape): sizes and circles on a small tree.

lint=$FIXTURES/../lint-shape.py
mkdir -p tree/lib tree/cmd

# body N: a function of N lines from { to } in column 0
body() {
	printf '%s\n{\n' "$2"
	for _ in $(seq $(($1 - 2))); do printf '\t;\n'; done
	printf '}\n'
}

t "a clean tree: nothing printed, exit 0"
{ echo 'int fdss_a(void);'; body 60 'int fdss_a(void)'; } >tree/lib/a.c
echo 'int main(void) { return fdss_a(); }' >tree/cmd/fdss-a.c
run python3 "$lint" tree
expect_status 0
expect_out "lint-shape: 0 findings, 0 known debts"

t "a 61-line function, a 251-line command; a long option table is data"
{ echo 'static int f(void);'; body 61 'static int f(void)'
  echo 'static const char *const t[] = {'
  for _ in $(seq 70); do echo '	"x",'; done
  echo '};'; } >tree/lib/b.c
{ body 60 'int main(void)'; for _ in $(seq 190); do echo; done; } >tree/cmd/fdss-a.c
run python3 "$lint" tree
expect_status 1
expect_out "lib/b.c:2: function f is 61 lines, over 60
cmd/fdss-a.c:251: 251 lines, over 250
lint-shape: 2 findings, 0 known debts"

t "a call circle between two lib files; a call in a comment is not one"
body 3 'int fdss_b(void)' >tree/lib/b.c
printf '/* fdss_a() */\nstatic int g(void)\n{\n\treturn fdss_a();\n}\n' >>tree/lib/b.c
printf 'int fdss_c(void)\n{\n\treturn 0; /* fdss_a() */\n}\n' >tree/lib/c.c
echo 'int main(void) { return 0; }' >tree/cmd/fdss-a.c
run python3 "$lint" tree
expect_status 0
expect_out "lint-shape: 0 findings, 0 known debts"
printf 'static int h(void)\n{\n\treturn fdss_b();\n}\n' >>tree/lib/a.c
run python3 "$lint" tree
expect_status 1
expect_out "lib/a.c:65: circle {a.c b.c}: calls fdss_b in lib/b.c
lib/b.c:8: circle {a.c b.c}: calls fdss_a in lib/a.c
lint-shape: 2 findings, 0 known debts"

t "known debts pass and are named; a debt paid off must leave the list"
mkdir -p tree/tests
printf '# debts\nlib/a.c circle\nlib/b.c   circle  # the pair\n' \
	>tree/tests/lint-shape.known
run python3 "$lint" tree
expect_status 0
expect_out "known: lib/a.c:65: circle {a.c b.c}: calls fdss_b in lib/b.c
known: lib/b.c:8: circle {a.c b.c}: calls fdss_a in lib/a.c
lint-shape: 0 findings, 2 known debts"
echo 'cmd/fdss-a.c lines' >>tree/tests/lint-shape.known
run python3 "$lint" tree
expect_status 1
expect_out "known: lib/a.c:65: circle {a.c b.c}: calls fdss_b in lib/b.c
known: lib/b.c:8: circle {a.c b.c}: calls fdss_a in lib/a.c
tests/lint-shape.known: 'cmd/fdss-a.c lines' is fixed: take it off the list
lint-shape: 1 finding, 2 known debts"
