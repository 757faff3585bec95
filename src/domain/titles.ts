// Officer titles and units named in the lead/support columns of a plan.
// The catalogue itself is data (each office edits its own); this module holds the
// pure matching logic and the catalogue a new office starts with.

import { cleanText, fold, foldWords } from "./text.ts";

export type TitleKind = "officer" | "unit" | "leader" | "group" | "external";

export interface TitleDef {
  name: string;
  kind: TitleKind;
  aliases: string[];
}

export const DEFAULT_TITLES: TitleDef[] = [
  {
    name: "Văn phòng - Thống kê",
    kind: "officer",
    aliases: ["Văn phòng thống kê", "Thống kê"],
  },
  {
    name: "Tư pháp - Hộ tịch",
    kind: "officer",
    aliases: ["Tư pháp", "Hộ tịch"],
  },
  {
    name: "Tài chính - Kế toán",
    kind: "officer",
    aliases: ["Tài chính", "Kế toán", "Tài chính - Ngân sách"],
  },
  {
    name: "Văn hóa - Xã hội",
    kind: "officer",
    aliases: ["Văn hóa", "Văn hóa - Thông tin", "Lao động - Thương binh và Xã hội", "LĐTBXH", "TBXH"],
  },
  {
    name: "Địa chính - Xây dựng",
    kind: "officer",
    // "Địa chính" as a one-part alias makes every "Địa chính - …" variant match (see matchTitle).
    aliases: [
      "Địa chính",
      "Địa chính - Xây dựng - Đô thị và Môi trường",
      "Địa chính - Nông nghiệp - Xây dựng và Môi trường",
      "Địa chính - Môi trường",
    ],
  },
  {
    name: "Chỉ huy trưởng Quân sự",
    kind: "officer",
    aliases: ["Ban chỉ huy quân sự", "Ban CHQS", "Chỉ huy trưởng Ban CHQS", "CHT Quân sự", "Quân sự"],
  },
  {
    name: "Công an xã",
    kind: "unit",
    aliases: ["Công an thị trấn", "Công an", "Trưởng Công an xã"],
  },
  {
    name: "Bộ phận Tiếp nhận và Trả kết quả",
    kind: "unit",
    aliases: [
      "Bộ phận một cửa",
      "Bộ phận một cửa xã",
      "Bộ phận 1 cửa",
      "Bộ phận TN & TKQ xã",
      "Bộ phận TN&TKQ",
      "Bộ phận Tiếp nhận và Trả kết quả UBND xã",
      "Bộ phận Tiếp nhận và Trả kết quả giải quyết TTHC",
      "Một cửa",
    ],
  },
  {
    name: "Văn phòng UBND xã",
    kind: "unit",
    aliases: ["Văn phòng UBND", "Văn phòng HĐND - UBND", "Văn phòng HĐND và UBND", "Văn phòng"],
  },
  {
    name: "Chủ tịch UBND xã",
    kind: "leader",
    aliases: ["Chủ tịch", "Chủ tịch UBND", "CT UBND"],
  },
  {
    name: "Phó Chủ tịch UBND xã",
    kind: "leader",
    aliases: ["Phó Chủ tịch", "Phó Chủ tịch UBND", "PCT UBND", "PCT"],
  },
  {
    name: "Các bộ phận, công chức liên quan",
    kind: "group",
    aliases: [
      "Các bộ phận công chức chuyên môn",
      "Các công chức chuyên môn",
      "Các công chức liên quan",
      "Các công chức có liên quan",
      "Các bộ phận có liên quan",
      "Các bộ phận chuyên môn",
      "Các công chức chuyên môn có liên quan",
      "Các ban, ngành, đoàn thể",
    ],
  },
];

// ---------------------------------------------------------------------------
// Normalisation

/** Drops what qualifies a name rather than names it: "…: explanation", "(…)". */
function coreText(raw: string): string {
  let s = cleanText(raw);
  const colon = s.indexOf(":");
  if (colon > 0) s = s.slice(0, colon);
  s = s.replace(/\([^)]*\)?/g, " ").replace(/\[[^\]]*\]?/g, " ");
  return s.replace(/[\s.;,:]+$/, "").replace(/^[\s\-+•*]+/, "").trim();
}

// Words that introduce the holder of a title but are not part of it.
const PREFIXES = ["d c ", "dong chi ", "cong chuc ", "can bo ", "cbcc ", "cc ", "cb ", "phu trach "];
// The commune itself, named after a title: "Tài chính - Kế toán xã", "Văn phòng UBND xã".
const SUFFIXES = [" xa", " thi tran", " phuong", " ubnd", " uy ban nhan dan", " hdnd"];

