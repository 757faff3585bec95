import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanText, foldWords } from "../../src/domain/text.ts";
import { readDocx, readDocxGrids } from "../../src/plans/docx.ts";
import { interpretGrids, PlanReadError, type PlanRow, type TableReading } from "../../src/plans/grid.ts";

const FIXTURES = "/work/shared/fixtures/plans";

// ---------------------------------------------------------------------------
// A minimal .docx writer for synthetic documents

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A paragraph; "|" inside the text splits it into separate runs (to test words split across runs), "\n" is a w:br. */
function p(text: string): string {
  const runs = text.split("|").map((part) => {
    const pieces = part.split("\n").map((t) => `<w:t xml:space="preserve">${esc(t)}</w:t>`);
    return `<w:r><w:rPr><w:sz w:val="26"/></w:rPr>${pieces.join("<w:br/>")}</w:r>`;
  });
  return `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>${runs.join("")}</w:p>`;
}

type Cell = string | { text?: string | string[]; span?: number; vMerge?: "restart" | "continue" | "bare"; xml?: string };

function tc(cell: Cell): string {
  const c = typeof cell === "string" ? { text: cell } : cell;
  const props: string[] = [];
  if (c.span) props.push(`<w:gridSpan w:val="${c.span}"/>`);
  if (c.vMerge === "restart") props.push(`<w:vMerge w:val="restart"/>`);
  if (c.vMerge === "continue") props.push(`<w:vMerge w:val="continue"/>`);
  if (c.vMerge === "bare") props.push(`<w:vMerge/>`);
  const texts = c.text === undefined ? [""] : Array.isArray(c.text) ? c.text : [c.text];
  const body = (c.xml ?? "") + texts.map(p).join("");
  return `<w:tc><w:tcPr>${props.join("")}</w:tcPr>${body}</w:tc>`;
}

