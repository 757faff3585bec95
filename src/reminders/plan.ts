// Planning one working morning of one office, from plain data: who gets a nudge
// and what it says, which coordinators get the digest, which leaders hear of
// long-overdue items. Pure: `today` and the calendar are arguments, nothing is
// read or sent here (the outbox does that), so tests drive it with any date.
import { graceDays } from "../chat/context.ts";
import { addDays, daysBetween } from "../domain/dates.ts";
import {
  currentReportingPeriod,
  inputDueDate,
  milestoneInPeriod,
  periodContaining,
  reportDueDate,
  reportingPeriod,
} from "../domain/periods.ts";
import { milestoneClosed, type EntryLite } from "../domain/task-state.ts";
import type { MilestoneKind, PeriodKind, PeriodRef, PeriodRule, Recurrence, ReportingPeriod } from "../domain/types.ts";
import type { WorkCalendar } from "../domain/workdays.ts";

export type ReminderKind = "nudge" | "digest" | "leader";
/** normal: 4+ days left; firm: 1–3 days; today: due today; overdue: past due. */
export type Tone = "normal" | "firm" | "today" | "overdue";

/** Period inputs are nudged from this many working days before their due date. */
export const INPUT_WINDOW_WORKING_DAYS = 5;
/** The coordinator digest also goes out this many days before a report is due. */
export const DIGEST_DAYS_BEFORE_REPORT = 3;

export interface PlanOffice {
  id: number;
  name: string;
  periodRule: PeriodRule;
  reportDueDays: number;
  inputLeadDays: number;
  reminderDays: number;
  escalateAfterDays: number;
}

export interface PlanLeave {
  fromDate: string;
  toDate: string;
  delegateTitleId: number | null;
}

export interface PlanPerson {
  id: number;
  fullName: string;
  role: string;
  /** Titles held today. */
  titleIds: number[];
  leaves: PlanLeave[];
  /** Linked chat accounts (console excluded); `unreachable` when the channel refused the last delivery. */
  channels: { channel: string; unreachable: boolean; reason?: string | null }[];
}

export interface PlanMilestone {
  id: number;
  kind: MilestoneKind;
  due: string | null;
  every: Recurrence | null;
  label: string | null;
  phrase: string;
}

export interface PlanTask {
  id: number;
  seq: number;
  text: string;
  leadTitleIds: number[];
  milestones: PlanMilestone[];
}

export interface PlanInput {
  office: PlanOffice;
  titles: { id: number; name: string }[];
  people: PlanPerson[];
  tasks: PlanTask[];
  /** Progress answers per task id, any order. */
  entries: ReadonlyMap<number, readonly EntryLite[]>;
  calendar: WorkCalendar;
  today: string;
}

export interface MilestoneItem {
  type: "milestone";
  taskId: number;
  seq: number;
  text: string;
  label: string | null;
  /** The deadline as written in the plan. */
  due: string;
  /** The day it is announced as due: `due`, or the working day before when `due` is a day off. */
  announcedDue: string;
  /** Days from today to `announcedDue` (negative when overdue, counted from `due`). */
  days: number;
  tone: Tone;
}

export interface InputItem {
  type: "input";
  /** The report this input feeds ("quý I năm 2024", "6 tháng năm 2024"…). */
  reportKey: string;
  reportLabel: string;
  /** The quarter an officer answers for ("/baocao" default): the button's period. */
  periodKey: string;
  due: string;
  announcedDue: string;
  days: number;
  tone: Tone;
  /** Numbers of the tasks she leads that still need an answer. */
  seqs: number[];
}

export type NudgeItem = (MilestoneItem | InputItem) & {
  /** Set when the item belongs to a colleague on leave and comes to her as delegate. */
  onBehalfOf?: { personId: number; fullName: string };
};

export interface Nudge {
  kind: "nudge";
  officeId: number;
  personId: number;
  fullName: string;
  day: string;
  items: NudgeItem[];
}

export interface DigestTitleRow {
  title: string;
  people: string[];
  unanswered: number[];
  overdue: { seq: number; days: number }[];
}

