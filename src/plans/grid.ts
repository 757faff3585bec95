// A neutral grid of cells, shared by the .docx, .xlsx and .csv readers, and the
// interpreter that turns a grid into plan rows by reading the HEADER WORDING
// (never column positions): plans differ in column order, wording and extras.

import { cleanText, foldWords } from "../domain/text.ts";
import { UserError } from "../errors.ts";

export interface GridCell {
  /** Cleaned paragraphs, empties dropped. */
  paragraphs: string[];
  /**
   * Set on the 2nd, 3rd… logical columns covered by one horizontally merged cell
   * (docx gridSpan, xlsx merge): the column where that cell starts. The paragraphs
   * repeat the source's, so a reader of any single column still sees the text.
   */
  copyOf?: number;
  /** Set on cells continuing a vertical merge: paragraphs copied from the cell that started it. */
  continued?: boolean;
}

export interface GridRow {
  cells: GridCell[];
  sourceRow: number;
  /** One cell (or a number cell plus one cell) spans the row: typically a section heading. */
  mergedAcross: boolean;
  /** docx w:tblHeader: Word repeats this row on every page. Informative only: headers are found by wording. */
  header?: boolean;
}

export interface Grid {
  rows: GridRow[];
  /** Up to three non-empty paragraphs before the table, NEAREST FIRST (for a sheet: its name). */
  caption: string[];
  /** 1-based index of the table (or sheet) in the file. */
  index: number;
  /** How many non-empty rows from the top may hold the header (default 4). */
  headerSearchRows?: number;
}

export type Column = "number" | "goal" | "task" | "activity" | "output" | "lead" | "support" | "deadline" | "note" | "area";

export interface PlanRow {
  row: number;
  table: number;
  number: string;
  ref: string;
  /** Area-giving headings: the top-level section row's text if any, then the table caption (nearest first). */
  section: string[];
  /** The nearest Arabic-numbered group heading ("1. Kiểm soát TTHC") under the section, if any. */
  group: string | null;
  areaCell: string | null;
  task: string;
  activity: string | null;
  output: string | null;
  lead: string[];
  support: string[];
  deadline: string[];
  note: string | null;
}

export interface GridProblem {
  row: number;
  message: string;
  /** "info": something was skipped or reinterpreted on purpose; "warning": the user should look. */
  level?: "info" | "warning";
}

export interface Heading {
  row: number;
  text: string;
  /** 1 = section (Roman numeral, letter or unnumbered), 2 = group (Arabic number). */
  level?: 1 | 2;
  table?: number;
}

export interface TableReading {
  rows: PlanRow[];
  headings: Heading[];
  problems: GridProblem[];
  tablesFound: number;
  tablesSkipped: number;
}

export class PlanReadError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PlanReadError";
  }
}

// ---------------------------------------------------------------------------
// Helpers for the readers

/** Splits a cell text on line breaks into cleaned, non-empty paragraphs. */
export function splitParagraphs(text: string): string[] {
  return cleanParagraphs(text.split(/\r\n|\r|\n|\u2028|\u2029|\v/));
}

export function cleanParagraphs(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const c = cleanText(p);
    if (c !== "") out.push(c);
  }
  return out;
}

/** Pads every row to the grid's width and marks the rows merged across. */
export function finishGrid(grid: Grid): Grid {
  let width = 0;
  for (const r of grid.rows) width = Math.max(width, r.cells.length);
  for (const r of grid.rows) {
    while (r.cells.length < width) r.cells.push({ paragraphs: [] });
    let sources = 0;
    let copies = 0;
    for (const c of r.cells) {
      if (c.copyOf === undefined) sources++;
      else copies++;
    }
    r.mergedAcross = copies >= 1 && sources <= 2 && width >= 2;
  }
  return grid;
}

// ---------------------------------------------------------------------------
// Header vocabulary

type HeaderKind = Column | "taskActivity" | "group" | "ignored";

