// Reads a plan's "Thời gian hoàn thành" cell into milestones (DOMAIN.md,
// "Deadlines as written"). Pure string work: every rule is keyed on the *form*
// of a phrase (a quarter, a month, a day, a recurrence, an outside event), never
// on one plan's wording, so unseen plans read the same way. Anything that is not
// understood becomes an `unspecified` milestone plus a Vietnamese problem: a
// deadline is never guessed silently.

import type { DeadlineReading, Milestone, MilestoneKind, Recurrence } from "./types.ts";
import { cleanText, fold, readNumeral } from "./text.ts";

export function parseDeadline(text: string, planYear: number): DeadlineReading {
  const reading: DeadlineReading = { milestones: [], problems: [] };
  const cell = normaliseCell(text ?? "");
  if (cell === "") return reading;
  for (const part of splitParts(cell)) {
    const r = readPart(part, planYear, null, true);
    reading.milestones.push(...r.milestones);
    reading.problems.push(...r.problems);
  }
  return reading;
}

// ---------------------------------------------------------------------------
// Cell → parts

/** NFC, unified dashes and spaces per line; newlines survive because they separate bullets. */
function normaliseCell(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => cleanText(line))
    .filter((line) => line !== "")
    .join("\n");
}

const MARK = "[-+•●▪◦*]";
// Strong boundaries: a bullet at the start, after a newline, or after "; " / ". ".
// Weak boundary: " - " anywhere; only a split when both sides look like "label: time"
// (Word cells joined with spaces lose the newline before the second bullet).
const BOUNDARY = new RegExp(
  `(^|\\n)[ \\t]*${MARK}[ \\t]*|([;.])[ \\t]*\\n?[ \\t]*${MARK}[ \\t]+|\\n|([ \\t]+)${MARK}[ \\t]+`,
  "g",
);

interface Boundary {
  index: number;
  end: number;
  weak: boolean;
  /** A bare newline: joins paragraphs of one part unless a bullet follows. */
  soft: boolean;
}

function splitParts(cell: string): string[] {
  const bounds: Boundary[] = [];
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(cell); m; m = BOUNDARY.exec(cell)) {
    if (m[0] === "") {
      BOUNDARY.lastIndex++;
      continue;
    }
    const soft = m[0] === "\n";
    const weak = m[3] !== undefined;
    // Keep the "." / ";" with the previous part (it is trimmed there anyway).
    const index = m[2] !== undefined ? m.index + 1 : m.index;
    bounds.push({ index, end: m.index + m[0].length, weak, soft });
  }
  const parts: string[] = [];
  let start = 0;
  const pieceEnd = (i: number): number => {
    for (let j = i + 1; j < bounds.length; j++) if (!bounds[j]!.weak && !bounds[j]!.soft) return bounds[j]!.index;
    return cell.length;
  };
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i]!;
    if (b.soft) continue;
    if (b.weak) {
      const before = cell.slice(start, b.index);
      const after = cell.slice(b.end, pieceEnd(i));
      if (!(hasLabelWithContent(before) && labelColon(after) >= 0)) continue;
    }
    parts.push(cell.slice(start, b.index));
    start = b.end;
  }
  parts.push(cell.slice(start));
  return parts.filter((p) => p.replace(/[\s.;,]+/g, "") !== "");
}

/** Index of the ":" that ends a label: outside parentheses, not inside a clock time "17:00". */
function labelColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === ":" && depth === 0 && !(/\d/.test(s[i - 1] ?? "") && /\d/.test(s[i + 1] ?? ""))) return i;
  }
  return -1;
}

function hasLabelWithContent(s: string): boolean {
  const i = labelColon(s);
  return i > 0 && s.slice(0, i).trim() !== "" && s.slice(i + 1).trim() !== "";
}

// ---------------------------------------------------------------------------
// Part → milestones

interface PartResult {
  milestones: Milestone[];
  problems: string[];
}

const FALLBACK_SPLIT = /\s*[;\n]\s*|(?<=\.)\s+/;

