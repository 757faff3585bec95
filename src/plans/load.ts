// Reads a plan file (.docx, .xlsx, .csv) into a PlanReading: format by
// extension, office and year from the options or from the document itself.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { cleanText, fold } from "../domain/text.ts";
import type { TitleDef } from "../domain/titles.ts";
import { UserError } from "../offices.ts";
import { readDocx } from "./docx.ts";
import { interpretGrids, type Grid } from "./grid.ts";
import { readPlanRows, type PlanReading } from "./reading.ts";
import { readCsvGrids, readXlsxGrids } from "./spreadsheet.ts";

export interface LoadOptions {
  office?: string;
  year?: number;
  /** The office's titles; when the office is new, the default catalogue. */
  catalogue: readonly TitleDef[];
}

export interface PlanSource {
  format: "docx" | "xlsx" | "csv";
  grids: Grid[];
  /** Prose paragraphs (docx) or title rows (spreadsheets), used to find the office and the year. */
  prose: string[];
}

export async function readPlanSource(file: string): Promise<PlanSource> {
  if (!existsSync(file)) throw new UserError(`Không tìm thấy tệp "${file}".`);
  if (!statSync(file).isFile()) throw new UserError(`"${file}" không phải là một tệp.`);
  const ext = path.extname(file).toLowerCase();
  const bytes = readFileSync(file);
  // A PlanReadError (unreadable file, no plan table) is a UserError: shown as is.
  switch (ext) {
    case ".docx": {
      const doc = await readDocx(bytes);
      return { format: "docx", grids: doc.grids, prose: doc.paragraphs };
    }
    case ".xlsx": {
      const grids = await readXlsxGrids(bytes);
      return { format: "xlsx", grids, prose: grids.flatMap((g) => g.caption) };
    }
    case ".csv": {
      const grids = readCsvGrids(bytes);
      return { format: "csv", grids, prose: [] };
    }
    case ".doc":
      throw new UserError(
        `"${path.basename(file)}" là tệp Word đời cũ (.doc). Hãy mở bằng Word và chọn Lưu thành… → Tài liệu Word (.docx), rồi nhập lại.`,
      );
    case ".xls":
      throw new UserError(`"${path.basename(file)}" là tệp Excel đời cũ (.xls). Hãy lưu lại thành .xlsx rồi nhập lại.`);
    default:
      throw new UserError(
        `Không đọc được tệp "${path.basename(file)}": chỉ nhận kế hoạch dạng .docx, hoặc bảng tính .xlsx/.csv theo mẫu (xem README).`,
      );
  }
}

const YEAR = /\bnam\s+(20\d\d)\b/;

/** The plan's year: the "năm 2024" of the plan's title, else the year named most often. */
export function detectYear(texts: readonly string[], fileName: string): number | null {
  for (const t of texts.slice(0, 80)) {
    const f = fold(t);
    if (/(ke hoach|cai cach hanh chinh|cchc)/.test(f)) {
      const m = YEAR.exec(f);
      if (m) return Number(m[1]);
    }
  }
  const counts = new Map<number, number>();
  for (const t of texts) {
    for (const m of fold(t).matchAll(/\bnam\s+(20\d\d)\b/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return best[0];
  const fromName = /(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)/.exec(path.basename(fileName));
  return fromName ? Number(fromName[1]) : null;
}

/** "UBND xã Ngọc Sơn" from "ỦY BAN NHÂN DÂN / XÃ NGỌC SƠN" or "… của UBND xã Lộc Hòa)". */
export function detectOffice(texts: readonly string[]): string | null {
  const place = /\b(xa|thi tran|phuong)\s+([a-z][a-z ]{1,30}?)(?=\s*(?:[,.;:)(]|$|\bnam\b|\bve\b|\bban hanh\b|\bhuyen\b|\btinh\b))/;
  for (const t of texts.slice(0, 120)) {
    const clean = cleanText(t);
    const f = fold(clean);
    if (!/(ubnd|uy ban nhan dan|^xa |^thi tran |^phuong )/.test(f) && !/\b(ubnd|uy ban)\b/.test(f)) continue;
    const m = place.exec(f);
    if (!m) continue;
    // Cut the original (with diacritics) at the same positions: folding keeps string length for NFC text.
    const start = m.index + m[0].length - m[2]!.length;
    const unit = clean.slice(m.index, m.index + m[1]!.length);
    const name = clean.slice(start, m.index + m[0].length).trim();
    if (!name || name.length < 2) continue;
    const kind = unit.toLowerCase();
    return `UBND ${kind} ${titleCase(name)}`;
  }
  return null;
}

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(" ");
}

export async function loadPlan(file: string, options: LoadOptions): Promise<PlanReading> {
  const source = await readPlanSource(file);
  const table = interpretGrids(source.grids);
  const captions = source.grids.flatMap((g) => g.caption);
  const texts = [...source.prose, ...captions];
  const year = options.year ?? detectYear(texts, file);
  if (!year) throw new UserError("Không xác định được năm của kế hoạch. Hãy ghi rõ, ví dụ: --year 2024");
  const office = options.office ?? detectOffice(texts);
  if (!office) throw new UserError('Không xác định được tên đơn vị. Hãy ghi rõ, ví dụ: --office "UBND xã Ngọc Sơn"');
  return readPlanRows(table, {
    office,
    year,
    source: { file: path.basename(file), format: source.format },
    catalogue: options.catalogue,
  });
}
