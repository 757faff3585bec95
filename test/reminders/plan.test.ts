// planMorning with an injected "today": tones, days off, overdue until done,
// period inputs under both period rules, leave with a delegate, digests.
import { describe, expect, it } from "vitest";
import type { EntryLite } from "../../src/domain/task-state.ts";
import type { PeriodRule } from "../../src/domain/types.ts";
import { WorkCalendar } from "../../src/domain/workdays.ts";
import { planMorning, type InputItem, type MilestoneItem, type PlanInput, type PlanPerson, type PlanTask } from "../../src/reminders/plan.ts";
import { MAX_ITEM_BUTTONS, NUDGE_LIST_PAYLOAD, renderDigest, renderNudge } from "../../src/reminders/texts.ts";

const TP = 1; // Tư pháp - Hộ tịch
const VP = 2; // Văn phòng - Thống kê
const CT = 3; // Chủ tịch
const calendar = new WorkCalendar();

const lan: PlanPerson = { id: 10, fullName: "Nguyễn Thị Lan", role: "officer", titleIds: [TP], leaves: [], channels: [{ channel: "telegram", unreachable: false }] };
const hoa: PlanPerson = { id: 11, fullName: "Trần Thu Hoa", role: "coordinator", titleIds: [VP], leaves: [], channels: [{ channel: "telegram", unreachable: false }] };
const hung: PlanPerson = { id: 12, fullName: "Lê Văn Hùng", role: "leader", titleIds: [CT], leaves: [], channels: [{ channel: "zalo", unreachable: false }] };

let nextId = 100;
function dueTask(seq: number, due: string, title = TP, label: string | null = null): PlanTask {
  const id = nextId++;
  return { id, seq, text: `Nhiệm vụ số ${seq}`, leadTitleIds: [title], milestones: [{ id: id * 10, kind: "due", due, every: null, label, phrase: due }] };
}
function continuousTask(seq: number, title = TP): PlanTask {
  const id = nextId++;
  return { id, seq, text: `Nhiệm vụ thường xuyên ${seq}`, leadTitleIds: [title], milestones: [{ id: id * 10, kind: "continuous", due: null, every: null, label: null, phrase: "Thường xuyên" }] };
}

function input(today: string, tasks: PlanTask[], opts: { people?: PlanPerson[]; entries?: Map<number, EntryLite[]>; rule?: PeriodRule; cal?: WorkCalendar } = {}): PlanInput {
  return {
    office: { id: 1, name: "UBND xã Ngọc Sơn", periodRule: opts.rule ?? "decree09", reportDueDays: 4, inputLeadDays: 2, reminderDays: 7, escalateAfterDays: 14 },
    titles: [
      { id: TP, name: "Tư pháp - Hộ tịch" },
      { id: VP, name: "Văn phòng - Thống kê" },
      { id: CT, name: "Chủ tịch" },
    ],
    people: opts.people ?? [lan],
    tasks,
    entries: opts.entries ?? new Map(),
    calendar: opts.cal ?? calendar,
    today,
  };
}

const nudgeOf = (plan: ReturnType<typeof planMorning>, personId: number) => plan.nudges.find((n) => n.personId === personId);
const milestones = (plan: ReturnType<typeof planMorning>, personId = lan.id) =>
  (nudgeOf(plan, personId)?.items ?? []).filter((i): i is MilestoneItem => i.type === "milestone");
const inputs = (plan: ReturnType<typeof planMorning>, personId = lan.id) =>
  (nudgeOf(plan, personId)?.items ?? []).filter((i): i is InputItem => i.type === "input");

describe("tones by days left", () => {
  const task = dueTask(12, "2024-03-22"); // a Friday, outside any period-input window
  const at = (today: string) => milestones(planMorning(input(today, [task])));

  it("7 to 4 days: normal; 3 and 1: firmer; 0: today; after: overdue", () => {
    expect(at("2024-03-14")).toEqual([]); // 8 days: not yet
    expect(at("2024-03-15")[0]).toMatchObject({ days: 7, tone: "normal" });
    expect(at("2024-03-18")[0]).toMatchObject({ days: 4, tone: "normal" });
    expect(at("2024-03-19")[0]).toMatchObject({ days: 3, tone: "firm" });
    expect(at("2024-03-21")[0]).toMatchObject({ days: 1, tone: "firm" });
    expect(at("2024-03-22")[0]).toMatchObject({ days: 0, tone: "today" });
    expect(at("2024-03-25")[0]).toMatchObject({ days: -3, tone: "overdue" });
  });

  it("the words follow the tone", () => {
    const text = (today: string) => renderNudge(nudgeOf(planMorning(input(today, [task])), lan.id)!).text;
    expect(text("2024-03-15")).toContain("còn 7 ngày");
    expect(text("2024-03-19")).toContain("chỉ còn 3 ngày");
    expect(text("2024-03-19")).toContain("Hạn đã gần");
    expect(text("2024-03-22")).toContain("HẠN HÔM NAY");
    expect(text("2024-03-25")).toContain("đã quá hạn 3 ngày");
    expect(text("2024-03-25")).toContain("đề nghị anh/chị hoàn thành và báo cáo sớm");
  });
});

