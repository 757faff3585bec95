// What reminders say: the morning nudge, the coordinator digest, the leader
// note. Every sentence in Vietnamese, polite ("anh/chị") and brief; rendered
// from the stored payload so a retry sends exactly the same message.
import type { Button, Outbound } from "../chat/types.ts";
import { shorten } from "../chat/tasks.ts";
import { CHANNEL_NAME, unreachableWhy } from "../chat/texts.ts";
import { vnDate } from "../domain/dates.ts";
import { toRoman } from "../domain/text.ts";
import { parsePeriodKey } from "../domain/periods.ts";
import { weekdayName } from "../domain/workdays.ts";
import type { Digest, InputItem, MilestoneItem, Nudge, NudgeItem, Tone } from "./plan.ts";

/** Item buttons per nudge; the rest is reached through "Xem tất cả". */
export const MAX_ITEM_BUTTONS = 8;
/** Items written out in a nudge; beyond it the text says how many more. */
export const MAX_ITEM_LINES = 15;
/** Digest lines before "… và N chức danh khác", so a digest stays one Telegram message. */
const MAX_DIGEST_ROWS = 40;

export const NUDGE_LIST_PAYLOAD = "n:list";

const TONE_MARK: Record<Tone, string> = { overdue: "⚠️", today: "🔴", firm: "❗", normal: "•" };

function dueText(item: { due: string; announcedDue: string; days: number }): string {
  const moved =
    item.announcedDue !== item.due && item.days >= 0
      ? ` (${weekdayName(item.due).toLowerCase()}, ngày nghỉ — cần xong trước ${vnDate(item.announcedDue)})`
      : "";
  const base = `hạn ${vnDate(item.due)}${moved}`;
  if (item.days < 0) return `${base} — đã quá hạn ${-item.days} ngày`;
  if (item.days === 0) return `${base} — HẠN HÔM NAY`;
  if (item.days <= 3) return `${base} — chỉ còn ${item.days} ngày`;
  return `${base} — còn ${item.days} ngày`;
}

function quarterLabel(periodKey: string): string {
  const ref = parsePeriodKey(periodKey);
  return ref && ref.kind === "quarter" ? `quý ${toRoman(ref.index)}` : periodKey;
}

function itemLine(item: NudgeItem): string {
  if (item.type === "milestone") {
    const m = item as MilestoneItem;
    const label = m.label ? `${m.label}: ` : "";
    return `${TONE_MARK[m.tone]} Số ${m.seq} — ${shorten(m.text, 80)} — ${label}${dueText(m)}`;
  }
  const i = item as InputItem;
  const list = i.seqs.length > 10 ? `${i.seqs.slice(0, 10).join(", ")}…` : i.seqs.join(", ");
  return `${TONE_MARK[i.tone]} Số liệu báo cáo ${i.reportLabel}: ${dueText(i)}; còn ${i.seqs.length} nhiệm vụ chưa báo cáo (số ${list})`;
}

function closing(items: NudgeItem[]): string {
  const worst = items.some((i) => i.tone === "overdue")
    ? "overdue"
    : items.some((i) => i.tone === "today")
      ? "today"
      : items.some((i) => i.tone === "firm")
        ? "firm"
        : "normal";
  return {
    overdue: "Có việc đã quá hạn: đề nghị anh/chị hoàn thành và báo cáo sớm; nếu vướng mắc, anh/chị báo lại để Văn phòng kịp tháo gỡ.",
    today: "Có việc đến hạn hôm nay: anh/chị lưu ý hoàn thành và báo cáo trong ngày.",
    firm: "Hạn đã gần: anh/chị lưu ý sắp xếp để hoàn thành đúng hạn.",
    normal: "Anh/chị bấm nút bên dưới để báo cáo khi đã có kết quả.",
  }[worst];
}

function itemButton(item: NudgeItem): Button {
  if (item.type === "milestone") return { label: `Báo cáo số ${(item as MilestoneItem).seq}`, payload: `r:t:${(item as MilestoneItem).taskId}` };
  const i = item as InputItem;
  return { label: `Báo cáo ${quarterLabel(i.periodKey)}`, payload: `r:go:${i.periodKey}` };
}

