// The conversation core, driven in-process with a fixed clock on a real
// database seeded with the Ngọc Sơn 2024 plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatCore, parseCommand } from "../../src/chat/core.ts";
import type { Inbound, Outbound } from "../../src/chat/types.ts";
import { findTitle } from "../../src/offices.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { inviteFor, seedPlan } from "../helpers/seed.ts";

// 05/03/2024 08:00 in Hà Nội: the Q1 2024 report (cut-off 14/03) is being prepared.
let clock = new Date("2024-03-05T01:00:00Z");
let t: TestDb;
let core: ChatCore;
let officeId: number;
let msgId = 0;

function say(senderId: string, text: string, displayName = "Nguyễn Thị Lan"): Promise<Outbound[]> {
  const msg: Inbound = { channel: "telegram", senderId, displayName, messageId: String(++msgId), text, raw: { text } };
  return core.handle(msg);
}

function tap(senderId: string, payload: string): Promise<Outbound[]> {
  return core.handle({ channel: "telegram", senderId, messageId: String(++msgId), payload, raw: { payload } });
}

function texts(out: Outbound[]): string {
  return out.map((o) => o.text).join("\n---\n");
}

function payloads(out: Outbound[]): string[] {
  return out.flatMap((o) => (o.buttons ?? []).flat().map((b) => b.payload));
}

beforeAll(async () => {
  t = createTestDb();
  officeId = (await seedPlan(t.db)).id;
  core = new ChatCore({ db: t.db, now: () => clock });
});
afterAll(async () => {
  await t.close();
});

describe("parseCommand", () => {
  it.each([
    ["/baocao quý 1", "baocao", "quý 1"],
    ["/baocao@cchc_test_bot Q1", "baocao", "Q1"],
    ["báo cáo quý 1", "baocao", "quý 1"],
    ["/NhiemVu", "nhiemvu", ""],
    ["nhiệm vụ", "nhiemvu", ""],
    ["/start ABCD2345", "start", "ABCD2345"],
    ["dangky ABCD2345", "start", "ABCD2345"],
    ["/xyz", "xyz", ""],
  ])("%s", (text, name, args) => {
    expect(parseCommand(text)).toMatchObject({ name, args });
  });

  it("leaves ordinary sentences alone", () => {
    expect(parseCommand("đã gửi báo cáo rồi")).toBeNull();
  });
});

describe("strangers and linking", () => {
  it("explains itself to a stranger and shows no task data", async () => {
    const out = await say("999", "/nhiemvu");
    expect(texts(out)).toContain("chưa được liên kết");
    expect(texts(out)).toContain("/start");
    expect(texts(out)).not.toMatch(/Tư pháp|nhiệm vụ số|QPPL/);
  });

  it("refuses an unknown, an expired and a used code", async () => {
    expect(texts(await say("901", "/start ZZZZ2222"))).toContain("không đúng");
    const expired = await inviteFor(t.db, officeId, "Tài chính - Kế toán", "Lê Văn Hùng", new Date("2024-02-01T00:00:00Z"), 7);
    expect(texts(await say("902", `/start ${expired.code}`))).toContain("hết hạn");
    const inv = await inviteFor(t.db, officeId, "Tài chính - Kế toán", "Lê Văn Hùng", clock);
    expect(texts(await say("903", `/start ${inv.code}`))).toContain("Liên kết thành công");
    expect(texts(await say("904", `/start ${inv.code}`))).toContain("đã được dùng");
    expect(texts(await say("904", "/nhiemvu"))).toContain("chưa được liên kết");
  });

  it("links by code, greets by name and title, and summarises the responsibilities", async () => {
    const inv = await inviteFor(t.db, officeId, "Tư pháp - Hộ tịch", "Nguyễn Thị Lan", clock);
    const out = await say("100", `/start ${inv.code.toLowerCase()}`);
    const text = texts(out);
    expect(text).toContain("Nguyễn Thị Lan");
    expect(text).toContain("Tư pháp - Hộ tịch");
    expect(text).toMatch(/chủ trì 10 nhiệm vụ/);
    const stored = await t.db.inboundMessage.count({ where: { senderId: "100" } });
    expect(stored).toBe(1);
  });

  it("does not take an 8-letter command word from a stranger for a code", async () => {
    for (const word of ["huongdan", "tinhhinh", "Nhiemvu"]) {
      const text = texts(await say("905", word));
      expect(text, word).toContain("chưa được liên kết");
      expect(text, word).not.toContain("không đúng");
    }
  });

  it("accepts a bare code too (as Zalo users send it)", async () => {
    const inv = await inviteFor(t.db, officeId, "Văn hóa - Xã hội", "Phạm Minh Tuấn", clock);
    expect(texts(await say("300", inv.code))).toContain("Văn hóa - Xã hội");
  });
});

