// The report's working data as a workbook: every task of the period, the
// targets, and who has not answered. Frozen header, filters, wrapped text.
import ExcelJS from "exceljs";
import { vnDate } from "../domain/dates.ts";
import { REPORT_STATUS_LABEL, type ReportModel } from "./compile.ts";

interface Column {
  header: string;
  width: number;
  center?: boolean;
}

const VERDICT = { met: "Đạt", not_met: "Chưa đạt", no_data: "Chưa có số liệu" } as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTime(d: Date, timeZone: string): string {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: (string | number | null)[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: 1, xSplit: 0, topLeftCell: "A2", activeCell: "A2" }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? "" : v)));
  const header = ws.getRow(1);
  header.font = { bold: true, name: "Times New Roman", size: 12 };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
  header.height = 32;
  ws.eachRow((row, i) => {
    if (i === 1) return;
    row.font = { name: "Times New Roman", size: 12 };
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.alignment = { vertical: "top", wrapText: true, horizontal: columns[col - 1]?.center ? "center" : "left" };
    });
  });
  const thin = { style: "thin" as const, color: { argb: "FF999999" } };
  ws.eachRow((row) => row.eachCell({ includeEmpty: true }, (c) => void (c.border = { top: thin, bottom: thin, left: thin, right: thin })));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

export function buildReportWorkbook(model: ReportModel): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "cchc-bot";
  wb.created = model.generatedAt;
  wb.title = `Báo cáo ${model.subject}`;
  const tz = model.office.timezone;

  addSheet(
    wb,
    "Nhiệm vụ",
    [
      { header: "Lĩnh vực", width: 24 },
      { header: "Số", width: 6, center: true },
      { header: "TT trong KH", width: 8, center: true },
      { header: "Nhiệm vụ", width: 60 },
      { header: "Chủ trì", width: 22 },
      { header: "Thời hạn", width: 22 },
      { header: "Tình trạng", width: 16 },
      { header: "Chậm tiến độ", width: 18 },
      { header: "Ghi chú", width: 40 },
      { header: "Sản phẩm", width: 36 },
      { header: "Người báo cáo", width: 20 },
      { header: "Thời điểm báo cáo", width: 18, center: true },
    ],
    model.areas.flatMap((a) =>
      a.tasks.map((t) => [
        `${a.number}. ${a.heading}`,
        t.seq,
        t.ref,
        t.text,
        t.lead.join("; "),
        t.deadlineText,
        REPORT_STATUS_LABEL[t.status],
        t.late ? `Quá hạn ${t.lateMilestones.map((m) => vnDate(m.due)).join("; ")}` : "",
        t.note,
        [t.product, ...t.documents].filter(Boolean).join("; ") || null,
        t.reportedBy,
        t.reportedAt ? dateTime(t.reportedAt, tz) : null,
      ]),
    ),
  );

  addSheet(
    wb,
    "Chỉ tiêu",
    [
      { header: "TT", width: 6, center: true },
      { header: "Chỉ tiêu", width: 60 },
      { header: "Chức danh phụ trách", width: 24 },
      { header: "Nhiệm vụ số", width: 10, center: true },
      { header: "Mục tiêu", width: 12, center: true },
      { header: "Kết quả", width: 26, center: true },
      { header: "Đánh giá", width: 16, center: true },
      { header: "Cách tính", width: 28 },
      { header: "Người báo cáo", width: 20 },
    ],
    model.targets.map((t, i) => [
      i + 1,
      t.indicator,
      t.owner,
      t.taskSeq,
      t.goalText,
      t.actualText ?? "",
      VERDICT[t.verdict],
      t.rule === "sum" ? "Tổng số liệu các quý" : "Số liệu báo cáo sau cùng",
      t.reportedBy,
    ]),
  );

  addSheet(
    wb,
    "Chưa báo cáo",
    [
      { header: "Chức danh", width: 28 },
      { header: "Người đảm nhiệm", width: 28 },
      { header: "Nhiệm vụ số", width: 10, center: true },
      { header: "Nhiệm vụ", width: 70 },
    ],
    model.missing.flatMap((m) =>
      m.tasks.map((t) => [m.title, m.people.length ? m.people.join(", ") : "Chưa có người nhận chức danh", t.seq, t.text]),
    ),
  );
  return wb;
}

/** The report's data as an .xlsx file. */
export async function writeReportXlsx(model: ReportModel): Promise<Buffer> {
  const data = await buildReportWorkbook(model).xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
