// The quarterly (6-month, 9-month, yearly) CCHC report the commune sends upward:
// what every task of the period stands at, the targets, the difficulties, the next
// period's tasks and who has not answered. `compileReport` loads the data;
// `buildReportModel` is pure and does all the work on plain data.
import type { Db } from "../db/client.ts";
import { todayIn, vnDate } from "../domain/dates.ts";
import { milestoneInPeriod, nextPeriod, parsePeriodKey, quartersOf, reportingPeriod } from "../domain/periods.ts";
import { findDocumentRefs, type ProgressStatus } from "../domain/replies.ts";
import { milestoneClosed, type EntryLite } from "../domain/task-state.ts";
import { formatFigure, goalText, targetMet } from "../domain/targets.ts";
import { fold, toRoman } from "../domain/text.ts";
import { REFORM_AREAS, type AreaCode, type Comparator, type PeriodRef, type PeriodRule, type ReportingPeriod } from "../domain/types.ts";
import { STATUS_LABEL } from "../chat/texts.ts";
import { UserError } from "../offices.ts";
import { latestPlan, listTasks, type StoredMilestone, type StoredTask } from "../plans/queries.ts";

// ---------------------------------------------------------------------------
// Input (plain data) and model

export interface ReportEntryInput {
  id: number;
  taskId: number;
  periodKey: string;
  personId: number;
  status: ProgressStatus;
  note: string | null;
  product: string | null;
  createdAt: Date;
  /** Evidence references (document numbers, files) attached to the entry. */
  evidence?: string[];
}

export interface ReportTargetInput {
  id: number;
  seq: number;
  taskId: number | null;
  ownerTitleId: number | null;
  indicator: string;
  comparator: Comparator;
  value: number;
  unit: "%" | "count";
  phrase: string;
}

export interface ReportFigureInput {
  id: number;
  targetId: number;
  periodKey: string;
  personId: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
  raw: string;
  createdAt: Date;
}

export interface ReportInput {
  office: { name: string; periodRule: PeriodRule; timezone: string };
  planYear: number;
  period: PeriodRef;
  now: Date;
  tasks: StoredTask[];
  /** Every answer given for the plan's tasks (any period); the builder picks what counts. */
  entries: ReportEntryInput[];
  targets: ReportTargetInput[];
  figures: ReportFigureInput[];
  titles: { id: number; name: string }[];
  people: { id: number; fullName: string; active: boolean }[];
  assignments: { personId: number; titleId: number; fromDate: string; toDate: string | null }[];
}

export type ReportStatus = ProgressStatus | "unanswered";

export interface ReportTask {
  taskId: number;
  seq: number;
  ref: string;
  area: AreaCode | "unclassified";
  /** Task text with its activity. */
  text: string;
  /** The product the plan expects. */
  expectedOutput: string | null;
  lead: string[];
  support: string[];
  deadlineText: string;
  status: ReportStatus;
  note: string | null;
  product: string | null;
  /** Document numbers from the answer's product, note and evidence, beyond the product text itself. */
  documents: string[];
  reportedBy: string | null;
  reportedAt: Date | null;
  /** Key of the period the counted answer was given for ("2024-Q1"). */
  answerPeriodKey: string | null;
  /** How many answers were given for the period (corrections included). */
  answerCount: number;
  /** True when a dated milestone in or before the period has passed without being reported done. */
  late: boolean;
  lateMilestones: { label: string | null; due: string }[];
  /** False when the task is in the report only because it is late from an earlier period. */
  inPeriod: boolean;
}

export interface StatusCounts {
  total: number;
  done: number;
  in_progress: number;
  not_started: number;
  blocked: number;
  unanswered: number;
  late: number;
}

export interface ReportArea {
  code: AreaCode | "unclassified";
  /** 1-based number in section I. */
  number: number;
  /** Heading as the report writes it ("Công tác chỉ đạo, điều hành"). */
  heading: string;
  /** Short name for the chat summary. */
  name: string;
  tasks: ReportTask[];
  counts: StatusCounts;
}

