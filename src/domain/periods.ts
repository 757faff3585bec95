// Reporting periods (DOMAIN.md "Reporting periods"): windows, keys, labels,
// parsing what officers type, and which milestones a period's report covers.
// Pure: dates are "YYYY-MM-DD" strings, "today" is always an argument.

import type { Milestone, PeriodKind, PeriodRef, PeriodRule, ReportingPeriod } from "./types.ts";
import { fold, readNumeral, toRoman } from "./text.ts";
import { addDays, DATE_RE, daysInMonth, splitDate, ymd } from "./dates.ts";

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// ---------------------------------------------------------------------------
// Windows, keys, labels

function assertRef(ref: PeriodRef): void {
  if (!Number.isInteger(ref.year)) throw new Error(`invalid period year ${ref.year}`);
  const ok = ref.kind === "quarter" ? Number.isInteger(ref.index) && ref.index >= 1 && ref.index <= 4 : ref.index === 1;
  if (!ok) throw new Error(`invalid period index ${ref.index} for kind ${ref.kind}`);
}

/** Window of quarter q of year y, inclusive. */
function quarterWindow(year: number, q: number, rule: PeriodRule): { start: string; end: string } {
  const lastMonth = q * 3;
  if (rule === "calendar") {
    return { start: ymd(year, lastMonth - 2, 1), end: ymd(year, lastMonth, daysInMonth(year, lastMonth)) };
  }
  // Decree 09/2019: from the 15th of the month before the quarter to the 14th of its last month.
  const start = q === 1 ? ymd(year - 1, 12, 15) : ymd(year, lastMonth - 3, 15);
  return { start, end: ymd(year, lastMonth, 14) };
}

/** The last quarter a period covers (6T → 2, 9T → 3, year → 4). */
function lastQuarter(ref: PeriodRef): number {
  switch (ref.kind) {
    case "quarter":
      return ref.index;
    case "half":
      return 2;
    case "nine_months":
      return 3;
    case "year":
      return 4;
  }
}

function periodKey(ref: PeriodRef): string {
  switch (ref.kind) {
    case "quarter":
      return `${ref.year}-Q${ref.index}`;
    case "half":
      return `${ref.year}-6T`;
    case "nine_months":
      return `${ref.year}-9T`;
    case "year":
      return `${ref.year}-N`;
  }
}

function periodLabel(ref: PeriodRef): string {
  switch (ref.kind) {
    case "quarter":
      return `quý ${toRoman(ref.index)} năm ${ref.year}`;
    case "half":
      return `6 tháng năm ${ref.year}`;
    case "nine_months":
      return `9 tháng năm ${ref.year}`;
    case "year":
      return `năm ${ref.year}`;
  }
}

export function reportingPeriod(ref: PeriodRef, rule: PeriodRule): ReportingPeriod {
  assertRef(ref);
  // Every period starts where Q1 starts and ends where its last quarter ends.
  const start = ref.kind === "quarter" ? quarterWindow(ref.year, ref.index, rule).start : quarterWindow(ref.year, 1, rule).start;
  const end = quarterWindow(ref.year, lastQuarter(ref), rule).end;
  return { year: ref.year, kind: ref.kind, index: ref.index, key: periodKey(ref), label: periodLabel(ref), start, end };
}

const KEY_RE = /^(\d{4})-(?:Q([1-4])|(6T)|(9T)|(N))$/;

/** Inverse of `ReportingPeriod.key`; exact format only ("2024-Q1", "2024-6T", "2024-9T", "2024-N"). */
export function parsePeriodKey(key: string): PeriodRef | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { year, kind: "quarter", index: Number(m[2]) };
  const kind: PeriodKind = m[3] ? "half" : m[4] ? "nine_months" : "year";
  return { year, kind, index: 1 };
}

// ---------------------------------------------------------------------------
// Parsing what officers type after a command

export type PeriodParse = { ok: true; ref: PeriodRef; explicitYear: boolean } | { ok: false; message: string };

function formsHelp(defaultYear: number): string {
  return (
    `Hãy gõ một trong các dạng: "quý 1" … "quý 4" (hoặc "Q1", "quý I"), "6 tháng", "9 tháng", "năm"; ` +
    `có thể thêm năm, ví dụ "quý 1/${defaultYear}", "6 tháng ${defaultYear}", "năm ${defaultYear}".`
  );
}