// Order matters: "Thời gian thực hiện" is a deadline before it is a "thực hiện"
// group; "Nhiệm vụ/Hoạt động" is checked before "Hoạt động" and "Nhiệm vụ".
const HEADER_RULES: [HeaderKind, RegExp][] = [
  ["number", /^(s?tt|so tt|so thu tu|thu tu|so)$/],
  ["note", /\bghi chu\b/],
  ["area", /^(cac )?(linh vuc|nhom linh vuc)\b/],
  ["ignored", /\b(bat dau|kinh phi|nguon von|du toan)\b/],
  ["lead", /\b(chu tri|phu trach)\b/],
  ["support", /\bphoi hop\b/],
  ["deadline", /\b(thoi gian|thoi han|tien do|han hoan thanh|thoi diem)\b/],
  ["taskActivity", /\bnhiem vu\b.*\bhoat dong\b|\bhoat dong\b.*\bnhiem vu\b/],
  ["activity", /\bhoat dong\b/],
  ["task", /\b(nhiem vu|noi dung|cong viec|giai phap)\b/],
  ["goal", /\b(muc tieu|chi tieu)\b/],
  ["output", /\b(san pham|ket qua)\b/],
  ["group", /\b(trach nhiem|thuc hien|phan cong)\b/],
];

const MAX_HEADER_WORDS = 12;

function classifyHeader(text: string): HeaderKind | null {
  const w = foldWords(text);
  if (w === "" || w.split(" ").length > MAX_HEADER_WORDS) return null;
  for (const [kind, re] of HEADER_RULES) if (re.test(w)) return kind;
  return null;
}

const TASKISH = new Set<HeaderKind>(["task", "taskActivity", "activity", "goal"]);
const LEADISH = new Set<HeaderKind>(["lead", "deadline", "group"]);

export const EXPECTED_HEADERS =
  'một cột nhiệm vụ ("Nhiệm vụ", "Nội dung", "Mục tiêu", "Nhiệm vụ/Hoạt động", "Hoạt động"…) ' +
  'và một cột chủ trì hoặc thời hạn ("Chủ trì", "Cơ quan chủ trì", "Công chức chủ trì tham mưu", "Thời gian hoàn thành", "Thời hạn"…)';

const textOf = (c: GridCell | undefined): string => (c ? c.paragraphs.join(" ") : "");

/** Kinds per column for one row; copies take their source's kind, continued cells count as empty. */
function rowKinds(row: GridRow): { kinds: (HeaderKind | null)[]; classified: number; nonEmpty: number } {
  const kinds: (HeaderKind | null)[] = [];
  let classified = 0;
  let nonEmpty = 0;
  row.cells.forEach((cell, i) => {
    if (cell.copyOf !== undefined) {
      kinds[i] = kinds[cell.copyOf] ?? null;
      return;
    }
    if (cell.continued || cell.paragraphs.length === 0) {
      kinds[i] = null;
      return;
    }
    nonEmpty++;
    const k = classifyHeader(textOf(cell));
    kinds[i] = k;
    if (k) classified++;
  });
  return { kinds, classified, nonEmpty };
}

function isHeaderRow(row: GridRow): boolean {
  const { kinds, classified, nonEmpty } = rowKinds(row);
  if (classified < 2 || classified * 2 < nonEmpty) return false;
  return kinds.some((k) => k !== null && TASKISH.has(k)) && kinds.some((k) => k !== null && LEADISH.has(k));
}

/** A second header row ("Chủ trì | Phối hợp" under "Trách nhiệm thực hiện"): every own cell is a header word. */
function isSubHeaderRow(row: GridRow): boolean {
  const { classified, nonEmpty } = rowKinds(row);
  return classified >= 1 && classified === nonEmpty;
}

interface ColumnMap {
  task: number[];
  activity: number[] | null;
  number: number[];
  output: number[];
  lead: number[];
  support: number[];
  deadline: number[];
  note: number[];
  area: number[];
  width: number;
  /** Per column, the kind as read from the header (for spotting repeated headers). */
  kinds: (HeaderKind | null)[];
  /** Row indexes (in grid.rows) of the header rows. */
  headerRows: number[];
  ignored: string[];
  /** Every column read by some field. */
  mapped: Set<number>;
  /** Folded texts of the header cells, to spot the header repeated after a page break. */
  headerTexts: Set<string>;
}