function tbl(rows: Cell[][], opts: { headerRows?: number } = {}): string {
  const trs = rows.map((r, i) => {
    const trPr = i < (opts.headerRows ?? 0) ? "<w:trPr><w:tblHeader/></w:trPr>" : "";
    return `<w:tr>${trPr}${r.map(tc).join("")}</w:tr>`;
  });
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${trs.join("")}</w:tbl>`;
}

async function docx(body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr/></w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

async function read(body: string): Promise<TableReading> {
  return interpretGrids(await readDocxGrids(await docx(body)));
}

const HEADER = ["TT", "Nhiệm vụ cụ thể", "Sản phẩm, kết quả", "Công chức chủ trì tham mưu", "Công chức phối hợp", "Thời gian hoàn thành"];

// ---------------------------------------------------------------------------
// The fixtures

interface FixtureTask {
  ref: string;
  area: string;
  task: string;
  activity: string | null;
  output: string | null;
  lead: string[];
  support: string[];
  deadline_text: string;
}

// Distinctive words of each area, to compare the docx section text with the JSON area.
const AREA_WORDS: [string, string][] = [
  ["chi dao dieu hanh", "direction"],
  ["the che", "institutions"],
  ["thu tuc hanh chinh", "procedures"],
  ["to chuc bo may", "organisation"],
  ["che do cong vu", "civil_service"],
  ["tai chinh cong", "public_finance"],
  ["chinh quyen dien tu", "digital"],
];
function areaKey(text: string): string | null {
  const w = foldWords(text);
  return AREA_WORDS.find(([words]) => w.includes(words))?.[1] ?? null;
}

function loadFixture(name: string): { tasks: FixtureTask[] } {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, "utf8")) as { tasks: FixtureTask[] };
}

function compareFixture(reading: TableReading, tasks: FixtureTask[]): { matched: number; mismatches: string[] } {
  const byKey = new Map<string, PlanRow>();
  for (const r of reading.rows) byKey.set(`${areaKey(r.section[0] ?? "")}|${r.ref}`, r);
  const mismatches: string[] = [];
  let matched = 0;
  const norm = (s: string | null | undefined) => cleanText(s ?? "");
  for (const t of tasks) {
    const number = t.ref.slice(t.ref.indexOf("-") + 1);
    const row = byKey.get(`${areaKey(t.area)}|${number}`);
    if (!row) {
      mismatches.push(`${t.ref}: no row`);
      continue;
    }
    const diffs: string[] = [];
    if (norm(row.task) !== norm(t.task)) diffs.push(`task ${JSON.stringify(row.task)} ≠ ${JSON.stringify(t.task)}`);
    if (norm(row.activity) !== norm(t.activity)) diffs.push(`activity ${JSON.stringify(row.activity)} ≠ ${JSON.stringify(t.activity)}`);
    if (norm(row.output) !== norm(t.output)) diffs.push(`output ${JSON.stringify(row.output)} ≠ ${JSON.stringify(t.output)}`);
    if (JSON.stringify(row.lead.map(norm)) !== JSON.stringify(t.lead.map(norm))) diffs.push(`lead ${JSON.stringify(row.lead)} ≠ ${JSON.stringify(t.lead)}`);
    if (JSON.stringify(row.support.map(norm)) !== JSON.stringify(t.support.map(norm))) diffs.push(`support ${JSON.stringify(row.support)}`);
    if (norm(row.deadline.join(" ")) !== norm(t.deadline_text)) diffs.push(`deadline ${JSON.stringify(row.deadline)} ≠ ${JSON.stringify(t.deadline_text)}`);
    if (diffs.length) mismatches.push(`${t.ref}: ${diffs.join("; ")}`);
    else matched++;
  }
  return { matched, mismatches };
}

describe("fixture: Ngọc Sơn 2024 (seven appendix tables)", () => {
  let reading: TableReading;
  beforeAll(async () => {
    reading = interpretGrids(await readDocxGrids(readFileSync(`${FIXTURES}/ngoc-son-2024.docx`)));
  });

  it("reads 34 task rows from 7 tables", () => {
    expect(reading.rows).toHaveLength(34);
    expect(reading.tablesFound).toBe(7);
    expect(reading.tablesSkipped).toBe(0);
    expect(reading.problems.filter((p) => p.level === "warning")).toEqual([]);
  });

  it("matches every task of the JSON by area and number", () => {
    const { tasks } = loadFixture("ngoc-son-2024");
    const { matched, mismatches } = compareFixture(reading, tasks);
    expect(mismatches).toEqual([]);
    expect(matched).toBe(34);
  });

  it("takes the area from the appendix caption", () => {
    expect(reading.rows[0]!.section[0]).toBe("Phụ lục số 01: Các nhiệm vụ trọng tâm về công tác chỉ đạo điều hành cải cách hành chính");
    expect(new Set(reading.rows.map((r) => areaKey(r.section[0]!))).size).toBe(7);
    // row numbers count table rows across all tables, headers included
    expect(reading.rows[0]!.row).toBe(2);
    expect(reading.rows[4]).toMatchObject({ row: 7, table: 2, ref: "1" });
  });

  it("returns the prose paragraphs for the office name and year", async () => {
    const doc = await readDocx(readFileSync(`${FIXTURES}/ngoc-son-2024.docx`));
    expect(doc.paragraphs).toContain("XÃ NGỌC SƠN");
    expect(doc.paragraphs).toContain("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024");
  });
});

describe("fixture: Lộc Hòa 2025 (one table, section rows, merged sub-rows)", () => {
  let reading: TableReading;
  beforeAll(async () => {
    reading = interpretGrids(await readDocxGrids(readFileSync(`${FIXTURES}/loc-hoa-2025.docx`)));
  });

  it("reads 56 task rows and 7 section headings", () => {
    expect(reading.rows).toHaveLength(56);
    expect(reading.headings.map((h) => h.text)).toEqual([
      "I CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
      "II CẢI CÁCH THỂ CHẾ",
      "III CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
      "IV CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC",
      "V CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
      "VI CẢI CÁCH TÀI CHÍNH CÔNG",
      "VII XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
    ]);
    expect(reading.problems.filter((p) => p.level === "warning")).toEqual([]);
  });

  it("matches every task of the JSON by area and number, goal as task", () => {
    const { tasks } = loadFixture("loc-hoa-2025");
    const { matched, mismatches } = compareFixture(reading, tasks);
    expect(mismatches).toEqual([]);
    expect(matched).toBe(56);
  });

  it("suffixes sub-rows and repeated numbers within a section", () => {
    const refs = (area: string) => reading.rows.filter((r) => areaKey(r.section[0]!) === area).map((r) => r.ref);
    expect(refs("institutions")).toEqual(["1", "2", "3a", "3b", "3c"]);
    expect(refs("public_finance")).toEqual(["1", "2a", "2b"]);
    expect(refs("digital")).toEqual(["1.1a", "1.1b", "1.1c", "1.1d", "2.1", "2.2", "2.3a", "2.3b", "2.3c", "2.3d", "2.4", "3.1a", "3.1b", "3.1c", "3.2a", "3.2b"]);
  });

  it("gives the section row first, then the caption", () => {
    expect(reading.rows[0]!.section).toEqual([
      "I CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
      "(Kèm theo Kế hoạch của UBND xã Lộc Hòa)",
      "CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
      "PHỤ LỤC",
    ]);
  });

  it("is fast", async () => {
    const buf = readFileSync(`${FIXTURES}/loc-hoa-2025.docx`);
    // Best of several runs after a warm-up: the test machine may be busy with other suites.
    interpretGrids(await readDocxGrids(buf));
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      interpretGrids(await readDocxGrids(buf));
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(100);
  });
});

// ---------------------------------------------------------------------------
// Synthetic documents

describe("readDocx: synthetic documents", () => {
  it("reads other header wordings and column orders, skipping the UBND/CỘNG HÒA block", async () => {
    const r = await read(
      tbl([
        ["UBND XÃ LỘC HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 15/KH-UBND", "Độc lập - Tự do - Hạnh phúc"],
      ]) +
        p("KẾ HOẠCH Cải cách hành chính năm 2025") +
        p("Phụ lục: nhiệm vụ cải cách thể chế") +
        tbl([
          ["Số TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành", "Kết quả dự kiến", "Ghi chú"],
          ["1.", { text: ["Rà soát văn b|ản QPPL", "- đợt 1"] }, "Tư pháp - Hộ tịch", "Văn phòng", "Quý I/2025", "Báo cáo", ""],
        ]),
    );
    expect(r.tablesSkipped).toBe(1);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      row: 4,
      table: 2,
      number: "1",
      ref: "1",
      task: "Rà soát văn bản QPPL - đợt 1",
      lead: ["Tư pháp - Hộ tịch"],
      support: ["Văn phòng"],
      deadline: ["Quý I/2025"],
      output: "Báo cáo",
      section: ["Phụ lục: nhiệm vụ cải cách thể chế", "KẾ HOẠCH Cải cách hành chính năm 2025"],
    });
  });

  it("reads a two-row header built with gridSpan and vMerge, and an extra column", async () => {
    const r = await read(
      tbl(
        [
          [
            { text: "STT", vMerge: "restart" },
            { text: "Nhiệm vụ", vMerge: "restart" },
            { text: "Kinh phí", vMerge: "restart" },
            { text: "Trách nhiệm thực hiện", span: 2 },
            { text: "Tiến độ", vMerge: "restart" },
          ],
          [{ vMerge: "bare" }, { vMerge: "bare" }, { vMerge: "continue" }, "Chủ trì", "Phối hợp", { vMerge: "continue" }],
          ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
          ["1", "Triển khai\nKế hoạch", "10 triệu", "Văn phòng", "Tư pháp", "Quý II/2025"],
        ],
        { headerRows: 2 },
      ),
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ task: "Triển khai Kế hoạch", lead: ["Văn phòng"], support: ["Tư pháp"], deadline: ["Quý II/2025"], row: 4 });
    expect(r.problems.map((x) => x.message)).toEqual([
      'Bảng 1: bỏ qua cột không dùng đến: "Kinh phí".',
      "Dòng 3: dòng đánh số cột, bỏ qua.",
    ]);
  });

  it("skips a header row repeated after a page break and merges a row split across the page", async () => {
    const r = await read(
      p("Phụ lục số 03: cải cách thủ tục hành chính") +
        tbl(
          [
            HEADER,
            ["1", "Tổ chức rà soát, đơn giản hóa", "- Kế hoạch", "CC Tư pháp-hộ tịch", "Văn phòng", "- Kế hoạch: Quý I/2024"],
            HEADER,
            ["", "thủ tục hành chính", "- Báo cáo", "", "", "- Báo cáo: Quý IV/2024"],
            ["2", "Số hóa hồ sơ", "Báo cáo", "Bộ phận một cửa", "", "Thường xuyên"],
          ],
          { headerRows: 1 },
        ),
    );
    expect(r.rows.map((x) => x.ref)).toEqual(["1", "2"]);
    expect(r.rows[0]).toMatchObject({
      task: "Tổ chức rà soát, đơn giản hóa thủ tục hành chính",
      output: "- Kế hoạch - Báo cáo",
      deadline: ["- Kế hoạch: Quý I/2024", "- Báo cáo: Quý IV/2024"],
    });
    expect(r.problems.map((x) => x.row)).toEqual([3, 4]);
    expect(r.problems[1]!.message).toMatch(/^Dòng 4: .*ghép vào dòng 2/);
  });

  it("reads section rows merged across and vMerge sub-rows", async () => {
    const r = await read(
      tbl([
        ["STT", "Mục tiêu", "Nhiệm vụ - Hoạt động", "Sản phẩm đầu ra", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
        ["II", { text: "CẢI CÁCH THỂ CHẾ", span: 6 }],
        [{ text: "3", vMerge: "restart" }, { text: "Đổi mới thực thi", vMerge: "restart" }, "HĐ 1", "KH", "Tư pháp", "VP", "Thường xuyên"],
        [{ vMerge: "continue" }, { vMerge: "bare" }, "HĐ 2", "VB", "VP", "", "Quý I"],
        [{ text: "3", vMerge: "restart" }, { text: "Mục tiêu khác", vMerge: "restart" }, "HĐ 3", "", "VP", "", ""],
      ]),
    );
    expect(r.headings).toEqual([{ row: 2, text: "II CẢI CÁCH THỂ CHẾ", level: 1, table: 1 }]);
    expect(r.rows.map((x) => [x.ref, x.task, x.activity, x.section[0]])).toEqual([
      ["3a", "Đổi mới thực thi", "HĐ 1", "II CẢI CÁCH THỂ CHẾ"],
      ["3b", "Đổi mới thực thi", "HĐ 2", "II CẢI CÁCH THỂ CHẾ"],
      ["3c", "Mục tiêu khác", "HĐ 3", "II CẢI CÁCH THỂ CHẾ"],
    ]);
  });

  it("finds tables inside content controls, flattens nested tables and reads tabs, breaks and text boxes", async () => {
    const nested = tbl([["Kế hoạch", "Quý I"], ["Báo cáo", "Quý IV"]]);
    const textBox =
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>${p("UBND XÃ HÒA AN")}</w:txbxContent></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><w:txbxContent>${p("UBND XÃ HÒA AN")}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const buf = await docx(
      textBox +
        `<w:p><w:r><w:t>Năm</w:t><w:tab/><w:t>2025</w:t></w:r></w:p>` +
        `<w:sdt><w:sdtPr/><w:sdtContent>${tbl([HEADER, ["1", "Việc", "", "VP", "", { text: "", xml: nested }]])}</w:sdtContent></w:sdt>`,
    );
    const doc = await readDocx(buf);
    expect(doc.paragraphs).toEqual(["UBND XÃ HÒA AN", "Năm 2025"]);
    expect(doc.grids).toHaveLength(2); // the nested table is a grid of its own (not a plan)
    const r = interpretGrids(doc.grids);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.deadline).toEqual(["Kế hoạch", "Quý I", "Báo cáo", "Quý IV"]);
    expect(r.tablesSkipped).toBe(1);
  });

  it("throws PlanReadError for a table without a plan header", async () => {
    const buf = await docx(tbl([["Họ và tên", "Chức vụ"], ["Nguyễn Văn A", "Chủ tịch"]]));
    await expect(readDocxGrids(buf).then(interpretGrids)).rejects.toThrow(PlanReadError);
    await expect(readDocxGrids(buf).then(interpretGrids)).rejects.toThrow(/Không tìm thấy bảng nhiệm vụ/);
  });

  it("throws PlanReadError for a file that is not a .docx", async () => {
    await expect(readDocxGrids(Buffer.from("không phải tệp Word"))).rejects.toThrow("Tệp không phải là tài liệu Word .docx hợp lệ");
    await expect(readDocxGrids(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toThrow(/\.doc\b/);
    const zip = new JSZip();
    zip.file("hello.txt", "xin chào");
    await expect(readDocxGrids(await zip.generateAsync({ type: "nodebuffer" }))).rejects.toThrow(PlanReadError);
    const broken = new JSZip();
    broken.file("word/document.xml", "<w:document><w:body>");
    await expect(readDocxGrids(await broken.generateAsync({ type: "nodebuffer" }))).rejects.toThrow(PlanReadError);
  });
});
