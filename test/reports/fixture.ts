// A realistic reporting fixture on top of the real Ngọc Sơn 2024 plan: officers
// linked to their titles, a quarter of answers with a correction, blocked items,
// figures (one target met, one not), a count target, and missing answers; plus
// a second quarter for the 6-month roll-up.
import type { Db } from "../../src/db/client.ts";
import { findTitle, type OfficeRow } from "../../src/offices.ts";
import { recordFigure, recordProgress } from "../../src/progress.ts";
import type { ProgressStatus } from "../../src/domain/replies.ts";
import { seedPlan } from "../helpers/seed.ts";

/** 18/03/2024 09:00 in Hà Nội: the Q1 report (cut-off 14/03) is being compiled. */
export const Q1_NOW = new Date("2024-03-18T02:00:00Z");
/** 18/06/2024 09:00: the 6-month report. */
export const H1_NOW = new Date("2024-06-18T02:00:00Z");

export const NOTES = {
  blocked: "Chưa nhận được hướng dẫn của UBND huyện về theo dõi thi hành pháp luật",
  product: "Kế hoạch số 12/KH-UBND ngày 20/01/2024",
  correctionNote: "Đã ban hành kế hoạch rà soát văn bản QPPL",
  lateNote: "Chờ tỉnh cấp tài khoản Hệ thống theo dõi, giám sát",
  inProgress: "Đang lấy ý kiến các ban, ngành",
};

export interface Fixture {
  office: OfficeRow;
  planId: number;
  people: { lan: number; mai: number; hung: number; nam: number };
  task: (seq: number) => number;
  titles: Record<string, number>;
  targets: { onTime: number; fullOnline: number; dialogues: number };
}

async function titleId(db: Db, officeId: number, name: string): Promise<number> {
  const t = await findTitle(db, officeId, name);
  if (!t) throw new Error(`no title ${name}`);
  return t.id;
}