function buildColumnMap(grid: Grid, h: number): ColumnMap {
  const upper = grid.rows[h]!;
  const kinds = rowKinds(upper).kinds.slice();
  const texts = upper.cells.map((c) => textOf(c));
  const headerRows = [h];
  const next = grid.rows[h + 1];
  if (next && isSubHeaderRow(next) && !isHeaderRow(next)) {
    const lower = rowKinds(next).kinds;
    lower.forEach((k, i) => {
      if (k !== null) {
        kinds[i] = k;
        texts[i] = textOf(next.cells[i]);
      }
    });
    headerRows.push(h + 1);
  }

  // First header cell of each kind wins; a header spanning several columns keeps them all.
  const cols = new Map<HeaderKind, number[]>();
  const owner = new Map<HeaderKind, string>();
  const ignored: string[] = [];
  kinds.forEach((k, i) => {
    const text = texts[i] ?? "";
    if (k === null || k === "ignored") {
      if (k === "ignored" || (text !== "" && upper.cells[i]?.copyOf === undefined)) {
        if (text !== "" && !ignored.includes(text)) ignored.push(text);
      }
      return;
    }
    const first = owner.get(k);
    if (first === undefined) {
      owner.set(k, text);
      cols.set(k, [i]);
    } else if (first === text) {
      cols.get(k)!.push(i);
    } else if (!ignored.includes(text)) {
      ignored.push(text);
    }
  });

  const get = (k: HeaderKind) => cols.get(k) ?? null;
  const goal = get("goal");
  const task = get("task");
  const ta = get("taskActivity");
  const act = get("activity");
  let taskCols: number[];
  let activityCols: number[] | null;
  const goalTable = goal !== null && (task !== null || ta !== null || act !== null);
  if (goalTable) {
    taskCols = goal!;
    activityCols = act ?? ta ?? task;
    // With goal + task + activity columns, the plain task column has no place.
    for (const extra of [ta, task]) {
      if (extra && extra !== activityCols) ignored.push(texts[extra[0]!] ?? "");
    }
  } else {
    taskCols = task ?? ta ?? act ?? goal ?? [];
    activityCols = (task ?? ta) && act ? act : null;
    if (task && ta) ignored.push(texts[ta[0]!] ?? "");
  }
  const lead = get("lead") ?? get("group") ?? [];
  if (get("lead") && get("group")) ignored.push(texts[get("group")![0]!] ?? "");
  const map = {
    task: taskCols,
    activity: activityCols,
    number: get("number") ?? [],
    output: get("output") ?? [],
    lead,
    support: get("support") ?? [],
    deadline: get("deadline") ?? [],
    note: get("note") ?? [],
    area: get("area") ?? [],
    width: upper.cells.length,
    kinds,
    headerRows,
    ignored: ignored.filter((t) => t !== ""),
    mapped: new Set<number>(),
    headerTexts: new Set<string>(),
  };
  for (const hr of headerRows) {
    for (const c of grid.rows[hr]!.cells) if (c.paragraphs.length) map.headerTexts.add(foldWords(textOf(c)));
  }
  for (const cols of [map.task, map.activity ?? [], map.number, map.output, map.lead, map.support, map.deadline, map.note, map.area]) {
    for (const c of cols) map.mapped.add(c);
  }
  return map;
}

/** Index in grid.rows of the (first) header row of a plan table, or null when the grid is not one. */
export function findHeaderRow(grid: Grid): number | null {
  return findHeader(grid);
}

/** Texts of the cells above the header row (title rows), nearest first. */
export function titleTexts(grid: Grid, headerIndex: number): string[] {
  const texts: string[] = [];
  for (let i = 0; i < headerIndex; i++) {
    for (const c of grid.rows[i]!.cells) {
      if (c.copyOf !== undefined || c.continued || c.paragraphs.length === 0) continue;
      const t = textOf(c);
      if (!texts.includes(t)) texts.push(t);
    }
  }
  return texts.reverse();
}