export type TargetVerdict = "met" | "not_met" | "no_data";

export interface ReportTarget {
  targetId: number;
  seq: number;
  taskSeq: number | null;
  indicator: string;
  owner: string | null;
  comparator: Comparator;
  goal: number;
  unit: "%" | "count";
  /** "≥ 98%". */
  goalText: string;
  actual: number | null;
  /** "120/122 (98,4%)", "12 (quý I: 5; quý II: 7)", or null without a figure. */
  actualText: string | null;
  /** "last": the latest figure counts; "sum": the quarters' figures are added up. */
  rule: "last" | "sum";
  verdict: TargetVerdict;
  reportedBy: string | null;
}

export interface ReportDifficulty {
  kind: "blocked" | "late" | "target";
  taskSeq: number | null;
  area: AreaCode | "unclassified" | null;
  /** What is wrong, in a sentence. */
  text: string;
  /** The officer's own words, when any. */
  reason: string | null;
}

export interface ReportNextTask {
  taskId: number;
  seq: number;
  area: AreaCode | "unclassified";
  text: string;
  lead: string[];
  label: string | null;
  due: string;
}

export interface ReportMissing {
  titleId: number | null;
  title: string;
  /** Persons holding the title on the report date; empty when nobody is linked. */
  people: string[];
  tasks: { seq: number; text: string }[];
}

export interface ReportModel {
  office: {
    name: string;
    /** Lines of the issuing body: ["ỦY BAN NHÂN DÂN", "XÃ NGỌC SƠN"]. */
    headerLines: string[];
    /** Place name for the date line ("Ngọc Sơn"). */
    place: string;
    /** The commune without the committee's name ("xã Ngọc Sơn"). */
    unit: string;
    timezone: string;
  };
  planYear: number;
  period: ReportingPeriod;
  rule: PeriodRule;
  /** Keys whose answers count: the period's own key and its quarters'. */
  periodKeys: string[];
  generatedAt: Date;
  /** Report date in the office's zone, "YYYY-MM-DD". */
  today: string;
  /** "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024". */
  subject: string;
  /** "quý I năm 2024", "6 tháng đầu năm 2024"… */
  periodPhrase: string;
  /** Heading of section IV without its number. */
  nextHeading: string;
  /** Windows the next-period tasks come from. */
  nextPeriods: ReportingPeriod[];
  areas: ReportArea[];
  totals: StatusCounts;
  targets: ReportTarget[];
  difficulties: ReportDifficulty[];
  nextTasks: ReportNextTask[];
  /** Recurring/continuous tasks that go on in the next period. */
  ongoingCount: number;
  /** Tasks of this period not done yet, which carry over. */
  carryOver: ReportTask[];
  missing: ReportMissing[];
  /** Person holding the chairman's title, for the signature block. */
  signer: string | null;
  /** Footnote: where the figures come from and how a longer period aggregates its quarters. */
  aggregationNote: string;
}

// ---------------------------------------------------------------------------
// Wording

export const AREA_HEADINGS: Record<AreaCode | "unclassified", string> = {
  direction: "Công tác chỉ đạo, điều hành",
  institutions: "Cải cách thể chế",
  procedures: "Cải cách thủ tục hành chính",
  organisation: "Cải cách tổ chức bộ máy",
  civil_service: "Cải cách chế độ công vụ",
  public_finance: "Cải cách tài chính công",
  digital_government: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
  unclassified: "Nhiệm vụ khác (chưa xếp lĩnh vực)",
};

export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = { ...STATUS_LABEL, unanswered: "Chưa báo cáo" };

function periodPhrase(p: ReportingPeriod): string {
  switch (p.kind) {
    case "quarter":
      return `quý ${toRoman(p.index)} năm ${p.year}`;
    case "half":
      return `6 tháng đầu năm ${p.year}`;
    case "nine_months":
      return `9 tháng đầu năm ${p.year}`;
    case "year":
      return `năm ${p.year}`;
  }
}

