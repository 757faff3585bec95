// Compiling the quarterly and 6-month reports from the Ngọc Sơn fixture, and
// reading back the generated .docx and .xlsx.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileReport, type ReportModel, type ReportTask } from "../../src/reports/compile.ts";
import { writeReportDocx } from "../../src/reports/docx.ts";
import { formatReportSummary } from "../../src/reports/summary.ts";
import { writeReportXlsx } from "../../src/reports/xlsx.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { H1_NOW, NOTES, Q1_NOW, seedReportFixture, type Fixture } from "./fixture.ts";

let t: TestDb;
let fx: Fixture;
let q1: ReportModel;
let h1: ReportModel;

function taskOf(model: ReportModel, seq: number): ReportTask {
  const found = model.areas.flatMap((a) => a.tasks).find((x) => x.seq === seq);
  if (!found) throw new Error(`task ${seq} not in the report`);
  return found;
}

function area(model: ReportModel, code: string) {
  return model.areas.find((a) => a.code === code)!;
}

/** The visible text of a .docx part, paragraphs joined by newlines. */
async function docxText(buf: Buffer, part = "word/document.xml"): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file(part)!.async("string");
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<w:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

beforeAll(async () => {
  t = createTestDb();
  fx = await seedReportFixture(t.db);
  q1 = await compileReport(t.db, { officeId: fx.office.id, period: { year: 2024, kind: "quarter", index: 1 }, now: Q1_NOW });
  h1 = await compileReport(t.db, { officeId: fx.office.id, period: { year: 2024, kind: "half", index: 1 }, now: H1_NOW });
});
afterAll(async () => {
  await t.close();
});

