#!/usr/bin/env python3
"""Write a poverty-registry roster (建档立卡花名册) CSV for tests and benchmarks.

    python3 bench/gen-roster.py [options] N

N rows with the registry's Chinese headers, in households of 1-6 people
living in real villages (Guangxi and Jiang county, Shanxi) of
../shared/data/divisions/: the county and township names are resolved
from the village's codes.  Every ID number is valid and unique, its
address code is the village's county, its birth date fits the person's
relation to the head, and its sequence number fits the sex.

With --bad SHARE, that share of the rows each carries exactly one known
defect, the kinds taken in turn:

    check-char      证件号码 with a wrong check character
    feb-30          证件号码 born on 30 February (check character right)
    unknown-village 行政村 that the township does not have
    empty-name      姓名 empty
    duplicate-id    证件号码 of a person on an earlier (valid) row
    bad-relation    与户主关系 that is not a relation (邻居)

A bad row is never a household's head, so every household keeps a valid
head and the household count does not depend on the defects.  The counts
(rows, valid rows, households, and per kind) go to stderr and, with
--expect FILE, to FILE as JSON.  Same seed, same file.

Options:
    -o FILE              write to FILE (default: stdout)
    --bad SHARE          share of bad rows, 0 to 1 (default 0)
    --encoding ENC       utf-8 (default) or gb18030
    --crlf               end lines with CRLF, as Excel does
    --bom                start with a UTF-8 byte-order mark
    --seed N             random seed (default 1)
    --expect FILE        write the expected counts as JSON
    --divisions DIR      the divisions directory
                         (default: ../shared/data/divisions beside the checkout)
"""

import argparse
import csv
import json
import os
import random
import sys

HEADER = ("县,乡（镇）,行政村,户编号,人编号,姓名,证件号码,与户主关系,民族,"
          "文化程度,健康状况,贫困户属性,脱贫年份,联系电话")

KINDS = ("check-char", "feb-30", "unknown-village", "empty-name",
         "duplicate-id", "bad-relation")

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECKS = "10X98765432"
NEWEST_BIRTH = 2025             # born no later than this year

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
            "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹"
            "孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤农蓝")
GIVEN_M = ("伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 建国 建华 志强 "
           "志明 海涛 永福 德才 文斌 家豪 俊杰 子轩 浩然 宇航 国庆 金生 春生 红军 "
           "振华 玉林 福贵 宏伟 立新 光明 树林 庆丰").split()
GIVEN_F = ("芳 娜 敏 静 丽 艳 娟 霞 燕 玲 桂英 秀英 秀兰 玉兰 桂兰 凤英 春梅 海燕 "
           "晓红 丽华 美玲 婷婷 欣怡 梓涵 诗琪 雨桐 思雨 佳怡 金凤 翠花 月娥 红梅 "
           "小芳 淑珍 慧敏 彩霞 雪梅 兰芳 爱华 巧云").split()
ETHNIC = ("汉族",) * 10 + ("壮族",) * 7 + ("瑶族", "苗族", "侗族", "仫佬族",
                                          "毛南族", "回族", "京族", "彝族")
HEALTH = ("健康",) * 14 + ("长期慢性病",) * 3 + ("患有大病", "残疾", "残疾")
POVERTY = ("一般贫困户",) * 6 + ("低保贫困户",) * 3 + ("特困供养贫困户",)
YEARS = ("2016", "2017", "2018", "2019", "2020", "")
PHONE_PREFIX = ("130 131 132 133 135 136 137 138 139 150 151 152 155 157 "
                "158 159 166 171 173 177 180 181 182 185 186 187 188 189 "
                "191 198 199").split()


