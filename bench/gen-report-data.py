#!/usr/bin/env python3
"""Write the inputs of bench/report.sh: who signs with which team, who has
which condition since when, three years of follow-up visits, and who
leaves the roster.  Everything goes through fdss commands; this only
writes their JSON lines.

    python3 bench/gen-report-data.py PEOPLE DIR [--patients N] [--seed N]

PEOPLE is `sqlite3 -separator '|'` output of the active people, one a
line: id|id_number|birth_date|household_no|village_code|chronic, where
chronic is 1 when the import gave them a 'chronic' condition.  Written
into DIR:

    teams.tsv         team code, township code, township name prefix
                      (the township list comes from the villages seen)
    sign-2025.jsonl   households signed on 2025-03-01 for one year and
                      not renewed (3 %): expired at the reference date
    sign-2026.jsonl   the other households, signed on 2026-01-01
    conditions.jsonl  for `fdss condition add`: with the import's
                      'chronic' ones, PATIENTS patients in all
    visits.jsonl      for `fdss followup record`, person by person,
                      programme by programme, in date order
    leave.tsv         id_number, reason, date: people who die or move
                      in 2026 (about 0.8 %), on the 1st or 15th of a month
    referrals.tsv     id_number, date: referrals naming no programme

The reference date of the benchmark is 2026-11-22; visits run from
December 2023 to 2026-11-20.  Same seed, same files.
"""

import argparse
import datetime
import json
import os
import random
import sys

D = datetime.date
REF = D(2026, 11, 22)
START = D(2023, 12, 1)
LAST = D(2026, 11, 20)
DOCTORS = ("王医生", "李医生")


def day(s):
    return D(int(s[0:4]), int(s[5:7]), int(s[8:10]))


def age(birth, at):
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def rand_date(rnd, a, b):
    return a + datetime.timedelta(days=rnd.randrange((b - a).days + 1))


def plus(d, n):
    return d + datetime.timedelta(days=n)


class Visits:
    """Visits of one chain, written as JSON lines."""

    def __init__(self, out, idn, doctor):
        self.out, self.idn, self.doctor = out, idn, doctor
        self.n = 0

    def put(self, prog, d, rnd, extra):
        mode = "clinic" if rnd.random() < 0.7 else ("home" if rnd.random() < 0.7 else "phone")
        rec = {"id_number": self.idn, "program": prog, "date": d.isoformat(),
               "mode": mode, "doctor": self.doctor}
        rec.update(extra)
        self.out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        self.out.write("\n")
        self.n += 1


def bp_chain(v, prog, since, birth, rnd):
    """Hypertension or diabetes: quarterly when controlled, two weeks after
    an uncontrolled visit; some patients stop being visited."""
    d = max(START, plus(since, rnd.randrange(0, 20))) if since else plus(START, rnd.randrange(0, 90))
    stop = rand_date(rnd, D(2024, 3, 1), LAST) if rnd.random() < 0.07 else LAST
    bad_p = 0.12 if rnd.random() < 0.8 else 0.45   # some patients stay uncontrolled
    while d <= stop:
        bad = rnd.random() < bad_p
        if prog == "hypertension":
            if rnd.random() < 0.003:
                m = {"sbp": 186, "dbp": 112}
            elif bad:
                m = {"sbp": rnd.randrange(152, 172), "dbp": rnd.randrange(80, 100)}
            else:
                m = {"sbp": rnd.randrange(112, 139), "dbp": rnd.randrange(66, 89)}
        else:
            if rnd.random() < 0.003:
                m = {"fpg": 17.2}
            elif bad:
                m = {"fpg": round(rnd.uniform(7.1, 11.0), 1)}
            else:
                m = {"fpg": round(rnd.uniform(4.6, 6.9), 1)}
            if rnd.random() < 0.3:
                m["sbp"], m["dbp"] = rnd.randrange(112, 139), rnd.randrange(66, 89)
        v.put(prog, d, rnd, m)
        if bad:
            d = plus(d, rnd.randrange(7, 22))
        else:
            d = plus(d, rnd.randrange(78, 102))