describe("working days", () => {
  it("no nudges on weekends or holidays", () => {
    const task = dueTask(1, "2024-03-12");
    expect(planMorning(input("2024-03-09", [task])).nudges).toEqual([]); // Saturday
    expect(planMorning(input("2024-04-18", [dueTask(2, "2024-04-19")])).nudges).toEqual([]); // Giỗ Tổ
    expect(planMorning(input("2024-03-08", [task])).nudges).toHaveLength(1);
  });

  it("a deadline on a Sunday is announced on Friday, and is overdue from Monday", () => {
    const task = dueTask(5, "2024-03-10"); // Sunday
    const fri = milestones(planMorning(input("2024-03-08", [task])))[0]!;
    expect(fri).toMatchObject({ due: "2024-03-10", announcedDue: "2024-03-08", days: 0, tone: "today" });
    expect(renderNudge(nudgeOf(planMorning(input("2024-03-08", [task])), lan.id)!).text).toContain("chủ nhật, ngày nghỉ — cần xong trước 08/03/2024");
    expect(milestones(planMorning(input("2024-03-05", [task])))[0]).toMatchObject({ days: 3, tone: "firm" });
    expect(milestones(planMorning(input("2024-03-11", [task])))[0]).toMatchObject({ days: -1, tone: "overdue" });
  });

  it("a week across Tết 2025: a deadline during Tết is due on the last working day before it; nothing during the holiday", () => {
    const task = dueTask(7, "2025-01-31"); // Friday, inside Tết
    const byDay = new Map<string, MilestoneItem | undefined>();
    for (const d of ["2025-01-23", "2025-01-24", "2025-01-25", "2025-01-27", "2025-01-29", "2025-01-31", "2025-02-02", "2025-02-03"]) {
      const plan = planMorning(input(d, [task]));
      byDay.set(d, milestones(plan)[0]);
      if (["2025-01-25", "2025-01-27", "2025-01-29", "2025-01-31", "2025-02-02"].includes(d)) expect(plan.nudges).toEqual([]);
    }
    expect(byDay.get("2025-01-23")).toMatchObject({ announcedDue: "2025-01-24", days: 1, tone: "firm" });
    expect(byDay.get("2025-01-24")).toMatchObject({ days: 0, tone: "today" });
    expect(byDay.get("2025-02-03")).toMatchObject({ days: -3, tone: "overdue" });
  });

  it("an office override (a make-up Saturday) makes that Saturday a nudge day", () => {
    const cal = new WorkCalendar([{ day: "2024-03-09", kind: "work" }]);
    expect(planMorning(input("2024-03-09", [dueTask(1, "2024-03-12")], { cal })).nudges).toHaveLength(1);
  });
});

describe("overdue until reported done", () => {
  const task = dueTask(3, "2024-02-29");
  it("stays overdue with an 'in progress' answer and disappears once done", () => {
    const entries = new Map<number, EntryLite[]>([[task.id, [{ periodKey: "2024-Q1", status: "in_progress", createdAt: new Date("2024-03-01T02:00:00Z") }]]]);
    expect(milestones(planMorning(input("2024-03-04", [task], { entries })))[0]).toMatchObject({ days: -4, tone: "overdue" });
    expect(milestones(planMorning(input("2024-04-01", [task], { entries })))[0]).toMatchObject({ tone: "overdue" });
    entries.get(task.id)!.push({ periodKey: "2024-Q1", status: "done", createdAt: new Date("2024-03-04T03:00:00Z") });
    expect(milestones(planMorning(input("2024-03-05", [task], { entries })))).toEqual([]);
  });
});

describe("nothing to act on", () => {
  it("sends no message", () => {
    const plan = planMorning(input("2024-05-06", [dueTask(1, "2024-09-30"), continuousTask(2)]));
    expect(plan.nudges).toEqual([]);
  });
  it("continuous tasks appear only as period inputs", () => {
    const plan = planMorning(input("2024-03-11", [continuousTask(2)]));
    expect(milestones(plan)).toEqual([]);
    expect(inputs(plan)[0]!.seqs).toEqual([2]);
  });
});

