// Read-side queries over a stored plan: tasks with their titles and milestones,
// filtered by title, area or reporting period.
import type { Db } from "../db/client.ts";
import { milestoneInPeriod } from "../domain/periods.ts";
import type { AreaCode, MilestoneKind, PeriodRule, Recurrence, ReportingPeriod } from "../domain/types.ts";

export interface StoredMilestone {
  id: number;
  label: string | null;
  kind: MilestoneKind;
  due: string | null;
  every: Recurrence | null;
  phrase: string;
}

export interface StoredTask {
  id: number;
  seq: number;
  ref: string;
  area: AreaCode | "unclassified";
  text: string;
  activity: string | null;
  output: string | null;
  deadlineText: string;
  lead: { titleId: number; title: string }[];
  support: { titleId: number; title: string }[];
  milestones: StoredMilestone[];
}

export async function latestPlan(db: Db, officeId: number, year?: number) {
  return db.plan.findFirst({ where: { officeId, ...(year ? { year } : {}) }, orderBy: { year: "desc" } });
}

export interface TaskFilter {
  titleIds?: number[];
  area?: AreaCode;
  period?: { period: ReportingPeriod; rule: PeriodRule };
}

export async function listTasks(db: Db, planId: number, filter: TaskFilter = {}): Promise<StoredTask[]> {
  const rows = await db.task.findMany({
    where: {
      planId,
      active: true,
      ...(filter.area ? { area: filter.area } : {}),
      ...(filter.titleIds ? { titles: { some: { titleId: { in: filter.titleIds } } } } : {}),
    },
    include: { titles: { include: { title: true } }, milestones: { orderBy: { seq: "asc" } } },
    orderBy: { seq: "asc" },
  });
  const tasks: StoredTask[] = rows.map((t) => ({
    id: t.id,
    seq: t.seq,
    ref: t.ref,
    area: t.area as StoredTask["area"],
    text: t.text,
    activity: t.activity,
    output: t.output,
    deadlineText: t.deadlineText,
    lead: t.titles.filter((l) => l.role === "lead").map((l) => ({ titleId: l.titleId, title: l.title.name })),
    support: t.titles.filter((l) => l.role === "support").map((l) => ({ titleId: l.titleId, title: l.title.name })),
    milestones: t.milestones.map((m) => ({
      id: m.id,
      label: m.label,
      kind: m.kind as MilestoneKind,
      due: m.dueDate,
      every: m.every as Recurrence | null,
      phrase: m.phrase,
    })),
  }));
  const period = filter.period;
  if (!period) return tasks;
  return tasks.filter((t) => t.milestones.some((m) => milestoneInPeriod(m, period.period, period.rule)));
}
