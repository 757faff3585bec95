// .docx → neutral grids. Reads word/document.xml directly (no layout engine):
// tables anywhere in the body (also inside content controls), merged cells,
// runs split mid-word, line breaks, text boxes, nested tables.

import JSZip from "jszip";
import { DOMParser, type Element, type Node } from "@xmldom/xmldom";
import { cleanParagraphs, finishGrid, PlanReadError, type Grid, type GridCell } from "./grid.ts";

const W_NS = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main", // ISO strict
]);

const NOT_DOCX = "Tệp không phải là tài liệu Word .docx hợp lệ.";
const CAPTION_SIZE = 3;

export interface DocxReading {
  /** Body paragraphs outside tables, cleaned, in document order (for the office name, year, title). */
  paragraphs: string[];
  /** Every table in document order; nested tables come after the table holding them. */
  grids: Grid[];
}

export async function readDocxGrids(input: Buffer): Promise<Grid[]> {
  return (await readDocx(input)).grids;
}

export async function readDocx(input: Buffer | Uint8Array): Promise<DocxReading> {
  const xml = await documentXml(input);
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(slim(xml), "text/xml");
  } catch (err) {
    throw new PlanReadError("Tệp Word bị hỏng: không đọc được nội dung tài liệu.", { cause: err });
  }
  const root = doc.documentElement;
  const body = root ? childElements(root).find((e) => isW(e, "body")) : undefined;
  if (!body) throw new PlanReadError(NOT_DOCX);

  const ctx: Ctx = { grids: [], rowCounter: 0 };
  const paragraphs: string[] = [];
  let recent: string[] = [];
  walkBlocks(
    body,
    (texts) => {
      paragraphs.push(...texts);
      recent.push(...texts);
    },
    (tbl) => {
      readTable(tbl, captionOf(recent), ctx);
      recent = [];
    },
  );
  return { paragraphs, grids: ctx.grids };
}

async function documentXml(input: Buffer | Uint8Array): Promise<string> {
  const head = input.subarray(0, 4);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new PlanReadError(
      "Tệp là tài liệu Word đời cũ (.doc). Hãy mở tệp bằng Word và chọn Lưu thành (Save As) định dạng .docx rồi gửi lại.",
    );
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b) throw new PlanReadError(NOT_DOCX);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(input);
  } catch (err) {
    throw new PlanReadError(NOT_DOCX, { cause: err });
  }
  // The main part is normally word/document.xml, but the package relationships are authoritative.
  let path = "word/document.xml";
  const rels = await zip.file("_rels/.rels")?.async("string");
  if (rels) {
    const m = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels);
    const target = m ? /Target="([^"]+)"/.exec(m[0])?.[1] : undefined;
    if (target) path = target.replace(/^\//, "");
  }
  const file = zip.file(path) ?? zip.file("word/document.xml");
  if (!file) throw new PlanReadError(NOT_DOCX);
  return file.async("string");
}

/**
 * Drops run and paragraph properties, proofing marks, bookmarks and revision ids
 * before parsing: they are most of a real document.xml and none is read here, and
 * the DOM parser's time grows with the input (a 60-task Word plan goes from
 * hundreds of milliseconds to a few tens). Only whole elements without a nested
 * element of the same name are removed, so the XML stays well-formed whatever the prefix.
 */
function slim(xml: string): string {
  return xml
    .replace(/<w:rPr>[^<]*(?:<(?!\/?w:rPr\b)[^<]*)*<\/w:rPr>/g, "")
    .replace(/<w:pPr>[^<]*(?:<(?!\/?w:pPr\b)[^<]*)*<\/w:pPr>/g, "")
    .replace(/<w:(?:proofErr|bookmarkStart|bookmarkEnd|lastRenderedPageBreak|softHyphen)\b[^>]*\/>/g, "")
    .replace(/\s+w:rsid\w*="[^"]*"/g, "")
    // With their properties gone, neighbouring runs are one run: join their texts.
    .replace(/<\/w:t><\/w:r><w:r><w:t(?:\s+xml:space="preserve")?>/g, "");
}

// ---------------------------------------------------------------------------

interface Ctx {
  grids: Grid[];
  /** Table rows counted in document order across all tables: the "row" users are told about. */
  rowCounter: number;
}

function isW(node: Element, name: string): boolean {
  return node.localName === name && W_NS.has(node.namespaceURI ?? "");
}

function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function firstChild(node: Node, name: string): Element | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && isW(c as Element, name)) return c as Element;
  return undefined;
}

function attr(el: Element | undefined, name: string): string | null {
  if (!el) return null;
  // w:val in the transitional namespace; fall back to any prefix.
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.localName === name) return a.value;
  }
  return null;
}

function captionOf(recent: string[]): string[] {
  return recent.slice(-CAPTION_SIZE).reverse();
}

/** Body-level content: paragraphs and tables, looking through content controls and custom XML. */
function walkBlocks(parent: Node, onParagraph: (texts: string[]) => void, onTable: (tbl: Element) => void): void {
  for (const el of childElements(parent)) {
    if (!W_NS.has(el.namespaceURI ?? "")) continue;
    switch (el.localName) {
      case "p":
        onParagraph(paragraphTexts(el));
        break;
      case "tbl":
        onTable(el);
        break;
      case "sdt": {
        const content = firstChild(el, "sdtContent");
        if (content) walkBlocks(content, onParagraph, onTable);
        break;
      }
      case "customXml":
      case "sdtContent":
      case "ins":
      case "smartTag":
        walkBlocks(el, onParagraph, onTable);
        break;
      default:
        break; // sectPr, bookmarks, deleted content…
    }
  }
}

