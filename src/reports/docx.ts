// The report as a Word document in the form of Decree 30/2020/NĐ-CP: header
// table, number and date line, title, body in four sections, recipients and
// signature block. Times New Roman, A4, the decree's margins.
import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
} from "docx";
import { splitDate, vnDate } from "../domain/dates.ts";
import { REPORT_STATUS_LABEL, type ReportArea, type ReportModel, type ReportTask } from "./compile.ts";

const FONT = "Times New Roman";
const PT = (n: number) => n * 2; // docx sizes are half-points
const BODY = PT(14);
const TABLE = PT(13);
const MM = (n: number) => Math.round((n * 1440) / 25.4);
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: MM(20), bottom: MM(20), left: MM(30), right: MM(20) };
const CONTENT = PAGE.width - MARGIN.left - MARGIN.right;
const INDENT = MM(10);
const LINE = 276; // 1.15 lines

interface RunSpec {
  text: string;
  bold?: boolean;
  italics?: boolean;
  size?: number;
  underline?: boolean;
}

function run(spec: RunSpec | string): TextRun {
  const s = typeof spec === "string" ? { text: spec } : spec;
  return new TextRun({
    text: s.text,
    bold: s.bold,
    italics: s.italics,
    size: s.size ?? BODY,
    font: FONT,
    ...(s.underline ? { underline: {} } : {}),
  });
}

/** A body paragraph: justified, first-line indent, 1.15 lines, 6 pt after. */
function para(children: (RunSpec | string | FootnoteReferenceRun)[], opts: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: INDENT },
    spacing: { before: 0, after: 100, line: LINE },
    keepLines: false,
    ...opts,
    children: children.map((c) => (c instanceof FootnoteReferenceRun ? c : run(c))),
  });
}

function centered(children: (RunSpec | string)[], opts: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, line: 264 }, ...opts, children: children.map(run) });
}

/** A short centred rule: an empty paragraph with a top border, its length set by indents. */
function shortRule(cellWidth: number, ruleWidth: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 90, after: 0, line: 240 },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    children: [run({ text: "", size: PT(4) })],
  });
}

function cell(children: Paragraph[], width: number, opts: { borders?: boolean; shade?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
    margins: opts.borders ? { top: 40, bottom: 40, left: 80, right: 80 } : { top: 0, bottom: 0, left: 40, right: 40 },
    ...(opts.shade ? { shading: { fill: "F2F2F2", color: "auto", type: "clear" } } : {}),
    children,
  });
}

function borderless(rows: TableCell[][], widths: number[]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: rows.map((cells) => new TableRow({ children: cells })),
  });
}

// ---------------------------------------------------------------------------
// Parts of the document

function dateLine(model: ReportModel): string {
  const [year, month] = splitDate(model.today);
  // Decree 30: months 1 and 2 are written with a leading zero.
  const mm = month < 3 ? String(month).padStart(2, "0") : String(month);
  return `${model.office.place}, ngày      tháng ${mm} năm ${year}`;
}

function header(model: ReportModel): Table {
  const left = 3600;
  const right = CONTENT - left;
  const [first, ...rest] = model.office.headerLines;
  const leftTop = [
    centered([{ text: first ?? "", bold: true, size: PT(13) }]),
    ...rest.map((l) => centered([{ text: l, bold: true, size: PT(13) }])),
    shortRule(left, 1300),
  ];
  const rightTop = [
    centered([{ text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: PT(12) }]),
    centered([{ text: "Độc lập - Tự do - Hạnh phúc", bold: true, size: PT(13) }]),
    shortRule(right, 3300),
  ];
  const leftBottom = [centered([{ text: "Số:        /BC-UBND", size: PT(13) }], { spacing: { before: 120, after: 0 } })];
  const rightBottom = [centered([{ text: dateLine(model), italics: true, size: PT(14) }], { spacing: { before: 120, after: 0 } })];
  return borderless(
    [
      [cell(leftTop, left), cell(rightTop, right)],
      [cell(leftBottom, left), cell(rightBottom, right)],
    ],
    [left, right],
  );
}

function title(model: ReportModel): Paragraph[] {
  return [
    centered([{ text: "BÁO CÁO", bold: true, size: PT(14) }], { spacing: { before: 360, after: 0 } }),
    centered([{ text: model.subject, bold: true, size: PT(14) }], { spacing: { before: 0, after: 0 } }),
    shortRule(CONTENT, 2200),
  ];
}

