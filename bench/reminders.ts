// Benchmark of the morning reminders.
//
// 1. Planning one morning for 100 offices × 20 officers × 60 tasks, in memory
//    (planMorning + rendering every message): time and peak memory. Target < 1 s.
// 2. Dispatching 2,000 nudges from the SQLite outbox to a local fake Bot API that
//    enforces 30 messages/s and answers 429 with retry_after beyond it: achieved
//    rate as a fraction of 30/s (target ≥ 0.9), lost = 0, duplicated = 0.
// Run: npx tsx bench/reminders.ts [--skip-dispatch] [--nudges 2000]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { EntryLite } from "../src/domain/task-state.ts";
import { WorkCalendar } from "../src/domain/workdays.ts";
import { Dispatcher, toOutboxRows, writeOutbox } from "../src/reminders/outbox.ts";
import { planMorning, type PlanInput, type PlanPerson, type PlanTask } from "../src/reminders/plan.ts";
import { telegramDispatch } from "../src/reminders/telegram.ts";
import { createTestDb } from "../test/helpers/db.ts";
import { FakeTelegramServer } from "../test/fakes/telegram-server.ts";
import { MemorySampler } from "./lib/memory.ts";

const { values } = parseArgs({ options: { "skip-dispatch": { type: "boolean", default: false }, nudges: { type: "string", default: "2000" } } });


const TODAY = "2024-03-11"; // Monday: nudges, period inputs (Q1 inputs due 15/03) and the weekly digest
const TITLES = 20;

function officeInput(o: number, calendar: WorkCalendar): PlanInput {
  const titles = Array.from({ length: TITLES }, (_, i) => ({ id: o * 1000 + i, name: `Chức danh ${i + 1}` }));
  const people: PlanPerson[] = Array.from({ length: 20 }, (_, i) => ({
    id: o * 1000 + i,
    fullName: `Cán bộ ${i + 1} xã ${o + 1}`,
    role: i === 0 ? "coordinator" : i === 1 ? "leader" : "officer",
    titleIds: [titles[i]!.id],
    leaves: i === 5 ? [{ fromDate: "2024-03-04", toDate: "2024-03-15", delegateTitleId: titles[6]!.id }] : [],
    channels: [{ channel: "telegram", unreachable: i === 19 }],
  }));
  const dues = ["2024-02-20", "2024-03-10", "2024-03-12", "2024-03-14", "2024-03-15", "2024-03-18", "2024-03-31", "2024-06-30", "2024-12-31"];
  const tasks: PlanTask[] = Array.from({ length: 60 }, (_, k) => {
    const id = o * 1000 + k;
    const continuous = k % 5 === 0;
    return {
      id,
      seq: k + 1,
      text: `Nhiệm vụ ${k + 1}: triển khai kế hoạch cải cách hành chính năm 2024 của UBND xã`,
      leadTitleIds: [titles[k % TITLES]!.id],
      milestones: continuous
        ? [{ id: id * 10, kind: "continuous", due: null, every: null, label: null, phrase: "Thường xuyên" }]
        : [
            { id: id * 10, kind: "due", due: dues[k % dues.length]!, every: null, label: "Kế hoạch", phrase: "Quý I/2024" },
            { id: id * 10 + 1, kind: "due", due: "2024-12-20", every: null, label: "Báo cáo", phrase: "Trước ngày 21/12/2024" },
          ],
    };
  });
  const entries = new Map<number, EntryLite[]>();
  tasks.forEach((t, k) => {
    if (k % 3 === 0) entries.set(t.id, [{ periodKey: "2024-Q1", status: k % 2 ? "done" : "in_progress", createdAt: new Date("2024-03-01") }]);
  });
  return {
    office: { id: o, name: `UBND xã ${o + 1}`, periodRule: "decree09", reportDueDays: 4, inputLeadDays: 2, reminderDays: 7, escalateAfterDays: 14 },
    titles,
    people,
    tasks,
    entries,
    calendar,
    today: TODAY,
  };
}