function findHeader(grid: Grid): number | null {
  const limit = grid.headerSearchRows ?? 4;
  let seen = 0;
  for (let i = 0; i < grid.rows.length && seen < limit; i++) {
    const row = grid.rows[i]!;
    if (!row.cells.some((c) => c.paragraphs.length > 0)) continue;
    seen++;
    if (isHeaderRow(row)) return i;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Row shapes

interface Field {
  /** All paragraphs, including those copied from a vertical merge. */
  all: string[];
  /** Paragraphs of cells that are not continuations of a vertical merge. */
  own: string[];
  continued: boolean;
}

function readField(row: GridRow, cols: number[] | null, mapped: Set<number>): Field {
  const f: Field = { all: [], own: [], continued: false };
  if (!cols) return f;
  for (const c of cols) {
    const cell = row.cells[c];
    if (!cell || cell.paragraphs.length === 0) continue;
    // A cell spanning several columns belongs to the field of its first column only.
    if (cell.copyOf !== undefined && mapped.has(cell.copyOf)) continue;
    f.all.push(...cell.paragraphs);
    if (cell.continued) f.continued = true;
    else f.own.push(...cell.paragraphs);
  }
  return f;
}

const FIELD_NAMES = ["number", "task", "activity", "output", "lead", "support", "deadline", "note", "area"] as const;
type FieldName = (typeof FIELD_NAMES)[number];
type Fields = Record<FieldName, Field>;

function readFields(row: GridRow, map: ColumnMap): Fields {
  const m = map.mapped;
  return {
    number: readField(row, map.number, m),
    task: readField(row, map.task, m),
    activity: readField(row, map.activity, m),
    output: readField(row, map.output, m),
    lead: readField(row, map.lead, m),
    support: readField(row, map.support, m),
    deadline: readField(row, map.deadline, m),
    note: readField(row, map.note, m),
    area: readField(row, map.area, m),
  };
}

/** "(1) (2) (3)…" or "1 2 3 4…" under the header. */
function isColumnNumberingRow(row: GridRow): boolean {
  const values: number[] = [];
  for (const cell of row.cells) {
    if (cell.copyOf !== undefined || cell.paragraphs.length === 0) continue;
    const m = /^\(?(\d{1,2}|[A-Za-z])\)?$/.exec(textOf(cell));
    if (!m) return false;
    const t = m[1]!;
    values.push(/\d/.test(t) ? Number(t) : t.toUpperCase().charCodeAt(0) - 64);
  }
  if (values.length < 3) return false;
  for (let i = 1; i < values.length; i++) if (values[i]! <= values[i - 1]!) return false;
  return true;
}

function isRepeatedHeader(row: GridRow, map: ColumnMap, headerTexts: Set<string>): boolean {
  const own = row.cells.filter((c) => c.copyOf === undefined && !c.continued && c.paragraphs.length > 0);
  if (own.length === 0) return false;
  if (own.every((c) => headerTexts.has(foldWords(textOf(c))))) return true;
  const { kinds, classified, nonEmpty } = rowKinds(row);
  if (classified * 2 < nonEmpty) return false;
  let same = 0;
  kinds.forEach((k, i) => {
    if (k === null || row.cells[i]?.copyOf !== undefined) return;
    const hk = map.kinds[i];
    if (hk === k || (k === "lead" && hk === "group") || (k === "group" && hk === "lead")) same++;
  });
  return same >= 2;
}

const NUMBER_LABEL = /^([IVXLCDM]+|\d+(?:\.\d+)*|[A-ZĐ])$/;
const NUMBER_PREFIX = /^([IVXLCDM]+|\d+(?:\.\d+)*|[A-ZĐ])\s*[.):/-]?\s+(?=\S)/;

/** Heading label kind: Roman numerals and letters open a section, Arabic numbers a group. */
function headingLevel(label: string): 1 | 2 {
  return /^\d/.test(label) ? 2 : 1;
}

function isMostlyUpper(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length < 3) return false;
  return letters.replace(/[^\p{Lu}]/gu, "").length / letters.length >= 0.7;
}

