// Benchmark of the quarterly report: compile + .docx + .xlsx.
//
// 1. One commune, end to end on SQLite: the real Ngọc Sơn 2024 plan in a temp
//    database, officers linked, every Q1 task answered (some corrected, some
//    blocked with notes), figures; time = load from the database + build + both writers.
// 2. 100 communes, in memory: the same loaded data cloned into 100 offices with
//    varied answers; time = buildReportModel + both writers for each, sequentially.
//    (No database for this part: seeding 100 plans through the importer would take
//    minutes and measure the importer, not the report.)
//
// Targets: < 0.5 s for one commune, < 10 s for 100.
// Run: npx tsx bench/report.ts
import { performance } from "node:perf_hooks";
import { recordProgress } from "../src/progress.ts";
import type { ProgressStatus } from "../src/domain/replies.ts";
import { buildReportModel, loadReportInput, type ReportInput } from "../src/reports/compile.ts";
import { writeReportDocx } from "../src/reports/docx.ts";
import { formatReportSummary } from "../src/reports/summary.ts";
import { writeReportXlsx } from "../src/reports/xlsx.ts";
import { createTestDb } from "../test/helpers/db.ts";
import { Q1_NOW, seedReportFixture } from "../test/reports/fixture.ts";
import { MemorySampler } from "./lib/memory.ts";

const MB = 1024 * 1024;
const Q1 = { year: 2024, kind: "quarter", index: 1 } as const;
const STATUSES: ProgressStatus[] = ["done", "done", "in_progress", "not_started", "blocked"];


async function writeBoth(input: ReportInput): Promise<number> {
  const model = buildReportModel(input);
  const [docx, xlsx] = await Promise.all([writeReportDocx(model), writeReportXlsx(model)]);
  formatReportSummary(model);
  return docx.length + xlsx.length;
}

function verdict(seconds: number, limit: number): string {
  return seconds < limit ? `đạt (< ${limit} s)` : `KHÔNG ĐẠT (mục tiêu < ${limit} s)`;
}

const t = createTestDb();
try {
  const fx = await seedReportFixture(t.db);
  // Answer every Q1 task the fixture left open, as a busy quarter would.
  const base = await loadReportInput(t.db, { officeId: fx.office.id, period: Q1, now: Q1_NOW });
  const answered = new Set(base.entries.map((e) => e.taskId));
  let n = 0;
  for (const task of base.tasks) {
    if (answered.has(task.id)) continue;
    const status = STATUSES[n++ % STATUSES.length]!;
    const note = status === "blocked" ? "Chưa có hướng dẫn của cấp trên, đang chờ ý kiến UBND huyện." : status === "done" ? "Đã hoàn thành theo kế hoạch." : null;
    const product = status === "done" ? `Báo cáo số ${10 + n}/BC-UBND ngày 05/03/2024` : null;
    await recordProgress(t.db, { taskId: task.id, periodKey: "2024-Q1", personId: fx.people.mai, status, note, product, channel: "telegram", now: new Date(Q1_NOW.getTime() - 86_400_000 + n * 1000) });
  }

  // Warm-up (module initialisation, JIT), not counted.
  await writeBoth(await loadReportInput(t.db, { officeId: fx.office.id, period: Q1, now: Q1_NOW }));

  // 1. One commune from the database.
  const mem1 = new MemorySampler().start();
  const t0 = performance.now();
  const input = await loadReportInput(t.db, { officeId: fx.office.id, period: Q1, now: Q1_NOW });
  const t1 = performance.now();
  const bytes = await writeBoth(input);
  const t2 = performance.now();
  const one = (t2 - t0) / 1000;
  console.log(
    `1 xã (SQLite, ${input.tasks.length} nhiệm vụ, ${input.entries.length} câu trả lời): ${one.toFixed(3)} s ` +
      `(đọc CSDL ${((t1 - t0) / 1000).toFixed(3)} s, tổng hợp + ghi .docx/.xlsx ${((t2 - t1) / 1000).toFixed(3)} s, ${(bytes / 1024).toFixed(0)} KB) — ${verdict(one, 0.5)}; ${mem1.stop()}`,
  );

  // 2. 100 communes in memory.
  const inputs: ReportInput[] = Array.from({ length: 100 }, (_, i) => ({
    ...input,
    office: { ...input.office, name: `UBND xã Thử Nghiệm ${i + 1}` },
    entries: input.entries.map((e, j) => ({ ...e, status: STATUSES[(i + j) % STATUSES.length]! })),
  }));
  const mem100 = new MemorySampler().start();
  const s0 = performance.now();
  let total = 0;
  for (const x of inputs) {
    total += await writeBoth(x);
    mem100.sample();
  }
  const hundred = (performance.now() - s0) / 1000;
  console.log(
    `100 xã (trong bộ nhớ, tổng hợp + ghi .docx/.xlsx lần lượt, ${(total / MB).toFixed(1)} MB tệp): ${hundred.toFixed(2)} s ` +
      `(${((hundred / 100) * 1000).toFixed(0)} ms/xã) — ${verdict(hundred, 10)}; ${mem100.stop()}`,
  );
  if (one >= 0.5 || hundred >= 10) process.exitCode = 1;
} finally {
  await t.close();
}
