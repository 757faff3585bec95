import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { interpretGrids, PlanReadError, splitParagraphs } from "../../src/plans/grid.ts";
import { readCsvGrids, readXlsxGrids } from "../../src/plans/spreadsheet.ts";
import { TEMPLATE_ROWS, templateCsv, templateXlsx } from "../../samples/make-template.ts";

const SAMPLES = new URL("../../samples/", import.meta.url);

function expectedTemplateRows() {
  return TEMPLATE_ROWS.map((r) => ({
    number: r[0],
    ref: r[0],
    areaCell: r[1],
    task: r[2],
    activity: splitParagraphs(r[3]!).join(" "),
    output: splitParagraphs(r[4]!).join(" "),
    lead: splitParagraphs(r[5]!),
    support: splitParagraphs(r[6]!),
    deadline: splitParagraphs(r[7]!),
    note: r[8] === "" ? null : r[8],
  }));
}

describe("sample plan template", () => {
  it("reads samples/plan-template.csv into the template rows", () => {
    const r = interpretGrids(readCsvGrids(readFileSync(new URL("plan-template.csv", SAMPLES), "utf8")));
    expect(r.rows).toMatchObject(expectedTemplateRows());
    expect(r.rows[0]!.row).toBe(2);
    expect(r.problems).toEqual([]);
  });

  it("reads samples/plan-template.xlsx into the same rows, with the title row as caption", async () => {
    const grids = await readXlsxGrids(readFileSync(new URL("plan-template.xlsx", SAMPLES)));
    expect(grids[0]!.caption).toEqual(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025", "Kế hoạch CCHC"]);
    const r = interpretGrids(grids);
    expect(r.rows).toMatchObject(expectedTemplateRows());
    expect(r.rows[0]).toMatchObject({ row: 4, table: 1, section: ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025", "Kế hoạch CCHC"] });
    expect(r.problems.filter((p) => p.level !== "info")).toEqual([]);
  });

  it("the committed samples are what make-template.ts writes", async () => {
    expect(readFileSync(new URL("plan-template.csv", SAMPLES), "utf8")).toBe(templateCsv());
    const fresh = interpretGrids(await readXlsxGrids(await templateXlsx()));
    const committed = interpretGrids(await readXlsxGrids(readFileSync(new URL("plan-template.xlsx", SAMPLES))));
    expect(committed.rows).toEqual(fresh.rows);
  });
});

describe("readCsvGrids", () => {
  it("reads ';' delimiters, a BOM, quoted multi-line cells and Roman section rows", () => {
    const csv =
      "\uFEFFTT;Nhiệm vụ;Chủ trì;Phối hợp;Thời hạn\r\n" +
      "I;CẢI CÁCH THỂ CHẾ;;;\r\n" +
      '1;"Rà soát văn bản QPPL, hệ thống hóa";Tư pháp - Hộ tịch;"Văn phòng\nCác bộ phận";"- Kế hoạch: Quý I/2025\n- Báo cáo: Tháng 12/2025"\r\n' +
      "\r\n" +
      "II;CẢI CÁCH TÀI CHÍNH CÔNG;;;\r\n" +
      "1;Công khai ngân sách;Tài chính - Kế toán;;Quý I/2025\r\n";
    const r = interpretGrids(readCsvGrids(csv));
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      row: 3,
      ref: "1",
      section: ["I CẢI CÁCH THỂ CHẾ"],
      areaCell: null,
      task: "Rà soát văn bản QPPL, hệ thống hóa",
      support: ["Văn phòng", "Các bộ phận"],
      deadline: ["- Kế hoạch: Quý I/2025", "- Báo cáo: Tháng 12/2025"],
    });
    expect(r.rows[1]).toMatchObject({ row: 6, section: ["II CẢI CÁCH TÀI CHÍNH CÔNG"] });
    expect(r.headings.map((h) => [h.row, h.text])).toEqual([
      [2, "I CẢI CÁCH THỂ CHẾ"],
      [5, "II CẢI CÁCH TÀI CHÍNH CÔNG"],
    ]);
  });

  it("reads ',' with commas inside quoted cells, a 'Lĩnh vực' column and Excel's sep= line", () => {
    const body =
      'STT,Lĩnh vực,"Nhiệm vụ, giải pháp","Sản phẩm, kết quả",Chủ trì,Thời gian hoàn thành\n' +
      '1,Cải cách thể chế,"Rà soát, kiểm tra văn bản","Báo cáo, kế hoạch",Tư pháp,Quý I/2025\n' +
      "2,Cải cách thủ tục hành chính,Công khai TTHC,Danh mục,Văn phòng,Thường xuyên\n";
    for (const csv of [body, `sep=,\n${body}`]) {
      const r = interpretGrids(readCsvGrids(Buffer.from(csv, "utf8")));
      expect(r.rows.map((x) => [x.areaCell, x.task, x.output])).toEqual([
        ["Cải cách thể chế", "Rà soát, kiểm tra văn bản", "Báo cáo, kế hoạch"],
        ["Cải cách thủ tục hành chính", "Công khai TTHC", "Danh mục"],
      ]);
    }
  });

  it("decodes UTF-16 (Excel 'Unicode text', tab-delimited) and rejects text that is not UTF-8", () => {
    const tsv = "STT\tNhiệm vụ\tChủ trì\tThời hạn\n1\tCông khai TTHC\tVăn phòng\tQuý I\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]);
    expect(interpretGrids(readCsvGrids(utf16)).rows[0]).toMatchObject({ task: "Công khai TTHC", lead: ["Văn phòng"] });
    const latin1 = Buffer.from("STT,Nhiệm vụ,Chủ trì\n1,Việc,VP\n", "latin1");
    expect(() => readCsvGrids(latin1)).toThrow(/UTF-8/);
  });

  it("throws PlanReadError when no header names the plan columns", () => {
    expect(() => interpretGrids(readCsvGrids("Họ tên,Số điện thoại\nAn,0901\n"))).toThrow(PlanReadError);
  });
});

describe("readXlsxGrids", () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it("expands merged cells: section rows across, number and goal down, and reads rich text, numbers and formulas", async () => {
    const buf = await workbook((wb) => {
      wb.addWorksheet("Hướng dẫn").addRow(["Điền kế hoạch vào trang sau."]);
      const ws = wb.addWorksheet("Phụ lục");
      ws.addRow(["STT", "Mục tiêu", "Hoạt động", "Kết quả", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"]); // 1
      ws.addRow(["I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]); // 2
      ws.mergeCells("A2:G2");
      ws.addRow([2.1, "Một cửa hoạt động đúng quy định", "Rà soát quy chế", "Quy chế", "Văn phòng UBND xã", "Các bộ phận", "Quý I/2025"]); // 3
      ws.addRow([null, null, "Bố trí cơ sở vật chất", "Cơ sở vật chất", "Văn phòng UBND xã\nCác bộ phận", "", "Thường xuyên"]); // 4
      ws.mergeCells("A3:A4");
      ws.mergeCells("B3:B4");
      ws.addRow([
        2.2,
        { richText: [{ text: "Tỷ lệ đúng hạn " }, { text: "≥ 98%", font: { bold: true } }] },
        { formula: 'CONCATENATE("Theo dõi"," hồ sơ")', result: "Theo dõi hồ sơ" },
        "Báo cáo",
        "Văn phòng UBND xã",
        "",
        new Date(Date.UTC(2025, 11, 15)),
      ]); // 5
    });
    const grids = await readXlsxGrids(buf);
    expect(grids.map((g) => [g.index, g.caption])).toEqual([
      [1, ["Hướng dẫn"]],
      [2, ["Phụ lục"]],
    ]);
    const r = interpretGrids(grids);
    expect(r).toMatchObject({ tablesFound: 1, tablesSkipped: 1 });
    expect(r.headings).toEqual([{ row: 2, text: "I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", level: 1, table: 2 }]);
    expect(r.rows.map((x) => [x.row, x.ref, x.task, x.activity, x.lead, x.deadline])).toEqual([
      [3, "2.1a", "Một cửa hoạt động đúng quy định", "Rà soát quy chế", ["Văn phòng UBND xã"], ["Quý I/2025"]],
      [4, "2.1b", "Một cửa hoạt động đúng quy định", "Bố trí cơ sở vật chất", ["Văn phòng UBND xã", "Các bộ phận"], ["Thường xuyên"]],
      [5, "2.2", "Tỷ lệ đúng hạn ≥ 98%", "Theo dõi hồ sơ", ["Văn phòng UBND xã"], ["15/12/2025"]],
    ]);
    expect(r.rows[0]!.section).toEqual(["I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Phụ lục"]);
  });

  it("reads one sheet per area, the sheet name giving the area", async () => {
    const buf = await workbook((wb) => {
      for (const name of ["Thể chế", "Tài chính công"]) {
        const ws = wb.addWorksheet(name);
        ws.addRow(["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]);
        ws.addRow([1, `Nhiệm vụ ${name}`, "Văn phòng", "Quý I"]);
      }
    });
    const r = interpretGrids(await readXlsxGrids(buf));
    expect(r.rows.map((x) => [x.table, x.row, x.ref, x.section])).toEqual([
      [1, 2, "1", ["Thể chế"]],
      [2, 2, "1", ["Tài chính công"]],
    ]);
  });

  it("throws PlanReadError for a file that is not an .xlsx", async () => {
    await expect(readXlsxGrids(Buffer.from("STT,Nhiệm vụ"))).rejects.toThrow("Tệp không phải là bảng tính Excel .xlsx hợp lệ");
    await expect(readXlsxGrids(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).rejects.toThrow(/\.xls\b/);
    await expect(readXlsxGrids(Buffer.from("PK\u0003\u0004garbage"))).rejects.toThrow(PlanReadError);
  });
});