describe("quarter I 2024 model", () => {
  it("names the period, subject and office the Decree-30 way", () => {
    expect(q1.period.key).toBe("2024-Q1");
    expect(q1.period.start).toBe("2023-12-15");
    expect(q1.period.end).toBe("2024-03-14");
    expect(q1.subject).toBe("Kết quả thực hiện công tác cải cách hành chính quý I năm 2024");
    expect(q1.office.headerLines).toEqual(["ỦY BAN NHÂN DÂN", "XÃ NGỌC SƠN"]);
    expect(q1.office.place).toBe("Ngọc Sơn");
    expect(q1.nextHeading).toBe("PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TIẾP THEO");
    expect(q1.signer).toBe("Hoàng Văn Nam");
  });

  it("keeps the seven areas in order and counts per area", () => {
    expect(q1.areas.map((a) => a.code)).toEqual(["direction", "institutions", "procedures", "organisation", "civil_service", "public_finance", "digital_government"]);
    const inst = area(q1, "institutions").counts;
    // Tasks 6 (done after correction), 7 (continuous, unanswered), 8 (blocked).
    expect(inst).toMatchObject({ total: 3, done: 1, blocked: 1, unanswered: 1, in_progress: 0, not_started: 0, late: 0 });
    const fin = area(q1, "public_finance").counts;
    expect(fin).toMatchObject({ total: 1, in_progress: 1 });
    const sum = q1.areas.reduce((s, a) => s + a.counts.total, 0);
    expect(q1.totals.total).toBe(sum);
    expect(q1.totals.done + q1.totals.in_progress + q1.totals.not_started + q1.totals.blocked + q1.totals.unanswered).toBe(q1.totals.total);
    expect(q1.totals).toMatchObject({ done: 3, blocked: 1, not_started: 1, in_progress: 2 });
  });

  it("uses the correction: the latest answer counts", () => {
    const t6 = taskOf(q1, 6);
    expect(t6.status).toBe("done");
    expect(t6.answerCount).toBe(2);
    expect(t6.product).toBe(NOTES.product);
    expect(t6.note).toBe(NOTES.correctionNote);
    expect(t6.reportedBy).toBe("Nguyễn Thị Lan");
  });

  it("ignores answers given after the report date or for later quarters", () => {
    expect(taskOf(q1, 8).status).toBe("blocked");
    expect(taskOf(q1, 28).status).toBe("in_progress");
  });

  it("marks a task late when a dated milestone has passed without a done", () => {
    const t14 = taskOf(q1, 14);
    expect(t14.late).toBe(true);
    expect(t14.lateMilestones).toEqual([{ label: null, due: "2024-02-29" }]);
    expect(area(q1, "procedures").counts.late).toBe(1);
    // Due 31/03: in the Q1 report, but not late on 18/03.
    expect(taskOf(q1, 28).late).toBe(false);
  });

  it("puts the blocked note and the late task into the difficulties", () => {
    const blocked = q1.difficulties.find((d) => d.kind === "blocked");
    expect(blocked).toMatchObject({ taskSeq: 8, reason: NOTES.blocked });
    expect(q1.difficulties.find((d) => d.kind === "late")).toMatchObject({ taskSeq: 14, reason: NOTES.lateNote });
    expect(q1.difficulties.some((d) => d.kind === "target" && d.text.includes("75%"))).toBe(true);
  });

  it("states targets met, not met and without figures", () => {
    const byId = new Map(q1.targets.map((x) => [x.targetId, x]));
    expect(byId.get(fx.targets.onTime)).toMatchObject({ verdict: "met", actualText: "120/122 (98,4%)", goalText: "≥ 98%" });
    expect(byId.get(fx.targets.fullOnline)).toMatchObject({ verdict: "not_met", actual: 75, actualText: "75%" });
    expect(byId.get(fx.targets.dialogues)).toMatchObject({ verdict: "not_met", actual: 1, rule: "sum" });
    expect(q1.targets.filter((x) => x.verdict === "no_data").length).toBe(4);
  });

  it("lists who has not answered by title, with the persons holding it or nobody", () => {
    const byTitle = new Map(q1.missing.map((m) => [m.title, m]));
    const vp = byTitle.get("Văn phòng - Thống kê")!;
    expect(vp.people).toEqual(["Trần Thị Mai"]);
    expect(vp.tasks.map((x) => x.seq)).toContain(17);
    expect(vp.tasks.map((x) => x.seq)).not.toContain(4);
    const vh = byTitle.get("Văn hóa - Xã hội")!;
    expect(vh.people).toEqual([]); // the former holder left on 31/01
    expect(vh.tasks.map((x) => x.seq)).toEqual(expect.arrayContaining([1, 3, 31]));
    expect(byTitle.get("Tư pháp - Hộ tịch")!.tasks.map((x) => x.seq)).toContain(7);
    expect(byTitle.has("Tài chính - Kế toán")).toBe(false);
    expect(byTitle.get("Bộ phận Tiếp nhận và Trả kết quả")!.people).toEqual([]);
  });

  it("lists the next quarter's dated tasks", () => {
    const seqs = q1.nextTasks.map((x) => x.seq);
    // Due in Q2 2024 (30/06/2024): task 23's training plan.
    expect(seqs).toContain(23);
    expect(q1.nextTasks.find((x) => x.seq === 23)!.due).toBe("2024-06-30");
    // Due 31/03 and not done: Q2's window (15/03–14/06) contains 31/03.
    expect(seqs).toContain(28);
    expect(seqs).not.toContain(6);
    expect(q1.nextPeriods.map((p) => p.key)).toEqual(["2024-Q2"]);
  });

  it("summarises for the chat in under 3,500 characters", () => {
    const s = formatReportSummary(q1);
    expect(s.length).toBeLessThan(3500);
    expect(s).toContain("QUÝ I NĂM 2024");
    expect(s).toContain("2. Cải cách thể chế (3): xong 1");
    expect(s).toContain("Văn hóa - Xã hội (chưa có người nhận chức danh)");
    expect(s).toContain("Trần Thị Mai");
    expect(s).toContain(NOTES.blocked);
    expect(s).toMatch(/Chỉ tiêu \(7\): đạt 1, chưa đạt 2, chưa có số liệu 4/);
  });
});