def load_villages(d):
    """[(county name, township name, village name, village code, county code)]."""
    def rows(name):
        with open(os.path.join(d, name), encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

    counties = {r["code"]: r["name"] for r in rows("areas.csv")}
    towns = {r["code"]: r["name"] for r in rows("streets.csv")}
    out = []
    for r in rows("villages-45-140826.csv"):
        c, t = r["areaCode"], r["streetCode"]
        if c in counties and t in towns and t.startswith(c):
            out.append((counties[c], towns[t], r["name"], r["code"], c))
    if not out:
        sys.exit("gen-roster: no villages found in %s" % d)
    return out


def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


MDAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def check_char(s17):
    return CHECKS[sum(int(c) * w for c, w in zip(s17, WEIGHTS)) % 11]


class Gen:
    def __init__(self, args):
        self.r = random.Random(args.seed)
        self.villages = load_villages(args.divisions)
        self.names_in_town = {}
        for v in self.villages:
            self.names_in_town.setdefault((v[0], v[1]), set()).add(v[2])
        self.used_ids = set()
        self.hh_seq = {}
        self.valid_ids = []     # a sample of valid IDs for duplicates

    def birth(self, lo, hi):
        """A random date string YYYYMMDD with year in [lo, hi]."""
        r = self.r
        y = r.randint(max(lo, 1901), min(hi, NEWEST_BIRTH))
        m = r.randint(1, 12)
        dmax = 29 if m == 2 and leap(y) else MDAYS[m - 1]
        return y, "%04d%02d%02d" % (y, m, r.randint(1, dmax))

    def id_number(self, county, date, male):
        """A fresh valid ID number (unique in this file)."""
        r = self.r
        while True:
            seq = r.randrange(0, 1000, 2) + (1 if male else 0)
            s17 = "%s%s%03d" % (county, date, seq)
            s = s17 + check_char(s17)
            if s not in self.used_ids:
                self.used_ids.add(s)
                return s

    def remember(self, idn):
        """Keep up to 10,000 valid ID numbers for duplicate-id rows to copy."""
        if len(self.valid_ids) < 10000:
            self.valid_ids.append(idn)
        elif self.r.random() < 0.01:
            self.valid_ids[self.r.randrange(10000)] = idn

    def name(self, surname, male):
        return surname + self.r.choice(GIVEN_M if male else GIVEN_F)

    def members(self):
        """[(relation, male, year lo, year hi)] of one household, head first."""
        r = self.r
        hy = r.randint(1940, 1998)
        head_male = r.random() < 0.75
        out = [("户主", head_male, hy, hy)]
        size = r.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6))
        if size > 1 and hy <= 1995:
            out.append(("配偶", not head_male, hy - 5, hy + 5))
        kid_years = (hy + 20, hy + 38)
        while len(out) < size:
            k = r.random()
            if k < 0.6 and kid_years[0] <= NEWEST_BIRTH:
                male = r.random() < 0.5
                out.append(("之子" if male else "之女", male, *kid_years))
            elif k < 0.8 and hy >= 1965:
                male = r.random() < 0.5
                out.append(("之父" if male else "之母", male, hy - 35, hy - 20))
            elif hy <= 1970:
                male = r.random() < 0.5
                out.append(("之孙子" if male else "之孙女", male,
                            hy + 42, hy + 70))
            elif kid_years[0] <= NEWEST_BIRTH:
                out.append(("之子", True, *kid_years))
            else:
                break
        return out

    def education(self, year):
        age = 2026 - year
        if age < 6:
            return "学龄前"
        if age < 12:
            return "小学"
        return self.r.choice(("文盲或半文盲", "小学", "小学", "初中", "初中",
                              "初中", "高中", "大专及以上"))

    def phone(self):
        return self.r.choice(PHONE_PREFIX) + "%08d" % self.r.randrange(10 ** 8)

    def spoil(self, kind, row):
        """Give row (a list of 14 fields) the defect kind."""
        r = self.r
        if kind == "check-char":
            idn = row[6]
            row[6] = idn[:17] + CHECKS[(CHECKS.index(idn[17]) + r.randint(1, 10)) % 11]
        elif kind == "feb-30":
            seq = int(row[6][14:17])
            while True:
                s17 = "%s0230%03d" % (row[6][:10], seq)
                if s17 + check_char(s17) not in self.used_ids:
                    break
                seq = (seq + 2) % 1000
            row[6] = s17 + check_char(s17)
            self.used_ids.add(row[6])
        elif kind == "unknown-village":
            names = self.names_in_town[(row[0], row[1])]
            v = "新丰村"
            while v in names:
                v = "新丰%d村" % r.randint(1, 99)
            row[2] = v
        elif kind == "empty-name":
            row[5] = ""
        elif kind == "duplicate-id":
            row[6] = r.choice(self.valid_ids)
        elif kind == "bad-relation":
            row[7] = "邻居"