function stripAffixes(words: string): string {
  let s = words;
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of PREFIXES) {
      if (s.startsWith(p) && s.length > p.length) {
        s = s.slice(p.length);
        changed = true;
      }
    }
    for (const x of SUFFIXES) {
      if (s.endsWith(x) && s.length > x.length) {
        s = s.slice(0, -x.length);
        changed = true;
      }
    }
  }
  return s;
}

/**
 * The folded key used for matching and for storing an office's aliases:
 * explanation and parenthetical qualifiers dropped, no diacritics, no punctuation,
 * holder prefixes ("CC", "Công chức", "Đ/c") and commune suffixes ("xã", "UBND xã") removed.
 */
export function titleKey(raw: string): string {
  return stripAffixes(foldWords(coreText(raw)));
}

/** The dash-separated parts of a name, each as a key: "Tư pháp - Hộ tịch" → ["tu phap", "ho tich"]. */
function partKeys(raw: string): string[] {
  return coreText(raw)
    .split(/\s*-\s*/)
    .map((p) => stripAffixes(foldWords(p)))
    .filter((p) => p.length > 0);
}

/** Initials keys of a multi-part name: "Tư pháp - Hộ tịch" → ["tp ht", "tpht"]. */
function abbreviationKeys(raw: string): string[] {
  const parts = partKeys(raw);
  if (parts.length < 2) return [];
  // Only parts of real words give meaningful initials; "HĐND - UBND" does not.
  if (parts.some((p) => p.split(" ").length < 2)) return [];
  const initials = parts.map((p) =>
    p
      .split(" ")
      .filter((w) => w !== "va")
      .map((w) => w[0])
      .join(""),
  );
  return [initials.join(" "), initials.join("")];
}

// ---------------------------------------------------------------------------
// Generic groups: "Các bộ phận chuyên môn", "Các công chức có liên quan", "các ban, ngành, đoàn thể"…

const GROUP_WORDS = new Set(
  (
    "bo phan cong chuc can bo ban nganh doan the co quan don vi phong chuyen mon lien " +
    "va ubnd hdnd xa thi tran vien chuc khac thuoc duoc giao trach nhiem tham muu huyen"
  ).split(" "),
);
const GROUP_HEADS = /\b(bo phan|cong chuc|can bo|ban|nganh|doan the|co quan|don vi|phong)\b/;

function isGenericGroup(words: string): boolean {
  const m = /^(?:tat ca )?cac (.+)$/.exec(words);
  if (!m) return false;
  const rest = m[1]!;
  return GROUP_HEADS.test(rest) && rest.split(" ").every((w) => GROUP_WORDS.has(w));
}

// ---------------------------------------------------------------------------
// Matching

interface Index {
  exact: Map<string, TitleDef>;
  parts: { parts: string[]; title: TitleDef }[];
  prefixes: { key: string; title: TitleDef }[];
  group: TitleDef | null;
}

// Catalogues are small and re-used across many cells; cache by identity.
const indexes = new WeakMap<readonly TitleDef[], Index>();

function buildIndex(catalogue: readonly TitleDef[]): Index {
  const exact = new Map<string, TitleDef>();
  const abbrev = new Map<string, TitleDef>();
  const parts: Index["parts"] = [];
  const prefixes: Index["prefixes"] = [];
  for (const title of catalogue) {
    for (const raw of [title.name, ...title.aliases]) {
      const key = titleKey(raw);
      if (!key) continue;
      // First entry wins: a key claimed by two titles keeps the earlier one.
      if (!exact.has(key)) exact.set(key, title);
      for (const a of abbreviationKeys(raw)) if (!abbrev.has(a)) abbrev.set(a, title);
      const p = partKeys(raw);
      if (p.length > 0) parts.push({ parts: p, title });
      if (key.split(" ").length >= 4) prefixes.push({ key, title });
    }
  }
  // Names and aliases outrank derived abbreviations.
  for (const [k, t] of abbrev) if (!exact.has(k)) exact.set(k, t);
  parts.sort((a, b) => b.parts.length - a.parts.length);
  prefixes.sort((a, b) => b.key.length - a.key.length);
  const group = catalogue.find((t) => t.kind === "group") ?? null;
  return { exact, parts, prefixes, group };
}

function indexOf(catalogue: readonly TitleDef[]): Index {
  let idx = indexes.get(catalogue);
  if (!idx) {
    idx = buildIndex(catalogue);
    indexes.set(catalogue, idx);
  }
  return idx;
}

