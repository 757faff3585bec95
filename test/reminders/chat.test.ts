// Reminders in the conversation: /nhacviec previews the next nudge, /nghiphep
// pauses or delegates, the nudge's buttons open the report of one task.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatCore } from "../../src/chat/core.ts";
import type { Inbound, Outbound } from "../../src/chat/types.ts";
import { loadPlanInput } from "../../src/reminders/load.ts";
import { planMorning } from "../../src/reminders/plan.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { inviteFor, seedPlan } from "../helpers/seed.ts";

// Monday 11/03/2024, 06:00 in Hà Nội: before the 07:30 nudge; Q1 inputs due Friday 15/03.
let clock = new Date("2024-03-10T23:00:00Z");
let t: TestDb;
let core: ChatCore;
let officeId: number;
let msgId = 0;
const LAN = "61001";
const HOA = "61002";

const say = (senderId: string, text: string): Promise<Outbound[]> =>
  core.handle({ channel: "telegram", senderId, messageId: String(++msgId), text, raw: { text } } satisfies Inbound);
const tap = (senderId: string, payload: string): Promise<Outbound[]> =>
  core.handle({ channel: "telegram", senderId, messageId: String(++msgId), payload, raw: { payload } });
const text = (out: Outbound[]) => out.map((o) => o.text).join("\n---\n");

beforeAll(async () => {
  t = createTestDb();
  officeId = (await seedPlan(t.db)).id;
  core = new ChatCore({ db: t.db, now: () => clock });
  const lan = await inviteFor(t.db, officeId, "Tư pháp - Hộ tịch", "Nguyễn Thị Lan", clock);
  const hoa = await inviteFor(t.db, officeId, "Văn phòng - Thống kê", "Trần Thu Hoa", clock);
  await say(LAN, `/start ${lan.code}`);
  await say(HOA, `/start ${hoa.code}`);
  await t.db.person.updateMany({ where: { fullName: "Trần Thu Hoa" }, data: { role: "coordinator" } });
});
afterAll(() => t.close());

describe("/nhacviec", () => {
  it("shows what this morning's nudge will contain, with its buttons", async () => {
    const out = await say(LAN, "/nhacviec");
    expect(out[0]!.text).toContain("Tin nhắc việc sáng thứ hai 11/03/2024 của anh/chị sẽ gồm:");
    expect(out[0]!.text).toContain("Số liệu báo cáo quý I năm 2024");
    expect(out[0]!.buttons!.flat()).toContainEqual({ label: "Báo cáo quý I", payload: "r:go:2024-Q1" });
    expect(out[0]!.buttons!.flat().at(-1)!.label).toBe("Xem tất cả");
  });

  it("the «Xem tất cả» button lists her tasks", async () => {
    expect(text(await tap(LAN, "n:list"))).toContain("📋 Nhiệm vụ của Tư pháp - Hộ tịch");
  });
});

describe("the nudge's task button", () => {
  it("«Báo cáo số N» opens the report of that one task", async () => {
    const input = await loadPlanInput(t.db, await t.db.office.findUniqueOrThrow({ where: { id: officeId } }), "2024-03-11");
    const mine = input.tasks.find((task) => task.leadTitleIds.some((id) => input.people.find((p) => p.fullName === "Nguyễn Thị Lan")!.titleIds.includes(id)))!;
    const out = await tap(LAN, `r:t:${mine.id}`);
    expect(out[0]!.text).toContain(`Nhiệm vụ 1/1 — số ${mine.seq}`);
    expect(out[0]!.buttons!.flat().map((b) => b.payload)).toContain(`r:s:${mine.id}:d`);
    await tap(LAN, "r:x");
    // A task she does not lead is refused politely.
    const other = input.tasks.find((task) => !task.leadTitleIds.some((id) => input.people.find((p) => p.fullName === "Nguyễn Thị Lan")!.titleIds.includes(id)))!;
    expect(text(await tap(LAN, `r:t:${other.id}`))).toContain(`Nhiệm vụ số ${other.seq} do chức danh khác chủ trì`);
  });
});

describe("/nghiphep", () => {
  it("records leave with a delegate title; her nudge then goes to the delegate", async () => {
    const out = await say(LAN, "/nghiphep 11/03/2024 15/03/2024 ủy quyền Văn phòng - Thống kê");
    expect(text(out)).toContain("Đã ghi nghỉ phép từ 11/03/2024 đến 15/03/2024");
    expect(text(out)).toContain("Văn phòng - Thống kê");
    expect(text(await say(LAN, "/nhacviec"))).toContain("đang nghỉ phép từ 11/03/2024 đến 15/03/2024");
    const office = await t.db.office.findUniqueOrThrow({ where: { id: officeId } });
    const plan = planMorning(await loadPlanInput(t.db, office, "2024-03-11"));
    const lan = await t.db.person.findFirstOrThrow({ where: { fullName: "Nguyễn Thị Lan" } });
    const hoa = await t.db.person.findFirstOrThrow({ where: { fullName: "Trần Thu Hoa" } });
    expect(plan.nudges.find((n) => n.personId === lan.id)).toBeUndefined();
    expect(plan.nudges.find((n) => n.personId === hoa.id)!.items.some((i) => i.onBehalfOf?.personId === lan.id)).toBe(true);
    // The delegate may report one of Lan's tasks from the reminder's button.
    const delegated = plan.nudges.find((n) => n.personId === hoa.id)!.items.find((i) => i.onBehalfOf && i.type === "milestone");
    if (delegated && delegated.type === "milestone") {
      expect(text(await tap(HOA, `r:t:${delegated.taskId}`))).toContain(`số ${delegated.seq}`);
      await tap(HOA, "r:x");
    }
    expect(text(await say(LAN, "/nghiphep"))).toContain("11/03/2024 – 15/03/2024 — ủy quyền: Văn phòng - Thống kê");
    expect(text(await say(LAN, "/nghiphep hủy"))).toContain("Đã hủy 1 đăng ký");
  });

  it("the coordinator sets leave for someone by their number; an officer may not", async () => {
    const lan = await t.db.person.findFirstOrThrow({ where: { fullName: "Nguyễn Thị Lan" } });
    const hoa = await t.db.person.findFirstOrThrow({ where: { fullName: "Trần Thu Hoa" } });
    expect(text(await say(HOA, `/nghiphep ${lan.id} 18/03 22/03`))).toContain("Đã ghi nghỉ phép cho Nguyễn Thị Lan từ 18/03/2024 đến 22/03/2024. Nhắc việc tạm dừng");
    expect(text(await say(LAN, `/nghiphep ${hoa.id} 18/03 22/03`))).toContain("Chỉ công chức Văn phòng - Thống kê");
  });

  it("explains mistakes with an example", async () => {
    expect(text(await say(LAN, "/nghiphep 32/13/2024 01/01/2025"))).toContain('Không hiểu ngày "32/13/2024"');
    expect(text(await say(LAN, "/nghiphep 15/03/2024 11/03/2024"))).toContain("Ngày bắt đầu phải trước");
    expect(text(await say(LAN, "/nghiphep 11/03/2024 15/03/2024 ủy quyền Phòng Không Có"))).toContain('Không tìm thấy chức danh "Phòng Không Có"');
  });
});
