// Numeric targets (chỉ tiêu) in a task's text, the figures officers report
// against them, and whether a figure meets its target.

import { cleanText } from "./text.ts";
import type { Comparator, TargetReading } from "./types.ts";

// ---------------------------------------------------------------------------
// Folding that keeps character positions, so a match on the folded text can be
// cut out of the original and shown with its own spelling.

function foldChar(ch: string): string {
  const f = ch.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  return f.length === 1 ? f : ch;
}

function foldAligned(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += foldChar(s[i]!);
  return out;
}

// ---------------------------------------------------------------------------
// Extraction

interface Hit {
  start: number;
  end: number;
  comparator: Comparator;
  value: number;
  unit: "%" | "count";
}

// Comparator words before a number, folded. "đạt" may precede any of them.
const PRE: [RegExp, Comparator][] = [
  [/^(?:toi thieu|it nhat|khong duoi|khong it hon|khong thap hon|>=|≥|=>)$/, ">="],
  [/^(?:tu)$/, ">="],
  [/^(?:tren|cao hon|>)$/, ">"],
  [/^(?:toi da|khong qua|khong vuot qua|khong cao hon|<=|≤|=<)$/, "<="],
  [/^(?:duoi|thap hon|<)$/, "<"],
];
const PRE_WORDS =
  "toi thieu|it nhat|khong duoi|khong it hon|khong thap hon|khong vuot qua|khong qua|khong cao hon|" +
  "toi da|cao hon|thap hon|tren|duoi|tu|>=|=>|<=|=<|≥|≤|>|<";

const NUM = String.raw`\d{1,3}(?:[.,]\d+)?`;

// [đạt] [comparator] [là|mức] N % [trở lên|trở xuống]
const PERCENT = new RegExp(
  String.raw`(?:(?<![\p{L}\d])(?:(dat)\s*)?(?:(${PRE_WORDS})\s*(?:(?:la|muc)\s+)?)?)?(?<![\d.,/])(${NUM})\s*%(?:\s*(tro len|tro xuong))?`,
  "gu",
);

// Counts need a target word ("tối thiểu 02 cuộc đối thoại"); a bare "02 nhóm",
// "trên 6 tuổi" or "trên 80" is not a target.
const COUNT_PRE = "toi thieu|it nhat|khong duoi|khong it hon|toi da|khong vuot qua|khong qua|>=|≥|<=|≤";
const COUNT = new RegExp(
  String.raw`(?<![\p{L}\d])(${COUNT_PRE})\s*(?:(?:la|muc)\s+)?(\d{1,3}(?:\.\d{3})+|\d{1,5})(?![\d.,/:%]|\s*%)\s+([\p{L}]+(?:\s+[\p{L}]+){0,2})`,
  "gu",
);
// A number followed by one of these is a time limit, an age or a date, not a count.
const NOT_COUNT_UNITS = /^(?:ngay|thang|nam|gio|phut|tuan|quy|tuoi|lan thu)\b/;
// The noun of a count ends before these: "02 cuộc đối thoại với người dân" → "cuộc đối thoại".
const NOUN_STOP = new Set("ve voi cho trong tai tren cua theo de nham va moi hang nam thang quy tro tu den".split(" "));

function nounLength(noun: string): number {
  const words = noun.split(/\s+/);
  let n = 1;
  while (n < words.length && !NOUN_STOP.has(words[n]!)) n++;
  return words.slice(0, n).join(" ").length;
}

function comparatorOf(pre: string | undefined, post: string | undefined): Comparator {
  // "trở lên"/"trở xuống" settle inclusiveness: "trên 80% trở lên" reads as ≥ 80.
  if (post === "tro len") return ">=";
  if (post === "tro xuong") return "<=";
  if (pre) for (const [re, cmp] of PRE) if (re.test(pre)) return cmp;
  return ">=";
}

function readDecimal(s: string): number {
  return Number(s.replace(",", "."));
}

function findHits(folded: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of folded.matchAll(PERCENT)) {
    const value = readDecimal(m[3]!);
    if (!(value >= 0 && value <= 100)) continue;
    hits.push({
      start: m.index!,
      end: m.index! + m[0].length,
      comparator: comparatorOf(m[2], m[4]),
      value,
      unit: "%",
    });
  }
  for (const m of folded.matchAll(COUNT)) {
    const noun = m[3]!;
    if (NOT_COUNT_UNITS.test(noun)) continue;
    hits.push({
      start: m.index!,
      end: m.index! + m[0].length - noun.length + nounLength(noun),
      comparator: comparatorOf(m[1], undefined),
      value: Number(m[2]!.replace(/\./g, "")),
      unit: "count",
    });
  }
  return hits.sort((a, b) => a.start - b.start);
}