/** The morning nudge: one message, items by urgency, a button for each (at most 8) and "Xem tất cả". */
export function renderNudge(nudge: Pick<Nudge, "fullName" | "day" | "items">): Outbound {
  const own = nudge.items.filter((i) => !i.onBehalfOf);
  const delegated = new Map<string, NudgeItem[]>();
  for (const i of nudge.items) {
    if (!i.onBehalfOf) continue;
    const list = delegated.get(i.onBehalfOf.fullName) ?? [];
    list.push(i);
    delegated.set(i.onBehalfOf.fullName, list);
  }
  const order = (a: NudgeItem, b: NudgeItem) => a.days - b.days || (a.type === b.type ? 0 : a.type === "milestone" ? -1 : 1);
  const lines = [`Chào ${nudge.fullName}! Nhắc việc ${weekdayName(nudge.day).toLowerCase()}, ${vnDate(nudge.day)}:`];
  let shown = 0;
  const shownItems: NudgeItem[] = [];
  const section = (items: NudgeItem[]) => {
    for (const it of [...items].sort(order)) {
      if (shown >= MAX_ITEM_LINES) break;
      lines.push(itemLine(it));
      shownItems.push(it);
      shown++;
    }
  };
  section(own);
  for (const [name, items] of delegated) {
    lines.push("", `Thay cho ${name} (đang nghỉ phép, anh/chị được ủy quyền):`);
    section(items);
  }
  if (nudge.items.length > shown) lines.push(`… và ${nudge.items.length - shown} việc khác (bấm «Xem tất cả»).`);
  lines.push("", closing(nudge.items));
  const buttons: Button[] = [];
  const seen = new Set<string>();
  for (const it of shownItems) {
    const b = itemButton(it);
    if (seen.has(b.payload) || buttons.length >= MAX_ITEM_BUTTONS) continue;
    seen.add(b.payload);
    buttons.push(b);
  }
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  rows.push([{ label: "Xem tất cả", payload: NUDGE_LIST_PAYLOAD }]);
  return { text: lines.join("\n"), buttons: rows };
}

function overdueList(list: { seq: number; days: number }[]): string {
  return list.map((o) => `số ${o.seq} (${o.days} ngày)`).join(", ");
}

export function renderDigest(d: Digest): Outbound {
  if (d.kind === "leader") {
    const lines = [
      `Kính gửi ${d.fullName}: các nhiệm vụ quá hạn trên ${d.escalateAfterDays} ngày (${vnDate(d.day)}):`,
      ...d.escalated.slice(0, MAX_DIGEST_ROWS).map((e) => `• Số ${e.seq} — ${shorten(e.text, 70)} — ${e.title || "chưa rõ chức danh"}: quá hạn ${e.days} ngày`),
    ];
    if (d.escalated.length > MAX_DIGEST_ROWS) lines.push(`… và ${d.escalated.length - MAX_DIGEST_ROWS} nhiệm vụ khác.`);
    lines.push("", "Gõ /tinhhinh để xem tình hình báo cáo của các chức danh.");
    return { text: lines.join("\n") };
  }
  const why =
    d.reason === "weekly" ? "Tổng hợp đầu tuần" : d.reason === "report-due" ? `Còn ${3} ngày đến hạn báo cáo` : `Tổng hợp đầu tuần — còn 3 ngày đến hạn báo cáo`;
  const lines = [`${why} (${vnDate(d.day)}): báo cáo ${d.periodLabel}, hạn gửi báo cáo của xã ${vnDate(d.reportDue)}.`];
  if (!d.rows.length) lines.push("Tất cả các chức danh đã báo cáo, không có việc quá hạn.");
  else lines.push("", "Theo chức danh (người giữ): chưa báo cáo; quá hạn");
  for (const r of d.rows.slice(0, MAX_DIGEST_ROWS)) {
    const who = r.people.length ? r.people.join(", ") : "chưa có người nhận";
    const parts: string[] = [];
    if (r.unanswered.length) parts.push(`chưa báo cáo ${r.unanswered.length} việc (số ${r.unanswered.slice(0, 12).join(", ")}${r.unanswered.length > 12 ? "…" : ""})`);
    if (r.overdue.length) parts.push(`quá hạn: ${overdueList(r.overdue.slice(0, 8))}${r.overdue.length > 8 ? "…" : ""}`);
    lines.push(`• ${r.title} (${who}): ${parts.join("; ")}`);
  }
  if (d.rows.length > MAX_DIGEST_ROWS) lines.push(`… và ${d.rows.length - MAX_DIGEST_ROWS} chức danh khác (gõ /tinhhinh).`);
  if (d.unreachable.length) {
    lines.push("", "Không liên lạc được (đã chặn bot hoặc hết hạn kênh):");
    for (const u of d.unreachable.slice(0, 20)) {
      const why = u.refused.map((r) => `${CHANNEL_NAME[r.channel] ?? r.channel}: ${unreachableWhy(r.reason)}`).join("; ");
      const instead = u.fallback ? `nhắc qua ${CHANNEL_NAME[u.fallback] ?? u.fallback}` : "chưa có kênh khác, cần nhắc trực tiếp";
      lines.push(`• ${u.fullName} — ${why} (${instead})`);
    }
  }
  return { text: lines.join("\n"), buttons: [[{ label: "Xem tình hình", payload: "n:overview" }]] };
}