function benchPlanning(): boolean {
  const calendar = new WorkCalendar();
  const inputs = Array.from({ length: 100 }, (_, o) => officeInput(o, calendar));
  calendar.isWorkingDay(TODAY); // load the holiday table outside the timing, as the scheduler does once
  const mem = new MemorySampler().start();
  const t0 = performance.now();
  let nudges = 0;
  let digests = 0;
  let rows = 0;
  for (const input of inputs) {
    const plan = planMorning(input);
    nudges += plan.nudges.length;
    digests += plan.digests.length;
    rows += toOutboxRows(plan).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const ok = seconds < 1;
  console.log(
    `Lập kế hoạch một buổi sáng: 100 xã × 20 cán bộ × 60 nhiệm vụ → ${nudges} tin nhắc, ${digests} tin tổng hợp (${rows} dòng hàng đợi, đã soạn nội dung): ` +
      `${(seconds * 1000).toFixed(0)} ms — ${ok ? "đạt" : "CHƯA ĐẠT"} (mục tiêu < 1 s); ${mem.stop()}`,
  );
  return ok;
}

async function benchDispatch(count: number): Promise<boolean> {
  const fake = await FakeTelegramServer.start({ rateLimitPerSecond: 30 });
  const t = createTestDb();
  try {
    const office = await t.db.office.create({ data: { name: "UBND xã Đo Tốc Độ" } });
    const base = 7_000_000;
    await t.db.person.createMany({ data: Array.from({ length: count }, (_, i) => ({ officeId: office.id, fullName: `Cán bộ ${i + 1}` })) });
    const people = await t.db.person.findMany({ where: { officeId: office.id }, orderBy: { id: "asc" } });
    await t.db.channelIdentity.createMany({ data: people.map((p, i) => ({ personId: p.id, channel: "telegram", externalId: String(base + i) })) });
    const now = new Date("2024-03-11T01:00:00Z");
    const plan = {
      nudges: people.map((p) => ({
        kind: "nudge" as const,
        officeId: office.id,
        personId: p.id,
        fullName: p.fullName,
        day: "2024-03-11",
        items: [{ type: "milestone" as const, taskId: 1, seq: 1, text: "Rà soát thủ tục hành chính", label: null, due: "2024-03-14", announcedDue: "2024-03-14", days: 3, tone: "firm" as const }],
      })),
      digests: [],
    };
    await writeOutbox(t.db, toOutboxRows(plan), now);
    const { sender, limiter } = telegramDispatch(fake.token, fake.apiRoot);
    const dispatcher = new Dispatcher({ db: t.db, senders: { telegram: sender }, limiters: { telegram: limiter }, batchSize: 50, now: () => now });
    const t0 = performance.now();
    const stats = await dispatcher.drain({}, { waitForRetries: true });
    const seconds = (performance.now() - t0) / 1000;
    const accepted = fake.sentMessages();
    const perChat = new Map<string, number>();
    for (const c of accepted) perChat.set(String(c.body.chat_id), (perChat.get(String(c.body.chat_id)) ?? 0) + 1);
    const lost = people.filter((_, i) => !perChat.has(String(base + i))).length;
    const duplicated = [...perChat.values()].filter((n) => n > 1).length;
    const rejected429 = fake.callsTo("sendMessage").filter((c) => c.status === 429).length;
    const span = (accepted.at(-1)!.at - accepted[0]!.at) / 1000;
    const rate = (accepted.length - 1) / span;
    const fraction = rate / 30;
    const ok = fraction >= 0.9 && lost === 0 && duplicated === 0;
    console.log(
      `Gửi ${count} tin nhắc tới máy chủ Bot API giả (giới hạn 30 tin/giây, 429 + retry_after khi vượt): ${seconds.toFixed(1)} s, ` +
        `${rate.toFixed(2)} tin/giây = ${fraction.toFixed(3)} × giới hạn — ${fraction >= 0.9 ? "đạt" : "CHƯA ĐẠT"} (mục tiêu ≥ 0,9); ` +
        `mất = ${lost}, trùng = ${duplicated}; bị 429: ${rejected429}; trạng thái: đã gửi ${stats.sent}, lỗi ${stats.failed}, chưa xác nhận ${stats.unconfirmed}`,
    );
    return ok;
  } finally {
    await fake.stop();
    await t.close();
  }
}

let ok = benchPlanning();
if (!values["skip-dispatch"]) ok = (await benchDispatch(Number(values.nudges))) && ok;
process.exitCode = ok ? 0 : 1;
