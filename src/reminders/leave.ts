// Leave (nghỉ phép) from chat: an officer pauses her reminders for a date
// range and may name a delegate title (người được ủy quyền) that receives them
// instead; the coordinator can do it for her. Also /nhacviec, the preview of
// her next morning nudge.
import type { Db } from "../db/client.ts";
import type { PersonContext } from "../chat/context.ts";
import { myTasks, type MyTask } from "../chat/tasks.ts";
import type { Outbound } from "../chat/types.ts";
import { isDate, todayIn, ymd } from "../domain/dates.ts";
import { taskState } from "../domain/task-state.ts";
import { fold } from "../domain/text.ts";
import { listTasks } from "../plans/queries.ts";
import { findTitle, heldOn } from "../offices.ts";
import { entriesByTask } from "../chat/tasks.ts";
import { loadPlanInput } from "./load.ts";
import { planMorning } from "./plan.ts";
import { localMinutes } from "./scheduler.ts";
import { renderNudge, RT } from "./texts.ts";

/** "10/06/2024", "10/6", "2024-06-10" → "2024-06-10"; null when not a date. */
export function parseLeaveDate(text: string, defaultYear: number): string | null {
  const t = text.trim();
  if (isDate(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(t);
  if (!m) return null;
  const y = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : defaultYear;
  const d = ymd(y, Number(m[2]), Number(m[1]));
  return isDate(d) ? d : null;
}

export type LeaveArgs =
  | { action: "list"; personId: number | null }
  | { action: "cancel"; personId: number | null }
  | { action: "set"; personId: number | null; from: string; to: string; delegate: string | null }
  | { action: "error"; message: string };

/** Parses what follows /nghiphep. A leading number that is not a date names another person (coordinator). */
export function parseLeaveArgs(args: string, defaultYear: number): LeaveArgs {
  let rest = args.normalize("NFC").trim();
  if (!rest) return { action: "list", personId: null };
  let personId: number | null = null;
  const first = /^(\d+)(?:\s+|$)/.exec(rest);
  if (first) {
    personId = Number(first[1]);
    rest = rest.slice(first[0].length).trim();
    if (!rest) return { action: "list", personId };
  }
  if (/^(huy|xoa|bo)$/.test(fold(rest))) return { action: "cancel", personId };
  const m = /^(\S+)\s+(?:(?:đến|den|-|–)\s+)?(\S+)(?:\s+(.*))?$/iu.exec(rest);
  if (!m) return { action: "error", message: RT.leaveUsage };
  const from = parseLeaveDate(m[1]!, defaultYear);
  if (!from) return { action: "error", message: RT.leaveBadDate(m[1]!) };
  const to = parseLeaveDate(m[2]!, Number(from.slice(0, 4)));
  if (!to) return { action: "error", message: RT.leaveBadDate(m[2]!) };
  if (to < from) return { action: "error", message: RT.leaveOrder };
  let delegate: string | null = null;
  if (m[3]) {
    const d = /^(?:ủy quyền|uỷ quyền|uy quyen|ủy quyền cho|cho)\s*:?\s*(.+)$/iu.exec(m[3].trim()) ?? /^(.+)$/u.exec(m[3].trim());
    delegate = d![1]!.replace(/^cho\s+/iu, "").trim() || null;
  }
  return { action: "set", personId, from, to, delegate };
}

export async function handleLeave(db: Db, ctx: PersonContext, args: string): Promise<Outbound[]> {
  const parsed = parseLeaveArgs(args, Number(ctx.today.slice(0, 4)));
  if (parsed.action === "error") return [{ text: parsed.message }];
  let person = ctx.person as { id: number; fullName: string };
  const forOther = parsed.personId !== null && parsed.personId !== ctx.person.id;
  if (forOther) {
    if (ctx.person.role === "officer") return [{ text: RT.leaveDenied }];
    const other = await db.person.findFirst({ where: { id: parsed.personId!, officeId: ctx.office.id, active: true } });
    if (!other) return [{ text: RT.leaveNoPerson(String(parsed.personId)) }];
    person = other;
  }
  const who = forOther ? person.fullName : null;
  if (parsed.action === "list") {
    const leaves = await db.leave.findMany({ where: { personId: person.id, toDate: { gte: ctx.today } }, orderBy: { fromDate: "asc" } });
    const names = await titleNames(db, leaves.map((l) => l.delegateTitleId));
    return [{ text: `${RT.leaveList(leaves.map((l) => RT.leaveLine(l.fromDate, l.toDate, l.delegateTitleId ? (names.get(l.delegateTitleId) ?? null) : null)))}\n\n${RT.leaveUsage}` }];
  }
  if (parsed.action === "cancel") {
    const res = await db.leave.deleteMany({ where: { personId: person.id, toDate: { gte: ctx.today } } });
    return [{ text: RT.leaveCancelled(res.count) }];
  }
  if (parsed.to < ctx.today) return [{ text: RT.leavePast }];
  let delegateTitle: { id: number; name: string } | null = null;
  if (parsed.delegate) {
    delegateTitle = await findTitle(db, ctx.office.id, parsed.delegate);
    if (!delegateTitle) return [{ text: RT.leaveUnknownTitle(parsed.delegate) }];
  }
  await db.leave.create({ data: { personId: person.id, fromDate: parsed.from, toDate: parsed.to, delegateTitleId: delegateTitle?.id ?? null } });
  return [{ text: RT.leaveSaved(who, parsed.from, parsed.to, delegateTitle?.name ?? null) }];
}

async function titleNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((i): i is number => i !== null);
  if (!wanted.length) return new Map();
  const rows = await db.officerTitle.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Tasks she reports on as a delegate today: those led by the titles of colleagues on
 * leave who named one of her titles. Used by the one-task report button ("r:t:<id>").
 */
export async function delegatedTasks(db: Db, ctx: PersonContext): Promise<MyTask[]> {
  if (!ctx.plan || !ctx.titles.length) return [];
  const leaves = await db.leave.findMany({
    where: {
      delegateTitleId: { in: ctx.titles.map((t) => t.id) },
      fromDate: { lte: ctx.today },
      toDate: { gte: ctx.today },
      person: { officeId: ctx.office.id, active: true },
      personId: { not: ctx.person.id },
    },
    include: { person: { include: { assignments: { where: heldOn(ctx.today) } } } },
  });
  const titleIds = [...new Set(leaves.flatMap((l) => l.person.assignments.map((a) => a.titleId)))];
  if (!titleIds.length) return [];
  const tasks = (await listTasks(db, ctx.plan.id, { titleIds })).filter((t) => t.lead.some((l) => titleIds.includes(l.titleId)));
  const entries = await entriesByTask(db, tasks.map((t) => t.id));
  return tasks.map((task) => ({
    task,
    role: "lead" as const,
    state: taskState(task.milestones, entries.get(task.id) ?? [], {
      today: ctx.today,
      daysAhead: ctx.office.reminderDays,
      period: ctx.currentPeriod,
      rule: ctx.rule,
    }),
  }));
}

/** Her own and delegated lead tasks: what a reminder's "report this task" button may open. */
export async function reportableTask(db: Db, ctx: PersonContext, taskId: number): Promise<MyTask | null> {
  const own = (await myTasks(db, ctx)).find((t) => t.task.id === taskId && t.role === "lead");
  if (own) return own;
  return (await delegatedTasks(db, ctx)).find((t) => t.task.id === taskId) ?? null;
}

/** /nhacviec: what her next morning nudge would contain (today's if the reminder time has not come yet). */
export async function previewNudge(db: Db, ctx: PersonContext): Promise<Outbound[]> {
  const office = await db.office.findUniqueOrThrow({ where: { id: ctx.office.id } });
  const input = await loadPlanInput(db, office, todayIn(office.timezone, ctx.now));
  const cal = input.calendar;
  const [h, mi] = office.reminderTime.split(":").map(Number);
  const beforeTime = localMinutes(office.timezone, ctx.now) < (h ?? 7) * 60 + (mi ?? 30);
  const day = cal.isWorkingDay(input.today) && beforeTime ? input.today : cal.nextWorkingDay(input.today);
  const dayInput = day === input.today ? input : await loadPlanInput(db, office, day, cal);
  const me = dayInput.people.find((p) => p.id === ctx.person.id);
  const leave = me?.leaves.find((l) => l.fromDate <= day && day <= l.toDate);
  if (leave) return [{ text: RT.previewPaused(leave.fromDate, leave.toDate) }];
  // A preview shows her items even when no chat channel is linked (the terminal chat).
  if (me && !me.channels.length) me.channels = [{ channel: "console", unreachable: false }];
  const nudge = planMorning(dayInput).nudges.find((n) => n.personId === ctx.person.id);
  if (!nudge) return [{ text: `${RT.previewHeader(day)}\n${RT.nothingDue}` }];
  const out = renderNudge(nudge);
  return [{ text: `${RT.previewHeader(day)}\n\n${out.text}`, ...(out.buttons ? { buttons: out.buttons } : {}) }];
}