export interface Digest {
  kind: "digest" | "leader";
  officeId: number;
  personId: number;
  fullName: string;
  day: string;
  reason: "weekly" | "report-due" | "both";
  periodLabel: string;
  reportDue: string;
  rows: DigestTitleRow[];
  /** People a channel refuses: which channel, why (as recorded), and the channel reminders go to instead. */
  unreachable: { fullName: string; refused: { channel: string; reason: string | null }[]; fallback: string | null }[];
  /** leader: items overdue longer than the office's escalation threshold. */
  escalated: { seq: number; text: string; title: string; days: number }[];
  escalateAfterDays: number;
}

export interface MorningPlan {
  nudges: Nudge[];
  digests: Digest[];
}

export function toneFor(days: number): Tone {
  if (days < 0) return "overdue";
  if (days === 0) return "today";
  if (days <= 3) return "firm";
  return "normal";
}

const CUMULATIVE: Record<number, PeriodKind> = { 1: "quarter", 2: "half", 3: "nine_months", 4: "year" };

/** The report compiled at the cut-off of quarter `q`: Q1, then 6 months, 9 months, the year. */
export function reportAtQuarter(quarter: PeriodRef, rule: PeriodRule): { report: ReportingPeriod; quarter: ReportingPeriod } {
  const kind = CUMULATIVE[quarter.index]!;
  const report = kind === "quarter" ? reportingPeriod(quarter, rule) : reportingPeriod({ year: quarter.year, kind, index: 1 }, rule);
  return { report, quarter: reportingPeriod(quarter, rule) };
}

interface UpcomingReport {
  report: ReportingPeriod;
  quarter: ReportingPeriod;
  inputDue: string;
  reportDue: string;
}

/** Reports whose report due date has not passed, among the quarter just closed and the current one. */
function openReports(office: PlanOffice, today: string): UpcomingReport[] {
  const rule = office.periodRule;
  const containing = periodContaining(today, rule);
  const prev: PeriodRef =
    containing.index === 1 ? { year: containing.year - 1, kind: "quarter", index: 4 } : { ...containing, index: containing.index - 1 };
  const out: UpcomingReport[] = [];
  for (const q of [prev, containing]) {
    const { report, quarter } = reportAtQuarter(q, rule);
    const reportDue = reportDueDate(quarter, office.reportDueDays);
    if (reportDue < today) continue;
    out.push({ report, quarter, inputDue: inputDueDate(quarter, office.reportDueDays, office.inputLeadDays), reportDue });
  }
  return out;
}

function onLeave(p: PlanPerson, today: string): PlanLeave | undefined {
  return p.leaves.find((l) => l.fromDate <= today && today <= l.toDate);
}

/**
 * Plans one morning. Nothing is planned on a day off. Work is precomputed once per
 * task and per title, then gathered per person, so a large office costs
 * O(tasks × entries + people × titles) rather than people × tasks × entries.
 */
