// The real grammY bot against a fake Telegram Bot API served over HTTP: every
// request we send is checked (method, chat_id, text, reply_markup shape).
import http from "node:http";
import { pino } from "pino";
import type { Bot } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTelegramBot, registerCommands, BOT_COMMANDS } from "../../src/channels/telegram/bot.ts";
import { startTelegram } from "../../src/channels/telegram/run.ts";
import { ChatCore } from "../../src/chat/core.ts";
import { WebhookServer } from "../../src/server.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { inviteFor, seedPlan } from "../helpers/seed.ts";
import { FakeTelegramServer, type FakeUser, type RecordedCall } from "../fakes/telegram-server.ts";

const logger = pino({ level: "silent" });
const clock = () => new Date("2024-03-05T01:00:00Z");
let fake: FakeTelegramServer;
let t: TestDb;
let officeId: number;
let bot: Bot;
let running: Promise<void>;

const lan: FakeUser = { id: 7001, first_name: "Lan", last_name: "Nguyễn" };

async function startBot(): Promise<void> {
  bot = createTelegramBot(fake.token, { core: new ChatCore({ db: t.db, now: clock, logger }), logger, apiRoot: fake.apiRoot });
  await bot.init();
  await registerCommands(bot);
  await new Promise<void>((resolve) => {
    running = bot.start({ onStart: () => resolve(), allowed_updates: ["message", "callback_query"] });
  });
}

async function stopBot(): Promise<void> {
  await bot.stop();
  await running;
}

/** Pushes an update and waits until the bot has sent `count` more messages to that chat. */
async function exchange(chatId: number, push: () => void, count = 1): Promise<RecordedCall[]> {
  const before = fake.sentMessages(chatId).length;
  push();
  await fake.waitFor(() => fake.sentMessages(chatId).length >= before + count, 5000);
  // Give the handler a moment to finish sending when it sends several messages.
  await new Promise((r) => setTimeout(r, 60));
  return fake.sentMessages(chatId).slice(before);
}

const textOf = (calls: RecordedCall[]) => calls.map((c) => String(c.body.text ?? "")).join("\n---\n");

function keyboardOf(call: RecordedCall): { text: string; callback_data: string }[][] {
  const markup = call.body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
  return markup?.inline_keyboard ?? [];
}

beforeAll(async () => {
  fake = await FakeTelegramServer.start();
  t = createTestDb();
  officeId = (await seedPlan(t.db)).id;
  await startBot();
});

afterAll(async () => {
  await stopBot();
  await fake.stop();
  await t.close();
});

