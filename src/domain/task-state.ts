// Where a task stands today: overdue, due soon, due this period, continuous,
// without a date, or done. Shared by /nhiemvu and the morning reminders.
import { daysBetween } from "./dates.ts";
import { milestoneInPeriod, parsePeriodKey, reportingPeriod } from "./periods.ts";
import type { ProgressStatus } from "./replies.ts";
import type { Milestone, PeriodRule, ReportingPeriod } from "./types.ts";

export interface EntryLite {
  periodKey: string;
  status: ProgressStatus;
  createdAt: Date;
}

export type TaskGroup = "overdue" | "soon" | "period" | "continuous" | "later" | "undated" | "done";

export const GROUP_ORDER: readonly TaskGroup[] = ["overdue", "soon", "period", "continuous", "later", "undated", "done"];

export interface TaskState {
  group: TaskGroup;
  /** The milestone that puts the task in its group (the most urgent open one). */
  milestone: (Pick<Milestone, "kind" | "due" | "every" | "label" | "phrase"> & { id?: number }) | null;
  /** Days from today to that milestone's due date (negative when overdue). */
  days: number | null;
}

export interface StateContext {
  today: string;
  /** Milestones due within this many days are "due soon". */
  daysAhead: number;
  period: ReportingPeriod;
  rule: PeriodRule;
}

type DatedMilestone = Pick<Milestone, "kind" | "due" | "every" | "label" | "phrase"> & { id?: number };

/**
 * A dated milestone is closed when the latest answer given for a period that covers it
 * (or for any later period) says "done". A "done" for Q1 thus closes the Q1 plan
 * milestone but not the December report of the same task.
 */
export function milestoneClosed(m: DatedMilestone, entries: readonly EntryLite[], rule: PeriodRule): boolean {
  if (!m.due) return false;
  let latest: EntryLite | null = null;
  for (const e of entries) {
    const ref = parsePeriodKey(e.periodKey);
    if (!ref) continue;
    const period = reportingPeriod(ref, rule);
    const covers = milestoneInPeriod({ kind: "due", due: m.due, every: null }, period, rule) || period.start > m.due;
    if (covers && (!latest || e.createdAt >= latest.createdAt)) latest = e;
  }
  return latest?.status === "done";
}

export function taskState(milestones: readonly DatedMilestone[], entries: readonly EntryLite[], ctx: StateContext): TaskState {
  const dated = milestones
    .filter((m) => m.due !== null && (m.kind === "due" || m.kind === "unspecified"))
    .filter((m) => !milestoneClosed(m, entries, ctx.rule))
    .sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));

  const overdue = dated.find((m) => m.due! < ctx.today);
  if (overdue) return { group: "overdue", milestone: overdue, days: daysBetween(ctx.today, overdue.due!) };

  const soon = dated.find((m) => daysBetween(ctx.today, m.due!) <= ctx.daysAhead);
  if (soon) return { group: "soon", milestone: soon, days: daysBetween(ctx.today, soon.due!) };

  const inPeriod = dated.find((m) => milestoneInPeriod({ kind: "due", due: m.due, every: null }, ctx.period, ctx.rule));
  if (inPeriod) return { group: "period", milestone: inPeriod, days: daysBetween(ctx.today, inPeriod.due!) };
  const recurring = milestones.find((m) => m.kind === "recurring" && milestoneInPeriod(m, ctx.period, ctx.rule));
  if (recurring) return { group: "period", milestone: recurring, days: null };

  const continuous = milestones.find((m) => m.kind === "continuous");
  if (continuous) return { group: "continuous", milestone: continuous, days: null };

  if (dated.length) return { group: "later", milestone: dated[0]!, days: daysBetween(ctx.today, dated[0]!.due!) };
  const laterRecurring = milestones.find((m) => m.kind === "recurring");
  if (laterRecurring) return { group: "later", milestone: laterRecurring, days: null };
  const undated = milestones.find((m) => m.kind === "unspecified" && m.due === null);
  if (undated || milestones.length === 0) return { group: "undated", milestone: undated ?? null, days: null };
  return { group: "done", milestone: null, days: null };
}