describe("/nhiemvu", () => {
  it("lists her tasks grouped, with deadlines in words", async () => {
    const text = texts(await say("100", "/nhiemvu"));
    expect(text).toContain("Nhiệm vụ của Tư pháp - Hộ tịch");
    expect(text).toContain("Trong kỳ này");
    expect(text).toContain("Thường xuyên");
    expect(text).toContain("Chưa có ngày hạn");
    // "Chậm nhất trong Quý I/2024" → 31/03/2024, 26 days from 05/03.
    expect(text).toMatch(/hạn 31\/03\/2024 — còn 26 ngày/);
    expect(text).toContain("[CT]");
  });

  it("shows overdue items with the days passed", async () => {
    clock = new Date("2024-04-03T01:00:00Z");
    const text = texts(await say("100", "/nhiemvu"));
    expect(text).toContain("Quá hạn");
    expect(text).toMatch(/hạn 31\/03\/2024 — quá hạn 3 ngày/);
    clock = new Date("2024-03-05T01:00:00Z");
  });
});

describe("/baocao dialog", () => {
  it("refuses a bad period with what is expected", async () => {
    for (const bad of ["quý 5", "Q0", "tháng 7", "abc"]) {
      const text = texts(await say("100", `/baocao ${bad}`));
      expect(text, bad).toMatch(/Ví dụ/);
    }
    expect(texts(await say("100", "/baocao quý 5"))).toContain("1 đến 4");
  });

  it("walks through status, note, product and figures; a correction; stop and resume after a restart", async () => {
    const intro = await say("100", "/baocao quý 1");
    expect(texts(intro)).toContain("Báo cáo quý I năm 2024");
    const first = payloads(intro).find((p) => p.startsWith("r:s:") && p.endsWith(":d"))!;
    const firstTaskId = Number(first.split(":")[2]);

    // 1) done, with a note and a product.
    let out = await tap("100", first);
    expect(texts(out)).toContain("Ghi chú");
    out = await say("100", "Đã rà soát 12 văn bản");
    expect(texts(out)).toContain("Sản phẩm");
    out = await say("100", "KH số 12/KH-UBND ngày 20/01/2024");
    expect(texts(out)).toContain("Đã lưu");
    let entry = await t.db.progressEntry.findFirst({ where: { taskId: firstTaskId }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ status: "done", note: "Đã rà soát 12 văn bản", product: "KH số 12/KH-UBND ngày 20/01/2024", periodKey: "2024-Q1" });

    // 2) go back and correct the first answer: history kept, latest counts.
    const back = payloads(out).find((p) => p.startsWith("r:b:"))!;
    out = await tap("100", back);
    expect(texts(out)).toContain("Đã báo cáo trước đó: Hoàn thành");
    const inProgress = payloads(out).find((p) => p === `r:s:${firstTaskId}:p`)!;
    out = await tap("100", inProgress);
    out = await tap("100", payloads(out).find((p) => p.startsWith("r:nn:"))!);
    out = await tap("100", payloads(out).find((p) => p.startsWith("r:np:"))!);
    const history = await t.db.progressEntry.findMany({ where: { taskId: firstTaskId }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.status)).toEqual(["done", "in_progress"]);

    // 3) walk to a task with targets (số liệu): the TTHC task with "từ 98% trở lên".
    let guard = 0;
    while (!texts(out).includes("Chỉ tiêu:") && guard++ < 20) {
      const status = payloads(out).find((p) => p.startsWith("r:s:") && p.endsWith(":b"));
      if (!status) break;
      out = await tap("100", status);
      out = await say("100", "chờ hướng dẫn của huyện");
    }
    expect(texts(out)).toContain("Chỉ tiêu:");
    out = await say("100", "abc%");
    expect(texts(out)).toMatch(/Ví dụ/);
    out = await say("100", "130%");
    expect(texts(out)).toMatch(/100/);
    out = await say("100", "120/122");
    expect(texts(out)).toContain("98,4%");
    const figure = await t.db.targetFigure.findFirst({ orderBy: { id: "desc" } });
    expect(figure).toMatchObject({ numerator: 120, denominator: 122, raw: "120/122", periodKey: "2024-Q1" });

    // 4) stop, "restart the bot" (a new core on the same database), resume where she was.
    const before = await t.db.dialogState.findFirst();
    out = await tap("100", "r:x");
    expect(texts(out)).toContain("/tiep");
    core = new ChatCore({ db: t.db, now: () => clock });
    out = await say("100", "/tiep");
    const after = JSON.parse((await t.db.dialogState.findFirst())!.state);
    expect(after.index).toBe(JSON.parse(before!.state).index);
    expect(out.length).toBeGreaterThan(0);

    // 5) answer the rest by words, skipping none, until the summary.
    guard = 0;
    while (!texts(out).includes("Xong phần báo cáo") && guard++ < 40) {
      if (texts(out).includes("Chỉ tiêu:")) out = await say("100", "98,4%");
      else if (texts(out).includes("Ghi chú") || texts(out).includes("Vướng mắc")) out = await say("100", "ghi chú");
      else if (texts(out).includes("Sản phẩm")) out = await tap("100", payloads(out).find((p) => p.startsWith("r:np:"))!);
      else out = await say("100", "đang làm");
    }
    expect(texts(out)).toContain("Xong phần báo cáo quý I năm 2024");
    expect(await t.db.dialogState.count()).toBe(0);
    entry = await t.db.progressEntry.findFirst({ where: { taskId: firstTaskId }, orderBy: { id: "desc" } });
    expect(entry?.status).toBe("in_progress");
  });

  it("answers a stale button politely", async () => {
    expect(texts(await tap("100", "r:s:1:d"))).toContain("bước đã qua");
  });
});

