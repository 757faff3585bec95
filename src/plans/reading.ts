// Turns the rows read from a plan's table(s) into the plan as data: areas,
// lead/support titles, milestones and targets, plus every problem found.
// Pure: the title catalogue comes in, nothing is stored here.
import { matchArea, areaFromName } from "../domain/areas.ts";
import { parseDeadline } from "../domain/deadlines.ts";
import { cleanText } from "../domain/text.ts";
import { extractTargets } from "../domain/targets.ts";
import {
  guessTitleKind,
  guessTitleName,
  matchTitle,
  splitUnits,
  titleKey,
  type TitleDef,
  type TitleKind,
} from "../domain/titles.ts";
import { areaName, type AreaCode, type Milestone, type TargetReading } from "../domain/types.ts";
import type { PlanRow, TableReading } from "./grid.ts";

export interface TitleLink {
  raw: string;
  title: string;
  /** True when the title is not in the office's catalogue yet: importing creates it. */
  isNew?: true;
}

export interface TaskReading {
  row: number;
  table: number;
  ref: string;
  area: string | null;
  areaCode: AreaCode | null;
  task: string;
  activity: string | null;
  output: string | null;
  lead: TitleLink[];
  support: TitleLink[];
  deadlineText: string;
  note: string | null;
  milestones: Milestone[];
}

export interface PlanTargetReading extends TargetReading {
  row: number;
  ref: string;
  /** The lead title that owns it (the first lead of its task). */
  owner: string | null;
}

export interface NewTitle {
  name: string;
  kind: TitleKind;
  raws: string[];
}

export interface Problem {
  row: number;
  message: string;
}

export interface PlanReading {
  office: string;
  year: number;
  source: { file: string; format: "docx" | "xlsx" | "csv" };
  tasks: TaskReading[];
  targets: PlanTargetReading[];
  newTitles: NewTitle[];
  headings: { row: number; text: string }[];
  /** What the reader did on purpose (a repeated header skipped, a title row used as caption): listed, nothing to fix. */
  notes: Problem[];
  /** Rows and phrases it could not understand, or that need a human look. */
  problems: Problem[];
}

export interface ReadOptions {
  office: string;
  year: number;
  source: PlanReading["source"];
  catalogue: readonly TitleDef[];
}

/** Resolves raw lead/support names against the catalogue, inventing one title per unknown unit. */
class TitleResolver {
  private readonly created = new Map<string, NewTitle>();

  constructor(private readonly catalogue: readonly TitleDef[]) {}

  resolve(paragraphs: string[]): TitleLink[] {
    const links: TitleLink[] = [];
    for (const raw of splitUnits(paragraphs)) {
      const { title } = matchTitle(raw, this.catalogue);
      let link: TitleLink;
      if (title) {
        link = { raw, title: title.name };
      } else {
        link = { raw, title: this.invent(raw).name, isNew: true };
      }
      // "Văn phòng UBND xã; Văn phòng UBND xã" or two spellings of one title: keep one link.
      if (!links.some((l) => l.title === link.title)) links.push(link);
    }
    return links;
  }

  private invent(raw: string): NewTitle {
    const name = guessTitleName(raw);
    // Unknown spellings of one unit share a title when their names fold alike.
    const key = titleKey(name);
    let entry = this.created.get(key);
    if (!entry) {
      const known = this.catalogue.find((t) => titleKey(t.name) === key);
      entry = { name: known ? `${name} (mới)` : name, kind: guessTitleKind(raw), raws: [] };
      this.created.set(key, entry);
    }
    if (!entry.raws.includes(raw)) entry.raws.push(raw);
    return entry;
  }

  newTitles(): NewTitle[] {
    return [...this.created.values()];
  }
}

function resolveArea(row: PlanRow): AreaCode | null {
  if (row.areaCell) {
    const code = areaFromName(row.areaCell) ?? matchArea(row.areaCell);
    if (code) return code;
  }
  for (const text of row.section) {
    const code = matchArea(text);
    if (code) return code;
  }
  return null;
}

function joinText(paragraphs: string[]): string {
  return cleanText(paragraphs.join(" "));
}

export function readPlanRows(table: TableReading, options: ReadOptions): PlanReading {
  const titles = new TitleResolver(options.catalogue);
  // Grid messages start with "Dòng N:"; the row number travels separately.
  const strip = (m: string) => m.replace(/^Dòng \d+:\s*/, "");
  const notes: Problem[] = table.problems.filter((p) => p.level === "info").map((p) => ({ row: p.row, message: strip(p.message) }));
  const problems: Problem[] = table.problems.filter((p) => p.level !== "info").map((p) => ({ row: p.row, message: strip(p.message) }));
  const tasks: TaskReading[] = [];
  const targets: PlanTargetReading[] = [];
  const seenTargets = new Set<string>();

  for (const row of table.rows) {
    const areaCode = resolveArea(row);
    const where = `Nhiệm vụ ${row.ref}${areaCode ? ` (${areaName(areaCode)})` : ""}`;
    if (!areaCode) {
      problems.push({
        row: row.row,
        message: `Nhiệm vụ ${row.ref}: không xác định được lĩnh vực cải cách (không có tiêu đề mục hay tên phụ lục nêu lĩnh vực).`,
      });
    }
    const deadlineText = joinText(row.deadline);
    const deadline = parseDeadline(row.deadline.join("\n"), options.year);
    for (const message of deadline.problems) {
      problems.push({ row: row.row, message: `${where}: ${message}` });
    }
    if (deadlineText === "") {
      problems.push({
        row: row.row,
        message: `${where}: không có thời gian hoàn thành; nhiệm vụ được xếp vào nhóm "chưa có hạn".`,
      });
    }
    const lead = titles.resolve(row.lead);
    const support = titles.resolve(row.support);
    const task: TaskReading = {
      row: row.row,
      table: row.table,
      ref: row.ref,
      area: areaCode ? areaName(areaCode) : null,
      areaCode,
      task: row.task,
      activity: row.activity,
      output: row.output,
      lead,
      support,
      deadlineText,
      note: row.note,
      milestones: deadline.milestones,
    };
    tasks.push(task);

    const found = [...extractTargets(row.task), ...(row.activity ? extractTargets(row.activity) : [])];
    for (const t of found) {
      // Sub-rows share their goal cell: its targets count once, owned by the first sub-row's lead.
      const key = `${areaCode}|${row.number}|${t.indicator}|${t.comparator}|${t.value}`;
      if (seenTargets.has(key)) continue;
      seenTargets.add(key);
      targets.push({ ...t, row: row.row, ref: row.ref, owner: lead[0]?.title ?? null });
    }
  }

  return {
    office: options.office,
    year: options.year,
    source: options.source,
    tasks,
    targets,
    newTitles: titles.newTitles(),
    headings: table.headings,
    notes,
    problems: problems.sort((a, b) => a.row - b.row),
  };
}