export function planMorning(input: PlanInput): MorningPlan {
  const { office, calendar, today } = input;
  const rule = office.periodRule;
  const plan: MorningPlan = { nudges: [], digests: [] };
  if (!calendar.isWorkingDay(today)) return plan;

  const titleName = new Map(input.titles.map((t) => [t.id, t.name]));
  const reports = openReports(office, today);
  // Period inputs near their due date (or late, until the report itself is due).
  const nearInputs = reports
    .map((r) => ({ ...r, announced: calendar.effectiveDue(r.inputDue) }))
    .filter((r) => r.announced < today || calendar.workingDaysUntil(today, r.announced) <= INPUT_WINDOW_WORKING_DAYS);

  // Per task: the milestone item (most urgent open dated milestone) and the reports it is unanswered in.
  const milestoneByTask = new Map<number, MilestoneItem>();
  const unansweredByReport = new Map<string, Set<number>>();
  const overdueByTask = new Map<number, number>();
  for (const task of input.tasks) {
    const entries = input.entries.get(task.id) ?? [];
    const open = task.milestones
      .filter((m) => m.due !== null && (m.kind === "due" || m.kind === "unspecified"))
      .filter((m) => !milestoneClosed(m, entries, rule))
      .sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));
    for (const m of open) {
      const due = m.due!;
      const announcedDue = calendar.effectiveDue(due);
      const days = due < today ? daysBetween(today, due) : daysBetween(today, announcedDue);
      if (days > office.reminderDays) break;
      milestoneByTask.set(task.id, {
        type: "milestone",
        taskId: task.id,
        seq: task.seq,
        text: task.text,
        label: m.label,
        due,
        announcedDue,
        days,
        tone: toneFor(days),
      });
      if (days < 0) overdueByTask.set(task.id, -days);
      break;
    }
    for (const r of reports) {
      if (!task.milestones.some((m) => milestoneInPeriod(m, r.quarter, rule))) continue;
      const answered = entries.some((e) => e.periodKey === r.quarter.key || e.periodKey === r.report.key);
      if (answered) continue;
      const set = unansweredByReport.get(r.quarter.key) ?? new Set<number>();
      set.add(task.id);
      unansweredByReport.set(r.quarter.key, set);
    }
  }

  const tasksByLeadTitle = new Map<number, PlanTask[]>();
  for (const task of input.tasks) {
    for (const t of task.leadTitleIds) {
      const list = tasksByLeadTitle.get(t) ?? [];
      list.push(task);
      tasksByLeadTitle.set(t, list);
    }
  }
  const holdersByTitle = new Map<number, PlanPerson[]>();
  for (const p of input.people) {
    for (const t of p.titleIds) {
      const list = holdersByTitle.get(t) ?? [];
      list.push(p);
      holdersByTitle.set(t, list);
    }
  }

  /** Her own items: milestones due soon or overdue, and period inputs she has not given. */
  const ownItems = (p: PlanPerson): NudgeItem[] => {
    const seen = new Set<number>();
    const tasks: PlanTask[] = [];
    for (const t of p.titleIds) {
      for (const task of tasksByLeadTitle.get(t) ?? []) {
        if (!seen.has(task.id)) {
          seen.add(task.id);
          tasks.push(task);
        }
      }
    }
    tasks.sort((a, b) => a.seq - b.seq);
    const items: NudgeItem[] = [];
    for (const task of tasks) {
      const item = milestoneByTask.get(task.id);
      if (item) items.push(item);
    }
    for (const r of nearInputs) {
      const unanswered = unansweredByReport.get(r.quarter.key);
      if (!unanswered) continue;
      const seqs = tasks.filter((t) => unanswered.has(t.id)).map((t) => t.seq);
      if (!seqs.length) continue;
      const days = r.inputDue < today ? daysBetween(today, r.inputDue) : daysBetween(today, r.announced);
      items.push({
        type: "input",
        reportKey: r.report.key,
        reportLabel: r.report.label,
        periodKey: r.quarter.key,
        due: r.inputDue,
        announcedDue: r.announced,
        days,
        tone: toneFor(days),
        seqs,
      });
    }
    return items;
  };

  // Leave: items of a person on leave go to the holders of the delegate title, or nowhere.
  const itemsByPerson = new Map<number, NudgeItem[]>();
  const add = (p: PlanPerson, items: NudgeItem[]) => {
    if (!items.length) return;
    const list = itemsByPerson.get(p.id) ?? [];
    for (const it of items) {
      const dup = list.some(
        (x) => x.type === it.type && (it.type === "milestone" ? (x as MilestoneItem).taskId === it.taskId : (x as InputItem).periodKey === it.periodKey) && x.onBehalfOf?.personId === it.onBehalfOf?.personId,
      );
      if (!dup) list.push(it);
    }
    itemsByPerson.set(p.id, list);
  };
  for (const p of input.people) {
    const items = ownItems(p);
    const leave = onLeave(p, today);
    if (!leave) {
      add(p, items);
      continue;
    }
    if (leave.delegateTitleId === null) continue;
    for (const d of holdersByTitle.get(leave.delegateTitleId) ?? []) {
      if (d.id === p.id || onLeave(d, today)) continue;
      add(
        d,
        items.map((it) => ({ ...it, onBehalfOf: { personId: p.id, fullName: p.fullName } })),
      );
    }
  }
  for (const p of input.people) {
    const items = itemsByPerson.get(p.id);
    if (!items?.length || !p.channels.length) continue;
    plan.nudges.push({ kind: "nudge", officeId: office.id, personId: p.id, fullName: p.fullName, day: today, items });
  }

  // Coordinator digest: on the week's first working day, and 3 days before a report is due.
  const weekly = calendar.firstWorkingDayOfWeek(today) === today;
  const upcoming = reports.find((r) => calendar.effectiveDue(addDays(r.reportDue, -DIGEST_DAYS_BEFORE_REPORT)) === today);
  if (!weekly && !upcoming) return plan;
  const current = upcoming?.quarter ?? reportingPeriod(currentReportingPeriod(today, rule, graceDays(office)), rule);
  const reportDue = reportDueDate(current, office.reportDueDays);
  let unanswered = unansweredByReport.get(current.key) ?? new Set<number>();
  if (!reports.some((r) => r.quarter.key === current.key)) {
    unanswered = new Set<number>();
    for (const task of input.tasks) {
      if (!task.milestones.some((m) => milestoneInPeriod(m, current, rule))) continue;
      const entries = input.entries.get(task.id) ?? [];
      if (!entries.some((e) => e.periodKey === current.key)) unanswered.add(task.id);
    }
  }
  const rows: DigestTitleRow[] = [];
  for (const [titleId, tasks] of tasksByLeadTitle) {
    const row: DigestTitleRow = {
      title: titleName.get(titleId) ?? `#${titleId}`,
      people: (holdersByTitle.get(titleId) ?? []).map((h) => h.fullName),
      unanswered: tasks.filter((t) => unanswered.has(t.id)).map((t) => t.seq).sort((a, b) => a - b),
      overdue: tasks
        .filter((t) => overdueByTask.has(t.id))
        .map((t) => ({ seq: t.seq, days: overdueByTask.get(t.id)! }))
        .sort((a, b) => a.seq - b.seq),
    };
    if (row.unanswered.length || row.overdue.length) rows.push(row);
  }
  rows.sort((a, b) => a.title.localeCompare(b.title, "vi"));
  const unreachable = input.people
    .filter((p) => p.channels.some((c) => c.unreachable))
    .map((p) => ({
      fullName: p.fullName,
      refused: p.channels.filter((c) => c.unreachable).map((c) => ({ channel: c.channel, reason: c.reason ?? null })),
      fallback: p.channels.find((c) => !c.unreachable)?.channel ?? null,
    }));
  const reason = weekly && upcoming ? "both" : weekly ? "weekly" : "report-due";
  const base = { officeId: office.id, day: today, reason, periodLabel: current.label, reportDue, escalateAfterDays: office.escalateAfterDays } as const;
  for (const p of input.people) {
    if (p.role !== "coordinator" || !p.channels.length) continue;
    plan.digests.push({ ...base, kind: "digest", personId: p.id, fullName: p.fullName, rows, unreachable, escalated: [] });
  }
  const escalated: Digest["escalated"] = [];
  for (const task of input.tasks) {
    const days = overdueByTask.get(task.id);
    if (days === undefined || days <= office.escalateAfterDays) continue;
    const title = task.leadTitleIds.map((t) => titleName.get(t) ?? "").filter(Boolean).join(", ");
    escalated.push({ seq: task.seq, text: task.text, title, days });
  }
  if (escalated.length) {
    escalated.sort((a, b) => b.days - a.days || a.seq - b.seq);
    for (const p of input.people) {
      if (p.role !== "leader" || !p.channels.length) continue;
      plan.digests.push({ ...base, kind: "leader", personId: p.id, fullName: p.fullName, rows: [], unreachable: [], escalated });
    }
  }
  return plan;
}