def smi_chain(v, since, rnd):
    d = max(START, plus(since, rnd.randrange(0, 20))) if since else plus(START, rnd.randrange(0, 90))
    stop = rand_date(rnd, D(2024, 3, 1), LAST) if rnd.random() < 0.07 else LAST
    while d <= stop:
        x = rnd.random()
        if x < 0.82:
            m = {"risk_level": 0, "insight": "good", "symptoms": "none", "social_function": "good"}
            gap = rnd.randrange(78, 102)
        elif x < 0.96:
            m = {"risk_level": rnd.choice((1, 2)), "insight": "partial", "symptoms": "some", "social_function": "fair"}
            gap = rnd.randrange(10, 20)
        else:
            m = {"risk_level": 3, "insight": "none", "symptoms": "marked", "social_function": "poor"}
            gap = rnd.randrange(7, 20)
        v.put("smi", d, rnd, m)
        d = plus(d, gap)


def tb_chain(v, since, rnd):
    """From the notice: the first home visit within 0-5 days (late or
    missing for some), intensive two months, continuation four, done."""
    if rnd.random() < 0.04:
        return                                  # never visited
    d = plus(since, rnd.choice((0, 1, 1, 2, 2, 3, 5)))
    family = rnd.random() < 0.6
    end = plus(since, 180 + rnd.randrange(0, 30))
    stop = rand_date(rnd, since, end) if rnd.random() < 0.06 else end
    n = 0
    while d <= LAST and d <= stop:
        intensive = d < plus(since, 60)
        done = plus(d, 30) > end and stop == end
        m = {"phase": "completed" if done else ("intensive" if intensive else "continuation"),
             "supervisor": "family" if family else "staff"}
        if n == 0:
            m["mode"] = "home"
        v.put("tb", d, rnd, m)
        if done:
            break
        d = plus(d, (10 if family and intensive else 30) + rnd.randrange(-2, 4))
        n += 1


