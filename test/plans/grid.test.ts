import { describe, expect, it } from "vitest";
import { finishGrid, interpretGrids, PlanReadError, splitParagraphs, type Grid, type GridCell } from "../../src/plans/grid.ts";

/**
 * Builds a grid from rows of strings. "<<" = this column is covered by the cell to
 * its left (horizontal merge); "^^" = continues the vertical merge from the row above.
 * "\n" separates paragraphs.
 */
function grid(rows: string[][], opts: { caption?: string[]; index?: number; firstRow?: number } = {}): Grid {
  const out: Grid = { rows: [], caption: opts.caption ?? [], index: opts.index ?? 1 };
  rows.forEach((r, i) => {
    const cells: GridCell[] = [];
    r.forEach((text, c) => {
      if (text === "<<") {
        const left = cells[c - 1]!;
        cells.push({ paragraphs: left.paragraphs, copyOf: left.copyOf ?? c - 1 });
      } else if (text === "^^") {
        const above = out.rows[i - 1]?.cells[c];
        cells.push({ paragraphs: above ? above.paragraphs : [], continued: true });
      } else {
        cells.push({ paragraphs: splitParagraphs(text) });
      }
    });
    out.rows.push({ cells, sourceRow: (opts.firstRow ?? 1) + i, mergedAcross: false });
  });
  return finishGrid(out);
}