describe("quick updates", () => {
  it("/capnhat records a status with note and product for the current period", async () => {
    const list = texts(await say("100", "/nhiemvu"));
    const seq = Number(/(\d+)\. \[CT\]/.exec(list)![1]);
    const out = await say("100", `/capnhat ${seq} xong: đã ban hành KH 12/KH-UBND`);
    expect(texts(out)).toContain(`Đã cập nhật nhiệm vụ số ${seq} cho quý I năm 2024: Hoàn thành`);
    const task = await t.db.task.findFirst({ where: { seq } });
    const entry = await t.db.progressEntry.findFirst({ where: { taskId: task!.id }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ status: "done", product: "KH 12/KH-UBND", channel: "telegram" });
  });

  it("refuses what it cannot use, with an example", async () => {
    expect(texts(await say("100", "/capnhat"))).toContain("Ví dụ");
    expect(texts(await say("100", "/capnhat 12"))).toContain("Tình trạng");
    expect(texts(await say("100", "/capnhat 999 xong"))).toContain("Không có nhiệm vụ số 999");
    expect(texts(await say("100", "/solieu abc"))).toContain("/solieu 6 120/122");
  });

  it("/solieu stores a figure or explains a malformed one", async () => {
    const tasks = await t.db.task.findMany({ where: { targets: { some: {} } }, include: { targets: true, titles: { include: { title: true } } } });
    const mine = tasks.find((x) => x.titles.some((l) => l.role === "lead" && l.title.name === "Tư pháp - Hộ tịch"))!;
    const many = mine.targets.length > 1;
    if (many) expect(texts(await say("100", `/solieu ${mine.seq} 98%`))).toContain(`/solieu ${mine.seq}.1`);
    expect(texts(await say("100", `/solieu ${mine.seq}${many ? ".1" : ""} abc%`))).toMatch(/Ví dụ/);
    const out = await say("100", `/solieu ${mine.seq}${many ? ".1" : ""} 98,4%`);
    expect(texts(out)).toContain("Đã ghi số liệu 98,4%");
  });
});

