import { describe, it, expect } from "vitest";
import {
  currentReportingPeriod,
  inputDueDate,
  milestoneInPeriod,
  nextPeriod,
  parsePeriodKey,
  parsePeriodText,
  periodContaining,
  quartersOf,
  reportDueDate,
  reportingPeriod,
} from "../../src/domain/periods.ts";
import type { Milestone, PeriodKind, PeriodRef, PeriodRule } from "../../src/domain/types.ts";

const q = (year: number, index: number): PeriodRef => ({ year, kind: "quarter", index });
const p = (year: number, kind: PeriodKind): PeriodRef => ({ year, kind, index: 1 });

describe("reportingPeriod windows", () => {
  const cases: [PeriodRule, PeriodRef, string, string][] = [
    // decree09, 2024 (leap year)
    ["decree09", q(2024, 1), "2023-12-15", "2024-03-14"],
    ["decree09", q(2024, 2), "2024-03-15", "2024-06-14"],
    ["decree09", q(2024, 3), "2024-06-15", "2024-09-14"],
    ["decree09", q(2024, 4), "2024-09-15", "2024-12-14"],
    ["decree09", p(2024, "half"), "2023-12-15", "2024-06-14"],
    ["decree09", p(2024, "nine_months"), "2023-12-15", "2024-09-14"],
    ["decree09", p(2024, "year"), "2023-12-15", "2024-12-14"],
    // decree09, 2025
    ["decree09", q(2025, 1), "2024-12-15", "2025-03-14"],
    ["decree09", q(2025, 2), "2025-03-15", "2025-06-14"],
    ["decree09", q(2025, 3), "2025-06-15", "2025-09-14"],
    ["decree09", q(2025, 4), "2025-09-15", "2025-12-14"],
    ["decree09", p(2025, "half"), "2024-12-15", "2025-06-14"],
    ["decree09", p(2025, "nine_months"), "2024-12-15", "2025-09-14"],
    ["decree09", p(2025, "year"), "2024-12-15", "2025-12-14"],
    // calendar, 2024
    ["calendar", q(2024, 1), "2024-01-01", "2024-03-31"],
    ["calendar", q(2024, 2), "2024-04-01", "2024-06-30"],
    ["calendar", q(2024, 3), "2024-07-01", "2024-09-30"],
    ["calendar", q(2024, 4), "2024-10-01", "2024-12-31"],
    ["calendar", p(2024, "half"), "2024-01-01", "2024-06-30"],
    ["calendar", p(2024, "nine_months"), "2024-01-01", "2024-09-30"],
    ["calendar", p(2024, "year"), "2024-01-01", "2024-12-31"],
    // calendar, 2025
    ["calendar", q(2025, 1), "2025-01-01", "2025-03-31"],
    ["calendar", q(2025, 2), "2025-04-01", "2025-06-30"],
    ["calendar", q(2025, 3), "2025-07-01", "2025-09-30"],
    ["calendar", q(2025, 4), "2025-10-01", "2025-12-31"],
    ["calendar", p(2025, "half"), "2025-01-01", "2025-06-30"],
    ["calendar", p(2025, "nine_months"), "2025-01-01", "2025-09-30"],
    ["calendar", p(2025, "year"), "2025-01-01", "2025-12-31"],
  ];
  it.each(cases)("%s %o → %s … %s", (rule, ref, start, end) => {
    const period = reportingPeriod(ref, rule);
    expect(period.start).toBe(start);
    expect(period.end).toBe(end);
    expect(period).toMatchObject(ref);
  });

  it("rejects invalid refs", () => {
    expect(() => reportingPeriod(q(2024, 5), "decree09")).toThrow();
    expect(() => reportingPeriod(q(2024, 0), "calendar")).toThrow();
    expect(() => reportingPeriod({ year: 2024, kind: "half", index: 2 }, "calendar")).toThrow();
  });
});

