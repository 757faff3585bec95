// /tinhhinh for the coordinator and leaders: per title, how many of the
// period's tasks have an answer, what is overdue, and who has not answered.
import type { Db } from "../db/client.ts";
import { milestoneInPeriod } from "../domain/periods.ts";
import { taskState } from "../domain/task-state.ts";
import { heldOn } from "../offices.ts";
import { listTasks } from "../plans/queries.ts";
import { parsePeriodText } from "../domain/periods.ts";
import type { PeriodRef } from "../domain/types.ts";
import { compileReport, reportFileStem } from "../reports/compile.ts";
import { writeReportDocx } from "../reports/docx.ts";
import { formatReportSummary } from "../reports/summary.ts";
import { writeReportXlsx } from "../reports/xlsx.ts";
import type { PersonContext } from "./context.ts";
import type { Outbound } from "./types.ts";
import { entriesByTask } from "./tasks.ts";
import { T } from "./texts.ts";

export async function overview(db: Db, ctx: PersonContext): Promise<string> {
  if (!ctx.plan) return T.noPlan;
  const period = ctx.currentPeriod;
  const tasks = await listTasks(db, ctx.plan.id);
  const entries = await entriesByTask(db, tasks.map((t) => t.id));
  const holders = await db.titleAssignment.findMany({
    where: { person: { officeId: ctx.office.id, active: true }, ...heldOn(ctx.today) },
    include: { person: true },
  });
  const rows = new Map<string, { total: number; answered: number; overdue: number; people: Set<string> }>();
  for (const t of tasks) {
    const inPeriod = t.milestones.some((m) => milestoneInPeriod(m, period, ctx.rule));
    const state = taskState(t.milestones, entries.get(t.id) ?? [], { today: ctx.today, daysAhead: ctx.office.reminderDays, period, rule: ctx.rule });
    if (!inPeriod && state.group !== "overdue") continue;
    const answered = (entries.get(t.id) ?? []).some((e) => e.periodKey === period.key);
    for (const lead of t.lead) {
      const row = rows.get(lead.title) ?? { total: 0, answered: 0, overdue: 0, people: new Set<string>() };
      row.total++;
      if (answered) row.answered++;
      if (state.group === "overdue") row.overdue++;
      for (const h of holders.filter((h) => h.titleId === lead.titleId)) row.people.add(h.person.fullName);
      rows.set(lead.title, row);
    }
  }
  const lines = [T.overviewHeader(period.label)];
  for (const [title, r] of [...rows.entries()].sort((a, b) => a[0].localeCompare(b[0], "vi"))) {
    const who = r.people.size ? [...r.people].join(", ") : "chưa có người nhận";
    lines.push(`- ${title} (${who}): đã báo cáo ${r.answered}/${r.total}${r.overdue ? `, quá hạn ${r.overdue}` : ""}`);
  }
  if (rows.size === 0) lines.push("- Không có nhiệm vụ nào trong kỳ.");
  return lines.join("\n");
}

/** /tonghop quý 1: the roll-up for coordinators and leaders — a chat summary plus the .docx and .xlsx. */
export async function rollUp(db: Db, ctx: PersonContext, args: string): Promise<Outbound[]> {
  if (ctx.person.role === "officer") return [{ text: T.rollUpDenied }];
  if (!ctx.plan) return [{ text: T.noPlan }];
  let ref: PeriodRef = ctx.currentPeriod;
  if (args.trim()) {
    const parsed = parsePeriodText(args, ctx.plan.year);
    if (!parsed.ok) return [{ text: T.periodBad(parsed.message, "/tonghop") }];
    ref = parsed.ref;
  }
  const model = await compileReport(db, { officeId: ctx.office.id, period: { year: ref.year, kind: ref.kind, index: ref.index }, now: ctx.now });
  const stem = reportFileStem(model);
  const [docx, xlsx] = await Promise.all([writeReportDocx(model), writeReportXlsx(model)]);
  return [
    {
      text: formatReportSummary(model),
      files: [
        { name: `${stem}.docx`, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: docx },
        { name: `${stem}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: xlsx },
      ],
    },
  ];
}