function startsLikeContinuation(text: string): boolean {
  // A new task starts with a capital, a number or a bullet; text carried over a page break usually mid-sentence.
  return /^[\p{Ll},;)]/u.test(text);
}

function suffix(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

function joinText(paragraphs: string[]): string {
  return cleanText(paragraphs.join(" "));
}

function stripNumber(text: string): string {
  return cleanText(text).replace(/\.+$/, "").trim();
}

// ---------------------------------------------------------------------------
// The interpreter

interface Draft {
  row: number;
  table: number;
  number: string;
  sectionKey: string;
  section: string[];
  group: string | null;
  task: string[];
  activity: string[];
  output: string[];
  lead: string[];
  support: string[];
  deadline: string[];
  note: string[];
  area: string[];
}

interface SectionState {
  top: string | null;
  sub: string | null;
  caption: string[];
  key: string;
  last: Draft | null;
  map: ColumnMap;
  grid: Grid;
}

/**
 * Reads plan rows out of grids. A grid is a plan table when one of its first rows
 * names a task column and a lead or deadline column; other tables are skipped and
 * counted. Section rows set the area for the rows below; sub-rows share their
 * number and get a/b/c suffixes; a row split over a page is joined to the row above.
 * Every row not returned as a task is accounted for in `headings` or `problems`.
 * Throws PlanReadError when no grid is a plan table.
 */
export function interpretGrids(grids: Grid[]): TableReading {
  const drafts: Draft[] = [];
  const headings: Heading[] = [];
  const problems: GridProblem[] = [];
  let tablesFound = 0;
  let tablesSkipped = 0;
  let previous: SectionState | null = null;

  for (const grid of grids) {
    const firstRow = grid.rows.find((r) => r.cells.some((c) => c.paragraphs.length > 0));
    if (!firstRow) continue; // an empty table holds nothing to lose
    const h = findHeader(grid);
    let map: ColumnMap;
    let start: number;
    let titles: string[] = [];
    if (h === null) {
      // A plan table split in two (no paragraph between, same columns, no repeated header) continues the previous one.
      if (previous && grid.caption.length === 0 && firstRow.cells.length === previous.map.width && previous.map.width >= 4) {
        map = previous.map;
        start = 0;
        problems.push({
          row: firstRow.sourceRow,
          level: "info",
          message: `Bảng ${grid.index} không có dòng tiêu đề, được đọc như phần tiếp theo của bảng ${previous.grid.index}.`,
        });
      } else {
        tablesSkipped++;
        problems.push({
          row: firstRow.sourceRow,
          level: "info",
          message: `Bảng ${grid.index} không phải bảng nhiệm vụ (không có dòng tiêu đề phù hợp), bỏ qua: "${shorten(rowText(firstRow))}".`,
        });
        previous = null;
        continue;
      }
    } else {
      map = buildColumnMap(grid, h);
      start = map.headerRows[map.headerRows.length - 1]! + 1;
      titles = titleTexts(grid, h);
      for (let i = 0; i < h; i++) {
        const r = grid.rows[i]!;
        const t = rowText(r);
        if (t === "") continue;
        problems.push({ row: r.sourceRow, level: "info", message: `Dòng ${r.sourceRow}: dòng tiêu đề phía trên bảng, dùng làm chú thích: "${shorten(t)}".` });
      }
      if (map.ignored.length > 0) {
        problems.push({
          row: grid.rows[h]!.sourceRow,
          level: "info",
          message: `Bảng ${grid.index}: bỏ qua cột không dùng đến: ${map.ignored.map((t) => `"${t}"`).join(", ")}.`,
        });
      }
      if (map.task.length === 0 || map.lead.length === 0) {
        problems.push({
          row: grid.rows[h]!.sourceRow,
          level: "warning",
          message: `Bảng ${grid.index}: không thấy cột ${map.task.length === 0 ? "nhiệm vụ" : "chủ trì"}.`,
        });
      }
    }
    tablesFound++;

    // A spreadsheet reader already put the title rows into the caption.
    const caption = [...new Set([...titles, ...grid.caption])];
    const inherit = previous !== null && caption.length === 0;
    const state: SectionState = inherit
      ? { ...previous!, map, grid }
      : { top: null, sub: null, caption, key: `${grid.index}:0`, last: null, map, grid };
    const headerTexts = map.headerTexts;
    const hasNumber = map.number.length > 0;

    for (let i = start; i < grid.rows.length; i++) {
      const row = grid.rows[i]!;
      const n = row.sourceRow;
      const ownCells = row.cells.filter((c) => c.copyOf === undefined && !c.continued && c.paragraphs.length > 0);
      if (ownCells.length === 0) {
        if (row.cells.some((c) => c.paragraphs.length > 0)) {
          problems.push({ row: n, level: "info", message: `Dòng ${n}: chỉ có ô gộp từ dòng trên, không có nội dung riêng, bỏ qua.` });
        }
        continue;
      }
      if (isColumnNumberingRow(row)) {
        problems.push({ row: n, level: "info", message: `Dòng ${n}: dòng đánh số cột, bỏ qua.` });
        continue;
      }
      if (isRepeatedHeader(row, map, headerTexts)) {
        problems.push({ row: n, level: "info", message: `Dòng ${n}: dòng tiêu đề lặp lại, bỏ qua.` });
        continue;
      }

      const f = readFields(row, map);
      const numberText = stripNumber(f.number.all.join(" "));
      const numberContinued = f.number.continued && f.number.own.length === 0;

      // Section and group headings: merged across, or text only in the first cells.
      const restEmpty = (["lead", "support", "deadline", "output", "activity"] as const).every((k) => f[k].all.length === 0);
      const firstCols = new Set([0, 1, ...map.number, ...map.task]);
      const ownColumns = row.cells.flatMap((c, ci) => (c.copyOf === undefined && !c.continued && c.paragraphs.length > 0 ? [ci] : []));
      const taskContinued = f.task.continued && f.task.own.length === 0;
      const headingShape =
        !numberContinued &&
        !taskContinued &&
        ((row.mergedAcross && ownCells.length <= 2) || (restEmpty && ownColumns.every((c) => firstCols.has(c))));
      const ownText = cleanText(ownCells.map((c) => textOf(c)).join(" "));
      const label = NUMBER_LABEL.test(numberText) ? numberText : headingShape ? (NUMBER_PREFIX.exec(ownText)?.[1] ?? "") : "";
      const prev = state.last;

      // The rest of the previous row, carried over a page break: no number, no lead, and
      // either no task text, text starting mid-sentence, or an unnumbered line that does
      // not look like a heading (headings are numbered, merged across or in capitals).
      if (numberText === "" && !numberContinued && prev && hasNumber && f.lead.all.length === 0 && !row.mergedAcross && label === "") {
        const taskText = f.task.own[0] ?? f.activity.own[0] ?? "";
        if (taskText === "" || startsLikeContinuation(taskText) || (headingShape && !isMostlyUpper(ownText))) {
          for (const k of FIELD_NAMES) if (k !== "number") prev[k].push(...f[k].own);
          problems.push({
            row: n,
            level: "warning",
            message: `Dòng ${n}: không có số thứ tự và đơn vị chủ trì, được ghép vào dòng ${prev.row} (phần dòng bị tách sang trang sau).`,
          });
          continue;
        }
      }

      if (headingShape) {
        if (label !== "" && stripNumber(ownText) === label) {
          problems.push({ row: n, level: "warning", message: `Dòng ${n}: chỉ có số thứ tự "${label}", không có nội dung, bỏ qua.` });
          continue;
        }
        const level = label === "" ? 1 : headingLevel(label);
        headings.push({ row: n, text: ownText, level, table: grid.index });
        if (level === 1) {
          state.top = ownText;
          state.sub = null;
        } else {
          state.sub = ownText;
        }
        state.key = `${grid.index}:${n}`;
        state.last = null;
        continue;
      }

      // Task rows. An unnumbered row with its own lead, or a vertically merged number, is a sub-row.
      const number = numberContinued || numberText !== "" || !prev || !hasNumber ? numberText : prev.number;

      const subRow = prev !== null && number !== "" && number === prev.number && (numberContinued || numberText === "");
      const section = state.top !== null ? [state.top, ...state.caption] : state.sub !== null ? [state.sub, ...state.caption] : [...state.caption];
      const draft: Draft = {
        row: n,
        table: grid.index,
        number,
        sectionKey: state.key,
        section,
        group: state.top !== null ? state.sub : null,
        task: f.task.all.slice(),
        activity: f.activity.all.slice(),
        output: f.output.all.slice(),
        lead: f.lead.all.slice(),
        support: f.support.all.slice(),
        deadline: f.deadline.all.slice(),
        note: f.note.all.slice(),
        area: f.area.all.slice(),
      };
      // A sub-row whose shared cells were not merged (e.g. after a PDF conversion) shares them anyway.
      if (subRow && draft.task.length === 0) draft.task = prev!.task.slice();
      // "Lĩnh vực" written once for a run of rows applies to the rows below it.
      if (draft.area.length === 0 && prev && map.area.length > 0) draft.area = prev.area.slice();
      drafts.push(draft);
      state.last = draft;
    }
    previous = state;
  }

  if (tablesFound === 0) {
    const seen = grids
      .map((g) => g.rows.find((r) => r.cells.some((c) => c.paragraphs.length > 0)))
      .filter((r): r is GridRow => r !== undefined)
      .slice(0, 3)
      .map((r) => `"${shorten(rowText(r), 80)}"`);
    throw new PlanReadError(
      `Không tìm thấy bảng nhiệm vụ trong tệp. Cần một bảng có dòng tiêu đề gồm ${EXPECTED_HEADERS}.` +
        (seen.length > 0 ? ` Các bảng đã thấy bắt đầu bằng: ${seen.join("; ")}.` : " Tệp không có bảng nào."),
    );
  }

  // Refs: a number shared by several task rows of one section gets a, b, c…
  const counts = new Map<string, number>();
  for (const d of drafts) if (d.number !== "") counts.set(`${d.sectionKey}\u0000${d.number}`, (counts.get(`${d.sectionKey}\u0000${d.number}`) ?? 0) + 1);
  const used = new Map<string, number>();
  const rows: PlanRow[] = drafts.map((d) => {
    let ref: string;
    if (d.number === "") ref = `r${d.row}`;
    else {
      const key = `${d.sectionKey}\u0000${d.number}`;
      if ((counts.get(key) ?? 0) >= 2) {
        const k = used.get(key) ?? 0;
        used.set(key, k + 1);
        ref = d.number + suffix(k);
      } else ref = d.number;
    }
    const task = joinText(d.task);
    const activity = joinText(d.activity);
    if (d.lead.length === 0) problems.push({ row: d.row, level: "warning", message: `Dòng ${d.row}: không có đơn vị/công chức chủ trì.` });
    if (task === "" && activity === "") problems.push({ row: d.row, level: "warning", message: `Dòng ${d.row}: không có nội dung nhiệm vụ.` });
    return {
      row: d.row,
      table: d.table,
      number: d.number,
      ref,
      section: d.section,
      group: d.group,
      areaCell: d.area.length ? joinText(d.area) : null,
      task: task !== "" ? task : activity,
      activity: task !== "" && activity !== "" ? activity : null,
      output: d.output.length ? joinText(d.output) : null,
      lead: d.lead,
      support: d.support,
      deadline: d.deadline,
      note: d.note.length ? joinText(d.note) : null,
    };
  });
  problems.sort((a, b) => a.row - b.row);
  return { rows, headings, problems, tablesFound, tablesSkipped };
}

function rowText(row: GridRow): string {
  return cleanText(
    row.cells
      .filter((c) => c.copyOf === undefined && c.paragraphs.length > 0)
      .map((c) => textOf(c))
      .join(" | "),
  );
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