describe("roles and titles", () => {
  it("lets the coordinator see everyone's status, not an officer", async () => {
    expect(texts(await say("100", "/tinhhinh"))).toContain("dành cho");
    const inv = await inviteFor(t.db, officeId, "Văn phòng - Thống kê", "Trần Thu Hà", clock);
    await say("200", `/start ${inv.code}`);
    const person = await t.db.person.findFirst({ where: { fullName: "Trần Thu Hà" } });
    expect(person?.role).toBe("coordinator");
    const text = texts(await say("200", "/tinhhinh"));
    expect(text).toContain("Tình hình báo cáo quý I năm 2024");
    expect(text).toContain("Tư pháp - Hộ tịch (Nguyễn Thị Lan)");
  });

  it("/tonghop gives coordinators the summary with the .docx and .xlsx, and refuses officers", async () => {
    expect(texts(await say("100", "/tonghop quý 1"))).toContain("Báo cáo tổng hợp do công chức Văn phòng - Thống kê lập");
    const out = await say("200", "/tonghop quý 1");
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/TỔNG HỢP CCHC QUÝ I NĂM 2024/);
    expect(out[0]!.files!.map((f) => f.name)).toEqual(["bao-cao-cchc-2024-Q1.docx", "bao-cao-cchc-2024-Q1.xlsx"]);
    expect(out[0]!.files![0]!.data.subarray(0, 2).toString()).toBe("PK");
    expect(texts(await say("200", "/tonghop quý 5"))).toContain("Ví dụ: /tonghop quý 1");
  });

  it("shows both titles to a person who holds two", async () => {
    const inv = await inviteFor(t.db, officeId, "Bộ phận Tiếp nhận và Trả kết quả", "Nguyễn Thị Lan", clock);
    expect(texts(await say("100", `/start ${inv.code}`))).toContain("Tư pháp - Hộ tịch, Bộ phận Tiếp nhận và Trả kết quả");
    expect(texts(await say("100", "/nhiemvu"))).toContain("Nhiệm vụ của Tư pháp - Hộ tịch, Bộ phận Tiếp nhận và Trả kết quả");
  });

  it("a person removed from a title loses its tasks at once", async () => {
    const title = await findTitle(t.db, officeId, "Bộ phận Tiếp nhận và Trả kết quả");
    await t.db.titleAssignment.updateMany({ where: { titleId: title!.id, toDate: null }, data: { toDate: "2024-03-05" } });
    const text = texts(await say("100", "/nhiemvu"));
    expect(text).toContain("Nhiệm vụ của Tư pháp - Hộ tịch (");
    expect(text).not.toContain("Bộ phận Tiếp nhận");
  });

  it("answers anything else with what is expected", async () => {
    const text = texts(await say("100", "alo alo"));
    expect(text).toContain("chưa hiểu");
    expect(text).toContain("/baocao");
    expect(texts(await say("100", "/xyz"))).toContain("Không có lệnh /xyz");
    expect(texts(await say("100", "/huongdan"))).toContain("/capnhat 12 xong");
  });

  it("drops a redelivered message without a second answer", async () => {
    const msg: Inbound = { channel: "telegram", senderId: "100", messageId: "dup-1", text: "/nhiemvu", raw: {} };
    expect((await core.handle(msg)).length).toBe(1);
    expect(await core.handle(msg)).toEqual([]);
  });
});