describe("keys and labels", () => {
  const cases: [PeriodRef, string, string][] = [
    [q(2024, 1), "2024-Q1", "quý I năm 2024"],
    [q(2024, 2), "2024-Q2", "quý II năm 2024"],
    [q(2024, 3), "2024-Q3", "quý III năm 2024"],
    [q(2024, 4), "2024-Q4", "quý IV năm 2024"],
    [p(2024, "half"), "2024-6T", "6 tháng năm 2024"],
    [p(2025, "nine_months"), "2025-9T", "9 tháng năm 2025"],
    [p(2025, "year"), "2025-N", "năm 2025"],
  ];
  it.each(cases)("%o → %s, %s", (ref, key, label) => {
    const period = reportingPeriod(ref, "decree09");
    expect(period.key).toBe(key);
    expect(period.label).toBe(label);
    expect(parsePeriodKey(key)).toEqual(ref);
  });

  it("labels are NFC", () => {
    const label = reportingPeriod(q(2024, 1), "calendar").label;
    expect(label).toBe(label.normalize("NFC"));
  });

  it("labels parse back to the same period", () => {
    for (const [ref, , label] of cases) {
      expect(parsePeriodText(label, 2000)).toEqual({ ok: true, ref, explicitYear: true });
    }
  });

  it("parsePeriodKey rejects anything else", () => {
    for (const bad of ["", "2024", "2024-Q5", "2024-Q0", "2024-6t", "24-Q1", "2024-H1", "2024-Q1 ", "Q1-2024"]) {
      expect(parsePeriodKey(bad)).toBeNull();
    }
  });
});

describe("parsePeriodText", () => {
  const Y = 2024;
  const good: [string, PeriodRef, boolean][] = [
    ["quý 1", q(Y, 1), false],
    ["quý I", q(Y, 1), false],
    ["Q1", q(Y, 1), false],
    ["q1", q(Y, 1), false],
    ["quy 1", q(Y, 1), false],
    ["quí 2", q(Y, 2), false],
    ["qui 2", q(Y, 2), false],
    ["Quý IV", q(Y, 4), false],
    ["QUY III", q(Y, 3), false],
    ["quý  3 ", q(Y, 3), false],
    ["quý3", q(Y, 3), false],
    ["QIV", q(Y, 4), false],
    ["quý tư", q(Y, 4), false],
    ["quý 01", q(Y, 1), false],
    ["quý 2.", q(Y, 2), false],
    ["6 tháng", p(Y, "half"), false],
    ["6 thang", p(Y, "half"), false],
    ["6T", p(Y, "half"), false],
    ["sáu tháng", p(Y, "half"), false],
    ["sau thang", p(Y, "half"), false],
    ["6 tháng đầu năm", p(Y, "half"), false],
    ["6 thang dau nam", p(Y, "half"), false],
    ["9 tháng", p(Y, "nine_months"), false],
    ["9 thang", p(Y, "nine_months"), false],
    ["chín tháng", p(Y, "nine_months"), false],
    ["9 tháng đầu năm", p(Y, "nine_months"), false],
    ["năm", p(Y, "year"), false],
    ["nam", p(Y, "year"), false],
    ["cả năm", p(Y, "year"), false],
    ["ca nam", p(Y, "year"), false],
    ["Cả Năm!", p(Y, "year"), false],
    ["báo cáo năm", p(Y, "year"), false],
    ["bao cao nam", p(Y, "year"), false],
    ["báo cáo quý 2", q(Y, 2), false],
    // with a year
    ["quý 1/2025", q(2025, 1), true],
    ["quy 1/2025", q(2025, 1), true],
    ["quý I/2025", q(2025, 1), true],
    ["quý 1 năm 2025", q(2025, 1), true],
    ["quy 1 nam 2025", q(2025, 1), true],
    ["Q1-2025", q(2025, 1), true],
    ["Q1 – 2025", q(2025, 1), true],
    ["Q1 2025", q(2025, 1), true],
    ["q4/2023", q(2023, 4), true],
    ["6 tháng 2024", p(2024, "half"), true],
    ["6 thang nam 2024", p(2024, "half"), true],
    ["6 tháng đầu năm 2025", p(2025, "half"), true],
    ["9 tháng/2025", p(2025, "nine_months"), true],
    ["năm 2025", p(2025, "year"), true],
    ["nam 2025", p(2025, "year"), true],
    ["cả năm 2025", p(2025, "year"), true],
    ["2025-Q3", q(2025, 3), true],
    ["2025-6t", p(2025, "half"), true],
    // decomposed Unicode (NFD) as some keyboards send
    ["quý 2".normalize("NFD"), q(Y, 2), false],
  ];
  it.each(good)("%j", (text, ref, explicitYear) => {
    expect(parsePeriodText(text, Y)).toEqual({ ok: true, ref, explicitYear });
  });

  const QUARTER = /1 đến 4/;
  const FORMS = /"quý 1".*"6 tháng".*"9 tháng".*"năm"/;
  const bad: [string, RegExp[]][] = [
    ["quý 5", [QUARTER, /Ví dụ: "quý 1"/]],
    ["Q0", [QUARTER]],
    ["quý V", [QUARTER]],
    ["quy 12", [QUARTER]],
    ["quý", [QUARTER]],
    ["quý năm", [QUARTER]],
    ["quý 1/1999", [/2000 đến 2100/, FORMS]],
    ["quý 1/20245", [/2000 đến 2100/, FORMS]],
    ["năm 2101", [/2000 đến 2100/]],
    ["quý 1/25", [/4 chữ số/]],
    ["1999-Q1", [/2000 đến 2100/]],
    ["7 tháng", [/"6 tháng" và "9 tháng"/, FORMS]],
    ["3 thang", [/"6 tháng" và "9 tháng"/]],
    ["abc", [/Không hiểu/, /"abc"/, FORMS]],
    ["quý 1 abc", [/Không hiểu/, FORMS]],
    ["tháng 6", [/Không hiểu/, FORMS]],
    ["6 tháng cuối năm", [/Không hiểu/, FORMS]],
    ["2025", [/Không hiểu/, FORMS]],
    ["", [/Chưa nhập/, FORMS]],
    ["   ", [/Chưa nhập/, FORMS]],
  ];
  it.each(bad)("rejects %j", (text, patterns) => {
    const r = parsePeriodText(text, Y);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const pat of patterns) expect(r.message).toMatch(pat);
  });

  it("uses the default year in examples", () => {
    const r = parsePeriodText("quý 9", 2026);
    expect(r.ok === false && r.message.includes("quý 1/2026")).toBe(true);
  });
});

