// The report in a few lines for the chat: counts per area, targets, and who has
// not answered. Plain text, kept under ~3,500 characters.
import { vnDate } from "../domain/dates.ts";
import type { ReportModel, StatusCounts } from "./compile.ts";

export const SUMMARY_MAX = 3500;

function counts(c: StatusCounts): string {
  return (
    `xong ${c.done}, đang làm ${c.in_progress}, chưa làm ${c.not_started}, vướng ${c.blocked}, ` +
    `quá hạn ${c.late}, chưa báo cáo ${c.unanswered}`
  );
}

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.\s-]+$/, "")}…`;
}

function list(items: string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} và ${items.length - max} nhiệm vụ khác`;
}

/** The Vietnamese chat summary of a compiled report. */
export function formatReportSummary(model: ReportModel): string {
  const t = model.totals;
  const lines: string[] = [
    `TỔNG HỢP CCHC ${model.periodPhrase.toLocaleUpperCase("vi")} — ${model.office.name}`,
    `Kỳ số liệu ${vnDate(model.period.start)}–${vnDate(model.period.end)}, tổng hợp ngày ${vnDate(model.today)}.`,
    "",
    t.total ? `Tổng ${t.total} nhiệm vụ: ${counts(t)}.` : "Không có nhiệm vụ nào của kế hoạch thuộc kỳ này.",
  ];

  lines.push("", "Theo lĩnh vực:");
  for (const a of model.areas) {
    lines.push(a.counts.total ? `${a.number}. ${a.name} (${a.counts.total}): ${counts(a.counts)}` : `${a.number}. ${a.name}: không có nhiệm vụ trong kỳ`);
  }

  const blocked = model.difficulties.filter((d) => d.kind === "blocked");
  if (blocked.length) {
    lines.push("", "Vướng mắc:");
    for (const d of blocked.slice(0, 6)) lines.push(`- Số ${d.taskSeq}: ${d.reason ? shorten(d.reason, 140) : "chưa nêu nguyên nhân"}`);
    if (blocked.length > 6) lines.push(`- … và ${blocked.length - 6} nhiệm vụ khác`);
  }

  const met = model.targets.filter((x) => x.verdict === "met").length;
  const notMet = model.targets.filter((x) => x.verdict === "not_met");
  const noData = model.targets.filter((x) => x.verdict === "no_data").length;
  lines.push("");
  if (!model.targets.length) lines.push("Chỉ tiêu: kế hoạch không có chỉ tiêu định lượng.");
  else {
    lines.push(`Chỉ tiêu (${model.targets.length}): đạt ${met}, chưa đạt ${notMet.length}, chưa có số liệu ${noData}.`);
    for (const x of notMet.slice(0, 5)) lines.push(`- Chưa đạt: ${shorten(x.indicator, 90)} — ${x.actualText} (mục tiêu ${x.goalText})`);
  }

  lines.push("");
  if (!model.missing.length) lines.push("Tất cả nhiệm vụ đã có báo cáo.");
  else {
    lines.push("Chưa báo cáo:");
    for (const m of model.missing.slice(0, 10)) {
      const who = m.people.length ? m.people.join(", ") : "chưa có người nhận chức danh";
      lines.push(`- ${m.title} (${who}): ${m.tasks.length} nhiệm vụ — số ${list(m.tasks.map((x) => String(x.seq)), 12)}`);
    }
    if (model.missing.length > 10) lines.push(`- … và ${model.missing.length - 10} chức danh khác`);
  }

  let text = lines.join("\n");
  if (text.length > SUMMARY_MAX) text = `${text.slice(0, SUMMARY_MAX - 40).replace(/\n[^\n]*$/, "")}\n… (xem đầy đủ trong tệp báo cáo)`;
  return text;
}