describe("the .docx", () => {
  let text: string;
  let notes: string;
  let buf: Buffer;
  beforeAll(async () => {
    buf = await writeReportDocx(q1);
    text = await docxText(buf);
    notes = await docxText(buf, "word/footnotes.xml");
    const dir = path.join(tmpdir(), "cchc-report-preview");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "bao-cao-cchc-2024-Q1.docx"), buf);
  });

  it("has the Decree-30 frame", () => {
    for (const s of [
      "ỦY BAN NHÂN DÂN",
      "XÃ NGỌC SƠN",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Số:",
      "/BC-UBND",
      "Ngọc Sơn, ngày",
      "tháng 3 năm 2024",
      "BÁO CÁO",
      "Kết quả thực hiện công tác cải cách hành chính quý I năm 2024",
      "I. KẾT QUẢ THỰC HIỆN",
      "1. Công tác chỉ đạo, điều hành",
      "7. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
      "II. CÁC CHỈ TIÊU",
      "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
      "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TIẾP THEO",
      "Nơi nhận",
      "Phòng Nội vụ huyện (b/c)",
      "TM. ỦY BAN NHÂN DÂN",
      "CHỦ TỊCH",
      "Hoàng Văn Nam",
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it("carries what the officers wrote", () => {
    expect(text).toContain(NOTES.product);
    expect(text).toContain(NOTES.correctionNote);
    expect(text).toContain(NOTES.blocked);
    expect(text).toContain(NOTES.lateNote);
    expect(text).toContain("120/122 (98,4%)");
    expect(text).toContain("Chưa đạt");
    expect(text).toContain("Chưa có số liệu");
    expect(text).not.toContain("Đang dự thảo kế hoạch"); // the superseded answer
    expect(text).toMatch(/Nhiệm vụ chưa có báo cáo đến thời điểm tổng hợp/);
    expect(text).toContain("Văn hóa - Xã hội — chưa có người nhận chức danh");
  });

  it("puts the aggregation rule in a footnote", () => {
    expect(notes).toContain("câu trả lời, số liệu báo cáo sau cùng");
  });

  it("is A4 with Times New Roman", async () => {
    const zip = await JSZip.loadAsync(buf);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const styles = await zip.file("word/styles.xml")!.async("string");
    expect(styles).toContain("Times New Roman");
  });
});

describe("the .xlsx", () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeReportXlsx(q1)) as unknown as ArrayBuffer);
  });

  it("has the three sheets with frozen headers and filters", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Nhiệm vụ", "Chỉ tiêu", "Chưa báo cáo"]);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
  });

  it("shows the corrected status in the task row", () => {
    const ws = wb.getWorksheet("Nhiệm vụ")!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    let row6: ExcelJS.Row | undefined;
    ws.eachRow((r, i) => {
      if (i > 1 && r.getCell(col("Số")).value === 6) row6 = r;
    });
    expect(row6).toBeDefined();
    expect(row6!.getCell(col("Tình trạng")).value).toBe("Hoàn thành");
    expect(row6!.getCell(col("Sản phẩm")).value).toBe(NOTES.product);
    expect(row6!.getCell(col("Người báo cáo")).value).toBe("Nguyễn Thị Lan");
    expect(row6!.getCell(col("Thời điểm báo cáo")).value).toBe("10/03/2024 09:00");
    expect(ws.rowCount - 1).toBe(q1.totals.total);
  });

  it("lists targets and the missing answers", () => {
    const targets = wb.getWorksheet("Chỉ tiêu")!;
    expect(targets.rowCount - 1).toBe(7);
    const verdicts = targets.getColumn(7).values.slice(2).map(String);
    expect(verdicts.filter((v) => v === "Đạt").length).toBe(1);
    const missing = wb.getWorksheet("Chưa báo cáo")!;
    const rows = missing.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1).map(String));
    expect(rows.some((r) => r[0] === "Văn hóa - Xã hội" && r[1] === "Chưa có người nhận chức danh")).toBe(true);
    expect(rows.some((r) => r[0] === "Văn phòng - Thống kê" && r[1] === "Trần Thị Mai")).toBe(true);
  });
});

describe("6-month roll-up", () => {
  it("aggregates Q1 and Q2: the latest answer per task wins", () => {
    expect(h1.period.key).toBe("2024-6T");
    expect(h1.periodKeys).toEqual(["2024-6T", "2024-Q1", "2024-Q2"]);
    expect(h1.subject).toBe("Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024");
    expect(h1.nextHeading).toBe("PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM");
    expect(taskOf(h1, 6)).toMatchObject({ status: "done", answerPeriodKey: "2024-Q1" }); // Q1 only
    expect(taskOf(h1, 8)).toMatchObject({ status: "done", answerPeriodKey: "2024-Q2", product: "Báo cáo số 30/BC-UBND" });
    expect(taskOf(h1, 28)).toMatchObject({ status: "done" });
    expect(taskOf(h1, 27)).toMatchObject({ status: "in_progress", answerCount: 2 });
    expect(h1.difficulties.some((d) => d.kind === "blocked")).toBe(false);
  });

  it("sums count targets and takes the last figure of % targets", () => {
    const byId = new Map(h1.targets.map((x) => [x.targetId, x]));
    expect(byId.get(fx.targets.dialogues)).toMatchObject({ actual: 3, verdict: "met", rule: "sum", actualText: "3 (quý I: 1; quý II: 2)" });
    expect(byId.get(fx.targets.onTime)).toMatchObject({ actual: 97, verdict: "not_met", rule: "last" });
    expect(byId.get(fx.targets.fullOnline)).toMatchObject({ actual: 75, verdict: "not_met" });
    expect(h1.aggregationNote).toContain("quý I, quý II");
    expect(h1.aggregationNote).toContain("tổng số liệu các quý");
  });

  it("writes the 6-month documents", async () => {
    const text = await docxText(await writeReportDocx(h1));
    expect(text).toContain("6 tháng đầu năm 2024");
    expect(text).toContain("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM");
    expect(text).toContain("3 (quý I: 1; quý II: 2)");
    const nextSeqs = h1.nextTasks.map((x) => x.seq);
    expect(nextSeqs).toContain(2); // due 29/11/2024
    expect(h1.nextPeriods.map((p) => p.key)).toEqual(["2024-Q3", "2024-Q4"]);
  });
});