describe("periodContaining", () => {
  const cases: [string, PeriodRule, PeriodRef][] = [
    ["2024-03-14", "decree09", q(2024, 1)],
    ["2024-03-15", "decree09", q(2024, 2)],
    ["2024-06-14", "decree09", q(2024, 2)],
    ["2024-06-15", "decree09", q(2024, 3)],
    ["2024-09-14", "decree09", q(2024, 3)],
    ["2024-09-15", "decree09", q(2024, 4)],
    ["2024-12-14", "decree09", q(2024, 4)],
    ["2024-12-15", "decree09", q(2025, 1)],
    ["2024-12-20", "decree09", q(2025, 1)],
    ["2024-12-31", "decree09", q(2025, 1)],
    ["2025-01-01", "decree09", q(2025, 1)],
    ["2024-02-29", "decree09", q(2024, 1)],
    ["2024-03-31", "calendar", q(2024, 1)],
    ["2024-04-01", "calendar", q(2024, 2)],
    ["2024-12-15", "calendar", q(2024, 4)],
    ["2024-12-31", "calendar", q(2024, 4)],
    ["2025-01-01", "calendar", q(2025, 1)],
  ];
  it.each(cases)("%s (%s)", (date, rule, ref) => {
    expect(periodContaining(date, rule)).toEqual(ref);
    // and the period's window really contains the date
    const w = reportingPeriod(ref, rule);
    expect(date >= w.start && date <= w.end).toBe(true);
  });

  it("rejects malformed dates", () => {
    expect(() => periodContaining("2024-02-30", "calendar")).toThrow();
    expect(() => periodContaining("14/03/2024", "decree09")).toThrow();
  });
});