interface Span {
  start: number;
  end: number;
}

/** Clauses: split on ";", sentence ends and list bullets ("- Tỷ lệ…", "… 90% - 80% các TTHC…"). */
function clauses(text: string): Span[] {
  const cuts: Span[] = [];
  const sep = /;|[.!?](?=\s+[\p{Lu}\d"(-])|[.!?]$|(?:^|\s)[-+•](?=\s+[\p{Lu}\d])/gu;
  let from = 0;
  for (const m of text.matchAll(sep)) {
    // A dot between digits is a decimal or a numbering ("1.2."), not a sentence end.
    if (m[0] === "." && /\d/.test(text[m.index! - 1] ?? "") && /^\s*\d/.test(text.slice(m.index! + 1))) continue;
    cuts.push({ start: from, end: m.index! });
    from = m.index! + m[0].length;
  }
  cuts.push({ start: from, end: text.length });
  return cuts;
}

function parenSpans(text: string, within: Span): Span[] {
  const out: Span[] = [];
  const re = /\(([^()]*)\)/g;
  const part = text.slice(within.start, within.end);
  for (const m of part.matchAll(re)) {
    out.push({ start: within.start + m.index!, end: within.start + m.index! + m[0].length });
  }
  return out;
}

const MAX_INDICATOR = 160;

function tidyIndicator(s: string): string {
  let t = s
    .replace(/^\s*(?:[-+•*]|\d+(?:\.\d+)*[.)]|[a-zđ]\))(?=\s)\s*/iu, "")
    .replace(/[\s,:;.]+$/u, "")
    .replace(/(?:,\s*|\s+)(?:trong đó|cụ thể|và)$/iu, "")
    .replace(/[\s,:;.]+$/u, "")
    .replace(/^[\s,:;]+/u, "")
    .replace(/^(?:trong đó|cụ thể|đồng thời)[,:]?\s+/iu, "")
    .replace(/\s+/g, " ")
    .trim();
  if (t.length > MAX_INDICATOR) {
    const cut = t.slice(0, MAX_INDICATOR - 1);
    const space = cut.lastIndexOf(" ");
    t = (space > 40 ? cut.slice(0, space) : cut).replace(/[\s,:;.]+$/u, "") + "…";
  }
  return t;
}

/**
 * Reads the numeric targets stated in a task's text.
 *
 * Percentages: "từ 98% trở lên", "tối thiểu 90%", "≥ 98 %", "đạt 100%", "100% hồ sơ…",
 * "trên 80%", "tối đa 5%", "dưới 5%", "98,5%". A bare percentage is a floor (≥).
 * Counts only with an explicit floor/ceiling word and a noun: "tối thiểu 02 cuộc đối thoại".
 * Each target's indicator is its clause (or the parenthesis it sits in), trimmed to ~160 characters.
 */