function nextHeading(p: ReportingPeriod): string {
  switch (p.kind) {
    case "quarter":
    case "nine_months":
      return "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TIẾP THEO";
    case "half":
      return "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM";
    case "year":
      return "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TIẾP THEO";
  }
}

/** The quarters section IV looks at: the next quarter; the second half for 6 months; the next year for a year. */
function nextRefs(p: PeriodRef): PeriodRef[] {
  if (p.kind === "half") return [3, 4].map((index) => ({ year: p.year, kind: "quarter", index }));
  if (p.kind === "year") return quartersOf({ year: p.year + 1, kind: "year", index: 1 });
  return [nextPeriod(p)];
}

/** "UBND xã Ngọc Sơn" → header lines ["ỦY BAN NHÂN DÂN", "XÃ NGỌC SƠN"] and place "Ngọc Sơn". */
export function officeHeader(name: string): { headerLines: string[]; place: string; unit: string } {
  const clean = name.replace(/\s+/g, " ").trim();
  const unit = clean.replace(/^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/iu, "");
  const place = unit.replace(/^(?:xã|thị trấn|phường|đặc khu)\s+/iu, "").trim() || unit;
  return { headerLines: ["ỦY BAN NHÂN DÂN", unit.toLocaleUpperCase("vi")], place, unit };
}

function aggregationNote(period: ReportingPeriod, quarters: ReportingPeriod[], now: Date, timezone: string): string {
  const at = `${vnDate(todayIn(timezone, now))} ${timeIn(timezone, now)}`;
  const base = `Số liệu tổng hợp từ báo cáo của các công chức qua cchc-bot đến ${at}; kỳ báo cáo từ ${vnDate(period.start)} đến ${vnDate(period.end)}.`;
  if (period.kind === "quarter") {
    return `${base} Mỗi nhiệm vụ, mỗi chỉ tiêu lấy câu trả lời, số liệu báo cáo sau cùng (lần sửa sau cùng) của kỳ.`;
  }
  const qs = quarters.map((q) => `quý ${toRoman(q.index)}`).join(", ");
  return (
    `${base} Báo cáo ${periodPhrase(period).replace(/ năm \d+$/, "")} tổng hợp ${qs}: mỗi nhiệm vụ lấy câu trả lời sau cùng ` +
    `trong các quý của kỳ (kể cả câu trả lời cho cả kỳ); chỉ tiêu tính theo tỷ lệ (%) lấy số liệu của quý gần nhất có báo cáo; ` +
    `chỉ tiêu đếm số lượng lấy tổng số liệu các quý (số liệu báo cáo cho cả kỳ, nếu có, được dùng thay cho tổng).`
  );
}

function timeIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
}

function tidy(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[\s.;,:]+$/u, "");
}

function taskText(t: StoredTask): string {
  return t.activity ? `${tidy(t.text)} — ${tidy(t.activity)}` : tidy(t.text);
}

