// The /baocao walk-through: for each task the officer leads in the period,
// status by buttons, then an optional note, product and figures. The state is
// a row in the database, so a restart mid-dialog loses nothing.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { inputDueDate, milestoneInPeriod, parsePeriodKey, reportingPeriod } from "../domain/periods.ts";
import { readStatus, STATUSES, type ProgressStatus } from "../domain/replies.ts";
import { formatFigure, goalText, parseFigure, targetMet } from "../domain/targets.ts";
import type { Comparator, PeriodRef, ReportingPeriod } from "../domain/types.ts";
import { recordFigure, recordProgress } from "../progress.ts";
import { reportableTask } from "../reminders/leave.ts";
import type { PersonContext } from "./context.ts";
import { deadlineWords, myTasks, shorten, taskTitleText, type MyTask } from "./tasks.ts";
import { BUTTON, STATUS_LABEL, T } from "./texts.ts";
import type { Button, Outbound } from "./types.ts";

const STATUS_CODE: Record<ProgressStatus, string> = { done: "d", in_progress: "p", not_started: "n", blocked: "b" };
const CODE_STATUS = Object.fromEntries(Object.entries(STATUS_CODE).map(([s, c]) => [c, s])) as Record<string, ProgressStatus>;

const stateSchema = z.object({
  kind: z.literal("report"),
  periodKey: z.string(),
  taskIds: z.array(z.number().int()),
  index: z.number().int(),
  step: z.enum(["status", "note", "product", "figure"]),
  draft: z.object({
    status: z.enum(STATUSES as [ProgressStatus, ...ProgressStatus[]]).optional(),
    note: z.string().nullable().optional(),
  }),
  targetIds: z.array(z.number().int()),
  targetIndex: z.number().int(),
  answered: z.array(z.number().int()),
  paused: z.boolean(),
});

export type ReportState = z.infer<typeof stateSchema>;

export async function loadState(db: Db, ctx: PersonContext): Promise<ReportState | null> {
  const row = await db.dialogState.findUnique({ where: { personId_channel: { personId: ctx.person.id, channel: ctx.channel } } });
  if (!row) return null;
  const parsed = stateSchema.safeParse(JSON.parse(row.state));
  return parsed.success ? parsed.data : null;
}

async function saveState(db: Db, ctx: PersonContext, state: ReportState): Promise<void> {
  const json = JSON.stringify(state);
  await db.dialogState.upsert({
    where: { personId_channel: { personId: ctx.person.id, channel: ctx.channel } },
    create: { personId: ctx.person.id, channel: ctx.channel, state: json },
    update: { state: json },
  });
}

export async function clearState(db: Db, ctx: PersonContext): Promise<void> {
  await db.dialogState.deleteMany({ where: { personId: ctx.person.id, channel: ctx.channel } });
}

function periodOf(ctx: PersonContext, key: string): ReportingPeriod {
  return reportingPeriod(parsePeriodKey(key)!, ctx.rule);
}

/** The tasks she leads that the period's report asks about: a milestone in the period, or overdue and not done. */
export async function reportTasks(db: Db, ctx: PersonContext, period: ReportingPeriod): Promise<MyTask[]> {
  const all = await myTasks(db, ctx);
  return all.filter(
    (t) =>
      t.role === "lead" &&
      (t.state.group === "overdue" || t.task.milestones.some((m) => milestoneInPeriod(m, period, ctx.rule))),
  );
}