function quarterError(defaultYear: number): PeriodParse {
  return { ok: false, message: `Quý chỉ từ 1 đến 4 (I–IV). Ví dụ: "quý 1" hoặc "quý 1/${defaultYear}".` };
}

function formsError(text: string, defaultYear: number): PeriodParse {
  return { ok: false, message: `Không hiểu kỳ báo cáo "${text.trim()}". ${formsHelp(defaultYear)}` };
}

const QUARTER_WORDS = new Set(["q", "quy", "qui"]);
const MONTH_WORDS = new Set(["thang", "t"]);
// Spelled-out numerals: "quý tư" is the usual way to say Q4 aloud.
const NUMBER_WORDS: Record<string, number> = { mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, sau: 6, chin: 9 };

function readCount(token: string | undefined): number | null {
  if (token === undefined) return null;
  return NUMBER_WORDS[token] ?? readNumeral(token);
}

function validYear(n: number): boolean {
  return n >= MIN_YEAR && n <= MAX_YEAR;
}

export function parsePeriodText(text: string, defaultYear: number): PeriodParse {
  const raw = text.trim();
  if (raw === "") return { ok: false, message: `Chưa nhập kỳ báo cáo. ${formsHelp(defaultYear)}` };

  // A stored key typed back ("2024-Q1", "2024-6t").
  const asKey = parsePeriodKey(raw.toUpperCase());
  if (asKey) {
    return validYear(asKey.year) ? { ok: true, ref: asKey, explicitYear: true } : yearError(asKey.year, defaultYear);
  }

  const tokens = fold(raw)
    .replace(/\b(q|quy|qui)(i|ii|iii|iv|v)\b/g, "$1 $2") // "QIV"
    .replace(/([a-z])(\d)/g, "$1 $2") // "Q1", "quý1"
    .replace(/(\d)([a-z])/g, "$1 $2") // "6T", "6tháng"
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== "");

  let i = 0;
  const at = (k: number): string | undefined => tokens[i + k];

  // Leading filler: "báo cáo năm", "kỳ báo cáo quý 1", "BC quý 2".
  if (at(0) === "ky") i++;
  if (at(0) === "bao" && at(1) === "cao") i += 2;
  else if (at(0) === "bc") i++;

  let kind: PeriodKind;
  let index = 1;
  const head = at(0);
  if (head !== undefined && QUARTER_WORDS.has(head)) {
    const n = readCount(at(1));
    if (n === null || n < 1 || n > 4) return quarterError(defaultYear);
    kind = "quarter";
    index = n;
    i += 2;
  } else if (head === "nam") {
    kind = "year";
    i += 1;
  } else if (head === "ca" && at(1) === "nam") {
    kind = "year";
    i += 2;
  } else {
    const n = readCount(head);
    if (n === null || !MONTH_WORDS.has(at(1) ?? "")) return formsError(text, defaultYear);
    if (n !== 6 && n !== 9) {
      return {
        ok: false,
        message: `Kỳ báo cáo theo tháng chỉ có "6 tháng" và "9 tháng" (không có "${n} tháng"). ${formsHelp(defaultYear)}`,
      };
    }
    kind = n === 6 ? "half" : "nine_months";
    i += 2;
    if (at(0) === "dau" && at(1) === "nam") i += 2; // "6 tháng đầu năm"
  }

  // Optional year: "/2025", "-2025", " 2025", "năm 2025".
  let year = defaultYear;
  let explicitYear = false;
  if (kind !== "year" && at(0) === "nam") i++;
  const y = at(0);
  if (y !== undefined && /^\d+$/.test(y)) {
    const n = Number(y);
    if (y.length !== 4 || !validYear(n)) return yearError(n, defaultYear);
    year = n;
    explicitYear = true;
    i++;
  }

  if (i < tokens.length) return formsError(text, defaultYear);
  return { ok: true, ref: { year, kind, index }, explicitYear };
}

function yearError(n: number, defaultYear: number): PeriodParse {
  return {
    ok: false,
    message: `Năm ${n} không hợp lệ: năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}, viết đủ 4 chữ số. ${formsHelp(defaultYear)}`,
  };
}

