// Reading officers' free-text answers: a status in words, a quick update
// ("12 xong: đã ban hành KH 12/KH-UBND"), document numbers used as products.
import { cleanText, fold } from "./text.ts";

export type ProgressStatus = "done" | "in_progress" | "not_started" | "blocked";

export const STATUSES: readonly ProgressStatus[] = ["done", "in_progress", "not_started", "blocked"];

// Folded phrases, longest first so "chua hoan thanh" wins over "hoan thanh".
const STATUS_WORDS: [string, ProgressStatus][] = (
  [
    ["chua hoan thanh", "in_progress"],
    ["chua thuc hien", "not_started"],
    ["chua trien khai", "not_started"],
    ["chua lam", "not_started"],
    ["chua bat dau", "not_started"],
    ["chua", "not_started"],
    ["khong thuc hien", "not_started"],
    ["hoan thanh", "done"],
    ["da hoan thanh", "done"],
    ["da xong", "done"],
    ["xong roi", "done"],
    ["xong", "done"],
    ["ht", "done"],
    ["done", "done"],
    ["ok", "done"],
    ["da thuc hien", "done"],
    ["dang thuc hien", "in_progress"],
    ["dang trien khai", "in_progress"],
    ["dang lam", "in_progress"],
    ["dang", "in_progress"],
    ["dth", "in_progress"],
    ["tiep tuc thuc hien", "in_progress"],
    ["co vuong mac", "blocked"],
    ["vuong mac", "blocked"],
    ["vuong", "blocked"],
    ["kho khan", "blocked"],
    ["co kho khan", "blocked"],
    ["bi vuong", "blocked"],
    ["tac", "blocked"],
  ] as [string, ProgressStatus][]
).sort((a, b) => b[0].length - a[0].length);

/**
 * Reads a status at the start of a text: returns it with the rest of the text
 * (the note), or null when the text does not start with a status word.
 */
export function readStatus(text: string): { status: ProgressStatus; rest: string } | null {
  const clean = cleanText(text);
  const folded = fold(clean);
  for (const [phrase, status] of STATUS_WORDS) {
    if (folded === phrase || new RegExp(`^${phrase}(?=$|[\\s:,.;!\\-–])`).test(folded)) {
      // fold() keeps the length of NFC text, so the same offset cuts the original.
      const rest = clean.slice(phrase.length).replace(/^[\s:,.;!\-–]+/, "").trim();
      return { status, rest };
    }
  }
  return null;
}

const DOC_TYPES = "KH|QĐ|QD|BC|TB|CV|TTr|NQ|CT|HD|HĐ|KL|NĐ|TT|Nghị định|Thông tư|Kế hoạch|Quyết định|Báo cáo|Thông báo|Công văn|Tờ trình|Nghị quyết|Chỉ thị|Hướng dẫn|Kết luận|Văn bản";
const DOC_REF = new RegExp(
  `(?:(?:${DOC_TYPES})\\s*)?(?:số\\s*:?\\s*)?\\d{1,5}\\s*\\/\\s*(?:\\d{4}\\s*\\/\\s*)?[A-Za-zĐđ]{1,8}(?:\\s*-\\s*[A-Za-zĐđ0-9]{1,12})*` +
    `(?:\\s+ngày\\s+\\d{1,2}\\s*\\/\\s*\\d{1,2}\\s*\\/\\s*\\d{4})?`,
  "gu",
);

/** Document numbers in a text ("KH số 12/KH-UBND ngày 20/01/2024", "Quyết định 35/QĐ-UBND"), as written. */
export function findDocumentRefs(text: string): string[] {
  const clean = cleanText(text);
  const found: string[] = [];
  for (const m of clean.matchAll(DOC_REF)) {
    const ref = m[0].trim();
    // "120/122" is a figure, not a document: a document number has letters after the slash.
    if (/\/\s*[A-Za-zĐđ]/.test(ref) || /\/\s*\d{4}\s*\//.test(ref)) found.push(ref);
  }
  return found;
}

export interface QuickUpdate {
  taskNumber: number;
  status: ProgressStatus;
  note: string | null;
  product: string | null;
}

export type QuickParse = { ok: true; update: QuickUpdate } | { ok: false; reason: "no-number" | "no-status" };

/** "/capnhat 12 xong: đã ban hành KH 12/KH-UBND" → task 12, done, note, product. The command word is already removed. */
export function parseQuickUpdate(args: string): QuickParse {
  const clean = cleanText(args);
  const m = /^(?:số\s*|so\s*|#)?(\d{1,4})\b[\s:.,-]*(.*)$/iu.exec(clean);
  if (!m) return { ok: false, reason: "no-number" };
  const status = readStatus(m[2]!);
  if (!status) return { ok: false, reason: "no-status" };
  const note = status.rest || null;
  const refs = note ? findDocumentRefs(note) : [];
  return {
    ok: true,
    update: { taskNumber: Number(m[1]), status: status.status, note, product: refs.length ? refs.join("; ") : null },
  };
}

/** "/solieu 12 120/122" or "/solieu 12.2 98,4%" → task 12, target 2 of it (1-based), figure text. */
export function parseFigureCommand(args: string): { taskNumber: number; targetIndex: number | null; figure: string } | null {
  const m = /^(?:số\s*|so\s*|#)?(\d{1,4})(?:\.(\d{1,2}))?\s*[:\s]\s*(.+)$/iu.exec(cleanText(args));
  if (!m) return null;
  return { taskNumber: Number(m[1]), targetIndex: m[2] ? Number(m[2]) : null, figure: m[3]!.trim() };
}
