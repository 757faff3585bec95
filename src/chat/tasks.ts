// A person's tasks (by the titles they hold today) with where each stands.
import type { Db } from "../db/client.ts";
import { GROUP_ORDER, taskState, type EntryLite, type TaskGroup, type TaskState } from "../domain/task-state.ts";
import { listTasks, type StoredTask } from "../plans/queries.ts";
import type { PersonContext } from "./context.ts";
import { GROUP_TITLE, T } from "./texts.ts";

export interface MyTask {
  task: StoredTask;
  role: "lead" | "support";
  state: TaskState;
}

export async function entriesByTask(db: Db, taskIds: number[]): Promise<Map<number, EntryLite[]>> {
  const rows = await db.progressEntry.findMany({
    where: { taskId: { in: taskIds } },
    select: { taskId: true, periodKey: true, status: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const map = new Map<number, EntryLite[]>();
  for (const r of rows) {
    const list = map.get(r.taskId) ?? [];
    list.push({ periodKey: r.periodKey, status: r.status as EntryLite["status"], createdAt: r.createdAt });
    map.set(r.taskId, list);
  }
  return map;
}

export async function myTasks(db: Db, ctx: PersonContext): Promise<MyTask[]> {
  if (!ctx.plan || !ctx.titles.length) return [];
  const titleIds = ctx.titles.map((t) => t.id);
  const tasks = await listTasks(db, ctx.plan.id, { titleIds });
  const entries = await entriesByTask(db, tasks.map((t) => t.id));
  return tasks.map((task) => ({
    task,
    role: task.lead.some((l) => titleIds.includes(l.titleId)) ? "lead" : "support",
    state: taskState(task.milestones, entries.get(task.id) ?? [], {
      today: ctx.today,
      daysAhead: ctx.office.reminderDays,
      period: ctx.currentPeriod,
      rule: ctx.rule,
    }),
  }));
}

export function shorten(text: string, max = 90): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.\s-]+$/, "")}…`;
}

export function taskTitleText(task: StoredTask): string {
  return task.activity ? `${task.text} — ${task.activity}` : task.text;
}

export function deadlineWords(state: TaskState): string {
  const m = state.milestone;
  if (!m) return state.group === "done" ? "đã hoàn thành các mốc" : T.undatedWords(null);
  const label = m.label ? `${m.label}: ` : "";
  if (m.due && state.days !== null) return label + T.dueWords(m.due, state.days);
  if (m.kind === "recurring") return label + (T.recurringWords[m.every ?? "quarter"] ?? T.recurringWords.quarter);
  if (m.kind === "continuous") return label + T.continuousWords;
  return label + T.undatedWords(m.phrase);
}

/** The /nhiemvu listing: one block per group, most urgent first. */
export function formatTaskList(ctx: PersonContext, tasks: MyTask[]): string {
  const lines: string[] = [T.taskListHeader(ctx.titles.map((t) => t.name), ctx.today)];
  for (const group of GROUP_ORDER) {
    const items = tasks.filter((t) => t.state.group === group);
    if (!items.length) continue;
    lines.push("", `${GROUP_TITLE[group as TaskGroup]} (${items.length})`);
    for (const it of items) {
      lines.push(`${it.task.seq}. [${it.role === "lead" ? "CT" : "PH"}] ${shorten(taskTitleText(it.task))} — ${deadlineWords(it.state)}`);
    }
  }
  lines.push("", T.taskListFooter);
  return lines.join("\n");
}