async function latestFor(db: Db, taskId: number, periodKey: string) {
  return db.progressEntry.findFirst({ where: { taskId, periodKey }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

function navRow(taskId: number): Button[] {
  return [
    { label: BUTTON.skip, payload: `r:k:${taskId}` },
    { label: BUTTON.back, payload: `r:b:${taskId}` },
    { label: BUTTON.stop, payload: "r:x" },
  ];
}

function statusButtons(taskId: number): Button[][] {
  const b = (s: ProgressStatus): Button => ({ label: STATUS_LABEL[s], payload: `r:s:${taskId}:${STATUS_CODE[s]}` });
  return [[b("done"), b("in_progress")], [b("not_started"), b("blocked")], navRow(taskId)];
}

async function card(db: Db, ctx: PersonContext, state: ReportState): Promise<Outbound> {
  const taskId = state.taskIds[state.index]!;
  const tasks = await myTasks(db, ctx);
  const mine = tasks.find((t) => t.task.id === taskId) ?? (await reportableTask(db, ctx, taskId));
  const previous = await latestFor(db, taskId, state.periodKey);
  const text = mine
    ? T.taskCard(
        state.index + 1,
        state.taskIds.length,
        mine.task.seq,
        shorten(taskTitleText(mine.task), 300),
        deadlineWords(mine.state),
        previous ? `${STATUS_LABEL[previous.status as ProgressStatus]}${previous.note ? ` — ${previous.note}` : ""}` : null,
      )
    : T.taskCard(state.index + 1, state.taskIds.length, 0, "(nhiệm vụ không còn thuộc chức danh của anh/chị)", "", null);
  return { text, buttons: statusButtons(taskId) };
}

async function targetsFor(db: Db, ctx: PersonContext, taskId: number) {
  return db.target.findMany({
    where: { taskId, ownerTitleId: { in: ctx.titles.map((t) => t.id) } },
    orderBy: { seq: "asc" },
  });
}

async function askCurrentStep(db: Db, ctx: PersonContext, state: ReportState): Promise<Outbound[]> {
  const taskId = state.taskIds[state.index]!;
  switch (state.step) {
    case "status":
      return [await card(db, ctx, state)];
    case "note":
      return [{ text: T.askNote(state.draft.status ?? "in_progress"), buttons: [[{ label: BUTTON.noNote, payload: `r:nn:${taskId}` }], navRow(taskId)] }];
    case "product":
      return [{ text: T.askProduct, buttons: [[{ label: BUTTON.noProduct, payload: `r:np:${taskId}` }], navRow(taskId)] }];
    case "figure": {
      const target = await db.target.findUnique({ where: { id: state.targetIds[state.targetIndex]! } });
      if (!target) return advanceTarget(db, ctx, state);
      const example = target.unit === "%" ? '"120/122" hoặc "98,4%"' : '"15"';
      return [
        {
          text: T.askFigure(shorten(target.indicator, 160), goalText(target), example),
          buttons: [[{ label: BUTTON.noFigure, payload: `r:nf:${taskId}` }], navRow(taskId)],
        },
      ];
    }
  }
}

/** Starts (or offers to resume) the walk-through for a period. */
export async function startReport(db: Db, ctx: PersonContext, ref: PeriodRef): Promise<Outbound[]> {
  const period = reportingPeriod(ref, ctx.rule);
  const existing = await loadState(db, ctx);
  if (existing && existing.periodKey === period.key && existing.index < existing.taskIds.length) {
    await saveState(db, ctx, { ...existing, paused: true });
    return [
      {
        text: T.reportResumeAsk(period.label, existing.answered.length, existing.taskIds.length),
        buttons: [[{ label: BUTTON.resume, payload: "r:c" }, { label: BUTTON.restart, payload: "r:r" }]],
      },
    ];
  }
  return beginFresh(db, ctx, period);
}

function newState(periodKey: string, taskIds: number[]): ReportState {
  return { kind: "report", periodKey, taskIds, index: 0, step: "status", draft: {}, targetIds: [], targetIndex: 0, answered: [], paused: false };
}

async function beginFresh(db: Db, ctx: PersonContext, period: ReportingPeriod): Promise<Outbound[]> {
  const tasks = await reportTasks(db, ctx, period);
  if (!tasks.length) {
    await clearState(db, ctx);
    return [{ text: T.reportNothing(period.label) }];
  }
  const state = newState(period.key, tasks.map((t) => t.task.id));
  await saveState(db, ctx, state);
  const due = inputDueDate(period, ctx.office.reportDueDays, ctx.office.inputLeadDays);
  return [{ text: T.reportIntro(period.label, tasks.length, due) }, await card(db, ctx, state)];
}

/** A reminder's "Báo cáo số 12" button: a walk-through of that one task for the current period. */
async function startTaskReport(db: Db, ctx: PersonContext, taskId: number): Promise<Outbound[]> {
  if (!Number.isInteger(taskId)) return [{ text: T.staleButton }];
  const found = await reportableTask(db, ctx, taskId);
  if (!found) {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { seq: true } });
    return [{ text: task ? T.notLead(task.seq) : T.staleButton }];
  }
  const state = newState(ctx.currentPeriod.key, [taskId]);
  await saveState(db, ctx, state);
  return [await card(db, ctx, state)];
}

export async function resumeReport(db: Db, ctx: PersonContext): Promise<Outbound[]> {
  const state = await loadState(db, ctx);
  if (!state || state.index >= state.taskIds.length) return [{ text: T.noDialog }];
  await saveState(db, ctx, { ...state, paused: false });
  return askCurrentStep(db, ctx, { ...state, paused: false });
}

async function nextTask(db: Db, ctx: PersonContext, state: ReportState, prefix: Outbound[]): Promise<Outbound[]> {
  const next: ReportState = { ...state, index: state.index + 1, step: "status", draft: {}, targetIds: [], targetIndex: 0 };
  if (next.index >= next.taskIds.length) {
    await clearState(db, ctx);
    return [...prefix, await summary(db, ctx, next)];
  }
  await saveState(db, ctx, next);
  return [...prefix, await card(db, ctx, next)];
}

async function summary(db: Db, ctx: PersonContext, state: ReportState): Promise<Outbound> {
  const period = periodOf(ctx, state.periodKey);
  const tasks = await reportTasks(db, ctx, period);
  const counts = new Map<ProgressStatus, number>();
  const missing: string[] = [];
  for (const t of tasks) {
    const latest = await latestFor(db, t.task.id, state.periodKey);
    if (!latest) missing.push(`số ${t.task.seq}`);
    else counts.set(latest.status as ProgressStatus, (counts.get(latest.status as ProgressStatus) ?? 0) + 1);
  }
  const lines = STATUSES.filter((s) => counts.get(s)).map((s) => `- ${STATUS_LABEL[s]}: ${counts.get(s)}`);
  return { text: T.summary(period.label, lines.length ? lines : ["- (chưa có câu trả lời nào)"], missing) };
}

async function finishTask(db: Db, ctx: PersonContext, state: ReportState, product: string | null): Promise<Outbound[]> {
  const taskId = state.taskIds[state.index]!;
  const status = state.draft.status!;
  await recordProgress(db, {
    taskId,
    periodKey: state.periodKey,
    personId: ctx.person.id,
    status,
    note: state.draft.note ?? null,
    product,
    channel: ctx.channel,
    now: ctx.now,
  });
  const task = await db.task.findUnique({ where: { id: taskId }, select: { seq: true } });
  const saved: Outbound = { text: T.saved(task?.seq ?? 0, status) };
  const answered = state.answered.includes(taskId) ? state.answered : [...state.answered, taskId];
  const targets = await targetsFor(db, ctx, taskId);
  if (targets.length) {
    const next: ReportState = { ...state, answered, step: "figure", targetIds: targets.map((t) => t.id), targetIndex: 0 };
    await saveState(db, ctx, next);
    return [saved, ...(await askCurrentStep(db, ctx, next))];
  }
  return nextTask(db, ctx, { ...state, answered }, [saved]);
}

async function advanceTarget(db: Db, ctx: PersonContext, state: ReportState, prefix: Outbound[] = []): Promise<Outbound[]> {
  const next = { ...state, targetIndex: state.targetIndex + 1 };
  if (next.targetIndex >= next.targetIds.length) return nextTask(db, ctx, next, prefix);
  await saveState(db, ctx, next);
  return [...prefix, ...(await askCurrentStep(db, ctx, next))];
}

/** A status chosen (by button or words): ask for the note next, unless the words carried one. */
async function onStatus(db: Db, ctx: PersonContext, state: ReportState, status: ProgressStatus, note: string | null): Promise<Outbound[]> {
  const next: ReportState = { ...state, paused: false, draft: { status, note }, step: note ? "product" : "note" };
  if (note && status !== "done" && status !== "in_progress") return finishTask(db, ctx, next, null);
  await saveState(db, ctx, next);
  return askCurrentStep(db, ctx, next);
}

async function onNote(db: Db, ctx: PersonContext, state: ReportState, note: string | null): Promise<Outbound[]> {
  const next: ReportState = { ...state, draft: { ...state.draft, note } };
  if (state.draft.status === "done" || state.draft.status === "in_progress") {
    const withStep: ReportState = { ...next, step: "product" };
    await saveState(db, ctx, withStep);
    return askCurrentStep(db, ctx, withStep);
  }
  return finishTask(db, ctx, next, null);
}

async function onFigure(db: Db, ctx: PersonContext, state: ReportState, text: string): Promise<Outbound[]> {
  const target = await db.target.findUnique({ where: { id: state.targetIds[state.targetIndex]! } });
  if (!target) return advanceTarget(db, ctx, state);
  const figure = parseFigure(text);
  if (!figure.ok) return [{ text: T.figureBad(figure.message), buttons: [[{ label: BUTTON.noFigure, payload: `r:nf:${state.taskIds[state.index]}` }]] }];
  if (target.unit === "%" && figure.unit !== "%") return [{ text: T.figureUnitMismatch }];
  await recordFigure(db, {
    targetId: target.id,
    periodKey: state.periodKey,
    personId: ctx.person.id,
    value: figure.value,
    numerator: figure.numerator,
    denominator: figure.denominator,
    raw: text.trim(),
    now: ctx.now,
  });
  const shown = formatFigure(figure.value, figure.unit);
  const met = targetMet({ comparator: target.comparator as Comparator, value: target.value }, figure.value);
  return advanceTarget(db, ctx, state, [{ text: T.figureSaved(shown, met) }]);
}

/** Handles a button payload starting with "r:". */
export async function handleReportPayload(db: Db, ctx: PersonContext, payload: string): Promise<Outbound[]> {
  const [, action, idText, code] = payload.split(":");
  const state = await loadState(db, ctx);
  if (action === "c") return resumeReport(db, ctx);
  if (action === "r") {
    if (!state) return [{ text: T.noDialog }];
    return beginFresh(db, ctx, periodOf(ctx, state.periodKey));
  }
  if (action === "x") {
    if (!state) return [{ text: T.noDialog }];
    await saveState(db, ctx, { ...state, paused: true });
    return [{ text: T.stopped(periodOf(ctx, state.periodKey).label) }];
  }
  if (action === "go") {
    const ref = idText ? parsePeriodKey(idText) : null;
    return ref ? startReport(db, ctx, ref) : [{ text: T.staleButton }];
  }
  if (action === "t") return startTaskReport(db, ctx, Number(idText));
  const taskId = Number(idText);
  if (!state || state.taskIds[state.index] !== taskId) return [{ text: T.staleButton }];
  const live: ReportState = { ...state, paused: false };
  switch (action) {
    case "s": {
      const status = CODE_STATUS[code ?? ""];
      if (!status || live.step !== "status") return [{ text: T.staleButton }];
      return onStatus(db, ctx, live, status, null);
    }
    case "k": {
      const task = await db.task.findUnique({ where: { id: taskId }, select: { seq: true } });
      return nextTask(db, ctx, live, [{ text: T.skipped(task?.seq ?? 0) }]);
    }
    case "b": {
      // Back from a later step re-asks this task's status; from the status step, the previous task.
      if (live.step !== "status") {
        const again: ReportState = { ...live, step: "status", draft: {}, targetIds: [], targetIndex: 0 };
        await saveState(db, ctx, again);
        return [await card(db, ctx, again)];
      }
      if (live.index === 0) return [{ text: T.atFirst }, await card(db, ctx, live)];
      const prev: ReportState = { ...live, index: live.index - 1, step: "status", draft: {}, targetIds: [], targetIndex: 0 };
      await saveState(db, ctx, prev);
      return [await card(db, ctx, prev)];
    }
    case "nn":
      if (live.step !== "note") return [{ text: T.staleButton }];
      return onNote(db, ctx, live, null);
    case "np":
      if (live.step !== "product") return [{ text: T.staleButton }];
      return finishTask(db, ctx, live, null);
    case "nf":
      if (live.step !== "figure") return [{ text: T.staleButton }];
      return advanceTarget(db, ctx, live);
    default:
      return [{ text: T.staleButton }];
  }
}

/** Free text while a dialog is active and not paused; returns null when no dialog wants it. */
export async function handleReportText(db: Db, ctx: PersonContext, text: string): Promise<Outbound[] | null> {
  const state = await loadState(db, ctx);
  if (!state || state.paused || state.index >= state.taskIds.length) return null;
  const trimmed = text.trim();
  switch (state.step) {
    case "status": {
      const read = readStatus(trimmed);
      if (!read) return [{ text: T.askStatus, buttons: statusButtons(state.taskIds[state.index]!) }];
      return onStatus(db, ctx, state, read.status, read.rest || null);
    }
    case "note":
      return onNote(db, ctx, state, trimmed);
    case "product":
      return finishTask(db, ctx, state, trimmed);
    case "figure":
      return onFigure(db, ctx, state, trimmed);
  }
}