function readPart(raw: string, planYear: number, inheritedLabel: string | null, allowFallback: boolean): PartResult {
  const text = raw.replace(new RegExp(`^\\s*${MARK}\\s*`), "");
  const colon = labelColon(text);
  let label = inheritedLabel;
  let body = text;
  if (colon >= 0) {
    const l = cleanText(text.slice(0, colon)).replace(/^[-+•●▪◦*\s]+/, "");
    label = l === "" ? null : l;
    body = text.slice(colon + 1);
  }
  const phrase = tidyPhrase(body);
  const unspecified = (problem: string): PartResult => ({
    milestones: [{ label, kind: "unspecified", due: null, every: null, phrase }],
    problems: [problem],
  });

  if (phrase === "") {
    return unspecified(`Thiếu thời hạn${label ? ` cho "${label}"` : ""}; đã ghi là chưa xác định.`);
  }

  const r = readPhrase(phrase, planYear);
  if (r.type === "ok") {
    const items = dedupe(r.items);
    const milestones = items.map((it): Milestone => ({
      label,
      kind: it.kind,
      due: it.due,
      every: it.every,
      phrase: items.length === 1 ? phrase : tidyPhrase(phrase.slice(it.start, it.end)),
    }));
    return { milestones, problems: [] };
  }
  if (r.type === "event") {
    return { milestones: [{ label, kind: "unspecified", due: null, every: null, phrase }], problems: [] };
  }
  if (r.type === "invalid") {
    return unspecified(`Thời hạn "${phrase}" không hợp lệ (${r.reason}); đã ghi là chưa xác định.`);
  }

  // Not understood as one phrase: maybe several deadlines separated by ";",
  // line breaks or sentences without bullets. Accept only if every piece reads cleanly.
  if (allowFallback) {
    const pieces = text.split(FALLBACK_SPLIT).filter((p) => p.replace(/[\s.;,]+/g, "") !== "");
    if (pieces.length > 1) {
      const out: PartResult = { milestones: [], problems: [] };
      let current = inheritedLabel;
      let clean = true;
      for (const piece of pieces) {
        const pr = readPart(piece, planYear, current, false);
        if (pr.problems.length > 0) {
          clean = false;
          break;
        }
        out.milestones.push(...pr.milestones);
        current = pr.milestones[pr.milestones.length - 1]?.label ?? current;
      }
      if (clean && out.milestones.length > 0) return out;
    }
  }
  return unspecified(`Không hiểu thời hạn "${phrase}"${label ? ` (${label})` : ""}; đã ghi là chưa xác định.`);
}

/** Collapse white space, drop a trailing parenthetical note sentence and trailing punctuation. */
function tidyPhrase(s: string): string {
  let p = cleanText(s);
  // "Tháng 12/2024. (Tháng 12 mới họp HĐND)": the sentence in brackets is a note.
  p = p.replace(/([^\s.;])\s*[.;]\s*\([^()]*\)\s*[.;]?\s*$/, "$1");
  return p.replace(/[\s.;,/]+$/, "").replace(/^[\s.;,]+/, "");
}

interface Item {
  kind: MilestoneKind;
  due: string | null;
  every: Recurrence | null;
  /** Span of the milestone's own sub-phrase in the (aligned) phrase. */
  start: number;
  end: number;
}

function dedupe(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    const prev = out[out.length - 1];
    if (prev && prev.kind === it.kind && prev.due === it.due && prev.every === it.every) {
      prev.end = it.end;
      continue;
    }
    out.push({ ...it });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Phrase reading, on a folded copy whose indices match the original phrase.

type PhraseResult =
  | { type: "ok"; items: Item[] }
  | { type: "event" }
  | { type: "invalid"; reason: string }
  | { type: "unknown" };

const foldCache = new Map<string, string>();

/** fold() character by character so that every index still points into the original. */
function foldAligned(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    let f = foldCache.get(ch);
    if (f === undefined) {
      const folded = /\s/.test(ch) ? " " : fold(ch);
      f = folded.length === 1 ? folded : "?";
      foldCache.set(ch, f);
    }
    out += f;
  }
  return out;
}

/** Blank out parentheticals (same length): "(sau khi UBND huyện ban hành)" is noise. */
function maskParens(g: string): string {
  let prev = "";
  let cur = g;
  while (cur !== prev) {
    prev = cur;
    cur = cur.replace(/\([^()]*\)/g, (m) => " ".repeat(m.length));
  }
  return cur;
}