describe("currentReportingPeriod", () => {
  const cases: [string, PeriodRule, number, PeriodRef][] = [
    ["2024-03-14", "decree09", 10, q(2024, 1)],
    ["2024-03-15", "decree09", 10, q(2024, 1)], // first grace day
    ["2024-03-24", "decree09", 10, q(2024, 1)], // last grace day
    ["2024-03-25", "decree09", 10, q(2024, 2)],
    ["2024-03-15", "decree09", 0, q(2024, 2)], // no grace
    ["2024-12-20", "decree09", 10, q(2024, 4)], // Q4 report being compiled, across the year's cut-off
    ["2024-12-25", "decree09", 10, q(2025, 1)],
    ["2025-01-05", "calendar", 7, q(2024, 4)], // across the new year
    ["2025-01-08", "calendar", 7, q(2025, 1)],
    ["2024-05-10", "calendar", 7, q(2024, 2)],
    ["2024-03-01", "decree09", -3, q(2024, 1)],
  ];
  it.each(cases)("%s %s grace %d", (today, rule, grace, ref) => {
    expect(currentReportingPeriod(today, rule, grace)).toEqual(ref);
  });
});

describe("quartersOf / nextPeriod", () => {
  it("quartersOf", () => {
    expect(quartersOf(q(2024, 3))).toEqual([q(2024, 3)]);
    expect(quartersOf(p(2024, "half"))).toEqual([q(2024, 1), q(2024, 2)]);
    expect(quartersOf(p(2024, "nine_months"))).toEqual([q(2024, 1), q(2024, 2), q(2024, 3)]);
    expect(quartersOf(p(2024, "year"))).toEqual([q(2024, 1), q(2024, 2), q(2024, 3), q(2024, 4)]);
  });
  it("nextPeriod", () => {
    expect(nextPeriod(q(2024, 1))).toEqual(q(2024, 2));
    expect(nextPeriod(q(2024, 3))).toEqual(q(2024, 4));
    expect(nextPeriod(q(2024, 4))).toEqual(q(2025, 1));
    expect(nextPeriod(p(2024, "half"))).toEqual(q(2024, 3));
    expect(nextPeriod(p(2024, "nine_months"))).toEqual(q(2024, 4));
    expect(nextPeriod(p(2024, "year"))).toEqual(q(2025, 1));
  });
});