// ---------------------------------------------------------------------------
// Which quarter is current

/** The quarter whose window (under `rule`) contains `date`. */
export function periodContaining(date: string, rule: PeriodRule): PeriodRef {
  const [y, m, d] = splitDate(date);
  // Under Decree 09 a day from the 15th on already belongs to the next month's quarter.
  const month = rule === "decree09" && d >= 15 ? m + 1 : m;
  if (month === 13) return { year: y + 1, kind: "quarter", index: 1 };
  return { year: y, kind: "quarter", index: Math.ceil(month / 3) };
}

function previousQuarter(ref: PeriodRef): PeriodRef {
  return ref.index === 1
    ? { year: ref.year - 1, kind: "quarter", index: 4 }
    : { year: ref.year, kind: "quarter", index: ref.index - 1 };
}

/**
 * The quarter an officer is most likely reporting on today: the one containing
 * today, except during the `graceDays` days right after a window closes, when
 * the quarter just ended is still being compiled.
 */
export function currentReportingPeriod(today: string, rule: PeriodRule, graceDays: number): PeriodRef {
  const containing = periodContaining(today, rule);
  const prev = previousQuarter(containing);
  const prevEnd = reportingPeriod(prev, rule).end;
  const graceEnd = addDays(prevEnd, Math.max(0, Math.floor(graceDays)));
  return today <= graceEnd ? prev : containing;
}

// ---------------------------------------------------------------------------
// Period arithmetic

export function quartersOf(ref: PeriodRef): PeriodRef[] {
  if (ref.kind === "quarter") return [{ year: ref.year, kind: "quarter", index: ref.index }];
  const out: PeriodRef[] = [];
  for (let q = 1; q <= lastQuarter(ref); q++) out.push({ year: ref.year, kind: "quarter", index: q });
  return out;
}

/** The quarter that follows the period ("phương hướng quý tiếp theo"). */
export function nextPeriod(ref: PeriodRef): PeriodRef {
  const last = lastQuarter(ref);
  return last === 4
    ? { year: ref.year + 1, kind: "quarter", index: 1 }
    : { year: ref.year, kind: "quarter", index: last + 1 };
}

// ---------------------------------------------------------------------------
// Milestones and due dates

/**
 * Whether a period's report must ask about a milestone.
 * - continuous: always; unspecified: never (no date yet).
 * - recurring: every period for quarterly/monthly (and unknown) recurrence; half-yearly
 *   in 6-month/year reports and Q2/Q4; yearly in year reports and Q4.
 * - due: the date falls in the data window OR in the period's calendar span, because
 *   plans write deadlines as calendar quarters: a Decree-09 Q1 report (cut-off 14/03)
 *   must still ask about a task due "Quý I" (31/03). Such a task then also appears in
 *   the Q2 report, whose window contains 31/03 — where it is reported done or late.
 */
export function milestoneInPeriod(
  m: Pick<Milestone, "kind" | "due" | "every">,
  period: ReportingPeriod,
  rule: PeriodRule,
): boolean {
  switch (m.kind) {
    case "continuous":
      return true;
    case "unspecified":
      return false;
    case "recurring":
      switch (m.every) {
        case "half-year":
          return period.kind === "half" || period.kind === "year" || (period.kind === "quarter" && period.index % 2 === 0);
        case "year":
          return period.kind === "year" || (period.kind === "quarter" && period.index === 4);
        default:
          return true;
      }
    case "due": {
      if (m.due === null || !DATE_RE.test(m.due)) return false;
      if (m.due >= period.start && m.due <= period.end) return true;
      if (rule === "calendar") return false; // the window already is the calendar span
      const span = reportingPeriod(period, "calendar");
      return m.due >= span.start && m.due <= span.end;
    }
  }
}

/** The commune's report is due `reportDueDays` days after the data cut-off. */
export function reportDueDate(period: ReportingPeriod, reportDueDays: number): string {
  return addDays(period.end, reportDueDays);
}

/** Officers' inputs are due `inputLeadDays` days before the report. */
export function inputDueDate(period: ReportingPeriod, reportDueDays: number, inputLeadDays: number): string {
  return addDays(reportDueDate(period, reportDueDays), -inputLeadDays);
}