describe("Telegram, long polling", () => {
  it("registers the command menu in Vietnamese", () => {
    const call = fake.callsTo("setMyCommands").at(-1)!;
    expect(call.body.commands).toEqual(BOT_COMMANDS);
    expect(JSON.stringify(call.body.commands)).toContain("Báo cáo kết quả");
  });

  it("tells a stranger what the bot is, with no task data", async () => {
    const stranger: FakeUser = { id: 9001, first_name: "Khách" };
    const sent = await exchange(stranger.id, () => fake.pushText(stranger, "/nhiemvu"));
    expect(sent[0]!.method).toBe("sendMessage");
    expect(sent[0]!.body.chat_id).toBe(stranger.id);
    expect(textOf(sent)).toContain("chưa được liên kết");
    expect(textOf(sent)).not.toMatch(/QPPL|Tư pháp/);
  });

  it("refuses an expired code", async () => {
    const old = await inviteFor(t.db, officeId, "Tài chính - Kế toán", "Lê Văn Hùng", new Date("2024-01-01T00:00:00Z"), 3);
    const user: FakeUser = { id: 7002, first_name: "Hùng" };
    const sent = await exchange(user.id, () => fake.pushText(user, `/start ${old.code}`));
    expect(textOf(sent)).toContain("hết hạn");
  });

  it("links by code and greets her by name and title", async () => {
    const invite = await inviteFor(t.db, officeId, "Tư pháp - Hộ tịch", "Nguyễn Thị Lan", clock());
    const sent = await exchange(lan.id, () => fake.pushText(lan, `/start ${invite.code}`));
    expect(sent[0]!.body.chat_id).toBe(lan.id);
    expect(textOf(sent)).toContain("Liên kết thành công! Chào Nguyễn Thị Lan — Tư pháp - Hộ tịch");
  });

  it("/nhiemvu lists her tasks with deadlines in words", async () => {
    const sent = await exchange(lan.id, () => fake.pushText(lan, "/nhiemvu"));
    expect(textOf(sent)).toContain("Trong kỳ này");
    expect(textOf(sent)).toMatch(/hạn 31\/03\/2024 — còn 26 ngày/);
  });

  it("refuses quý 5 and other bad periods", async () => {
    for (const bad of ["quý 5", "Q9", "tháng 13"]) {
      const sent = await exchange(lan.id, () => fake.pushText(lan, `/baocao ${bad}`));
      expect(textOf(sent), bad).toContain("Ví dụ: /baocao quý 1");
    }
  });

  it("runs a /baocao quý 1 dialog with buttons, a figure, a correction, and a resume after a restart", async () => {
    let sent = await exchange(lan.id, () => fake.pushText(lan, "/baocao quý 1"), 2);
    expect(textOf(sent)).toContain("Báo cáo quý I năm 2024");
    const card = sent.at(-1)!;
    const rows = keyboardOf(card);
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ["Hoàn thành", "Đang thực hiện"],
      ["Chưa thực hiện", "Có vướng mắc"],
      ["Bỏ qua", "◀ Quay lại", "Dừng"],
    ]);
    expect(rows.flat().every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    // Done → note → product.
    sent = await exchange(lan.id, () => fake.pressButton(lan, "Hoàn thành"));
    expect(fake.callsTo("answerCallbackQuery").length).toBeGreaterThan(0);
    expect(fake.callsTo("editMessageReplyMarkup").at(-1)!.body.chat_id).toBe(lan.id);
    expect(textOf(sent)).toContain("Ghi chú kết quả");
    sent = await exchange(lan.id, () => fake.pushText(lan, "Đã rà soát 12 văn bản"));
    sent = await exchange(lan.id, () => fake.pushText(lan, "KH số 12/KH-UBND ngày 20/01/2024"), 2);
    expect(textOf(sent)).toContain("Đã lưu: nhiệm vụ số");

    // Correction: back to the first task, now "Đang thực hiện".
    sent = await exchange(lan.id, () => fake.pressButton(lan, "◀ Quay lại"));
    expect(textOf(sent)).toContain("Đã báo cáo trước đó: Hoàn thành");
    sent = await exchange(lan.id, () => fake.pressButton(lan, "Đang thực hiện"));
    sent = await exchange(lan.id, () => fake.pressButton(lan, "Không có ghi chú"));
    sent = await exchange(lan.id, () => fake.pressButton(lan, "Không có"), 2);

    // Blocked answers until the task with a target, then a malformed figure, an impossible one, a good one.
    let guard = 0;
    while (!textOf(sent).includes("Chỉ tiêu:") && guard++ < 12) {
      sent = await exchange(lan.id, () => fake.pressButton(lan, "Có vướng mắc"));
      sent = await exchange(lan.id, () => fake.pushText(lan, "Chờ hướng dẫn của huyện"), 2);
    }
    expect(textOf(sent)).toContain("Chỉ tiêu:");
    sent = await exchange(lan.id, () => fake.pushText(lan, "abc%"));
    expect(textOf(sent)).toContain("Ví dụ");
    sent = await exchange(lan.id, () => fake.pushText(lan, "130%"));
    expect(textOf(sent)).toMatch(/100/);
    sent = await exchange(lan.id, () => fake.pushText(lan, "120/122"), 2);
    expect(textOf(sent)).toContain("Đã ghi số liệu 98,4%");

    // Restart the bot mid-dialog: a new process would start from the database alone.
    const dialogBefore = await t.db.dialogState.findFirstOrThrow();
    await stopBot();
    await startBot();
    sent = await exchange(lan.id, () => fake.pushText(lan, "/tiep"));
    const dialogAfter = await t.db.dialogState.findFirstOrThrow();
    expect(JSON.parse(dialogAfter.state).index).toBe(JSON.parse(dialogBefore.state).index);
    expect(sent.length).toBeGreaterThan(0);

    const entries = await t.db.progressEntry.findMany({ orderBy: { id: "asc" } });
    expect(entries[0]).toMatchObject({ status: "done", product: "KH số 12/KH-UBND ngày 20/01/2024", channel: "telegram" });
    expect(entries[1]).toMatchObject({ taskId: entries[0]!.taskId, status: "in_progress" });
    expect(await t.db.targetFigure.count()).toBe(1);
  });

  it("takes a quick /capnhat", async () => {
    await t.db.dialogState.deleteMany();
    const list = textOf(await exchange(lan.id, () => fake.pushText(lan, "/nhiemvu")));
    const seq = /(\d+)\. \[CT\]/.exec(list)![1];
    const sent = await exchange(lan.id, () => fake.pushText(lan, `/capnhat ${seq} xong: đã ban hành KH 12/KH-UBND`));
    expect(textOf(sent)).toContain(`Đã cập nhật nhiệm vụ số ${seq}`);
    expect(textOf(sent)).toContain("Sản phẩm: KH 12/KH-UBND");
  });

  it("splits a reply longer than Telegram's limit at line boundaries", async () => {
    const { sendReplies } = await import("../../src/channels/telegram/bot.ts");
    const long = Array.from({ length: 300 }, (_, i) => `Dòng ${i + 1}: ${"nội dung ".repeat(3).trim()}`).join("\n");
    const before = fake.sentMessages(lan.id).length;
    await sendReplies(bot.api, lan.id, [{ text: long, buttons: [[{ label: "OK", payload: "r:x" }]] }]);
    const parts = fake.sentMessages(lan.id).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => String(p.body.text).length <= 4096)).toBe(true);
    expect(parts.map((p) => p.body.text).join("\n")).toBe(long);
    expect(parts.at(-1)!.body.reply_markup).toBeDefined();
    expect(parts[0]!.body.reply_markup).toBeUndefined();
  });
});