function heading(text: string, footnote?: number): Paragraph {
  const children: (RunSpec | FootnoteReferenceRun)[] = [{ text, bold: true }];
  if (footnote) children.push(new FootnoteReferenceRun(footnote));
  return para(children, { spacing: { before: 120, after: 100, line: LINE }, keepNext: true });
}

function subheading(text: string): Paragraph {
  return para([{ text, italics: true, bold: true }], { keepNext: true });
}

function bullet(children: (RunSpec | string)[]): Paragraph {
  return para([{ text: "- " }, ...children]);
}

function leadText(t: ReportTask): string {
  return t.lead.length ? ` (${t.lead.join("; ")})` : "";
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?…:;]$/.test(t) ? t : `${t}.`;
}

function taskLine(t: ReportTask): (RunSpec | string)[] {
  const out: (RunSpec | string)[] = [`Nhiệm vụ số ${t.seq}: ${t.text}${leadText(t)}.`];
  if (t.product) out.push(" ", { text: "Sản phẩm: ", italics: true }, sentence(t.product));
  if (t.documents.length) out.push(" ", { text: "Tài liệu kiểm chứng: ", italics: true }, sentence(t.documents.join("; ")));
  if (t.late && t.status !== "blocked") {
    const dues = t.lateMilestones.map((m) => (m.label ? `${m.label}: ${vnDate(m.due)}` : vnDate(m.due))).join("; ");
    out.push(" ", { text: `Chậm so với thời hạn (${dues}).` });
  }
  if (t.status === "blocked") out.push(" ", { text: "Vướng mắc: ", italics: true }, t.note ? sentence(t.note) : "chưa nêu nguyên nhân.");
  else if (t.note) out.push(" ", { text: t.status === "done" ? "Ghi chú: " : t.late ? "Lý do: " : "Ghi chú: ", italics: true }, sentence(t.note));
  else if (t.late && t.status !== "unanswered") out.push(" Lý do: chưa nêu.");
  return out;
}

function countSentence(a: ReportArea): string {
  const c = a.counts;
  const parts = [
    `${c.done} hoàn thành`,
    `${c.in_progress} đang thực hiện`,
    `${c.not_started} chưa thực hiện`,
    `${c.blocked} có vướng mắc`,
    `${c.unanswered} chưa có báo cáo`,
  ];
  return `Trong kỳ có ${c.total} nhiệm vụ: ${parts.join(", ")}${c.late ? `; ${c.late} nhiệm vụ chậm tiến độ` : ""}.`;
}

const GROUPS: { status: ReportTask["status"]; title: string }[] = [
  { status: "done", title: "Nhiệm vụ đã hoàn thành" },
  { status: "in_progress", title: "Nhiệm vụ đang thực hiện" },
  { status: "not_started", title: "Nhiệm vụ chưa thực hiện" },
  { status: "blocked", title: "Nhiệm vụ có vướng mắc" },
  { status: "unanswered", title: "Nhiệm vụ chưa có báo cáo" },
];
const LETTERS = ["a", "b", "c", "d", "đ", "e"];

function areaSection(a: ReportArea): Paragraph[] {
  const out = [para([{ text: `${a.number}. ${a.heading}`, bold: true }], { keepNext: true })];
  if (a.tasks.length === 0) {
    out.push(para(["Không có nhiệm vụ nào thuộc kỳ báo cáo trong lĩnh vực này."]));
    return out;
  }
  out.push(para([countSentence(a)]));
  let letter = 0;
  for (const g of GROUPS) {
    const tasks = a.tasks.filter((t) => t.status === g.status);
    if (!tasks.length) continue;
    out.push(subheading(`${LETTERS[letter++]}) ${g.title} (${tasks.length}):`));
    for (const t of tasks) out.push(bullet(taskLine(t)));
  }
  const late = a.tasks.filter((t) => t.late);
  if (late.length) {
    out.push(subheading(`${LETTERS[letter++]}) Nhiệm vụ chậm tiến độ (${late.length}):`));
    for (const t of late) {
      const dues = t.lateMilestones.map((m) => (m.label ? `${m.label}: ${vnDate(m.due)}` : vnDate(m.due))).join("; ");
      const why = t.note ? sentence(t.note) : t.status === "unanswered" ? "chưa có báo cáo." : "chưa nêu.";
      out.push(bullet([`Nhiệm vụ số ${t.seq}, hạn ${dues}, ${REPORT_STATUS_LABEL[t.status].toLowerCase()}. `, { text: "Lý do: ", italics: true }, why]));
    }
  }
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);
}