describe("milestoneInPeriod", () => {
  type M = Pick<Milestone, "kind" | "due" | "every">;
  const due = (d: string): M => ({ kind: "due", due: d, every: null });
  const every = (e: Milestone["every"]): M => ({ kind: "recurring", due: null, every: e });
  const D = (ref: PeriodRef) => reportingPeriod(ref, "decree09");
  const C = (ref: PeriodRef) => reportingPeriod(ref, "calendar");
  const all = [q(2024, 1), q(2024, 2), q(2024, 3), q(2024, 4), p(2024, "half"), p(2024, "nine_months"), p(2024, "year")];

  it("continuous: every period; unspecified: none", () => {
    for (const ref of all) {
      expect(milestoneInPeriod({ kind: "continuous", due: null, every: null }, D(ref), "decree09")).toBe(true);
      expect(milestoneInPeriod({ kind: "unspecified", due: null, every: null }, D(ref), "decree09")).toBe(false);
    }
  });

  it("recurring quarterly / monthly / unknown: every period", () => {
    for (const ref of all) {
      for (const e of ["quarter", "month", null] as const) {
        expect(milestoneInPeriod(every(e), C(ref), "calendar")).toBe(true);
      }
    }
  });

  it("recurring half-year: Q2, Q4, 6T, year", () => {
    const got = all.filter((ref) => milestoneInPeriod(every("half-year"), D(ref), "decree09"));
    expect(got).toEqual([q(2024, 2), q(2024, 4), p(2024, "half"), p(2024, "year")]);
  });

  it("recurring year: Q4 and year", () => {
    const got = all.filter((ref) => milestoneInPeriod(every("year"), D(ref), "decree09"));
    expect(got).toEqual([q(2024, 4), p(2024, "year")]);
  });

  it("due 'Quý I' (31/03) is asked in the decree09 Q1 report, and in Q2 whose window holds it", () => {
    const m = due("2024-03-31");
    expect(milestoneInPeriod(m, D(q(2024, 1)), "decree09")).toBe(true);
    expect(milestoneInPeriod(m, D(q(2024, 2)), "decree09")).toBe(true);
    expect(milestoneInPeriod(m, D(q(2024, 3)), "decree09")).toBe(false);
    expect(milestoneInPeriod(m, D(p(2024, "half")), "decree09")).toBe(true);
  });

  it("due under calendar rule: only its calendar quarter", () => {
    const m = due("2024-03-31");
    expect(milestoneInPeriod(m, C(q(2024, 1)), "calendar")).toBe(true);
    expect(milestoneInPeriod(m, C(q(2024, 2)), "calendar")).toBe(false);
  });

  it("due 20/12 under decree09: in next year's Q1 window and this year's Q4 calendar span", () => {
    const m = due("2024-12-20");
    expect(milestoneInPeriod(m, D(q(2025, 1)), "decree09")).toBe(true);
    expect(milestoneInPeriod(m, D(q(2024, 4)), "decree09")).toBe(true);
    expect(milestoneInPeriod(m, D(p(2024, "year")), "decree09")).toBe(true);
    expect(milestoneInPeriod(m, D(p(2024, "nine_months")), "decree09")).toBe(false);
    expect(milestoneInPeriod(m, D(q(2025, 2)), "decree09")).toBe(false);
  });

  it("due on the window edges", () => {
    expect(milestoneInPeriod(due("2023-12-15"), D(q(2024, 1)), "decree09")).toBe(true);
    expect(milestoneInPeriod(due("2023-12-14"), D(q(2024, 1)), "decree09")).toBe(false);
    expect(milestoneInPeriod(due("2024-06-30"), D(p(2024, "half")), "decree09")).toBe(true);
    expect(milestoneInPeriod(due("2024-07-01"), D(p(2024, "half")), "decree09")).toBe(false);
  });

  it("due without a date is not in any period", () => {
    expect(milestoneInPeriod({ kind: "due", due: null, every: null }, D(q(2024, 1)), "decree09")).toBe(false);
  });
});

describe("report and input due dates", () => {
  it("decree09 Q1 2024: cut-off 14/03, report +5, inputs 3 days earlier", () => {
    const period = reportingPeriod(q(2024, 1), "decree09");
    expect(reportDueDate(period, 5)).toBe("2024-03-19");
    expect(inputDueDate(period, 5, 3)).toBe("2024-03-16");
  });
  it("across a month end (calendar Q1 2024, leap year)", () => {
    const period = reportingPeriod(q(2024, 1), "calendar");
    expect(reportDueDate(period, 5)).toBe("2024-04-05");
    expect(inputDueDate(period, 5, 7)).toBe("2024-03-29");
  });
  it("across a year end (calendar Q4 / year)", () => {
    const period = reportingPeriod(p(2024, "year"), "calendar");
    expect(reportDueDate(period, 10)).toBe("2025-01-10");
    expect(inputDueDate(period, 10, 12)).toBe("2024-12-29");
  });
  it("February in a leap and a common year", () => {
    // decree09 Q1 ends 14/03; 16 days earlier lands in February
    expect(inputDueDate(reportingPeriod(q(2024, 1), "decree09"), 0, 16)).toBe("2024-02-27");
    expect(inputDueDate(reportingPeriod(q(2025, 1), "decree09"), 0, 16)).toBe("2025-02-26");
  });
  it("zero days: due on the cut-off", () => {
    const period = reportingPeriod(q(2025, 4), "decree09");
    expect(reportDueDate(period, 0)).toBe("2025-12-14");
    expect(inputDueDate(period, 0, 0)).toBe("2025-12-14");
  });
});