/**
 * One w:p → its text, split into paragraphs at line breaks; text boxes anchored in
 * the paragraph give paragraphs of their own. Runs are concatenated as they are, so
 * a word split across runs ("Tư ph" + "áp") comes out whole.
 */
function paragraphTexts(p: Element): string[] {
  const out: string[] = [];
  let cur = "";
  const visit = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const el = c as Element;
      const name = el.localName;
      if (!W_NS.has(el.namespaceURI ?? "")) {
        // mc:AlternateContent holds the same content twice; the Fallback copy is for old readers.
        if (name !== "Fallback") visit(el);
        continue;
      }
      switch (name) {
        case "t":
          cur += el.textContent ?? "";
          break;
        case "tab":
        case "ptab":
          cur += "\t";
          break;
        case "br":
        case "cr":
          out.push(cur);
          cur = "";
          break;
        case "noBreakHyphen":
          cur += "-";
          break;
        case "pPr":
        case "rPr":
        case "del":
        case "moveFrom":
        case "instrText":
        case "delText":
        case "footnoteReference":
        case "endnoteReference":
        case "commentReference":
          break;
        case "txbxContent":
          out.push(cur);
          cur = "";
          walkBlocks(
            el,
            (texts) => out.push(...texts),
            (tbl) => out.push(...flattenTable(tbl)),
          );
          break;
        default:
          visit(el);
      }
    }
  };
  visit(p);
  out.push(cur);
  return cleanParagraphs(out);
}

/** Text of a table found where no grid is wanted (inside a text box). */
function flattenTable(tbl: Element): string[] {
  const out: string[] = [];
  for (const tr of tableRows(tbl)) {
    for (const tc of rowCells(tr)) {
      walkBlocks(
        tc,
        (texts) => out.push(...texts),
        (inner) => out.push(...flattenTable(inner)),
      );
    }
  }
  return out;
}

function tableRows(tbl: Element): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    for (const el of childElements(node)) {
      if (isW(el, "tr")) out.push(el);
      else if (isW(el, "sdt") || isW(el, "sdtContent") || isW(el, "customXml")) visit(el);
    }
  };
  visit(tbl);
  return out;
}

function rowCells(tr: Element): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    for (const el of childElements(node)) {
      if (isW(el, "tc")) out.push(el);
      else if (isW(el, "sdt") || isW(el, "sdtContent") || isW(el, "customXml")) visit(el);
    }
  };
  visit(tr);
  return out;
}

function intVal(el: Element | undefined, fallback: number): number {
  const v = attr(el, "val");
  const n = v === null ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function readTable(tbl: Element, caption: string[], ctx: Ctx): Grid {
  const grid: Grid = { rows: [], caption, index: 0 };
  ctx.grids.push(grid);
  grid.index = ctx.grids.length;
  let above: GridCell[] = [];

  for (const tr of tableRows(tbl)) {
    ctx.rowCounter++;
    const sourceRow = ctx.rowCounter;
    const trPr = firstChild(tr, "trPr");
    const isHeader = trPr ? firstChild(trPr, "tblHeader") !== undefined && attr(firstChild(trPr, "tblHeader"), "val") !== "0" : false;
    const cells: GridCell[] = [];
    const before = trPr ? intVal(firstChild(trPr, "gridBefore"), 0) : 0;
    for (let i = 0; i < before; i++) cells.push({ paragraphs: [] });

    for (const tc of rowCells(tr)) {
      const tcPr = firstChild(tc, "tcPr");
      const span = Math.max(1, tcPr ? intVal(firstChild(tcPr, "gridSpan"), 1) : 1);
      const vMergeEl = tcPr ? firstChild(tcPr, "vMerge") : undefined;
      // A w:vMerge without a value continues the merge; only "restart" starts one.
      const continues = vMergeEl !== undefined && attr(vMergeEl, "val") !== "restart";
      const hMergeEl = tcPr ? firstChild(tcPr, "hMerge") : undefined;
      const col = cells.length;

      if (hMergeEl && attr(hMergeEl, "val") !== "restart" && col > 0) {
        // Legacy horizontal merge: this cell continues the one to its left.
        const left = cells[col - 1]!;
        const src = left.copyOf ?? col - 1;
        for (let s = 0; s < span; s++) cells.push({ paragraphs: left.paragraphs, copyOf: src, ...(left.continued ? { continued: true } : {}) });
        continue;
      }

      let paragraphs: string[];
      if (continues) {
        paragraphs = above[col]?.paragraphs ?? [];
      } else {
        paragraphs = cellParagraphs(tc, ctx);
      }
      const cell: GridCell = continues ? { paragraphs, continued: true } : { paragraphs };
      cells.push(cell);
      for (let s = 1; s < span; s++) cells.push({ ...cell, copyOf: col });
    }

    const after = trPr ? intVal(firstChild(trPr, "gridAfter"), 0) : 0;
    for (let i = 0; i < after; i++) cells.push({ paragraphs: [] });
    grid.rows.push({ cells, sourceRow, mergedAcross: false, ...(isHeader ? { header: true } : {}) });
    above = cells;
  }
  return finishGrid(grid);
}

/** A cell's paragraphs; a table nested in the cell becomes a grid of its own AND is flattened into the cell text. */
function cellParagraphs(tc: Element, ctx: Ctx): string[] {
  const out: string[] = [];
  walkBlocks(
    tc,
    (texts) => out.push(...texts),
    (tbl) => {
      const nested = readTable(tbl, captionOf(out), ctx);
      for (const row of nested.rows) {
        for (const cell of row.cells) if (cell.copyOf === undefined && !cell.continued) out.push(...cell.paragraphs);
      }
    },
  );
  return out;
}