function targetsTable(model: ReportModel): Table {
  const widths = [600, 3771, 1300, 1800, 1600];
  const head = ["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"];
  const p = (text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
    new Paragraph({
      alignment: opts.align ?? AlignmentType.LEFT,
      spacing: { before: 0, after: 0, line: 252 },
      children: [run({ text, bold: opts.bold, size: TABLE })],
    });
  const verdict = { met: "Đạt", not_met: "Chưa đạt", no_data: "Chưa có số liệu" } as const;
  const rows = [
    new TableRow({
      tableHeader: true,
      children: head.map((h, i) => cell([p(h, { bold: true, align: AlignmentType.CENTER })], widths[i]!, { borders: true, shade: true })),
    }),
    ...model.targets.map(
      (t, i) =>
        new TableRow({
          cantSplit: true,
          children: [
            cell([p(String(i + 1), { align: AlignmentType.CENTER })], widths[0]!, { borders: true }),
            cell([p(capitalise(t.indicator) + (t.owner ? ` (${t.owner})` : ""))], widths[1]!, { borders: true }),
            cell([p(t.goalText, { align: AlignmentType.CENTER })], widths[2]!, { borders: true }),
            cell([p(t.actualText ?? "—", { align: AlignmentType.CENTER })], widths[3]!, { borders: true }),
            cell([p(verdict[t.verdict], { align: AlignmentType.CENTER, bold: t.verdict === "not_met" })], widths[4]!, { borders: true }),
          ],
        }),
    ),
  ];
  const line = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  return new Table({
    width: { size: CONTENT, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows,
  });
}

function difficulties(model: ReportModel): Paragraph[] {
  const out: Paragraph[] = [];
  const items = model.difficulties;
  out.push(para([{ text: "1. Tồn tại, hạn chế", bold: true }], { keepNext: true }));
  const unanswered = model.totals.unanswered;
  if (!items.length && !unanswered) out.push(para(["Trong kỳ không có nhiệm vụ vướng mắc, chậm tiến độ hay chỉ tiêu chưa đạt nào được báo cáo."]));
  for (const d of items) out.push(bullet([d.text]));
  if (unanswered) out.push(bullet([`${unanswered}/${model.totals.total} nhiệm vụ của kỳ chưa có báo cáo của công chức chủ trì đến thời điểm tổng hợp.`]));
  out.push(para([{ text: "2. Nguyên nhân", bold: true }], { keepNext: true }));
  const reasons = items.filter((d) => d.reason && d.taskSeq !== null);
  if (!reasons.length) out.push(para(["Các công chức chưa nêu nguyên nhân cụ thể trong báo cáo của kỳ."]));
  for (const d of reasons) out.push(bullet([`Nhiệm vụ số ${d.taskSeq}: ${sentence(d.reason!)}`]));
  return out;
}

function nextSection(model: ReportModel): Paragraph[] {
  const out: Paragraph[] = [];
  if (!model.nextTasks.length && !model.carryOver.length && !model.ongoingCount) {
    out.push(para(["Kế hoạch không có nhiệm vụ nào đến hạn trong kỳ tiếp theo."]));
    return out;
  }
  if (model.nextTasks.length) {
    out.push(para(["Tập trung thực hiện các nhiệm vụ đến hạn theo Kế hoạch:"]));
    for (const t of model.nextTasks) {
      const due = `hạn ${vnDate(t.due)}${t.label ? ` (${t.label})` : ""}`;
      out.push(bullet([`Nhiệm vụ số ${t.seq}: ${t.text}${t.lead.length ? ` (${t.lead.join("; ")})` : ""}; ${due}.`]));
    }
  } else {
    out.push(para(["Kế hoạch không có nhiệm vụ có thời hạn cụ thể trong kỳ tiếp theo."]));
  }
  if (model.carryOver.length) {
    const seqs = model.carryOver.map((t) => t.seq).join(", ");
    out.push(bullet([`Tiếp tục thực hiện, hoàn thành các nhiệm vụ chưa hoàn thành trong kỳ: nhiệm vụ số ${seqs}.`]));
  }
  if (model.ongoingCount) out.push(bullet([`Tiếp tục thực hiện ${model.ongoingCount} nhiệm vụ thường xuyên, định kỳ theo Kế hoạch.`]));
  return out;
}

function missingLine(model: ReportModel): Paragraph[] {
  if (!model.missing.length) return [para([{ text: "Tất cả nhiệm vụ của kỳ đã có báo cáo của công chức chủ trì.", italics: true }])];
  const seqs = [...new Set(model.missing.flatMap((m) => m.tasks.map((t) => t.seq)))].sort((a, b) => a - b);
  const who = model.missing.map((m) => `${m.title} — ${m.people.length ? m.people.join(", ") : "chưa có người nhận chức danh"}: số ${m.tasks.map((t) => t.seq).join(", ")}`);
  return [
    para([{ text: `Nhiệm vụ chưa có báo cáo đến thời điểm tổng hợp (${seqs.length}): số ${seqs.join(", ")}. `, italics: true }, { text: `Theo chức danh: ${who.join("; ")}.`, italics: true }]),
  ];
}

function closing(model: ReportModel): Table {
  const left = 4300;
  const right = CONTENT - left;
  const leftParas = [
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [run({ text: "Nơi nhận:", bold: true, italics: true, size: PT(12) })] }),
    ...["- Phòng Nội vụ huyện (b/c);", "- TT Đảng ủy, TT HĐND xã (b/c);", "- Lưu: VT, VP."].map(
      (t) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run({ text: t, size: PT(11) })] }),
    ),
  ];
  const rightParas = [
    centered([{ text: "TM. ỦY BAN NHÂN DÂN", bold: true, size: PT(14) }]),
    centered([{ text: "CHỦ TỊCH", bold: true, size: PT(14) }]),
    ...Array.from({ length: 4 }, () => centered([{ text: "", size: PT(14) }])),
    centered([{ text: model.signer ?? "", bold: true, size: PT(14) }]),
  ];
  return borderless([[cell(leftParas, left), cell(rightParas, right)]], [left, right]);
}