/** A task's text cut to about `max` characters at a word boundary, for sentences that quote it. */
export function briefText(text: string, max = 110): string {
  const t = tidy(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.\s-]+$/u, "")}…`;
}

function emptyCounts(): StatusCounts {
  return { total: 0, done: 0, in_progress: 0, not_started: 0, blocked: 0, unanswered: 0, late: 0 };
}

function later(a: { createdAt: Date; id: number }, b: { createdAt: Date; id: number }): boolean {
  const d = a.createdAt.getTime() - b.createdAt.getTime();
  return d > 0 || (d === 0 && a.id > b.id);
}

function datedMilestones(t: StoredTask): StoredMilestone[] {
  return t.milestones.filter((m) => m.due !== null && (m.kind === "due" || m.kind === "unspecified"));
}

// ---------------------------------------------------------------------------
// The pure builder

export function buildReportModel(input: ReportInput): ReportModel {
  const rule = input.office.periodRule;
  const period = reportingPeriod(input.period, rule);
  const quarters = quartersOf(input.period).map((q) => reportingPeriod(q, rule));
  const periodKeys = [...new Set([period.key, ...quarters.map((q) => q.key)])];
  const keyOrder = new Map(quarters.map((q, i) => [q.key, i]));
  keyOrder.set(period.key, quarters.length); // an answer for the whole period comes after its quarters
  const today = todayIn(input.office.timezone, input.now);
  const calendarSpan = reportingPeriod(input.period, "calendar");
  const lateLimit = period.end > calendarSpan.end ? period.end : calendarSpan.end;

  const personName = new Map(input.people.map((p) => [p.id, p.fullName]));
  const titleName = new Map(input.titles.map((t) => [t.id, t.name]));

  // Answers by task; only those given up to now and not for a later period count.
  const entriesByTask = new Map<number, ReportEntryInput[]>();
  for (const e of input.entries) {
    if (e.createdAt.getTime() > input.now.getTime()) continue;
    const ref = parsePeriodKey(e.periodKey);
    if (!ref || reportingPeriod(ref, rule).start > period.end) continue;
    const list = entriesByTask.get(e.taskId) ?? [];
    list.push(e);
    entriesByTask.set(e.taskId, list);
  }

  const reportTasks: ReportTask[] = [];
  for (const t of input.tasks) {
    const all = entriesByTask.get(t.id) ?? [];
    const lite: EntryLite[] = all.map((e) => ({ periodKey: e.periodKey, status: e.status, createdAt: e.createdAt }));
    const inPeriod = t.milestones.some((m) => milestoneInPeriod(m, period, rule));
    const lateMilestones = datedMilestones(t)
      .filter((m) => m.due! < today && m.due! <= lateLimit && !milestoneClosed(m, lite, rule))
      .map((m) => ({ label: m.label, due: m.due! }));
    if (!inPeriod && lateMilestones.length === 0) continue;

    let chosen: ReportEntryInput | null = null;
    let count = 0;
    for (const e of all) {
      if (!periodKeys.includes(e.periodKey)) continue;
      count++;
      if (!chosen || later(e, chosen)) chosen = e;
    }
    const status: ReportStatus = chosen ? chosen.status : "unanswered";
    const product = chosen?.product?.trim() || null;
    const note = chosen?.note?.trim() || null;
    const refs = chosen ? [...findDocumentRefs(product ?? ""), ...findDocumentRefs(note ?? ""), ...(chosen.evidence ?? [])] : [];
    const documents = [...new Set(refs.map((r) => r.trim()).filter((r) => r && !(product ?? "").includes(r)))];
    reportTasks.push({
      taskId: t.id,
      seq: t.seq,
      ref: t.ref,
      area: t.area,
      text: taskText(t),
      expectedOutput: t.output,
      lead: t.lead.map((l) => l.title),
      support: t.support.map((l) => l.title),
      deadlineText: t.deadlineText,
      status,
      note,
      product,
      documents,
      reportedBy: chosen ? (personName.get(chosen.personId) ?? null) : null,
      reportedAt: chosen?.createdAt ?? null,
      answerPeriodKey: chosen?.periodKey ?? null,
      answerCount: count,
      late: status !== "done" && lateMilestones.length > 0,
      lateMilestones: status === "done" ? [] : lateMilestones,
      inPeriod,
    });
  }

  // Areas in the seven-area order; unclassified tasks only when there are any.
  const codes: (AreaCode | "unclassified")[] = REFORM_AREAS.map((a) => a.code);
  if (reportTasks.some((t) => t.area === "unclassified")) codes.push("unclassified");
  const totals = emptyCounts();
  const areas: ReportArea[] = codes.map((code, i) => {
    const tasks = reportTasks.filter((t) => t.area === code).sort((a, b) => a.seq - b.seq);
    const counts = emptyCounts();
    for (const t of tasks) {
      for (const c of [counts, totals]) {
        c.total++;
        c[t.status]++;
        if (t.late) c.late++;
      }
    }
    const name = code === "unclassified" ? "Chưa xếp lĩnh vực" : REFORM_AREAS.find((a) => a.code === code)!.name;
    return { code, number: i + 1, heading: AREA_HEADINGS[code], name, tasks, counts };
  });

  // Targets.
  const taskSeq = new Map(input.tasks.map((t) => [t.id, t.seq]));
  const figuresByTarget = new Map<number, ReportFigureInput[]>();
  for (const f of input.figures) {
    if (f.createdAt.getTime() > input.now.getTime() || !periodKeys.includes(f.periodKey)) continue;
    const list = figuresByTarget.get(f.targetId) ?? [];
    list.push(f);
    figuresByTarget.set(f.targetId, list);
  }
  const targets: ReportTarget[] = [...input.targets]
    .sort((a, b) => a.seq - b.seq)
    .map((t) => {
      // Latest figure per period key.
      const perKey = new Map<string, ReportFigureInput>();
      for (const f of figuresByTarget.get(t.id) ?? []) {
        const prev = perKey.get(f.periodKey);
        if (!prev || later(f, prev)) perKey.set(f.periodKey, f);
      }
      const ordered = [...perKey.values()].sort((a, b) => (keyOrder.get(a.periodKey) ?? 0) - (keyOrder.get(b.periodKey) ?? 0));
      const rule: "last" | "sum" = t.unit === "count" ? "sum" : "last";
      let actual: number | null = null;
      let actualText: string | null = null;
      let reporter: number | null = null;
      const whole = perKey.get(period.key);
      if (ordered.length) {
        if (rule === "sum" && !whole && ordered.length > 1) {
          actual = ordered.reduce((s, f) => s + f.value, 0);
          const parts = ordered.map((f) => `quý ${toRoman(parsePeriodKey(f.periodKey)!.index)}: ${figureText(f, t.unit)}`);
          actualText = `${formatFigure(actual, "count")} (${parts.join("; ")})`;
          reporter = ordered[ordered.length - 1]!.personId;
        } else {
          const last = whole ?? ordered[ordered.length - 1]!;
          actual = last.value;
          actualText = figureText(last, t.unit);
          reporter = last.personId;
        }
      }
      return {
        targetId: t.id,
        seq: t.seq,
        taskSeq: t.taskId !== null ? (taskSeq.get(t.taskId) ?? null) : null,
        indicator: t.indicator,
        owner: t.ownerTitleId !== null ? (titleName.get(t.ownerTitleId) ?? null) : null,
        comparator: t.comparator,
        goal: t.value,
        unit: t.unit,
        goalText: goalText(t),
        actual,
        actualText,
        rule,
        verdict: actual === null ? "no_data" : targetMet(t, actual) ? "met" : "not_met",
        reportedBy: reporter !== null ? (personName.get(reporter) ?? null) : null,
      };
    });

  // Difficulties: blocked items with their reasons, late items, targets not met.
  const difficulties: ReportDifficulty[] = [];
  for (const a of areas) {
    for (const t of a.tasks) {
      if (t.status === "blocked") {
        difficulties.push({ kind: "blocked", taskSeq: t.seq, area: t.area, text: `Nhiệm vụ số ${t.seq} (${briefText(t.text)}) gặp vướng mắc.`, reason: t.note });
      }
    }
  }
  for (const a of areas) {
    for (const t of a.tasks) {
      if (!t.late || t.status === "blocked") continue;
      const dues = t.lateMilestones.map((m) => (m.label ? `${m.label}: ${vnDate(m.due)}` : vnDate(m.due))).join("; ");
      const state = t.status === "unanswered" ? "chưa có báo cáo" : REPORT_STATUS_LABEL[t.status].toLowerCase();
      difficulties.push({ kind: "late", taskSeq: t.seq, area: t.area, text: `Nhiệm vụ số ${t.seq} (${briefText(t.text)}) chậm so với thời hạn ${dues}, ${state}.`, reason: t.note });
    }
  }
  for (const t of targets) {
    if (t.verdict !== "not_met") continue;
    difficulties.push({
      kind: "target",
      taskSeq: t.taskSeq,
      area: null,
      text: `Chỉ tiêu “${t.indicator}” chưa đạt: kết quả ${t.actualText}, mục tiêu ${t.goalText}.`,
      reason: null,
    });
  }

  // Next period: dated milestones due in it, not closed yet.
  const nextPeriods = nextRefs(input.period).map((r) => reportingPeriod(r, rule));
  const nextTasks: ReportNextTask[] = [];
  let ongoingCount = 0;
  for (const t of input.tasks) {
    const lite: EntryLite[] = (entriesByTask.get(t.id) ?? []).map((e) => ({ periodKey: e.periodKey, status: e.status, createdAt: e.createdAt }));
    const due = datedMilestones(t)
      .filter((m) => nextPeriods.some((p) => milestoneInPeriod({ kind: "due", due: m.due, every: null }, p, rule)))
      .filter((m) => !milestoneClosed(m, lite, rule))
      .sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));
    const first = due[0];
    if (first) {
      nextTasks.push({ taskId: t.id, seq: t.seq, area: t.area, text: taskText(t), lead: t.lead.map((l) => l.title), label: first.label, due: first.due! });
    } else if (t.milestones.some((m) => (m.kind === "recurring" || m.kind === "continuous") && nextPeriods.some((p) => milestoneInPeriod(m, p, rule)))) {
      ongoingCount++;
    }
  }
  const areaIndex = (a: AreaCode | "unclassified") => codes.indexOf(a);
  nextTasks.sort((a, b) => areaIndex(a.area) - areaIndex(b.area) || a.seq - b.seq);
  const carryOver = areas.flatMap((a) => a.tasks).filter((t) => t.status !== "done" && !nextTasks.some((n) => n.taskId === t.taskId));

  // Who has not answered: lead titles of unanswered tasks, with the persons holding them today.
  const holders = new Map<number, string[]>();
  for (const a of input.assignments) {
    if (a.fromDate > today || (a.toDate !== null && a.toDate <= today)) continue;
    const person = input.people.find((p) => p.id === a.personId);
    if (!person || !person.active) continue;
    const list = holders.get(a.titleId) ?? [];
    if (!list.includes(person.fullName)) list.push(person.fullName);
    holders.set(a.titleId, list);
  }
  const missingMap = new Map<string, ReportMissing>();
  for (const a of areas) {
    for (const t of a.tasks) {
      if (t.status !== "unanswered") continue;
      const task = input.tasks.find((x) => x.id === t.taskId)!;
      const leads = task.lead.length ? task.lead : [{ titleId: null, title: "Chưa xác định chức danh chủ trì" }];
      for (const l of leads) {
        const key = String(l.titleId ?? l.title);
        const m = missingMap.get(key) ?? { titleId: l.titleId, title: l.title, people: l.titleId !== null ? (holders.get(l.titleId) ?? []) : [], tasks: [] };
        m.tasks.push({ seq: t.seq, text: t.text });
        missingMap.set(key, m);
      }
    }
  }
  const missing = [...missingMap.values()].sort((a, b) => b.tasks.length - a.tasks.length || a.title.localeCompare(b.title, "vi"));

  const chair = input.titles.find((t) => /^chu tich\b/.test(fold(t.name)));
  const signer = chair ? (holders.get(chair.id)?.[0] ?? null) : null;

  return {
    office: { name: input.office.name, timezone: input.office.timezone, ...officeHeader(input.office.name) },
    planYear: input.planYear,
    period,
    rule,
    periodKeys,
    generatedAt: input.now,
    today,
    subject: `Kết quả thực hiện công tác cải cách hành chính ${periodPhrase(period)}`,
    periodPhrase: periodPhrase(period),
    nextHeading: nextHeading(period),
    nextPeriods,
    areas,
    totals,
    targets,
    difficulties,
    nextTasks,
    ongoingCount,
    carryOver,
    missing,
    signer,
    aggregationNote: aggregationNote(period, quarters, input.now, input.office.timezone),
  };
}

function figureText(f: ReportFigureInput, unit: "%" | "count"): string {
  if (f.numerator !== null && f.denominator !== null) return `${f.numerator}/${f.denominator} (${formatFigure(f.value, "%")})`;
  return formatFigure(f.value, unit);
}

// ---------------------------------------------------------------------------
// Loading

export interface CompileOptions {
  officeId: number;
  period: PeriodRef;
  now: Date;
}

/** Loads the office's plan for the period's year and everything answered for it, and builds the model. */
export async function compileReport(db: Db, opts: CompileOptions): Promise<ReportModel> {
  return buildReportModel(await loadReportInput(db, opts));
}

/** The plain data `buildReportModel` needs; throws a UserError when the office or its plan for the year is missing. */
export async function loadReportInput(db: Db, opts: CompileOptions): Promise<ReportInput> {
  const office = await db.office.findUnique({ where: { id: opts.officeId } });
  if (!office) throw new UserError(`Không tìm thấy đơn vị (mã ${opts.officeId}).`);
  const plan = await latestPlan(db, office.id, opts.period.year);
  if (!plan || plan.year !== opts.period.year) {
    throw new UserError(`${office.name} chưa có kế hoạch CCHC năm ${opts.period.year}. Nhập kế hoạch bằng: npm run import -- <tệp> --office "${office.name}"`);
  }
  const tasks = await listTasks(db, plan.id);
  const taskIds = tasks.map((t) => t.id);
  const [entries, targets, titles, people, assignments] = await Promise.all([
    db.progressEntry.findMany({
      where: { taskId: { in: taskIds } },
      include: { evidence: { select: { reference: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.target.findMany({ where: { planId: plan.id }, orderBy: { seq: "asc" } }),
    db.officerTitle.findMany({ where: { officeId: office.id }, select: { id: true, name: true } }),
    db.person.findMany({ where: { officeId: office.id }, select: { id: true, fullName: true, active: true } }),
    db.titleAssignment.findMany({ where: { person: { officeId: office.id } }, select: { personId: true, titleId: true, fromDate: true, toDate: true } }),
  ]);
  const figures = await db.targetFigure.findMany({ where: { targetId: { in: targets.map((t) => t.id) } } });
  return {
    office: { name: office.name, periodRule: office.periodRule === "calendar" ? "calendar" : "decree09", timezone: office.timezone },
    planYear: plan.year,
    period: opts.period,
    now: opts.now,
    tasks,
    entries: entries.map((e) => ({
      id: e.id,
      taskId: e.taskId,
      periodKey: e.periodKey,
      personId: e.personId,
      status: e.status as ProgressStatus,
      note: e.note,
      product: e.product,
      createdAt: e.createdAt,
      evidence: e.evidence.map((v) => v.reference),
    })),
    targets: targets.map((t) => ({
      id: t.id,
      seq: t.seq,
      taskId: t.taskId,
      ownerTitleId: t.ownerTitleId,
      indicator: t.indicator,
      comparator: t.comparator as Comparator,
      value: t.value,
      unit: t.unit === "count" ? "count" : "%",
      phrase: t.phrase,
    })),
    figures,
    titles,
    people,
    assignments,
  };
}

/** The file name stem of a period's report: "bao-cao-cchc-2024-Q1". */
export function reportFileStem(model: ReportModel): string {
  return `bao-cao-cchc-${model.period.key}`;
}