export async function seedReportFixture(db: Db): Promise<Fixture> {
  const office = await seedPlan(db);
  const plan = (await db.plan.findFirst({ where: { officeId: office.id } }))!;
  const tasks = await db.task.findMany({ where: { planId: plan.id } });
  const task = (seq: number) => {
    const t = tasks.find((x) => x.seq === seq);
    if (!t) throw new Error(`no task ${seq}`);
    return t.id;
  };
  const titles: Record<string, number> = {};
  for (const name of ["Tư pháp - Hộ tịch", "Văn phòng - Thống kê", "Tài chính - Kế toán", "Văn hóa - Xã hội", "Bộ phận Tiếp nhận và Trả kết quả", "Chủ tịch UBND xã"]) {
    titles[name] = await titleId(db, office.id, name);
  }

  const person = async (fullName: string, title: string, role = "officer", fromDate = "2024-01-01", toDate: string | null = null) => {
    const p = await db.person.create({ data: { officeId: office.id, fullName, role } });
    await db.titleAssignment.create({ data: { personId: p.id, titleId: titles[title]!, fromDate, toDate } });
    return p.id;
  };
  const lan = await person("Nguyễn Thị Lan", "Tư pháp - Hộ tịch");
  const mai = await person("Trần Thị Mai", "Văn phòng - Thống kê", "coordinator");
  const hung = await person("Lê Văn Hùng", "Tài chính - Kế toán");
  const nam = await person("Hoàng Văn Nam", "Chủ tịch UBND xã", "leader");
  // A former holder of Văn hóa - Xã hội: the title has nobody today.
  await person("Đỗ Văn Cũ", "Văn hóa - Xã hội", "officer", "2023-01-01", "2024-01-31");

  // The coordinator set the date of task 14's "unspecified" milestone: 29/02/2024, now past.
  const m14 = await db.milestone.findFirst({ where: { taskId: task(14) } });
  await db.milestone.update({ where: { id: m14!.id }, data: { dueDate: "2024-02-29", dueSetByPersonId: mai, dueSetAt: new Date("2024-02-01T02:00:00Z") } });

  // A count target (the plan itself only has percentages).
  const dialogues = await db.target.create({
    data: {
      planId: plan.id,
      taskId: task(15),
      ownerTitleId: titles["Văn phòng - Thống kê"]!,
      seq: 100,
      indicator: "Số cuộc đối thoại với người dân về giải quyết TTHC",
      comparator: ">=",
      value: 3,
      unit: "count",
      phrase: "tối thiểu 03 cuộc đối thoại",
    },
  });
  const targets = await db.target.findMany({ where: { planId: plan.id }, orderBy: { seq: "asc" } });
  const onTime = targets.find((t) => t.seq === 1)!.id; // ≥ 98% on time
  const fullOnline = targets.find((t) => t.seq === 3)!.id; // ≥ 80% full online services

  const at = (iso: string) => new Date(iso);
  const answer = (seq: number, personId: number, periodKey: string, status: ProgressStatus, when: string, note: string | null = null, product: string | null = null) =>
    recordProgress(db, { taskId: task(seq), periodKey, personId, status, note, product, channel: "telegram", now: at(when) });
  const figure = (targetId: number, personId: number, periodKey: string, when: string, value: number, raw: string, numerator?: number, denominator?: number) =>
    recordFigure(db, { targetId, periodKey, personId, value, raw, now: at(when), ...(numerator !== undefined ? { numerator, denominator: denominator! } : {}) });

  // ---- Q1 2024
  // Task 6: first "in progress", then corrected to done with the product.
  await answer(6, lan, "2024-Q1", "in_progress", "2024-03-01T02:00:00Z", "Đang dự thảo kế hoạch");
  await answer(6, lan, "2024-Q1", "done", "2024-03-10T02:00:00Z", NOTES.correctionNote, NOTES.product);
  await answer(8, lan, "2024-Q1", "blocked", "2024-03-11T02:00:00Z", NOTES.blocked);
  await answer(10, lan, "2024-Q1", "done", "2024-03-11T03:00:00Z", null, "Báo cáo số 05/BC-UBND ngày 10/03/2024");
  await answer(4, mai, "2024-Q1", "done", "2024-03-12T02:00:00Z", "Ban hành Kế hoạch số 15/KH-UBND ngày 25/01/2024", "Kế hoạch kiểm tra CCHC năm 2024");
  await answer(14, mai, "2024-Q1", "in_progress", "2024-03-12T03:00:00Z", NOTES.lateNote);
  await answer(27, mai, "2024-Q1", "not_started", "2024-03-12T04:00:00Z");
  await answer(28, hung, "2024-Q1", "in_progress", "2024-03-13T02:00:00Z", NOTES.inProgress);
  // Figures: 120/122 on time (met), 75% full online (not met); the dialogue count corrected 3 → 1.
  await figure(onTime, lan, "2024-Q1", "2024-03-11T04:00:00Z", (120 / 122) * 100, "120/122", 120, 122);
  await figure(fullOnline, lan, "2024-Q1", "2024-03-11T04:05:00Z", 75, "75%");
  await figure(dialogues.id, mai, "2024-Q1", "2024-03-12T05:00:00Z", 3, "3");
  await figure(dialogues.id, mai, "2024-Q1", "2024-03-12T06:00:00Z", 1, "1");

  // ---- Q2 2024 (after the Q1 report)
  await answer(8, lan, "2024-Q2", "done", "2024-06-10T02:00:00Z", "Đã nhận hướng dẫn và triển khai", "Báo cáo số 30/BC-UBND");
  await answer(28, hung, "2024-Q2", "done", "2024-06-11T02:00:00Z", null, "Quyết định số 45/QĐ-UBND");
  await answer(27, mai, "2024-Q2", "in_progress", "2024-06-11T03:00:00Z", "Đã xây dựng kế hoạch kiểm tra");
  await figure(onTime, lan, "2024-Q2", "2024-06-10T04:00:00Z", 97, "97%");
  await figure(dialogues.id, mai, "2024-Q2", "2024-06-11T05:00:00Z", 2, "2");

  return { office, planId: plan.id, people: { lan, mai, hung, nam }, task, titles, targets: { onTime, fullOnline, dialogues: dialogues.id } };
}
