// The terminal chat: sample data loaded into an empty database, buttons as
// numbered choices, the same core as Telegram.
import { existsSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OFFICE, runConsole } from "../../src/channels/console/chat.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(async () => {
  await t.close();
});

async function session(lines: string[], opts: { as?: string; today?: string; filesDir?: string } = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d) => (text += d.toString()));
  const done = runConsole({ db: t.db, input, output, defaultTimezone: "Asia/Ho_Chi_Minh", now: () => new Date("2026-11-22T03:00:00Z"), ...opts });
  input.end(`${lines.join("\n")}\n`);
  await done;
  return text;
}

describe("terminal chat", () => {
  it("loads the sample plan into an empty database and pretends to be in the plan's year", async () => {
    const out = await session(["/nhiemvu"]);
    expect(out).toContain(`Đã nạp kế hoạch mẫu (ngoc-son-2024.docx) vào "${DEMO_OFFICE}"`);
    expect(out).toContain("Đang đóng vai: Tư pháp - Hộ tịch");
    expect(out).toContain("ngày 05/03/2024");
    expect(out).toContain("TELEGRAM_BOT_TOKEN");
    expect(out).toContain("Nhiệm vụ của Tư pháp - Hộ tịch");
    expect(await t.db.plan.count()).toBe(1);
  });

  it("shows buttons as numbered choices and takes a number as a tap", async () => {
    const out = await session(["/baocao quý 1", "1", "Đã rà soát", "1"], { today: "2024-03-05" });
    expect(out).toContain("[1] Hoàn thành   [2] Đang thực hiện");
    expect(out).toContain("> [Hoàn thành]");
    expect(out).toContain("Đã lưu: nhiệm vụ số");
    const entry = await t.db.progressEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ status: "done", note: "Đã rà soát", channel: "console" });
  });

  it("acts as another title and refuses an unknown one", async () => {
    const out = await session(["/huongdan"], { as: "Văn phòng - Thống kê", today: "2024-03-05" });
    expect(out).toContain("Đang đóng vai: Văn phòng - Thống kê");
    expect(out).toContain("/tinhhinh");
    await expect(session([], { as: "Phòng Vũ Trụ" })).rejects.toThrow(/Không có chức danh "Phòng Vũ Trụ"/);
    const filesDir = path.join(t.dir, "out");
    const report = await session(["/tonghop quý 1"], { as: "Văn phòng - Thống kê", today: "2024-03-18", filesDir });
    expect(report).toContain("bao-cao-cchc-2024-Q1.docx");
    expect(existsSync(path.join(filesDir, "bao-cao-cchc-2024-Q1.docx"))).toBe(true);
    expect(existsSync(path.join(filesDir, "bao-cao-cchc-2024-Q1.xlsx"))).toBe(true);
    await expect(session([], { today: "2024-13-01" })).rejects.toThrow(/--today/);
  });
});
