import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.ts";
import { WorkCalendar, publicHolidays } from "../../src/domain/workdays.ts";

const cal = new WorkCalendar();
const workingDays = (from: string, to: string, c = cal) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (c.isWorkingDay(d)) out.push(d);
  return out;
};

describe("working-day calendar", () => {
  it("knows lunar holidays from the library: Tết and Giỗ Tổ Hùng Vương move every year", () => {
    expect(publicHolidays(2024).get("2024-02-10")).toMatch(/Tết/);
    expect(publicHolidays(2025).get("2025-01-29")).toMatch(/Tết/);
    expect(publicHolidays(2024).get("2024-04-18")).toMatch(/Hùng Vương/);
    expect(publicHolidays(2025).get("2025-04-07")).toMatch(/Hùng Vương/);
    expect(cal.isWorkingDay("2024-04-18")).toBe(false);
    expect(cal.isWorkingDay("2025-04-07")).toBe(false);
  });

  it("a week across Tết 2025: off from Saturday 25/01 to Sunday 02/02, back on Monday 03/02", () => {
    expect(workingDays("2025-01-20", "2025-02-07")).toEqual([
      "2025-01-20",
      "2025-01-21",
      "2025-01-22",
      "2025-01-23",
      "2025-01-24",
      "2025-02-03",
      "2025-02-04",
      "2025-02-05",
      "2025-02-06",
      "2025-02-07",
    ]);
    expect(cal.previousWorkingDay("2025-02-03")).toBe("2025-01-24");
    expect(cal.nextWorkingDay("2025-01-24")).toBe("2025-02-03");
  });

  it("Tết 2024 is 08/02 – 14/02 although the library only knows 09 – 13/02", () => {
    expect(workingDays("2024-02-07", "2024-02-15")).toEqual(["2024-02-07", "2024-02-15"]);
  });

  it("compensatory days off and make-up working Saturdays of 2024 and 2025", () => {
    expect(cal.isWorkingDay("2024-04-29")).toBe(false);
    expect(cal.isWorkingDay("2024-05-04")).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay("2024-09-03")).toBe(false);
    expect(cal.isWorkingDay("2025-05-02")).toBe(false);
    expect(cal.isWorkingDay("2025-04-26")).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay("2025-09-01")).toBe(false);
    expect(cal.dayOffReason("2024-05-01")).toMatch(/Lao động/);
    expect(cal.dayOffReason("2024-03-09")).toBe("Thứ Bảy");
  });

  it("the Labour Code rule for years without an announcement: a weekend holiday is taken on the next working day", () => {
    // Giỗ Tổ 2026 falls on Sunday 26/04: Monday 27/04 is off.
    expect(cal.isWorkingDay("2026-04-26")).toBe(false);
    expect(cal.isWorkingDay("2026-04-27")).toBe(false);
    expect(cal.isWorkingDay("2026-04-28")).toBe(true);
  });

  it("office overrides win: a day off added, a Saturday made a working day", () => {
    const own = new WorkCalendar([
      { day: "2024-03-06", kind: "off", note: "Nghỉ bù theo thông báo của tỉnh" },
      { day: "2024-03-09", kind: "work" },
    ]);
    expect(own.isWorkingDay("2024-03-06")).toBe(false);
    expect(own.dayOffReason("2024-03-06")).toBe("Nghỉ bù theo thông báo của tỉnh");
    expect(own.isWorkingDay("2024-03-09")).toBe(true);
    expect(cal.isWorkingDay("2024-03-06")).toBe(true);
  });

  it("a deadline on a day off is announced on the previous working day", () => {
    expect(cal.effectiveDue("2024-03-10")).toBe("2024-03-08"); // Sunday → Friday
    expect(cal.effectiveDue("2024-03-08")).toBe("2024-03-08");
    expect(cal.effectiveDue("2025-01-31")).toBe("2025-01-24"); // in Tết → the Friday before
    expect(cal.effectiveDue("2024-09-02")).toBe("2024-08-30");
  });

  it("counts working days and finds the first working day of a week", () => {
    expect(cal.workingDaysUntil("2024-03-08", "2024-03-15")).toBe(5);
    expect(cal.firstWorkingDayOfWeek("2024-03-06")).toBe("2024-03-04");
    expect(cal.firstWorkingDayOfWeek("2024-04-30")).toBe("2024-05-02"); // 29/04 – 01/05 off
    expect(cal.firstWorkingDayOfWeek("2025-01-29")).toBe(null); // the Tết week
  });
});
