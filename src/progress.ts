// Progress entries and figures: every answer is a new row (history), and the
// latest one per task (or target) and period counts.
import type { Db } from "./db/client.ts";
import type { ProgressStatus } from "./domain/replies.ts";

export interface LatestProgress {
  taskId: number;
  status: ProgressStatus;
  note: string | null;
  product: string | null;
  periodKey: string;
  personId: number;
  createdAt: Date;
}

export async function recordProgress(
  db: Db,
  input: { taskId: number; periodKey: string; personId: number; status: ProgressStatus; note: string | null; product: string | null; channel: string; now: Date },
) {
  return db.progressEntry.create({
    data: {
      taskId: input.taskId,
      periodKey: input.periodKey,
      personId: input.personId,
      status: input.status,
      note: input.note,
      product: input.product,
      channel: input.channel,
      createdAt: input.now,
    },
  });
}

export async function recordFigure(
  db: Db,
  input: { targetId: number; periodKey: string; personId: number; value: number; numerator?: number; denominator?: number; raw: string; now: Date },
) {
  return db.targetFigure.create({
    data: {
      targetId: input.targetId,
      periodKey: input.periodKey,
      personId: input.personId,
      value: input.value,
      numerator: input.numerator ?? null,
      denominator: input.denominator ?? null,
      raw: input.raw,
      createdAt: input.now,
    },
  });
}

/** Latest answer per task among the given period keys (a longer period passes its quarters too). */
export async function latestProgress(db: Db, taskIds: number[], periodKeys: string[]): Promise<Map<number, LatestProgress>> {
  if (!taskIds.length) return new Map();
  const rows = await db.progressEntry.findMany({
    where: { taskId: { in: taskIds }, periodKey: { in: periodKeys } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const latest = new Map<number, LatestProgress>();
  for (const r of rows) latest.set(r.taskId, { ...r, status: r.status as ProgressStatus });
  return latest;
}

/** Latest answer per task in any period: "overdue until reported done" looks here. */
export async function latestProgressEver(db: Db, taskIds: number[]): Promise<Map<number, LatestProgress>> {
  if (!taskIds.length) return new Map();
  const rows = await db.progressEntry.findMany({ where: { taskId: { in: taskIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const latest = new Map<number, LatestProgress>();
  for (const r of rows) latest.set(r.taskId, { ...r, status: r.status as ProgressStatus });
  return latest;
}

export async function latestFigures(db: Db, targetIds: number[], periodKeys: string[]) {
  if (!targetIds.length) return new Map<number, { value: number; raw: string; numerator: number | null; denominator: number | null; createdAt: Date }>();
  const rows = await db.targetFigure.findMany({
    where: { targetId: { in: targetIds }, periodKey: { in: periodKeys } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const latest = new Map<number, { value: number; raw: string; numerator: number | null; denominator: number | null; createdAt: Date }>();
  for (const r of rows) latest.set(r.targetId, r);
  return latest;
}