/**
 * Finds the catalogue title a raw lead/support string names. Tries, in order:
 * the exact key (names, aliases, derived abbreviations); a name whose dash parts
 * begin the raw's dash parts ("Địa chính - Xây dựng - Đô thị…" → "Địa chính - Xây dựng");
 * a long name (≥ 4 words) that begins the raw key; the generic "Các …" phrase → the group.
 */
export function matchTitle(
  raw: string,
  catalogue: readonly TitleDef[],
): { title: TitleDef | null; key: string } {
  const key = titleKey(raw);
  if (!key) return { title: null, key };
  const idx = indexOf(catalogue);

  const exact = idx.exact.get(key);
  if (exact) return { title: exact, key };

  const rawParts = partKeys(raw);
  if (rawParts.length >= 2) {
    for (const entry of idx.parts) {
      if (entry.parts.length >= rawParts.length) continue;
      if (entry.parts.every((p, i) => rawParts[i] === p)) return { title: entry.title, key };
    }
  }

  for (const entry of idx.prefixes) {
    if (key.startsWith(entry.key + " ")) return { title: entry.title, key };
  }

  if (idx.group && isGenericGroup(key)) return { title: idx.group, key };

  return { title: null, key };
}

// ---------------------------------------------------------------------------
// Unknown units

/** A tidy display name for a unit not in the catalogue ("CC Đài truyền thanh xã:" → "Đài truyền thanh xã"). */
export function guessTitleName(raw: string): string {
  let s = coreText(raw);
  // Holder prefixes, matched on the folded form so "Công chức"/"Cong chuc"/"CC" all go.
  for (;;) {
    const f = fold(s);
    const m = /^(?:cc|cb|cbcc|cong chuc|can bo|d\/c|dong chi|phu trach)(?=[\s.:]|$)[\s.:]*/.exec(f);
    if (!m || m[0].length >= s.length) break;
    s = s.slice(m[0].length);
  }
  s = s
    .replace(/\s*-\s*/g, " - ")
    .replace(/\s+/g, " ")
    .trim();
  return s
    .split(" - ")
    .map((p) => p.charAt(0).toLocaleUpperCase("vi") + p.slice(1))
    .join(" - ");
}

/** A first guess at the kind of an unknown unit; the office can correct it. */
export function guessTitleKind(raw: string): TitleKind {
  const w = foldWords(coreText(raw));
  const s = stripAffixes(w);
  if (/^(?:tat ca )?cac /.test(w)) return "group";
  if (/^(?:ngan hang|cong ty|buu dien|kho bac|chi nhanh|doanh nghiep|hop tac xa|vnpt|viettel)\b/.test(s))
    return "external";
  if (/^(?:pho )?chu tich\b/.test(s)) return "leader";
  if (/^(?:phong|ban|bo phan|dai|cong an|van phong|trung tam|tram|to|doan|hoi|uy ban|mat tran)\b/.test(s))
    return "unit";
  return "officer";
}

// ---------------------------------------------------------------------------
// Splitting a cell into units

const LIST_BULLET = /^\s*(?:[-+•*]|\d+[.)])\s+/;

function trimUnit(s: string): string {
  return s
    .replace(LIST_BULLET, "")
    .replace(/[\s.;,]+$/, "")
    .trim();
}

/**
 * A comma splits only a list of names: no ":" (an explanation may contain commas),
 * every part at least two words and every later part capitalised — so
 * "các ban, ngành, đoàn thể" and "Các cơ quan, đơn vị liên quan" stay whole.
 */
function splitCommaList(piece: string): string[] {
  if (piece.includes(":") || !piece.includes(",")) return [piece];
  const parts = piece.split(",").map((p) => p.trim());
  const ok =
    parts.every((p) => p.split(/\s+/).length >= 2) &&
    parts.slice(1).every((p) => /^[\p{Lu}\d]/u.test(p));
  return ok ? parts : [piece];
}

/** Splits a lead/support cell (paragraphs) into the raw unit strings it names, spelling kept. */
export function splitUnits(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const para of paragraphs) {
    for (const line of para.split(/\r?\n/)) {
      for (const semi of line.split(";")) {
        // Inline bullets ("• A • B", "+ A + B"); a plain " - " is part of names, so only at the start.
        for (const bullet of semi.split(/\s+[•+]\s+/)) {
          for (const piece of splitCommaList(trimUnit(bullet))) {
            const unit = trimUnit(piece).replace(/\s+/g, " ");
            if (/[\p{L}\d]/u.test(unit)) out.push(unit);
          }
        }
      }
    }
  }
  return out;
}
