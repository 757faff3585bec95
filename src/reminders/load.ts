// Reads what planMorning needs for one office and day: a handful of queries per
// office (people, titles, tasks, entries, overrides), never one per person.
import type { Db } from "../db/client.ts";
import { todayIn } from "../domain/dates.ts";
import { currentReportingPeriod, reportingPeriod } from "../domain/periods.ts";
import type { EntryLite } from "../domain/task-state.ts";
import type { MilestoneKind, PeriodRule, Recurrence } from "../domain/types.ts";
import { WorkCalendar, type DayKind } from "../domain/workdays.ts";
import { graceDays, planFor } from "../chat/context.ts";
import { heldOn, type OfficeRow } from "../offices.ts";
import { planMorning, type MorningPlan, type PlanInput, type PlanPerson, type PlanTask } from "./plan.ts";

/** Channels the dispatcher can send on. */
export const SEND_CHANNELS = ["telegram", "zalo"] as const;

export async function officeCalendar(db: Db, officeId: number): Promise<WorkCalendar> {
  const rows = await db.workingDayOverride.findMany({ where: { officeId } });
  return new WorkCalendar(rows.map((r) => ({ day: r.day, kind: r.kind as DayKind, note: r.note })));
}

export async function loadPlanInput(db: Db, office: OfficeRow, today: string, calendar?: WorkCalendar): Promise<PlanInput> {
  const rule = office.periodRule as PeriodRule;
  const current = reportingPeriod(currentReportingPeriod(today, rule, graceDays(office)), rule);
  const plan = await planFor(db, office.id, current.year);
  const [people, titles, taskRows, cal] = await Promise.all([
    db.person.findMany({
      where: { officeId: office.id, active: true },
      include: {
        identities: { where: { channel: { in: [...SEND_CHANNELS] } } },
        assignments: { where: heldOn(today) },
        leaves: { where: { toDate: { gte: today } } },
      },
      orderBy: { id: "asc" },
    }),
    db.officerTitle.findMany({ where: { officeId: office.id }, select: { id: true, name: true } }),
    plan
      ? db.task.findMany({
          where: { planId: plan.id, active: true },
          include: { titles: { where: { role: "lead" } }, milestones: { orderBy: { seq: "asc" } } },
          orderBy: { seq: "asc" },
        })
      : Promise.resolve([]),
    calendar ? Promise.resolve(calendar) : officeCalendar(db, office.id),
  ]);
  const entryRows = plan
    ? await db.progressEntry.findMany({
        where: { task: { planId: plan.id } },
        select: { taskId: true, periodKey: true, status: true, createdAt: true },
      })
    : [];
  const entries = new Map<number, EntryLite[]>();
  for (const e of entryRows) {
    const list = entries.get(e.taskId) ?? [];
    list.push({ periodKey: e.periodKey, status: e.status as EntryLite["status"], createdAt: e.createdAt });
    entries.set(e.taskId, list);
  }
  const planPeople: PlanPerson[] = people.map((p) => ({
    id: p.id,
    fullName: p.fullName,
    role: p.role,
    titleIds: [...new Set(p.assignments.map((a) => a.titleId))],
    leaves: p.leaves.map((l) => ({ fromDate: l.fromDate, toDate: l.toDate, delegateTitleId: l.delegateTitleId })),
    channels: p.identities.map((i) => ({ channel: i.channel, unreachable: i.unreachableSince !== null, reason: i.unreachableReason })),
  }));
  const tasks: PlanTask[] = taskRows.map((t) => ({
    id: t.id,
    seq: t.seq,
    text: t.activity ? `${t.text} — ${t.activity}` : t.text,
    leadTitleIds: t.titles.map((l) => l.titleId),
    milestones: t.milestones.map((m) => ({
      id: m.id,
      kind: m.kind as MilestoneKind,
      due: m.dueDate,
      every: m.every as Recurrence | null,
      label: m.label,
      phrase: m.phrase,
    })),
  }));
  return {
    office: {
      id: office.id,
      name: office.name,
      periodRule: rule,
      reportDueDays: office.reportDueDays,
      inputLeadDays: office.inputLeadDays,
      reminderDays: office.reminderDays,
      escalateAfterDays: office.escalateAfterDays,
    },
    titles,
    people: planPeople,
    tasks,
    entries,
    calendar: cal,
    today,
  };
}

/** Plans one office's morning for `today` (defaults to the office's local date at `now`). */
export async function planOffice(db: Db, office: OfficeRow, now: Date, today = todayIn(office.timezone, now)): Promise<MorningPlan> {
  return planMorning(await loadPlanInput(db, office, today));
}
