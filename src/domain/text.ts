// Text helpers for Vietnamese input: plans and chat messages are typed with or
// without diacritics, with decomposed or precomposed Unicode, and with every
// kind of dash. Matching works on a folded form; what users see keeps the original.

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** NFC, unify dashes and quotes, collapse white space. Keeps case and diacritics. */
export function cleanText(input: string): string {
  return input
    .normalize("NFC")
    .replace(DASHES, "-")
    .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A]/g, "'")
    .replace(/[\u00A0\u2000-\u200B\u202F\u3000\t\r\n]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** Lower case without diacritics ("Quý" → "quy", "Đ" → "d"), for matching only. */
export function fold(input: string): string {
  return cleanText(input)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .normalize("NFC");
}

/** Folded and reduced to letters, digits and single spaces: "Tư pháp-Hộ tịch" → "tu phap ho tich". */
export function foldWords(input: string): string {
  return fold(input)
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** Reads "IV" or "4" as 4; returns null for anything else. */
export function readNumeral(token: string): number | null {
  const t = token.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^[ivxlc]+$/.test(t)) return null;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = ROMAN[t[i]!]!;
    const next = i + 1 < t.length ? ROMAN[t[i + 1]!]! : 0;
    total += v < next ? -v : v;
  }
  return total;
}

const ROMAN_OUT = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

export function toRoman(n: number): string {
  return ROMAN_OUT[n] ?? String(n);
}