describe("Telegram, webhook mode", () => {
  let server: WebhookServer;
  let port: number;
  let hookFake: FakeTelegramServer;

  afterEach(async () => {
    await server?.close();
    await hookFake?.stop();
  });

  it("sets the webhook with its secret, and refuses updates without it", async () => {
    hookFake = await FakeTelegramServer.start();
    server = new WebhookServer(logger);
    const core = new ChatCore({ db: t.db, now: clock, logger });
    const url = "https://bot.ubnd-ngocson.vn/telegram";
    await startTelegram({ mode: "webhook", token: hookFake.token, apiRoot: hookFake.apiRoot, webhookUrl: url, secret: "s3cret-s3cret-s3cret" }, { core, logger, server });
    port = await server.listen(0, "127.0.0.1");
    const setWebhook = hookFake.callsTo("setWebhook").at(-1)!;
    expect(setWebhook.body).toMatchObject({ url, secret_token: "s3cret-s3cret-s3cret" });

    const update = hookFake.textUpdate({ id: 9100, first_name: "Khách" }, "/huongdan");
    const post = (secret?: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify(update);
        const req = http.request(
          { host: "127.0.0.1", port, path: "/telegram", method: "POST", headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) } },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    expect(await post()).toBe(401);
    expect(await post("wrong-secret-wrong")).toBe(401);
    expect(hookFake.sentMessages(9100)).toHaveLength(0);
    expect(await post("s3cret-s3cret-s3cret")).toBe(200);
    await hookFake.waitFor(() => hookFake.sentMessages(9100).length === 1);
    expect(String(hookFake.sentMessages(9100)[0]!.body.text)).toContain("chưa được liên kết");
  });
});