// Phrases tied to an outside event: unspecified, and that is an answer, not a problem.
const EVENT_START =
  /^(?:(?:ngay|kip thoi)\s+)?(?:theo|khi|sau khi|sau|ngay sau|ngay khi|dot xuat|tuy theo|tuy thuoc|phu thuoc|can cu|neu|khi nao|kip thoi|chua xac dinh|chua co|cho|cung voi|dong thoi)(?![a-z0-9])/;
// Inside an event phrase, "chậm nhất / trước + date" still names a hard deadline.
const DEADLINE_MARKER = /(?<![a-z0-9])(?:cham nhat|muon nhat|khong qua|truoc)\s/g;

function readPhrase(phrase: string, planYear: number): PhraseResult {
  const g = maskParens(foldAligned(phrase));

  // 1. Deadlines from the very start ("Chậm nhất trong Quý I/2024", "Định kỳ hằng Quý và năm 2024").
  const seq = readSequence(g, 0, planYear);
  if ("error" in seq) return { type: "invalid", reason: seq.error };
  if (seq.items.length > 0 && restIsIgnorable(g.slice(seq.end))) return { type: "ok", items: seq.items };

  // 2. Outside events ("Theo hướng dẫn của tỉnh", "Ngay sau khi …", "Đột xuất").
  const ev = EVENT_START.exec(g);
  if (ev && seq.items.length === 0) {
    // "Sau Quý I/2024" is relative to a date, not an event: leave it to the unknown path.
    const after = g.slice(ev[0].length).replace(/^\s+/, "");
    const direct = readItem(after, 0, planYear);
    if (!direct) {
      DEADLINE_MARKER.lastIndex = 0;
      for (let m = DEADLINE_MARKER.exec(g); m; m = DEADLINE_MARKER.exec(g)) {
        const inner = readSequence(g, m.index, planYear);
        if (!("error" in inner) && inner.items.length > 0 && inner.items.every((i) => i.kind === "due")) {
          return { type: "ok", items: inner.items };
        }
      }
      return { type: "event" };
    }
  }

  // 3. A report "cùng với Báo cáo CCHC định kỳ hằng Quý": prose, then a recurrence.
  //    Only for recurring/continuous, and only if the prose names no number (no hidden date).
  if (seq.items.length === 0) {
    WORD_START.lastIndex = 0;
    for (let m = WORD_START.exec(g); m; m = WORD_START.exec(g)) {
      const p = m.index;
      if (p === 0) continue;
      if (/\d/.test(g.slice(0, p))) break;
      if (!matchPeriodic(g, p)) continue;
      const inner = readSequence(g, p, planYear);
      if ("error" in inner) return { type: "invalid", reason: inner.error };
      if (inner.items.length > 0 && restIsIgnorable(g.slice(inner.end))) {
        inner.items[0]!.start = 0;
        return { type: "ok", items: inner.items };
      }
      break;
    }
  }
  return { type: "unknown" };
}

const WORD_START = /(?<![a-z0-9])[a-z]/g;

/** What may follow the last deadline: nothing, or an ad-hoc/event alternative ("hoặc đột xuất theo quy định"). */
function restIsIgnorable(rest: string): boolean {
  const r = rest.replace(/^[\s,;.:\-]+/, "").replace(/^(?:va|hoac)\s+/, "").trim();
  return r === "" || EVENT_START.test(r);
}

const CONNECTOR = /\s*(?:[,;&+]\s*)?(?:(?:va\/hoac|va|hoac)\s+)?/y;

function readSequence(g: string, pos: number, planYear: number): { items: Item[]; end: number } | { error: string } {
  const items: Item[] = [];
  let p = pos;
  let segStart = pos;
  // "Trước ngày 15/6 và 15/12": a "trước" carries over to the dates listed after it.
  let carriedBefore = false;
  for (;;) {
    const it = readItem(g, p, planYear, carriedBefore);
    if (!it) break;
    if ("error" in it) return { error: it.error };
    items.push({ ...it.item, start: segStart, end: it.end });
    carriedBefore = it.before;
    p = it.end;
    CONNECTOR.lastIndex = p;
    const c = CONNECTOR.exec(g);
    const q = c ? p + c[0].length : p;
    if (q === p) break; // items must be separated
    const next = readItem(g, q, planYear);
    if (!next) break;
    segStart = q;
    p = q;
  }
  return { items, end: p };
}