def main():
    ap = argparse.ArgumentParser(add_help=True, usage=__doc__.split("\n\n")[1].strip())
    ap.add_argument("n", type=int)
    ap.add_argument("-o", dest="out")
    ap.add_argument("--bad", type=float, default=0.0)
    ap.add_argument("--encoding", default="utf-8", choices=("utf-8", "gb18030"))
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--bom", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--expect")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--divisions",
                    default=os.path.join(here, "..", "..", "shared", "data", "divisions"))
    args = ap.parse_args()
    if args.n < 0 or not 0 <= args.bad <= 1:
        ap.error("N must be >= 0 and --bad between 0 and 1")
    if not os.path.isdir(args.divisions):
        alt = "/work/shared/data/divisions"
        args.divisions = alt if os.path.isdir(alt) else args.divisions

    g = Gen(args)
    r = g.r
    eol = "\r\n" if args.crlf else "\n"
    nbad = round(args.n * args.bad)
    # Bad rows at evenly spread positions, away from the first rows so
    # that duplicates have earlier valid IDs to copy.
    bad_at = set()
    if nbad:
        step = args.n / nbad
        bad_at = {int(i * step + step / 2) for i in range(nbad)}
    counts = {k: 0 for k in KINDS}
    pending_bad = 0
    nrows = nhouse = 0
    lines = [HEADER]
    out = (open(args.out, "w", encoding=args.encoding, newline="")
           if args.out else
           open(sys.stdout.fileno(), "w", encoding=args.encoding, newline="",
                closefd=False))
    if args.bom:
        out.write("\ufeff")

    while nrows < args.n:
        county, town, village, vcode, ccode = r.choice(g.villages)
        seq = g.hh_seq.get(vcode, 0) + 1
        g.hh_seq[vcode] = seq
        hh = "%s%04d" % (vcode, seq)
        poverty = r.choice(POVERTY)
        year = r.choice(YEARS)
        surname = r.choice(SURNAMES)
        ethnic = r.choice(ETHNIC)
        nhouse += 1
        for i, (rel, male, lo, hi) in enumerate(g.members()):
            if nrows >= args.n:
                break
            y, date = g.birth(lo, hi)
            idn = g.id_number(ccode, date, male)
            sname = surname if rel in ("户主", "之子", "之女", "之孙子", "之孙女",
                                       "之父") else r.choice(SURNAMES)
            row = [county, town, village, hh, "%s%02d" % (hh, i + 1),
                   g.name(sname, male), idn, rel,
                   ethnic if r.random() < 0.8 else r.choice(ETHNIC),
                   g.education(y), r.choice(HEALTH), poverty, year, g.phone()]
            if nrows in bad_at:
                pending_bad += 1
            kind = KINDS[sum(counts.values()) % len(KINDS)]
            if pending_bad and i > 0 and (kind != "duplicate-id" or g.valid_ids):
                g.spoil(kind, row)
                counts[kind] += 1
                pending_bad -= 1
            else:
                g.remember(idn)
            lines.append(",".join(row))
            nrows += 1
        if len(lines) >= 4096:
            out.write(eol.join(lines) + eol)
            lines = []
    if lines:
        out.write(eol.join(lines) + eol)
    out.close()

    bad = sum(counts.values())
    summary = {"rows": nrows, "valid": nrows - bad, "rejected": bad,
               "households": nhouse, "bad": counts}
    for k in KINDS:
        print("%s %d" % (k, counts[k]), file=sys.stderr)
    print("rows %d valid %d rejected %d households %d"
          % (nrows, nrows - bad, bad, nhouse), file=sys.stderr)
    if args.expect:
        with open(args.expect, "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