describe("period inputs near the report deadline", () => {
  const cont = continuousTask(4);
  const cases: { rule: PeriodRule; report: string; key: string; reportKey: string; due: string; announced: string; first: string; before: string }[] = [
    // Decree 09: Q1 cut-off 14/03, report 18/03, inputs 16/03 (Saturday) → Friday 15/03.
    { rule: "decree09", report: "quý I năm 2024", key: "2024-Q1", reportKey: "2024-Q1", due: "2024-03-16", announced: "2024-03-15", first: "2024-03-08", before: "2024-03-07" },
    // Decree 09: 6 months, cut-off 14/06, inputs 16/06 (Sunday) → Friday 14/06.
    { rule: "decree09", report: "6 tháng năm 2024", key: "2024-Q2", reportKey: "2024-6T", due: "2024-06-16", announced: "2024-06-14", first: "2024-06-07", before: "2024-06-06" },
    // Decree 09: the year, cut-off 14/12, inputs Monday 16/12.
    { rule: "decree09", report: "năm 2024", key: "2024-Q4", reportKey: "2024-N", due: "2024-12-16", announced: "2024-12-16", first: "2024-12-09", before: "2024-12-06" },
    // Calendar quarters: Q1 ends 31/03, report 04/04, inputs 02/04.
    { rule: "calendar", report: "quý I năm 2024", key: "2024-Q1", reportKey: "2024-Q1", due: "2024-04-02", announced: "2024-04-02", first: "2024-03-26", before: "2024-03-25" },
    { rule: "calendar", report: "6 tháng năm 2024", key: "2024-Q2", reportKey: "2024-6T", due: "2024-07-02", announced: "2024-07-02", first: "2024-06-25", before: "2024-06-24" },
    // Calendar year: inputs due Thursday 02/01/2025, asked across New Year's Day.
    { rule: "calendar", report: "năm 2024", key: "2024-Q4", reportKey: "2024-N", due: "2025-01-02", announced: "2025-01-02", first: "2024-12-25", before: "2024-12-24" },
  ];
  for (const c of cases) {
    it(`${c.rule}: ${c.report} — from 5 working days before ${c.announced}`, () => {
      expect(inputs(planMorning(input(c.before, [cont], { rule: c.rule })))).toEqual([]);
      const item = inputs(planMorning(input(c.first, [cont], { rule: c.rule })))[0]!;
      expect(item).toMatchObject({ reportLabel: c.report, periodKey: c.key, reportKey: c.reportKey, due: c.due, announcedDue: c.announced, seqs: [4] });
      const onDue = inputs(planMorning(input(c.announced, [cont], { rule: c.rule })))[0]!;
      expect(onDue).toMatchObject({ days: 0, tone: "today" });
      // Answered for the quarter (or the cumulative report): no more reminder.
      for (const key of [c.key, c.reportKey]) {
        const entries = new Map<number, EntryLite[]>([[cont.id, [{ periodKey: key, status: "in_progress", createdAt: new Date("2024-01-01") }]]]);
        expect(inputs(planMorning(input(c.first, [cont], { rule: c.rule, entries })))).toEqual([]);
      }
      const nudge = nudgeOf(planMorning(input(c.first, [cont], { rule: c.rule })), lan.id)!;
      expect(renderNudge(nudge).buttons!.flat()).toContainEqual({ label: `Báo cáo quý ${["I", "II", "III", "IV"][Number(c.key.slice(-1)) - 1]}`, payload: `r:go:${c.key}` });
    });
  }

  it("an answer for an earlier quarter does not count for the 6-month report", () => {
    const entries = new Map<number, EntryLite[]>([[cont.id, [{ periodKey: "2024-Q1", status: "done", createdAt: new Date("2024-03-10") }]]]);
    expect(inputs(planMorning(input("2024-06-10", [cont], { entries })))[0]!.seqs).toEqual([4]);
  });

  it("late inputs keep being asked until the report itself is due", () => {
    expect(inputs(planMorning(input("2024-03-18", [cont])))[0]).toMatchObject({ days: -2, tone: "overdue" });
    expect(inputs(planMorning(input("2024-03-19", [cont])))).toEqual([]);
  });
});