// ---------------------------------------------------------------------------
// One deadline item: prefixes, then a period / recurrence / continuous marker.

type ItemRead = { item: Omit<Item, "start" | "end">; end: number; before: boolean } | { error: string };

// Prefixes that do not move the date. "trước hoặc trong" must win over "trước".
// "trong/cuối/hết" are not eaten before a bare "năm" ("Trong năm" = the plan year).
const PREFIX =
  /(?:(truoc hoac trong|trong hoac truoc)|(truoc)(?:\s+thoi diem)?|cham nhat|muon nhat|khong qua|hoan thanh|xong|vao|den|toi|ket thuc|thuc hien|du kien|khoang|ngay trong|\d{1,2}\s*(?:h|gio|:)\s*(?:\d{2})?(?:\s*phut)?(?=\s+ngay)|(?:trong|cuoi|het|den het)(?=\s+(?!nam(?![\s\/]*\d))))\s+/y;
const RANGE_FROM = /tu\s+/y;
const RANGE_SEP = /\s*-\s*|\s+(?:den|toi)\s+(?:het\s+)?/y;

function readItem(g: string, pos: number, planYear: number, inheritedBefore = false): ItemRead | null {
  let q = pos;
  let before = false;
  let ownPrefix = false;
  for (;;) {
    PREFIX.lastIndex = q;
    const m = PREFIX.exec(g);
    if (!m) break;
    if (m[2]) before = true;
    ownPrefix = true;
    q += m[0].length;
  }

  // Continuous and recurring carry no date.
  const periodic = matchPeriodic(g, q);
  if (periodic) {
    if (before) return null;
    return { item: { kind: periodic.kind, due: null, every: periodic.every }, end: periodic.end, before: false };
  }

  RANGE_FROM.lastIndex = q;
  const from = RANGE_FROM.exec(g);
  let span = readSpan(g, from ? q + from[0].length : q, planYear);
  if (!span) return null;
  if ("error" in span) return span;
  // "Từ tháng 3 đến tháng 6/2024", "Quý I - Quý II/2024": the range ends with its last period.
  RANGE_SEP.lastIndex = span.end;
  const sep = RANGE_SEP.exec(g);
  if (sep) {
    const second = readSpan(g, span.end + sep[0].length, planYear);
    if (second && !("error" in second)) span = second;
    else if (second && "error" in second) return second;
    else if (from) return null;
  } else if (from) return null;

  // "Trước D" is the day before D; "Trước Quý II" the day before the quarter starts.
  // For spans counted from New Year ("6 tháng đầu năm") "trước" can only mean "by its end".
  // A "trước" carried from an earlier date applies to a later day ("Trước ngày 15/6 và 15/12"),
  // not to a month or quarter named after it.
  if (!ownPrefix && inheritedBefore && span.start === span.end_) before = true;
  const due = before && !span.beforeMeansEnd ? addDays(span.start, -1) : span.end_;
  return { item: { kind: "due", due, every: null }, end: span.end, before };
}

interface Periodic {
  kind: "recurring" | "continuous";
  every: Recurrence | null;
  end: number;
}

const CONTINUOUS =
  /(?:thuong xuyen|lien tuc|hang ngay|moi ngay|hang tuan|moi tuan)(?:\s*(?:,|;|-|va)?\s*(?:thuong xuyen|lien tuc|hang ngay|moi ngay|hang tuan|moi tuan))*(?:\s*,?\s*(?:trong|ca)\s+nam(?:\s+\d{4})?)?(?![a-z0-9])/y;