const HEADER = ["TT", "Nhiệm vụ cụ thể", "Sản phẩm, kết quả", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"];

describe("interpretGrids: header wording", () => {
  it("maps columns by wording whatever their order", () => {
    const r = interpretGrids([
      grid([
        ["Thời hạn", "Đơn vị chủ trì", "Số TT", "Kết quả dự kiến", "Nội dung công việc", "Đơn vị phối hợp", "Ghi chú"],
        ["Quý I/2025", "Văn phòng UBND xã", "1.", "Kế hoạch", "Ban hành kế hoạch", "Các bộ phận", "Mới"],
      ]),
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      number: "1",
      ref: "1",
      task: "Ban hành kế hoạch",
      activity: null,
      output: "Kế hoạch",
      lead: ["Văn phòng UBND xã"],
      support: ["Các bộ phận"],
      deadline: ["Quý I/2025"],
      note: "Mới",
      row: 2,
      table: 1,
    });
  });

  it("uses the goal as task and the activity column as activity", () => {
    const r = interpretGrids([
      grid([
        ["STT", "Mục tiêu", "Nhiệm vụ/Hoạt động", "Kết quả/Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["1", "100% văn bản đúng hạn", "- Tham mưu ban hành\n- Rà soát", "Văn bản", "Tư pháp - Hộ tịch", "Văn phòng", "Thường xuyên"],
      ]),
    ]);
    expect(r.rows[0]!.task).toBe("100% văn bản đúng hạn");
    expect(r.rows[0]!.activity).toBe("- Tham mưu ban hành - Rà soát");
  });

  it("keeps a separate activity column next to a task column, and a lone goal column as task", () => {
    const a = interpretGrids([grid([["TT", "Nhiệm vụ", "Hoạt động", "Chủ trì", "Tiến độ"], ["1", "N", "H", "VP", "Quý II"]])]);
    expect(a.rows[0]).toMatchObject({ task: "N", activity: "H" });
    const b = interpretGrids([grid([["TT", "Mục tiêu", "Người chủ trì", "Thời gian thực hiện"], ["1", "M", "VP", "Quý II"]])]);
    expect(b.rows[0]).toMatchObject({ task: "M", activity: null, lead: ["VP"], deadline: ["Quý II"] });
  });

  it("reads a two-row header and lists unknown columns once", () => {
    const r = interpretGrids([
      grid([
        ["TT", "Nhiệm vụ", "Căn cứ pháp lý", "Trách nhiệm thực hiện", "<<", "Thời gian"],
        ["^^", "^^", "^^", "Chủ trì", "Phối hợp", "^^"],
        ["1", "Rà soát TTHC", "QĐ 123", "Tư pháp", "Văn phòng", "Quý I"],
        ["2", "Công khai TTHC", "QĐ 456", "Văn phòng", "", "Thường xuyên"],
      ]),
    ]);
    expect(r.rows.map((x) => [x.ref, x.lead, x.support])).toEqual([
      ["1", ["Tư pháp"], ["Văn phòng"]],
      ["2", ["Văn phòng"], []],
    ]);
    const info = r.problems.filter((p) => p.message.includes("Căn cứ pháp lý"));
    expect(info).toHaveLength(1);
  });

  it("treats 'Cơ quan thực hiện' without a sub-row as the lead", () => {
    const r = interpretGrids([grid([["STT", "Nội dung", "Cơ quan thực hiện", "Thời gian"], ["1", "Việc", "Văn phòng", "Quý I"]])]);
    expect(r.rows[0]!.lead).toEqual(["Văn phòng"]);
  });

  it("skips a numbering row and repeated header rows, saying so", () => {
    const r = interpretGrids([
      grid([
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["1", "A", "SP", "VP", "TP", "Quý I"],
        HEADER,
        ["1", "2", "3", "4", "5", "6"],
        ["2", "B", "SP", "VP", "TP", "Quý II"],
      ]),
    ]);
    expect(r.rows.map((x) => x.task)).toEqual(["A", "B"]);
    expect(r.problems.map((p) => p.row)).toEqual([2, 4, 5]);
  });

  it("throws PlanReadError naming the expected headers when no table is a plan", () => {
    const g = grid([
      ["UBND XÃ NGỌC SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
      ["Số: 12/KH-UBND", "Độc lập - Tự do - Hạnh phúc"],
    ]);
    expect(() => interpretGrids([g])).toThrow(PlanReadError);
    expect(() => interpretGrids([g])).toThrow(/Không tìm thấy bảng nhiệm vụ.*Chủ trì.*UBND XÃ NGỌC SƠN/);
    expect(() => interpretGrids([])).toThrow(/không có bảng nào/);
  });

  it("skips non-plan tables and counts them", () => {
    const r = interpretGrids([
      grid([["UBND XÃ A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], { index: 1 }),
      grid([HEADER, ["1", "A", "SP", "VP", "TP", "Quý I"]], { index: 2, firstRow: 2 }),
      grid([["TM. ỦY BAN NHÂN DÂN", "Nơi nhận"], ["CHỦ TỊCH", "- Như trên"]], { index: 3, firstRow: 4, caption: ["Kết thúc"] }),
    ]);
    expect(r).toMatchObject({ tablesFound: 1, tablesSkipped: 2 });
    expect(r.rows[0]).toMatchObject({ table: 2, row: 3 });
  });
});

describe("interpretGrids: sections and sub-rows", () => {
  it("sets sections from merged rows, groups from Arabic headings, and suffixes shared numbers", () => {
    const r = interpretGrids([
      grid(
        [
          ["STT", "Mục tiêu", "Hoạt động", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian"],
          ["I", "CẢI CÁCH THỂ CHẾ", "<<", "<<", "<<", "<<", "<<"],
          ["1", "Mục tiêu 1", "HĐ 1", "SP", "Tư pháp", "VP", "Quý I"],
          ["3", "Mục tiêu 3", "HĐ 3a", "SP", "Tư pháp", "VP", "Quý I"],
          ["^^", "^^", "HĐ 3b", "SP", "VP", "", "Quý II"],
          ["^^", "^^", "HĐ 3c", "SP", "VP", "", "Quý III"],
          ["II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "<<", "<<", "<<", "<<", "<<", "<<"],
          ["1", "Kiểm soát TTHC", "", "", "", "", ""],
          ["1.1", "MT A", "HĐ A", "SP", "VP", "", "Quý I"],
          ["1.1", "MT B", "HĐ B", "SP", "VP", "", "Quý I"],
          ["2", "MT C", "HĐ C", "SP", "VP", "", "Quý I"],
          ["", "", "HĐ C2", "SP", "Tư pháp", "", "Quý II"],
        ],
        { caption: ["PHỤ LỤC"] },
      ),
    ]);
    expect(r.rows.map((x) => x.ref)).toEqual(["1", "3a", "3b", "3c", "1.1a", "1.1b", "2a", "2b"]);
    expect(r.rows[3]).toMatchObject({ number: "3", task: "Mục tiêu 3", activity: "HĐ 3c", lead: ["VP"] });
    expect(r.rows[0]!.section).toEqual(["I CẢI CÁCH THỂ CHẾ", "PHỤ LỤC"]);
    expect(r.rows[4]!.section).toEqual(["II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "PHỤ LỤC"]);
    expect(r.rows[4]!.group).toBe("1 Kiểm soát TTHC");
    // the unnumbered row with its own lead shares number 2 and its goal
    expect(r.rows[7]).toMatchObject({ number: "2", task: "MT C", activity: "HĐ C2", lead: ["Tư pháp"] });
    expect(r.headings.map((h) => [h.row, h.level])).toEqual([
      [2, 1],
      [7, 1],
      [8, 2],
    ]);
  });

  it("restarts suffixes per section and keeps the table caption when there is no section row", () => {
    const r = interpretGrids([
      grid([HEADER, ["1", "A", "", "VP", "", ""], ["1", "B", "", "VP", "", ""]], { caption: ["Phụ lục số 02: cải cách thể chế"], index: 1 }),
      grid([HEADER, ["1", "C", "", "VP", "", ""]], { caption: ["Phụ lục số 03"], index: 2, firstRow: 4 }),
    ]);
    expect(r.rows.map((x) => [x.ref, x.section[0]])).toEqual([
      ["1a", "Phụ lục số 02: cải cách thể chế"],
      ["1b", "Phụ lục số 02: cải cách thể chế"],
      ["1", "Phụ lục số 03"],
    ]);
  });

  it("merges a row split across a page into the row above and says so", () => {
    const r = interpretGrids([
      grid([
        HEADER,
        ["1", "Triển khai kế hoạch kiểm tra, rà soát", "- Kế hoạch", "Tư pháp", "VP", "- Kế hoạch: Quý I/2025"],
        ["", "văn bản quy phạm pháp luật", "- Báo cáo", "", "", "- Báo cáo: Quý IV/2025"],
        ["", "", "", "", "", "(sau khi có hướng dẫn)"],
        ["2", "B", "", "VP", "", ""],
      ]),
    ]);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      task: "Triển khai kế hoạch kiểm tra, rà soát văn bản quy phạm pháp luật",
      output: "- Kế hoạch - Báo cáo",
      deadline: ["- Kế hoạch: Quý I/2025", "- Báo cáo: Quý IV/2025", "(sau khi có hướng dẫn)"],
    });
    expect(r.problems.filter((p) => /ghép vào dòng 2/.test(p.message)).map((p) => p.row)).toEqual([3, 4]);
  });

  it("tells an unnumbered carried-over line from an unnumbered heading", () => {
    const r = interpretGrids([
      grid([
        HEADER,
        ["1", "Tổ chức rà soát quy trình nội bộ;", "Báo cáo", "VP", "", "Quý I"],
        ["", "Tập trung vào thủ tục đất đai", "", "", "", ""],
        ["", "CẢI CÁCH TÀI CHÍNH CÔNG", "", "", "", ""],
        ["", "1. Quản lý ngân sách", "", "", "", ""],
        ["1", "Công khai ngân sách", "Báo cáo", "KT", "", "Quý I"],
      ]),
    ]);
    expect(r.rows.map((x) => [x.ref, x.task, x.section[0], x.group])).toEqual([
      ["1", "Tổ chức rà soát quy trình nội bộ; Tập trung vào thủ tục đất đai", undefined, null],
      ["1", "Công khai ngân sách", "CẢI CÁCH TÀI CHÍNH CÔNG", "1. Quản lý ngân sách"],
    ]);
    expect(r.headings.map((h) => [h.row, h.level])).toEqual([
      [4, 1],
      [5, 2],
    ]);
    expect(r.problems.map((p) => p.row)).toEqual([3]);
  });

  it("keeps a task without lead and reports it; rows without a number get r<row>", () => {
    const r = interpretGrids([grid([["Nhiệm vụ", "Chủ trì", "Thời hạn"], ["Việc A", "", "Quý I"], ["Việc B", "VP", ""]])]);
    expect(r.rows.map((x) => x.ref)).toEqual(["r2", "r3"]);
    expect(r.problems.map((p) => p.message)).toEqual(["Dòng 2: không có đơn vị/công chức chủ trì."]);
  });

  it("carries a 'Lĩnh vực' cell down to rows that leave it empty", () => {
    const r = interpretGrids([
      grid([
        ["STT", "Lĩnh vực", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành"],
        ["1", "Cải cách thể chế", "A", "TP", "Quý I"],
        ["2", "", "B", "TP", "Quý I"],
        ["3", "Cải cách tài chính công", "C", "KT", "Quý I"],
      ]),
    ]);
    expect(r.rows.map((x) => x.areaCell)).toEqual(["Cải cách thể chế", "Cải cách thể chế", "Cải cách tài chính công"]);
  });

  it("reads a header-less table right after a plan table as its continuation", () => {
    const r = interpretGrids([
      grid([HEADER, ["I", "CẢI CÁCH THỂ CHẾ", "<<", "<<", "<<", "<<"], ["1", "A", "SP", "VP", "", "Quý I"]], { caption: ["Phụ lục"] }),
      grid([["", "tiếp theo của A", "", "", "", ""], ["2", "B", "SP", "VP", "", "Quý II"]], { index: 2, firstRow: 4 }),
    ]);
    expect(r.rows.map((x) => [x.ref, x.task, x.section[0]])).toEqual([
      ["1", "A tiếp theo của A", "I CẢI CÁCH THỂ CHẾ"],
      ["2", "B", "I CẢI CÁCH THỂ CHẾ"],
    ]);
    expect(r.tablesFound).toBe(2);
  });

  it("uses title rows above the header as caption", () => {
    const r = interpretGrids([
      grid([["KẾ HOẠCH CCHC NĂM 2025"], [""], ["STT", "Nhiệm vụ", "Chủ trì"], ["1", "A", "VP"]], { caption: ["Sheet1"] }),
    ]);
    expect(r.rows[0]!.section).toEqual(["KẾ HOẠCH CCHC NĂM 2025", "Sheet1"]);
    expect(r.problems.some((p) => p.row === 1 && p.level === "info")).toBe(true);
  });
});