describe("leave", () => {
  const task = dueTask(9, "2024-03-08");
  const onLeave = (delegateTitleId: number | null): PlanPerson => ({ ...lan, leaves: [{ fromDate: "2024-03-04", toDate: "2024-03-08", delegateTitleId }] });

  it("her items go to the holders of the delegate title, marked 'thay cho'", () => {
    const plan = planMorning(input("2024-03-05", [task], { people: [onLeave(VP), hoa] }));
    expect(nudgeOf(plan, lan.id)).toBeUndefined();
    const items = nudgeOf(plan, hoa.id)!.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: "milestone", seq: 9, onBehalfOf: { personId: lan.id, fullName: lan.fullName } });
    const text = renderNudge(nudgeOf(plan, hoa.id)!).text;
    expect(text).toContain("Thay cho Nguyễn Thị Lan");
  });

  it("without a delegate her reminders pause; after the leave they come back", () => {
    const people = [onLeave(null), hoa];
    expect(planMorning(input("2024-03-05", [task], { people })).nudges).toEqual([]);
    expect(nudgeOf(planMorning(input("2024-03-11", [task], { people })), lan.id)!.items[0]).toMatchObject({ seq: 9, tone: "overdue" });
  });
});

describe("coordinator digest and leader escalation", () => {
  const people = [lan, hoa, hung];
  const late = dueTask(20, "2024-02-01");
  const soon = dueTask(21, "2024-03-29");
  it("goes out on Monday with who has not answered, what is overdue and who cannot be reached", () => {
    const unreachableLan = { ...lan, channels: [{ channel: "telegram", unreachable: true }] };
    const plan = planMorning(input("2024-03-04", [late, soon, continuousTask(22)], { people: [unreachableLan, hoa, hung] }));
    const digest = plan.digests.find((d) => d.kind === "digest")!;
    expect(digest.personId).toBe(hoa.id);
    expect(digest.reason).toBe("weekly");
    expect(digest.rows).toEqual([{ title: "Tư pháp - Hộ tịch", people: ["Nguyễn Thị Lan"], unanswered: [20, 21, 22], overdue: [{ seq: 20, days: 32 }] }]);
    const text = renderDigest(digest).text;
    expect(text).toContain("Tư pháp - Hộ tịch (Nguyễn Thị Lan): chưa báo cáo 3 việc");
    expect(text).toContain("quá hạn: số 20 (32 ngày)");
    expect(text).toContain("Không liên lạc được");
    // Overdue more than 14 days also goes to the leader.
    const leader = plan.digests.find((d) => d.kind === "leader")!;
    expect(leader.personId).toBe(hung.id);
    expect(leader.escalated).toEqual([{ seq: 20, text: "Nhiệm vụ số 20", title: "Tư pháp - Hộ tịch", days: 32 }]);
    expect(renderDigest(leader).text).toContain("quá hạn 32 ngày");
  });

  it("not on an ordinary Tuesday; again 3 days before the report deadline", () => {
    expect(planMorning(input("2024-03-05", [late], { people })).digests).toEqual([]);
    // Q1 report due 18/03 (Monday): the digest goes out Friday 15/03.
    const plan = planMorning(input("2024-03-15", [late], { people }));
    expect(plan.digests.find((d) => d.kind === "digest")).toMatchObject({ reason: "report-due", periodLabel: "quý I năm 2024", reportDue: "2024-03-18" });
  });

  it("after a holiday Monday the weekly digest goes out on the week's first working day", () => {
    // 29/04 – 01/05/2024 off: Thursday 02/05 is the first working day.
    expect(planMorning(input("2024-05-02", [late], { people })).digests.length).toBeGreaterThan(0);
  });
});

describe("the nudge message", () => {
  it("one message, at most 8 item buttons plus «Xem tất cả», payloads within 60 bytes", () => {
    const tasks = Array.from({ length: 12 }, (_, i) => dueTask(i + 1, "2024-03-12"));
    const nudge = nudgeOf(planMorning(input("2024-03-11", [...tasks, continuousTask(30)])), lan.id)!;
    const out = renderNudge(nudge);
    const buttons = out.buttons!.flat();
    expect(buttons.filter((b) => b.payload !== NUDGE_LIST_PAYLOAD)).toHaveLength(MAX_ITEM_BUTTONS);
    expect(buttons.at(-1)).toEqual({ label: "Xem tất cả", payload: NUDGE_LIST_PAYLOAD });
    expect(buttons[0]).toEqual({ label: "Báo cáo số 1", payload: `r:t:${tasks[0]!.id}` });
    for (const b of buttons) expect(Buffer.byteLength(b.payload)).toBeLessThanOrEqual(60);
    expect(out.text.length).toBeLessThan(4096);
    expect(out.text).toMatch(/^Chào Nguyễn Thị Lan! Nhắc việc thứ hai, 11\/03\/2024:/);
    expect(out.text).toContain("Số liệu báo cáo quý I năm 2024");
  });
});