// "hằng/hàng/mỗi quý", "định kỳ hằng quý", "theo định kỳ hàng tháng" (not "hàng quy định").
const REC_EACH = /(?:theo\s+)?(?:dinh ky\s*,?\s*)?(?:hang|moi|tung)\s+(quy|qui|thang|nam)(?![a-z0-9])(?!\s+dinh)/y;
// "định kỳ 6 tháng (một lần)", "định kỳ quý".
const REC_PERIOD =
  /(?:theo\s+)?dinh ky\s+(?:((?:6|sau)\s+thang|nua nam)|(quy|qui|thang|nam)(?!\s+dinh))(?:\s+(?:mot|1)\s+lan)?(?![a-z0-9])/y;
// "6 tháng một lần", "3 tháng/lần", "1 năm/lần".
const REC_EVERY_N = /(?:(\d{1,2}|mot|ba|sau|muoi hai)\s+thang|(nua nam)|(?:mot|1)\s+nam)\s*(?:\/|mot|1)\s*lan(?![a-z0-9])/y;
// "Theo quý" — but not "theo quy định".
const REC_THEO = /theo\s+(?:tung\s+)?(quy|qui|thang|nam)(?=\s*(?:$|[,;.]|va\s|hoac\s))/y;
// A recurrence may list the other report periods too: "hàng quý, 6 tháng, 9 tháng, cả năm".
const REC_TAIL =
  /(?:\s*(?:,|va)\s*(?:6 thang|9 thang|ca nam|hang nam|nam)(?=\s*(?:$|[,;.]|va\s|hoac\s)))*/y;

const UNIT_EVERY: Record<string, Recurrence> = { quy: "quarter", qui: "quarter", thang: "month", nam: "year" };
const MONTHS_EVERY: Record<string, Recurrence> = { "1": "month", mot: "month", "3": "quarter", ba: "quarter", "6": "half-year", sau: "half-year", "12": "year", "muoi hai": "year" };

function matchPeriodic(g: string, pos: number): Periodic | null {
  CONTINUOUS.lastIndex = pos;
  let m = CONTINUOUS.exec(g);
  if (m) return { kind: "continuous", every: null, end: pos + m[0].length };

  let every: Recurrence | null = null;
  let end = -1;
  REC_EACH.lastIndex = pos;
  if ((m = REC_EACH.exec(g))) {
    every = UNIT_EVERY[m[1]!]!;
    end = pos + m[0].length;
  } else {
    REC_PERIOD.lastIndex = pos;
    if ((m = REC_PERIOD.exec(g))) {
      every = m[1] ? "half-year" : UNIT_EVERY[m[2]!]!;
      end = pos + m[0].length;
    } else {
      REC_EVERY_N.lastIndex = pos;
      if ((m = REC_EVERY_N.exec(g))) {
        every = m[2] ? "half-year" : m[1] ? (MONTHS_EVERY[m[1]] ?? null) : "year";
        if (every === null) return null; // "5 tháng một lần": no such reporting rhythm
        end = pos + m[0].length;
      } else {
        REC_THEO.lastIndex = pos;
        if ((m = REC_THEO.exec(g))) {
          every = UNIT_EVERY[m[1]!]!;
          end = pos + m[0].length;
        }
      }
    }
  }
  if (every === null) return null;
  REC_TAIL.lastIndex = end;
  const tail = REC_TAIL.exec(g);
  if (tail) end += tail[0].length;
  return { kind: "recurring", every, end };
}

interface Span {
  /** First and last day of the named period. */
  start: string;
  end_: string;
  end: number;
  beforeMeansEnd: boolean;
}