// ---------------------------------------------------------------------------

export function buildReportDocument(model: ReportModel): Document {
  const children: (Paragraph | Table)[] = [header(model), ...title(model)];
  children.push(
    para([
      `Thực hiện Kế hoạch cải cách hành chính năm ${model.planYear}, Ủy ban nhân dân ${model.office.unit} báo cáo kết quả thực hiện công tác cải cách hành chính ${model.periodPhrase} như sau:`,
    ], { spacing: { before: 240, after: 100, line: LINE } }),
  );
  children.push(heading("I. KẾT QUẢ THỰC HIỆN", 1));
  const t = model.totals;
  children.push(
    para([
      t.total
        ? `Trong kỳ, Kế hoạch có ${t.total} nhiệm vụ cần báo cáo: ${t.done} nhiệm vụ hoàn thành, ${t.in_progress} đang thực hiện, ${t.not_started} chưa thực hiện, ${t.blocked} có vướng mắc, ${t.unanswered} chưa có báo cáo${t.late ? `; ${t.late} nhiệm vụ chậm tiến độ` : ""}.`
        : "Không có nhiệm vụ nào của Kế hoạch thuộc kỳ báo cáo.",
    ]),
  );
  for (const a of model.areas) children.push(...areaSection(a));

  children.push(heading("II. CÁC CHỈ TIÊU"));
  if (model.targets.length) children.push(targetsTable(model), para([""], { spacing: { before: 0, after: 60 } }));
  else children.push(para(["Kế hoạch không có chỉ tiêu định lượng nào."]));

  children.push(heading("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), ...difficulties(model));
  children.push(heading(`IV. ${model.nextHeading}`), ...nextSection(model));
  children.push(...missingLine(model));
  children.push(para([""], { spacing: { before: 0, after: 120 } }));
  children.push(closing(model));

  return new Document({
    creator: "cchc-bot",
    title: `Báo cáo ${model.subject}`,
    description: model.aggregationNote,
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY }, paragraph: { spacing: { line: LINE } } },
      },
    },
    footnotes: {
      1: { children: [new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [run({ text: model.aggregationNote, size: PT(11) })] })] },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, header: MM(10), footer: MM(10) },
          },
        },
        children,
      },
    ],
  });
}

/** The report as a .docx file. */
export async function writeReportDocx(model: ReportModel): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(model));
}