def yearly_chain(v, prog, first, rnd, stop_share):
    """Chronic (copd, other) and elderly: one visit a year, give or take."""
    d = first
    stop = rand_date(rnd, D(2024, 6, 1), LAST) if rnd.random() < stop_share else LAST
    while d <= stop:
        v.put(prog, d, rnd, {"heart_rate": rnd.randrange(60, 96)} if prog == "chronic" else {})
        d = plus(d, rnd.randrange(300, 400))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("people")
    ap.add_argument("dir")
    ap.add_argument("--patients", type=int, default=300000)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    people = []
    with open(a.people, encoding="utf-8") as f:
        for line in f:
            pid, idn, birth, hh, village, chronic = line.rstrip("\n").split("|")
            people.append((int(pid), idn, day(birth), hh, village, chronic == "1"))
    people.sort()

    # Teams: one per township, in code order; two doctors each.
    towns = sorted({p[4][:9] for p in people})
    team_of = {t: "T%03d" % (i + 1) for i, t in enumerate(towns)}
    with open(os.path.join(a.dir, "teams.tsv"), "w", encoding="utf-8") as f:
        for t in towns:
            f.write("%s\t%s\n" % (team_of[t], t))

    def doctor_of(hh):
        return DOCTORS[hash_hh(hh) % 2]

    def hash_hh(hh):
        return sum(hh.encode()) * 31 + len(hh)

    # Households: 3 % signed for 2025 only (expired), the rest for 2026.
    seen = {}
    for p in people:
        if p[3] not in seen:
            seen[p[3]] = p[4]
    with open(os.path.join(a.dir, "sign-2025.jsonl"), "w", encoding="utf-8") as s25, \
         open(os.path.join(a.dir, "sign-2026.jsonl"), "w", encoding="utf-8") as s26:
        for hh in sorted(seen):
            t = team_of[seen[hh][:9]]
            out = s25 if rnd.random() < 0.03 else s26
            out.write('{"household_no":"%s","team":"%s","doctor":"%s"}\n' % (hh, t, doctor_of(hh)))

    # Patients: everyone the import made chronic, then others (adults,
    # 35+ for hypertension and diabetes) until PATIENTS.
    chronic = [p for p in people if p[5]]
    others = [p for p in people if not p[5] and age(p[2], REF) >= 18]
    rnd.shuffle(others)
    need = max(0, a.patients - len(chronic))
    conds = {}                                  # id_number -> [(kind, since)]

    def since_for(kind, birth):
        """A diagnosis date, never before the 16th birthday (or birth)."""
        low = plus(birth, 16 * 365)
        x = rnd.random()
        if kind == "tb":
            # treatment lasts about half a year: notices over three years
            a, b = D(2023, 11, 1), D(2026, 11, 21)
        elif x < 0.04:
            a, b = D(2026, 1, 1), D(2026, 11, 21)       # new this year
        elif x < 0.10:
            a, b = D(2024, 1, 1), D(2025, 12, 31)
        elif x < 0.15:
            return None                                 # date unknown
        else:
            a, b = D(2005, 1, 1), D(2023, 11, 30)
        if low > b:
            low = plus(birth, 1)
        return rand_date(rnd, max(a, low), b) if max(a, low) <= b else b

    for p in chronic:
        c = conds.setdefault(p[1], [])
        if rnd.random() < 0.2 and age(p[2], REF) >= 35:
            c.append(("hypertension" if rnd.random() < 0.65 else "diabetes", None))
    picked = 0
    for p in others:
        if picked >= need:
            break
        x = rnd.random()
        kind = ("hypertension" if x < 0.50 else "diabetes" if x < 0.75 else
                "copd" if x < 0.83 else "smi" if x < 0.90 else
                "tb" if x < 0.95 else "chronic")
        if kind in ("hypertension", "diabetes") and age(p[2], REF) < 35:
            kind = "copd" if x < 0.6 else "smi"
        c = conds.setdefault(p[1], [])
        c.append((kind, since_for(kind, p[2])))
        if kind == "hypertension" and rnd.random() < 0.15:
            c.append(("diabetes", since_for("diabetes", p[2])))
        picked += 1
    with open(os.path.join(a.dir, "conditions.jsonl"), "w", encoding="utf-8") as f:
        for idn in sorted(conds):
            for kind, since in conds[idn]:
                if since is None:
                    f.write('{"id_number":"%s","kind":"%s"}\n' % (idn, kind))
                else:
                    f.write('{"id_number":"%s","kind":"%s","since":"%s"}\n'
                            % (idn, kind, since.isoformat()))

    # Visits, person by person.
    nvisits = 0
    elderly_cut = D(REF.year - 65, REF.month, REF.day)
    with open(os.path.join(a.dir, "visits.jsonl"), "w", encoding="utf-8") as f:
        for p in people:
            pid, idn, birth, hh, village, is_chronic = p
            prnd = random.Random(pid * 7919 + a.seed)
            v = Visits(f, idn, doctor_of(hh))
            born = plus(birth, 30)
            progs = list(conds.get(idn, ()))
            if is_chronic:
                progs.insert(0, ("chronic", None))
            for kind, since in progs:
                if since and since > D(2026, 9, 20) and kind != "tb" and prnd.random() < 0.5:
                    continue                    # diagnosed lately, not visited yet
                if since is None:
                    since_or_birth = born if born > START else None
                else:
                    since_or_birth = since
                if kind in ("hypertension", "diabetes"):
                    bp_chain(v, kind, since_or_birth, birth, prnd)
                elif kind == "smi":
                    smi_chain(v, since_or_birth, prnd)
                elif kind == "tb":
                    tb_chain(v, since, prnd)
                else:
                    first = max(START, plus(since, prnd.randrange(0, 30))) if since \
                        else max(born, plus(START, prnd.randrange(0, 330)))
                    yearly_chain(v, "chronic", first, prnd, 0.08)
            # the elderly's yearly check, for most of those 65 and over
            if birth <= elderly_cut and prnd.random() < 0.75:
                turned = D(birth.year + 65, birth.month, 28 if (birth.month, birth.day) == (2, 29) else birth.day)
                first = max(plus(START, prnd.randrange(0, 330)), plus(turned, 1))
                if first <= LAST:
                    yearly_chain(v, "elderly", first, prnd, 0.10)
            nvisits += v.n

    # Leaving: deaths and moves during 2026, after their visits.
    with open(os.path.join(a.dir, "leave.tsv"), "w", encoding="utf-8") as f:
        for p in people:
            if rnd.random() < 0.008:
                f.write("%s\t%s\t%s\n" % (p[1], "death" if rnd.random() < 0.6 else "moved",
                                          D(2026, rnd.randrange(2, 12), rnd.choice((1, 15))).isoformat()))
    # Referrals naming no programme, for some patients.
    with open(os.path.join(a.dir, "referrals.tsv"), "w", encoding="utf-8") as f:
        ids = sorted(conds)
        for idn in rnd.sample(ids, min(200, len(ids))):
            f.write("%s\t%s\n" % (idn, rand_date(rnd, D(2026, 9, 1), D(2026, 11, 20)).isoformat()))

    print("people %d, townships %d, households %d, patients %d (import chronic %d), "
          "condition rows %d, visits %d" % (len(people), len(towns), len(seen), len(conds),
                                            len(chronic), sum(len(c) for c in conds.values()) + len(chronic),
                                            nvisits), file=sys.stderr)


if __name__ == "__main__":
    main()
