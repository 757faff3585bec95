// Which of the seven reform areas a section row, appendix caption or heading names.

import { foldWords } from "./text.ts";
import { REFORM_AREAS, type AreaCode } from "./types.ts";

// Headings are short; a longer text is a task sentence that merely mentions an area.
const MAX_HEADING_WORDS = 20;

// The area phrase a heading starts with (after numbering and LEAD_INS are removed).
// Checked in order; the first hit wins.
const RULES: { area: AreaCode; pattern: RegExp }[] = [
  { area: "digital_government", pattern: /^(?:chinh quyen (?:dien tu|so)|chuyen doi so)\b/ },
  { area: "procedures", pattern: /^(?:thu tuc hanh chinh|tthc)\b/ },
  { area: "institutions", pattern: /^the che\b(?! hoa)/ },
  { area: "organisation", pattern: /^(?:to chuc bo may|bo may hanh chinh|bo may)\b/ },
  { area: "civil_service", pattern: /^(?:che do cong vu|cong vu|doi ngu can bo|doi ngu cong chuc)\b/ },
  { area: "public_finance", pattern: /^tai chinh cong\b/ },
  {
    area: "direction",
    pattern: /^(?:chi dao (?:va )?dieu hanh|(?:thong tin )?tuyen truyen (?:ve )?(?:cai cach hanh chinh|cchc))\b/,
  },
];

// Words that open a heading before its area phrase: "Các nhiệm vụ trọng tâm về cải cách …",
// "Công tác chỉ đạo …", "Xây dựng và phát triển Chính quyền điện tử …".
const LEAD_INS =
  /^(?:cac nhiem vu trong tam ve|cac nhiem vu trong tam|cac nhiem vu|nhiem vu|ve|cong tac|day manh|tang cuong|tiep tuc|xay dung va phat trien|xay dung va nang cao chat luong|nang cao chat luong|xay dung|phat trien|cai cach|kiem soat|thuc hien)\s+/;

/** Removes markup and numbering a heading carries: "<b>", "**", "II.", "2.3.", "Phụ lục số 02:", "a)". */
function stripHeading(text: string): string {
  let s = text.replace(/<[^>]*>/g, " ").replace(/[*_#]+/g, " ");
  s = foldWords(s);
  for (;;) {
    const next = s
      .replace(/^phu luc(?: so)?(?: [0-9ivx]+)?\b\s*/, "")
      .replace(/^(?:muc|phan)\s+[0-9ivx]+\b\s*/, "")
      .replace(/^[ivx]+\b\s*/, "")
      .replace(/^\d+(?: \d+)*\b\s*/, "")
      .replace(/^[a-d]\b\s+(?=\S)/, "");
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * Maps a heading-like text to its reform area, or null.
 *
 * Rule: a heading names its area first. Only short texts are read (at most 20 words,
 * no ";", no "%" — a heading never states a target — and no sentence break); numbering,
 * markup and lead-in words ("Các nhiệm vụ trọng tâm về", "Công tác", "Cải cách",
 * "Xây dựng và phát triển"…) are removed, and what remains must START with an area
 * phrase. So "Các nhiệm vụ trọng tâm về cải cách thủ tục hành chính" → procedures,
 * while a task that merely mentions TTHC ("Rà soát, đơn giản hóa TTHC nội bộ"),
 * "KINH PHÍ THỰC HIỆN" or "Tổ chức thực hiện" → null.
 * "Chuyển đổi số trong giải quyết TTHC" is a procedures sub-heading, not digital government.
 */
export function matchArea(text: string): AreaCode | null {
  if (/[;%]/.test(text)) return null;
  // A full stop followed by more words is a sentence, not a heading ("2.3." numbering is fine).
  const body = text.replace(/<[^>]*>/g, " ").replace(/^[\s*]*(?:[IVXivx]+|\d+(?:\.\d+)*|[a-dA-D])[.):]?\s+/, "");
  if (/[^\d\s]\.\s+\S/u.test(body)) return null;
  const s = stripHeading(text);
  if (!s) return null;
  if (s.split(" ").length > MAX_HEADING_WORDS) return null;
  let head = s;
  for (let next = head.replace(LEAD_INS, ""); next !== head; next = head.replace(LEAD_INS, "")) head = next;
  const rule = RULES.find((r) => r.pattern.test(head));
  if (!rule) return null;
  if (rule.area === "digital_government" && /^chuyen doi so\b.*\b(?:thu tuc hanh chinh|tthc)\b/.test(head))
    return "procedures";
  return rule.area;
}

// Exact names and the short forms plans use for them, folded.
const NAMES = new Map<string, AreaCode>();
for (const a of REFORM_AREAS) {
  NAMES.set(foldWords(a.name), a.code);
  NAMES.set(a.code.replace(/_/g, " "), a.code);
}
const SHORT_FORMS: [string, AreaCode][] = [
  ["Công tác chỉ đạo điều hành", "direction"],
  ["Chỉ đạo điều hành cải cách hành chính", "direction"],
  ["Thể chế", "institutions"],
  ["Thủ tục hành chính", "procedures"],
  ["TTHC", "procedures"],
  ["Cải cách TTHC", "procedures"],
  ["Tổ chức bộ máy", "organisation"],
  ["Cải cách tổ chức bộ máy hành chính nhà nước", "organisation"],
  ["Chế độ công vụ", "civil_service"],
  ["Công vụ", "civil_service"],
  ["Tài chính công", "public_finance"],
  ["Chính quyền điện tử, chính quyền số", "digital_government"],
  ["Chính quyền điện tử", "digital_government"],
  ["Chính quyền số", "digital_government"],
  ["Xây dựng Chính quyền điện tử, Chính quyền số", "digital_government"],
  ["Chuyển đổi số", "digital_government"],
];
for (const [name, code] of SHORT_FORMS) NAMES.set(foldWords(name), code);

/**
 * Reads an area stored by name (the DOMAIN names, their short forms, or the code itself).
 * Falls back to matchArea so a heading-like name still resolves.
 */
export function areaFromName(name: string): AreaCode | null {
  return NAMES.get(foldWords(name)) ?? matchArea(name);
}
