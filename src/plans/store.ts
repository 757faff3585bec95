// Stores a plan reading. A plan is identified by office + year: importing the
// same plan again updates it in place (tasks by area + number, milestones by
// position), so progress already reported stays attached.
import type { Db } from "../db/client.ts";
import { titleKey } from "../domain/titles.ts";
import { loadCatalogue, UserError, type OfficeRow } from "../offices.ts";
import type { PlanReading, TaskReading } from "./reading.ts";

export interface StoreResult {
  planId: number;
  createdPlan: boolean;
  tasksCreated: number;
  tasksUpdated: number;
  tasksRetired: number;
  titlesCreated: string[];
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Stable identity of a task inside its plan; a repeated area + number gets "#2", "#3". */
export function taskKeys(tasks: readonly TaskReading[]): string[] {
  const seen = new Map<string, number>();
  return tasks.map((t) => {
    const base = `${t.areaCode ?? "unclassified"}:${t.ref}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

export async function storePlan(db: Db, office: OfficeRow, reading: PlanReading): Promise<StoreResult> {
  if (reading.tasks.length === 0) throw new UserError("Kế hoạch không có nhiệm vụ nào: không lưu gì cả.");
  return db.$transaction(
    async (tx) => {
      const titleIds = await ensureTitles(tx, office.id, reading);
      const existing = await tx.plan.findUnique({ where: { officeId_year: { officeId: office.id, year: reading.year } } });
      const plan = existing
        ? await tx.plan.update({ where: { id: existing.id }, data: { sourceFile: reading.source.file } })
        : await tx.plan.create({ data: { officeId: office.id, year: reading.year, sourceFile: reading.source.file } });

      const oldTasks = await tx.task.findMany({ where: { planId: plan.id }, select: { id: true, key: true } });
      const oldByKey = new Map(oldTasks.map((t) => [t.key, t.id]));
      const keys = taskKeys(reading.tasks);
      const taskIdByIndex: number[] = [];
      let created = 0;
      let updated = 0;

      for (const [i, t] of reading.tasks.entries()) {
        const key = keys[i]!;
        const data = {
          seq: i + 1,
          area: t.areaCode ?? "unclassified",
          ref: t.ref,
          sourceRow: t.row,
          text: t.task,
          activity: t.activity,
          output: t.output,
          deadlineText: t.deadlineText,
          note: t.note,
          active: true,
        };
        const oldId = oldByKey.get(key);
        let taskId: number;
        if (oldId !== undefined) {
          await tx.task.update({ where: { id: oldId }, data });
          taskId = oldId;
          oldByKey.delete(key);
          updated++;
        } else {
          taskId = (await tx.task.create({ data: { ...data, planId: plan.id, key } })).id;
          created++;
        }
        taskIdByIndex.push(taskId);
        await storeLinks(tx, taskId, t, titleIds);
        await storeMilestones(tx, taskId, t);
      }

      // Tasks the new file no longer has are retired, not deleted: their reports stay.
      const retired = [...oldByKey.values()];
      if (retired.length) await tx.task.updateMany({ where: { id: { in: retired } }, data: { active: false, seq: 0 } });

      await storeTargets(tx, plan.id, reading, taskIdByIndex, titleIds);

      return {
        planId: plan.id,
        createdPlan: !existing,
        tasksCreated: created,
        tasksUpdated: updated,
        tasksRetired: retired.length,
        titlesCreated: reading.newTitles.map((n) => n.name),
      };
    },
    { timeout: 60_000 },
  );
}

/** Creates the titles the reading found new (with their raw spellings as aliases); returns name → id. */
async function ensureTitles(tx: Tx, officeId: number, reading: PlanReading): Promise<Map<string, number>> {
  for (const nt of reading.newTitles) {
    const title =
      (await tx.officerTitle.findFirst({ where: { officeId, name: nt.name } })) ??
      (await tx.officerTitle.create({ data: { officeId, name: nt.name, kind: nt.kind, fromImport: true } }));
    for (const alias of [nt.name, ...nt.raws]) {
      const key = titleKey(alias);
      if (!key) continue;
      const known = await tx.titleAlias.findUnique({ where: { officeId_key: { officeId, key } } });
      if (!known) await tx.titleAlias.create({ data: { officeId, titleId: title.id, alias, key } });
    }
  }
  const catalogue = await loadCatalogue(tx, officeId);
  return new Map(catalogue.map((t) => [t.name, t.id]));
}

async function storeLinks(tx: Tx, taskId: number, t: TaskReading, titleIds: Map<string, number>): Promise<void> {
  await tx.taskTitle.deleteMany({ where: { taskId } });
  const seen = new Set<string>();
  for (const [role, links] of [
    ["lead", t.lead],
    ["support", t.support],
  ] as const) {
    for (const link of links) {
      const titleId = titleIds.get(link.title);
      if (titleId === undefined) throw new Error(`title "${link.title}" missing after ensureTitles`);
      const k = `${titleId}:${role}`;
      if (seen.has(k)) continue;
      seen.add(k);
      await tx.taskTitle.create({ data: { taskId, titleId, role, raw: link.raw } });
    }
  }
}

async function storeMilestones(tx: Tx, taskId: number, t: TaskReading): Promise<void> {
  const old = await tx.milestone.findMany({ where: { taskId }, select: { id: true, seq: true, kind: true, dueSetAt: true } });
  const oldBySeq = new Map(old.map((m) => [m.seq, m]));
  for (const [i, m] of t.milestones.entries()) {
    const seq = i + 1;
    const data = { label: m.label, kind: m.kind, dueDate: m.due, every: m.every, phrase: m.phrase };
    const prev = oldBySeq.get(seq);
    if (prev) {
      // A date someone set by hand for an event-bound milestone survives a re-import of the same phrase.
      const keepManualDate = prev.kind === "unspecified" && m.kind === "unspecified" && prev.dueSetAt !== null;
      await tx.milestone.update({
        where: { id: prev.id },
        data: keepManualDate ? { label: m.label, phrase: m.phrase } : { ...data, dueSetAt: null, dueSetByPersonId: null },
      });
      oldBySeq.delete(seq);
    } else {
      await tx.milestone.create({ data: { ...data, taskId, seq } });
    }
  }
  const gone = [...oldBySeq.values()].map((m) => m.id);
  if (gone.length) await tx.milestone.deleteMany({ where: { id: { in: gone } } });
}

async function storeTargets(
  tx: Tx,
  planId: number,
  reading: PlanReading,
  taskIdByIndex: number[],
  titleIds: Map<string, number>,
): Promise<void> {
  const indexByRow = new Map<string, number>();
  reading.tasks.forEach((t, i) => indexByRow.set(`${t.row}:${t.ref}`, i));
  for (const [i, target] of reading.targets.entries()) {
    const taskIndex = indexByRow.get(`${target.row}:${target.ref}`);
    const data = {
      taskId: taskIndex === undefined ? null : taskIdByIndex[taskIndex]!,
      ownerTitleId: target.owner ? (titleIds.get(target.owner) ?? null) : null,
      indicator: target.indicator,
      comparator: target.comparator,
      value: target.value,
      unit: target.unit,
      phrase: target.phrase,
    };
    await tx.target.upsert({
      where: { planId_seq: { planId, seq: i + 1 } },
      create: { ...data, planId, seq: i + 1 },
      update: data,
    });
  }
  await tx.target.deleteMany({ where: { planId, seq: { gt: reading.targets.length } } });
}
