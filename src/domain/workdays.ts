// Working days of a Vietnamese commune office: Monday–Friday, minus public
// holidays (solar and lunar, from the maintained `date-holidays` library), minus
// the government's yearly compensatory days off, plus its make-up working
// Saturdays, then the office's own overrides (the yearly announcement moves
// days, so an operator can always correct the calendar).
// Pure: no clock, no I/O; the holiday library is deterministic per year.
import Holidays from "date-holidays";
import { addDays, daysBetween, splitDate, weekday } from "./dates.ts";

export type DayKind = "off" | "work";

export interface WorkingDayOverride {
  day: string;
  kind: DayKind;
  note?: string | null;
}

/**
 * Days the government announced for cán bộ, công chức, viên chức beyond the statutory
 * holidays `date-holidays` knows, for the years we are sure of. Other years: only the
 * statutory days plus the Labour Code rule (a holiday on a weekend is taken on the next
 * working day); the office adds the year's announcement with `npm run reminders -- holidays add`.
 */
export const ANNOUNCED_DAYS: Readonly<Record<number, readonly WorkingDayOverride[]>> = {
  2024: [
    // Tết Giáp Thìn: 08/02 – 14/02/2024 (the library has 09 – 13/02).
    { day: "2024-02-08", kind: "off", note: "Nghỉ Tết Nguyên đán (29 Tết)" },
    { day: "2024-02-14", kind: "off", note: "Nghỉ Tết Nguyên đán (mùng 5)" },
    // 30/4 – 1/5: Monday 29/04 swapped with Saturday 04/05.
    { day: "2024-04-29", kind: "off", note: "Nghỉ hoán đổi dịp 30/4 – 1/5" },
    { day: "2024-05-04", kind: "work", note: "Làm bù cho ngày 29/4" },
    // Quốc khánh: 02/09 and 03/09/2024.
    { day: "2024-09-03", kind: "off", note: "Nghỉ Quốc khánh (ngày thứ hai)" },
  ],
  2025: [
    // Tết Ất Tỵ: 25/01 – 02/02/2025 (the library has 28/01 – 01/02).
    { day: "2025-01-27", kind: "off", note: "Nghỉ Tết Nguyên đán" },
    // 30/4 – 1/5: Friday 02/05 swapped with Saturday 26/04.
    { day: "2025-05-02", kind: "off", note: "Nghỉ hoán đổi dịp 30/4 – 1/5" },
    { day: "2025-04-26", kind: "work", note: "Làm bù cho ngày 2/5" },
    // Quốc khánh: 01/09 and 02/09/2025.
    { day: "2025-09-01", kind: "off", note: "Nghỉ Quốc khánh (ngày thứ hai)" },
  ],
};

const WEEKDAY_NAME = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

export function weekdayName(date: string): string {
  return WEEKDAY_NAME[weekday(date)]!;
}

let library: Holidays | undefined;
const yearCache = new Map<number, ReadonlyMap<string, string>>();

/** Statutory public holidays of a year ("YYYY-MM-DD" → name), with multi-day spans expanded. */
export function publicHolidays(year: number): ReadonlyMap<string, string> {
  const cached = yearCache.get(year);
  if (cached) return cached;
  library ??= new Holidays("VN");
  const days = new Map<string, string>();
  for (const h of library.getHolidays(year)) {
    if (h.type !== "public") continue;
    const first = h.date.slice(0, 10);
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) days.set(addDays(first, i), h.name);
  }
  if (!ANNOUNCED_DAYS[year]) {
    // Labour Code 2019, art. 111(3): a holiday on a weekly rest day is taken on the next working day.
    for (const [day, name] of [...days].sort()) {
      const wd = weekday(day);
      if (wd !== 0 && wd !== 6) continue;
      let next = addDays(day, 1);
      while (weekday(next) === 0 || weekday(next) === 6 || days.has(next)) next = addDays(next, 1);
      days.set(next, `Nghỉ bù ${name}`);
    }
  }
  yearCache.set(year, days);
  return days;
}

export class WorkCalendar {
  private readonly overrides: Map<string, WorkingDayOverride>;
  private readonly memo = new Map<string, boolean>();

  /** `overrides`: the office's WorkingDayOverride rows; they win over everything else. */
  constructor(overrides: readonly WorkingDayOverride[] = []) {
    this.overrides = new Map(overrides.map((o) => [o.day, o]));
  }

  /** Why a day is off ("Thứ Bảy", "Tết Nguyên Đán", the override's note…), or null on a working day. */
  dayOffReason(date: string): string | null {
    const own = this.overrides.get(date);
    if (own) return own.kind === "off" ? (own.note ?? "Ngày nghỉ của đơn vị") : null;
    const [year] = splitDate(date);
    const announced = ANNOUNCED_DAYS[year]?.find((d) => d.day === date);
    if (announced) return announced.kind === "off" ? (announced.note ?? "Ngày nghỉ") : null;
    const holiday = publicHolidays(year).get(date);
    if (holiday) return holiday;
    const wd = weekday(date);
    return wd === 0 || wd === 6 ? WEEKDAY_NAME[wd]! : null;
  }

  isWorkingDay(date: string): boolean {
    let v = this.memo.get(date);
    if (v === undefined) {
      v = this.dayOffReason(date) === null;
      this.memo.set(date, v);
    }
    return v;
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: string): string {
    let d = addDays(date, -1);
    for (let i = 0; i < 60 && !this.isWorkingDay(d); i++) d = addDays(d, -1);
    return d;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    let d = addDays(date, 1);
    for (let i = 0; i < 60 && !this.isWorkingDay(d); i++) d = addDays(d, 1);
    return d;
  }

  /** A deadline on a day off is announced on the previous working day; a working-day deadline stays. */
  effectiveDue(due: string): string {
    return this.isWorkingDay(due) ? due : this.previousWorkingDay(due);
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysUntil(from: string, to: string): number {
    const n = daysBetween(from, to);
    let count = 0;
    for (let i = 1; i <= n; i++) if (this.isWorkingDay(addDays(from, i))) count++;
    return count;
  }

  /** The first working day of the (Monday-based) week containing `date`, or null if the week has none. */
  firstWorkingDayOfWeek(date: string): string | null {
    const monday = addDays(date, -((weekday(date) + 6) % 7));
    for (let i = 0; i < 7; i++) {
      const d = addDays(monday, i);
      if (this.isWorkingDay(d)) return d;
    }
    return null;
  }
}