const NUM = "([ivx]{1,4}|\\d{1,2})(?![a-z0-9])";
const YEAR_TAIL = "(?:\\s*(?:[\\/.-]|,)\\s*(?:nam\\s*)?(\\d{4}|\\d{2})(?![\\d\\/])|,?\\s+nam\\s+(\\d{4})(?!\\d))?";
const HALF = /(?:(?:6|sau)\s+thang|nua)\s+(dau|cuoi)\s+nam(?:\s*(\d{4}))?(?![a-z0-9])/y;
const NINE = /(6|9|sau|chin)\s+thang(?:\s+dau)?\s+nam(?:\s*(\d{4}))?(?![a-z0-9])/y;
const QUARTER = new RegExp(`(?:quy|qui|q)\\.?\\s*${NUM}${YEAR_TAIL}`, "y");
const DAY_WORDS = /(?:ngay\s*)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*,?\s*nam\s+(\d{4}))?(?!\d)/y;
const DAY_NUMERIC = /(ngay\s*)?(\d{1,2})\s*([\/.-])\s*(\d{1,2})(?:\s*\3\s*(\d{4}|\d{2}))?(?![\d\/])/y;
const MONTH = new RegExp(`thang\\s*${NUM}${YEAR_TAIL}`, "y");
const MONTH_BARE = /(\d{1,2})\s*[\/.-]\s*(\d{4})(?![\d\/])/y;
const YEAR = /(?:ca\s+)?nam\s*(\d{4})(?!\d)|(?:(?:ca|trong|cuoi|het)\s+nam|nam nay)(?:\s+nay)?(?![\s\/]*\d)(?![a-z0-9])/y;

function readSpan(g: string, pos: number, planYear: number): Span | { error: string } | null {
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    return re.exec(g);
  };
  let m: RegExpExecArray | null;

  if ((m = at(HALF))) {
    const y = year(m[2], planYear);
    if (typeof y !== "number") return y;
    const first = m[1] === "dau";
    return {
      start: first ? iso(y, 1, 1) : iso(y, 7, 1),
      end_: first ? iso(y, 6, 30) : iso(y, 12, 31),
      end: pos + m[0].length,
      beforeMeansEnd: first,
    };
  }
  if ((m = at(NINE))) {
    const y = year(m[2], planYear);
    if (typeof y !== "number") return y;
    const months = m[1] === "9" || m[1] === "chin" ? 9 : 6;
    return { start: iso(y, 1, 1), end_: iso(y, months, lastDay(y, months)), end: pos + m[0].length, beforeMeansEnd: true };
  }
  if ((m = at(QUARTER))) {
    const n = readNumeral(m[1]!);
    const y = year(m[2] ?? m[3], planYear);
    if (n === null || n < 1 || n > 4) return { error: `không có quý ${m[1]!.toUpperCase()}` };
    if (typeof y !== "number") return y;
    return { start: iso(y, 3 * n - 2, 1), end_: iso(y, 3 * n, lastDay(y, 3 * n)), end: pos + m[0].length, beforeMeansEnd: false };
  }
  if ((m = at(DAY_WORDS)) || (m = at(DAY_NUMERIC))) {
    const numeric = m.length > 4;
    const d = Number(numeric ? m[2] : m[1]);
    const mo = Number(numeric ? m[4] : m[2]);
    const y = year(numeric ? m[5] : m[3], planYear);
    if (typeof y !== "number") return y;
    if (mo < 1 || mo > 12) return { error: `không có tháng ${mo}` };
    if (d < 1 || d > lastDay(y, mo)) return { error: `ngày ${d}/${mo}/${y} không tồn tại` };
    const date = iso(y, mo, d);
    return { start: date, end_: date, end: pos + m[0].length, beforeMeansEnd: false };
  }
  if ((m = at(MONTH)) || (m = at(MONTH_BARE))) {
    const bare = m.length === 3;
    const mo = readNumeral(m[1]!);
    const y = year(bare ? m[2] : (m[2] ?? m[3]), planYear);
    if (mo === null || mo < 1 || mo > 12) return { error: `không có tháng ${m[1]!.toUpperCase()}` };
    if (typeof y !== "number") return y;
    return { start: iso(y, mo, 1), end_: iso(y, mo, lastDay(y, mo)), end: pos + m[0].length, beforeMeansEnd: false };
  }
  if ((m = at(YEAR))) {
    const y = year(m[1], planYear);
    if (typeof y !== "number") return y;
    return { start: iso(y, 1, 1), end_: iso(y, 12, 31), end: pos + m[0].length, beforeMeansEnd: false };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Calendar helpers

function year(token: string | undefined, planYear: number): number | { error: string } {
  if (token === undefined) return planYear;
  const n = token.length === 2 ? 2000 + Number(token) : Number(token);
  if (n < 1990 || n > 2100) return { error: `năm ${token} không hợp lệ` };
  return n;
}

function lastDay(y: number, month: number): number {
  return new Date(Date.UTC(y, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
