// .xlsx and .csv → neutral grids. Row numbers are the sheet's own, so a problem
// "Dòng 12" points at the row the user sees in Excel.

import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { findHeaderRow, finishGrid, PlanReadError, splitParagraphs, titleTexts, type Grid, type GridCell, type GridRow } from "./grid.ts";

const NOT_XLSX = "Tệp không phải là bảng tính Excel .xlsx hợp lệ.";
/** Title rows ("KẾ HOẠCH…", "UBND XÃ…") often sit above a sheet's header. */
const SHEET_HEADER_SEARCH = 12;

export async function readXlsxGrids(input: Buffer | Uint8Array): Promise<Grid[]> {
  const head = input.subarray(0, 4);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new PlanReadError(
      "Tệp là bảng tính Excel đời cũ (.xls). Hãy mở tệp bằng Excel và chọn Lưu thành (Save As) định dạng .xlsx rồi gửi lại.",
    );
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b) throw new PlanReadError(NOT_XLSX);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(input.buffer, input.byteOffset, input.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new PlanReadError(NOT_XLSX, { cause: err });
  }
  return wb.worksheets.map((ws, i) => sheetGrid(ws, i + 1));
}

function sheetGrid(ws: ExcelJS.Worksheet, index: number): Grid {
  let maxRow = 0;
  let maxCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cellText(cell.isMerged ? cell.master : cell) === "") return;
      maxRow = Math.max(maxRow, r);
      maxCol = Math.max(maxCol, c);
    });
  });
  const rows: GridRow[] = [];
  for (let r = 1; r <= maxRow; r++) {
    const found = ws.findRow(r);
    const cells: GridCell[] = [];
    for (let c = 1; c <= maxCol; c++) {
      const cell = found?.findCell(c);
      if (!cell) {
        cells.push({ paragraphs: [] });
        continue;
      }
      const master = cell.isMerged ? cell.master : cell;
      const out: GridCell = { paragraphs: splitParagraphs(cellText(master)) };
      if (master !== cell && master.address !== cell.address) {
        const mRow = Number(master.row);
        const mCol = Number(master.col);
        if (mRow !== r) out.continued = true;
        if (mCol !== c) out.copyOf = mCol - 1;
      }
      cells.push(out);
    }
    rows.push({ cells, sourceRow: r, mergedAcross: false });
  }
  return withTitles(finishGrid({ rows, caption: ws.name ? [ws.name] : [], index, headerSearchRows: SHEET_HEADER_SEARCH }));
}

/** Caption of a sheet: the title rows above its header (nearest first), then the sheet name. */
function withTitles(grid: Grid): Grid {
  const h = findHeaderRow(grid);
  if (h !== null) grid.caption = [...titleTexts(grid, h), ...grid.caption];
  return grid;
}

function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    if (numFmt && numFmt.includes("%")) return `${Number((value * 100).toFixed(4))}%`;
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    // exceljs gives dates at UTC midnight; a plan means the calendar day.
    const d = String(value.getUTCDate()).padStart(2, "0");
    const m = String(value.getUTCMonth() + 1).padStart(2, "0");
    return `${d}/${m}/${value.getUTCFullYear()}`;
  }
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : valueText(value.text as ExcelJS.CellValue);
  if ("formula" in value || "sharedFormula" in value) return valueText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt);
  return ""; // error values
}

// ---------------------------------------------------------------------------
// CSV

const DELIMITERS = [",", ";", "\t"] as const;

/** Reads a CSV (UTF-8, with or without BOM; "," ";" or tab, guessed from the content). */
export function readCsvGrids(input: string | Buffer | Uint8Array): Grid[] {
  let text = typeof input === "string" ? input : decode(input);
  text = text.replace(/^\uFEFF/, "");
  if (text.includes("\uFFFD")) {
    throw new PlanReadError(
      'Tệp CSV không dùng mã UTF-8 nên chữ tiếng Việt bị lỗi. Trong Excel, hãy chọn Lưu thành (Save As) → "CSV UTF-8 (Comma delimited)" rồi gửi lại.',
    );
  }
  let delimiter: string | null = null;
  // Excel's "sep=;" first line names the delimiter and is not a row.
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) {
    delimiter = sep[1]!;
    text = text.slice(sep[0].length);
  }
  const records = delimiter ? parseCsv(text, delimiter) : bestParse(text);
  if (!records) throw new PlanReadError("Không đọc được tệp CSV: nội dung không đúng định dạng bảng (dấu phân cách \",\" hoặc \";\").");
  const rows: GridRow[] = records.map((fields, i) => ({
    cells: fields.map((f) => ({ paragraphs: splitParagraphs(f) })),
    sourceRow: i + 1,
    mergedAcross: false,
  }));
  return [withTitles(finishGrid({ rows, caption: [], index: 1, headerSearchRows: SHEET_HEADER_SEARCH }))];
}

/** UTF-8 unless a UTF-16 byte order mark says otherwise (Excel's "Unicode text"). */
function decode(bytes: Buffer | Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString("utf16le");
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString("utf16le");
  return b.toString("utf8");
}

function parseCsv(text: string, delimiter: string): string[][] | null {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch {
    return null;
  }
}

/**
 * Picks the delimiter under which most of the first records have the same,
 * plural, number of fields: Vietnamese text is full of commas, so counting
 * characters on the first line is not enough.
 */
function bestParse(text: string): string[][] | null {
  let best: string[][] | null = null;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const records = parseCsv(text, d);
    if (!records) continue;
    const sample = records.filter((r) => r.some((f) => f.trim() !== "")).slice(0, 30);
    const counts = new Map<number, number>();
    for (const r of sample) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let score = 0;
    for (const [width, n] of counts) if (width > 1) score = Math.max(score, n * 1000 + width);
    if (score > bestScore) {
      bestScore = score;
      best = records;
    }
  }
  return best;
}