export function extractTargets(input: string): TargetReading[] {
  const text = cleanText(input);
  if (!text) return [];
  const folded = foldAligned(text);
  const hits = findHits(folded);
  if (hits.length === 0) return [];

  const out: TargetReading[] = [];
  for (const clause of clauses(text)) {
    const inClause = hits.filter((h) => h.start >= clause.start && h.end <= clause.end);
    if (inClause.length === 0) continue;
    const parens = parenSpans(text, clause);
    const inParen = (h: Hit) => parens.find((p) => h.start > p.start && h.end < p.end);
    // Outside parentheses: the clause without parentheses that carry their own target.
    const outer = inClause.filter((h) => !inParen(h));
    const dropParens = parens.filter((p) => inClause.some((h) => h.start > p.start && h.end < p.end));

    const outerText = (from: number, to: number): string => {
      let s = "";
      let at = from;
      for (const p of dropParens) {
        if (p.end <= from || p.start >= to) continue;
        s += text.slice(at, Math.max(at, p.start));
        at = Math.min(to, p.end);
      }
      return s + text.slice(at, to);
    };

    for (const h of inClause) {
      let indicator: string;
      const p = inParen(h);
      if (p) {
        indicator = text.slice(p.start + 1, p.end - 1);
      } else {
        // Several targets in one clause: cut between them at the last comma.
        const i = outer.indexOf(h);
        const prev = outer[i - 1];
        const next = outer[i + 1];
        let from = clause.start;
        let to = clause.end;
        if (prev) {
          const comma = text.lastIndexOf(",", h.start);
          if (comma >= prev.end) from = comma + 1;
        }
        if (next) {
          const comma = text.lastIndexOf(",", next.start);
          if (comma >= h.end) to = comma;
        }
        indicator = outerText(from, to);
      }
      out.push({
        indicator: tidyIndicator(indicator),
        comparator: h.comparator,
        value: h.value,
        unit: h.unit,
        phrase: text.slice(h.start, h.end).trim(),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Figures typed by an officer

export type Figure =
  | { ok: true; value: number; numerator?: number; denominator?: number; unit: "%" | "count" }
  | { ok: false; message: string };

const EXAMPLE = 'Ví dụ: "120/122" (số hồ sơ đúng hạn trên tổng số), "98,4%" hoặc "15".';

function fail(reason: string): Figure {
  return { ok: false, message: `${reason} ${EXAMPLE}` };
}

/** Integer with optional Vietnamese thousands dots: "1.234" → 1234; null if not that shape. */
function readInteger(s: string): number | null {
  if (/^\d{1,3}(?:\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ""));
  if (/^\d+$/.test(s)) return Number(s);
  return null;
}

// Trailing words after a number: "hồ sơ", "cuộc", "văn bản"… (letters only).
const WORDS = String.raw`(?:\s+[\p{L}\s]*)?`;

/**
 * Reads a figure as an officer types it: "120/122", "120 trên 122 hồ sơ" (a share,
 * kept with its counts), "98,4%", "98.4 %", "98,4" (a decimal is a percentage),
 * "15", "1.234", "12 hồ sơ" (an integer is a count).
 */
export function parseFigure(input: string): Figure {
  const s = cleanText(input).toLowerCase();
  if (!s) return fail("Chưa nhập số liệu.");
  if (/^[-−]\s*\d/.test(s) || /(?:^|[\s/])-\s*\d/.test(s)) return fail("Số liệu không được là số âm.");

  const ratio = new RegExp(String.raw`^([\d.,]+)\s*(?:/|trên|tren)\s*([\d.,]+)${WORDS}$`, "u").exec(s);
  if (ratio) {
    const n = readInteger(ratio[1]!);
    const d = readInteger(ratio[2]!);
    if (n === null || d === null) return fail("Tử số và mẫu số phải là số nguyên.");
    if (d === 0) return fail("Mẫu số (tổng số) phải lớn hơn 0.");
    if (n > d) return fail(`Tử số (${n}) không được lớn hơn mẫu số (${d}).`);
    return { ok: true, value: (n / d) * 100, numerator: n, denominator: d, unit: "%" };
  }

  const percent = new RegExp(String.raw`^(\d+(?:[.,]\d+)?)\s*%${WORDS}$`, "u").exec(s);
  if (percent) {
    const value = readDecimal(percent[1]!);
    if (value > 100) return fail(`Tỷ lệ phần trăm không được vượt quá 100% (đã nhập ${percent[1]}%).`);
    return { ok: true, value, unit: "%" };
  }

  const bare = new RegExp(String.raw`^(\d[\d.,]*)${WORDS}$`, "u").exec(s);
  if (bare) {
    const num = bare[1]!;
    const int = readInteger(num);
    if (int !== null) return { ok: true, value: int, unit: "count" };
    if (/^\d+[.,]\d+$/.test(num)) {
      const value = readDecimal(num);
      if (value > 100) return fail(`Tỷ lệ phần trăm không được vượt quá 100% (đã nhập ${num}).`);
      return { ok: true, value, unit: "%" };
    }
  }

  return fail(`Không đọc được số liệu "${cleanText(input)}".`);
}

/** Whether an actual value meets a target. */
export function targetMet(t: Pick<TargetReading, "comparator" | "value">, actual: number): boolean {
  switch (t.comparator) {
    case ">=":
      return actual >= t.value;
    case ">":
      return actual > t.value;
    case "=":
      return actual === t.value;
    case "<=":
      return actual <= t.value;
    case "<":
      return actual < t.value;
  }
}

const COMPARATOR_SIGN: Record<Comparator, string> = { ">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<" };

/** 98.3606 → "98,4%"; 15 → "15" (Vietnamese decimal comma). */
export function formatFigure(value: number, unit: "%" | "count"): string {
  if (unit === "count") return String(Math.round(value * 100) / 100).replace(".", ",");
  return `${(Math.round(value * 10) / 10).toString().replace(".", ",")}%`;
}

/** A target's goal as written in reports: "≥ 98%", "= 100%", "≥ 2". */
export function goalText(t: { comparator: string; value: number; unit: string }): string {
  const sign = COMPARATOR_SIGN[t.comparator as Comparator] ?? t.comparator;
  return `${sign} ${formatFigure(t.value, t.unit === "%" ? "%" : "count")}`;
}