export const RT = {
  nothingDue: "Hiện anh/chị không có việc nào cần nhắc: không có mốc sắp đến hạn hay quá hạn, không thiếu số liệu kỳ báo cáo.",
  previewHeader: (day: string) => `Tin nhắc việc sáng ${weekdayName(day).toLowerCase()} ${vnDate(day)} của anh/chị sẽ gồm:`,
  previewPaused: (from: string, to: string) => `Anh/chị đang nghỉ phép từ ${vnDate(from)} đến ${vnDate(to)}; nhắc việc tạm dừng.`,
  leaveUsage:
    "Cách dùng: /nghiphep <từ ngày> <đến ngày> [ủy quyền <chức danh>]\n" +
    "Ví dụ: /nghiphep 10/06/2024 14/06/2024 ủy quyền Văn phòng - Thống kê\n" +
    "Xem: /nghiphep · Hủy: /nghiphep hủy\n" +
    "Điều phối đặt cho người khác: /nghiphep <mã người> <từ ngày> <đến ngày> [ủy quyền <chức danh>] (mã người xem ở lệnh npm run people -- list).",
  leaveBadDate: (text: string) => `Không hiểu ngày "${text}". Anh/chị viết dạng ngày/tháng/năm, ví dụ 10/06/2024.`,
  leaveOrder: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
  leavePast: "Khoảng nghỉ phép này đã qua.",
  leaveUnknownTitle: (name: string) => `Không tìm thấy chức danh "${name}". Anh/chị gõ đúng tên chức danh như trong /nhiemvu hoặc danh mục chức danh.`,
  leaveNoPerson: (id: string) => `Không có người mang mã ${id} trong đơn vị.`,
  leaveDenied: "Chỉ công chức Văn phòng - Thống kê (điều phối) hoặc lãnh đạo mới đặt nghỉ phép cho người khác.",
  leaveSaved: (who: string | null, from: string, to: string, delegate: string | null) =>
    `Đã ghi nghỉ phép${who ? ` cho ${who}` : ""} từ ${vnDate(from)} đến ${vnDate(to)}. ` +
    (delegate ? `Trong thời gian này, nhắc việc được gửi cho người giữ chức danh ${delegate} (người được ủy quyền).` : "Nhắc việc tạm dừng trong thời gian này."),
  leaveList: (lines: string[]) => (lines.length ? `Nghỉ phép đã đăng ký:\n${lines.join("\n")}` : "Anh/chị chưa đăng ký nghỉ phép nào sắp tới."),
  leaveLine: (from: string, to: string, delegate: string | null) => `• ${vnDate(from)} – ${vnDate(to)}${delegate ? ` — ủy quyền: ${delegate}` : " — tạm dừng nhắc việc"}`,
  leaveCancelled: (n: number) => (n ? `Đã hủy ${n} đăng ký nghỉ phép chưa kết thúc.` : "Không có đăng ký nghỉ phép nào để hủy."),
  notDelegate: (seq: number) => `Nhiệm vụ số ${seq} do chức danh khác chủ trì và anh/chị không được ủy quyền nhận thay.`,
};
