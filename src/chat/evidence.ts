// Photos and files an officer sends (Zalo images/files, Telegram documents)
// are kept as evidence (tài liệu kiểm chứng) on the progress entry of the task
// she is reporting: in a /baocao walk-through, the task just answered; right
// after a quick /capnhat, that answer. Otherwise a polite reply says how.
import type { Db } from "../db/client.ts";
import type { PersonContext } from "./context.ts";
import { loadState } from "./report-dialog.ts";
import type { Inbound, Outbound } from "./types.ts";

/** An answer given this recently (outside a walk-through) still takes the files that follow it. */
export const EVIDENCE_WINDOW_MS = 2 * 3600_000;

export const EVIDENCE_TEXT = {
  saved: (count: number, seq: number) =>
    `Đã lưu ${count} tài liệu kiểm chứng cho nhiệm vụ số ${seq}. Anh/chị có thể gửi thêm ảnh hoặc tệp nếu cần.`,
  nothingReported:
    "Cảm ơn anh/chị đã gửi tệp. Tài liệu kiểm chứng cần gắn với một nhiệm vụ đang báo cáo: " +
    "anh/chị gõ /baocao (hoặc /capnhat <số> xong: <ghi chú>), trả lời nhiệm vụ đó rồi gửi lại ảnh/tệp ngay sau.",
  answerFirst: (seq: number) =>
    `Anh/chị trả lời xong nhiệm vụ số ${seq} (tình trạng, ghi chú, sản phẩm) rồi gửi lại ảnh/tệp; tài liệu sẽ được gắn vào câu trả lời đó.`,
};

type Attachment = NonNullable<Inbound["attachments"]>[number];

/** What an evidence row says: the file's name when known, and where to fetch it. */
export function evidenceReference(a: Attachment): string {
  return a.name ? `${a.name} (${a.url})` : a.url;
}

async function latestEntry(db: Db, where: { taskId?: number; periodKey?: string; personId?: number }) {
  return db.progressEntry.findFirst({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: { task: { select: { seq: true } } } });
}

/** Which progress entry the files belong to, or the reply that explains why none does. */
async function targetEntry(db: Db, ctx: PersonContext) {
  const state = await loadState(db, ctx);
  if (state && !state.paused && state.index < state.taskIds.length) {
    const current = state.taskIds[state.index]!;
    // After the figures step the current task's answer is already saved.
    if (state.step === "figure") return { entry: await latestEntry(db, { taskId: current, periodKey: state.periodKey }) };
    if (state.step === "note" || state.step === "product") {
      const task = await db.task.findUnique({ where: { id: current }, select: { seq: true } });
      return { reply: EVIDENCE_TEXT.answerFirst(task?.seq ?? 0) };
    }
    // A new task's card is showing: the files are for the task just answered, or an earlier answer to this one.
    const justAnswered = state.answered.at(-1);
    const entry =
      (justAnswered !== undefined ? await latestEntry(db, { taskId: justAnswered, periodKey: state.periodKey }) : null) ??
      (await latestEntry(db, { taskId: current, periodKey: state.periodKey }));
    if (entry) return { entry };
    const task = await db.task.findUnique({ where: { id: current }, select: { seq: true } });
    return { reply: EVIDENCE_TEXT.answerFirst(task?.seq ?? 0) };
  }
  const recent = await latestEntry(db, { personId: ctx.person.id });
  if (recent && ctx.now.getTime() - recent.createdAt.getTime() <= EVIDENCE_WINDOW_MS) return { entry: recent };
  return { reply: EVIDENCE_TEXT.nothingReported };
}

/** Keeps the attachments as Evidence rows on the entry being reported, or explains how to. */
export async function keepEvidence(db: Db, ctx: PersonContext, attachments: Attachment[]): Promise<Outbound[]> {
  const found = await targetEntry(db, ctx);
  if (!("entry" in found) || !found.entry) return [{ text: "reply" in found && found.reply ? found.reply : EVIDENCE_TEXT.nothingReported }];
  const entry = found.entry;
  await db.evidence.createMany({
    data: attachments.map((a) => ({ progressEntryId: entry.id, kind: a.type, reference: evidenceReference(a), createdAt: ctx.now })),
  });
  return [{ text: EVIDENCE_TEXT.saved(attachments.length, entry.task.seq) }];
}
