import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Bot, GrammyError, InlineKeyboard, InputFile } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { FakeTelegramServer, parseMultipart, plainText } from "./telegram-server.ts";

const alice = { id: 1001, first_name: "Alice", username: "alice" };

let fake: FakeTelegramServer;
let bot: Bot | undefined;
let running: Promise<void> | undefined;

function makeBot(token = fake.token): Bot {
  return new Bot(token, { client: { apiRoot: fake.apiRoot } });
}

/** Start long polling in the background, like production does. */
function startPolling(b: Bot): void {
  bot = b;
  b.catch((err) => {
    throw err.error;
  });
  running = b.start();
}

async function expectApiError(promise: Promise<unknown>, code: number, description: RegExp | string): Promise<GrammyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrammyError);
  const ge = err as GrammyError;
  expect(ge.error_code).toBe(code);
  if (typeof description === "string") expect(ge.description).toBe(description);
  else expect(ge.description).toMatch(description);
  return ge;
}

beforeEach(async () => {
  fake = await FakeTelegramServer.start();
});

afterEach(async () => {
  if (bot?.isRunning()) await bot.stop();
  await running;
  bot = undefined;
  running = undefined;
  await fake.stop();
});

describe("FakeTelegramServer with a polling grammY bot", () => {
  it("delivers /start and records the reply; bot.stop() returns quickly", async () => {
    const b = makeBot();
    b.command("start", (ctx) => ctx.reply(`Xin chào ${ctx.from?.first_name ?? ""}!`));
    startPolling(b);

    fake.pushText(alice, "/start");
    await fake.waitFor(() => fake.sentMessages(alice.id).length === 1);

    const [reply] = fake.sentMessages(alice.id);
    expect(reply!.body).toMatchObject({ chat_id: alice.id, text: "Xin chào Alice!" });
    expect(reply!.result).toMatchObject({ chat: { id: alice.id, type: "private" }, from: { is_bot: true } });

    // grammY's startup sequence and long-polling parameters.
    expect(fake.callsTo("getMe")).toHaveLength(1);
    expect(fake.callsTo("deleteWebhook")).toHaveLength(1);
    const polls = fake.callsTo("getUpdates");
    expect(polls[0]!.body).toMatchObject({ offset: 1, timeout: 30, allowed_updates: [] });

    // Stop while a 30 s long poll is held open by the fake.
    while (fake.pendingLongPolls === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await b.stop();
    await running;
    expect(Date.now() - t0).toBeLessThan(1000);
    // bot.stop() confirms the last update with a short getUpdates call.
    const last = fake.callsTo("getUpdates").at(-1)!;
    expect(last.body).toEqual({ offset: 2, limit: 1 });
    // The long poll that bot.stop() aborted is recorded with status 499.
    await fake.waitFor((calls) => calls.some((c) => c.method === "getUpdates" && c.status === 499), 500);
    expect(fake.pendingUpdates()).toHaveLength(0);
  });

  it("sends an inline keyboard and handles a button press", async () => {
    const b = makeBot();
    b.command("menu", (ctx) =>
      ctx.reply("Chọn báo cáo:", { reply_markup: new InlineKeyboard().text("Báo cáo quý", "report:q1").text("Huỷ", "cancel") }),
    );
    b.callbackQuery("report:q1", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Đang tạo…" });
      await ctx.editMessageText("Đã chọn: Báo cáo quý");
    });
    startPolling(b);

    fake.pushText(alice, "/menu");
    const sent = await fake.waitForCall("sendMessage");
    expect(sent.ok).toBe(true);
    expect(sent.body.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Báo cáo quý", callback_data: "report:q1" },
          { text: "Huỷ", callback_data: "cancel" },
        ],
      ],
    });

    fake.pressButton(alice, "Báo cáo quý");
    const edit = await fake.waitForCall("editMessageText");
    expect(edit.ok).toBe(true);
    const answer = fake.callsTo("answerCallbackQuery");
    expect(answer).toHaveLength(1);
    expect(answer[0]!.ok).toBe(true);
    expect(answer[0]!.body.text).toBe("Đang tạo…");
    expect(edit.body).toMatchObject({ chat_id: alice.id, message_id: (sent.result as { message_id: number }).message_id });

    // editMessageText without reply_markup removes the keyboard, as on Telegram.
    const msg = fake.lastBotMessage(alice.id)!;
    expect(msg.text).toBe("Đã chọn: Báo cáo quý");
    expect(msg.reply_markup).toBeUndefined();
  });

  it("returns a pending long poll as soon as an update is pushed", async () => {
    const api = makeBot().api;
    const t0 = Date.now();
    const pending = api.getUpdates({ offset: 0, timeout: 30 });
    setTimeout(() => fake.pushText(alice, "hello"), 50);
    const updates = await pending;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.message?.text).toBe("hello");
    expect(updates[0]!.message?.entities).toBeUndefined();

    // Not confirmed yet: returned again. Confirmed with offset: gone.
    expect(await api.getUpdates({ offset: 0 })).toHaveLength(1);
    fake.pushText(alice, "/help");
    fake.pushText(alice, "/start@cchc_test_bot");
    const next = await api.getUpdates({ offset: updates[0]!.update_id + 1, limit: 1 });
    expect(next.map((u) => u.message?.text)).toEqual(["/help"]);
    expect(next[0]!.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 5 }]);
    expect(fake.pendingUpdates()).toHaveLength(2);
  });

  it("stop() answers pending long polls with [] before closing", async () => {
    const api = makeBot().api;
    const pending = api.getUpdates({ timeout: 30 });
    while (fake.pendingLongPolls === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await fake.stop();
    expect(await pending).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe("FakeTelegramServer without polling", () => {
  it("works with bot.handleUpdate()", async () => {
    const b = makeBot();
    b.on("message:text", (ctx) => ctx.reply(`Đã nhận: ${ctx.message.text}`));
    await b.init();
    await b.handleUpdate(fake.textUpdate(alice, "Báo cáo xong") as never);
    expect(fake.sentTexts(alice.id)).toEqual(["Đã nhận: Báo cáo xong"]);
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it("answers 409 to an older long poll when a second one starts", async () => {
    const api = makeBot().api;
    const first = api.getUpdates({ timeout: 30 });
    while (fake.pendingLongPolls === 0) await new Promise((r) => setTimeout(r, 5));
    const second = api.getUpdates({ timeout: 0 });
    await expectApiError(first, 409, /terminated by other getUpdates request/);
    expect(await second).toEqual([]);
  });
});

describe("request validation", () => {
  it("rejects a wrong token (401) and unknown methods (404)", async () => {
    await expectApiError(makeBot("999:WRONG").api.getMe(), 401, "Unauthorized");
    const raw = makeBot().api.raw as unknown as Record<string, (p: object) => Promise<unknown>>;
    await expectApiError(raw.sendFooBar!({}), 404, "Not Found");
    expect(fake.calls.map((c) => [c.method, c.status])).toEqual([
      ["getMe", 401],
      ["sendFooBar", 404],
    ]);
  });

  it("getMe returns the bot user", async () => {
    const me = await makeBot().api.getMe();
    expect(me).toMatchObject({ id: 123456, is_bot: true, first_name: "CCHC", username: "cchc_test_bot" });
  });

  it("enforces the 4096 UTF-16 code unit limit on sendMessage", async () => {
    const api = makeBot().api;
    await expect(api.sendMessage(alice.id, "😀".repeat(2048))).resolves.toMatchObject({ message_id: 1 });
    await expectApiError(api.sendMessage(alice.id, "😀".repeat(2048) + "a"), 400, "Bad Request: message is too long");
    await expectApiError(api.sendMessage(alice.id, ""), 400, "Bad Request: message text is empty");
    // The limit applies after entity parsing: tags do not count.
    await expect(api.sendMessage(alice.id, `<b>${"a".repeat(4096)}</b>`, { parse_mode: "HTML" })).resolves.toBeDefined();
    const rejected = fake.callsTo("sendMessage").filter((c) => c.rejected);
    expect(rejected).toHaveLength(2);
    expect(fake.sentMessages(alice.id)).toHaveLength(2);
  });

  it("validates parse_mode and the formatted text", async () => {
    const api = makeBot().api;
    await expectApiError(api.sendMessage(alice.id, "x", { parse_mode: "html" as "HTML" }), 400, "Bad Request: unsupported parse_mode");
    await expectApiError(
      api.sendMessage(alice.id, "Tiến độ < 50% <br>", { parse_mode: "HTML" }),
      400,
      /^Bad Request: can't parse entities: /,
    );
    await expectApiError(api.sendMessage(alice.id, "<b>đậm", { parse_mode: "HTML" }), 400, /Can't find end tag corresponding to start tag "b"/);
    await expect(api.sendMessage(alice.id, "Tiến độ &lt; 50% &amp; <i>tốt</i>", { parse_mode: "HTML" })).resolves.toMatchObject({
      text: "Tiến độ < 50% & tốt",
    });
    await expectApiError(
      api.sendMessage(alice.id, "Hạn chót: 31.12.2025", { parse_mode: "MarkdownV2" }),
      400,
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    await expect(api.sendMessage(alice.id, "*Hạn chót:* 31\\.12\\.2025", { parse_mode: "MarkdownV2" })).resolves.toMatchObject({
      text: "Hạn chót: 31.12.2025",
    });
  });

  it("validates inline keyboards (callback_data is limited to 64 bytes)", async () => {
    const api = makeBot().api;
    const ok = "d".repeat(64);
    await expect(api.sendMessage(alice.id, "ok", { reply_markup: new InlineKeyboard().text("A", ok) })).resolves.toBeDefined();
    // 33 characters but 66 bytes in UTF-8.
    const tooLong = "đ".repeat(33);
    await expectApiError(
      api.sendMessage(alice.id, "x", { reply_markup: new InlineKeyboard().text("A", tooLong) }),
      400,
      "Bad Request: BUTTON_DATA_INVALID",
    );
    await expectApiError(
      api.sendMessage(alice.id, "x", { reply_markup: { inline_keyboard: [[{ text: "A" } as never]] } }),
      400,
      /Text buttons are unallowed/,
    );
    await expectApiError(
      api.sendMessage(alice.id, "x", { reply_markup: { inline_keyboard: [[{ text: "", callback_data: "a" }]] } }),
      400,
      "Bad Request: BUTTON_TEXT_EMPTY",
    );
    await expect(
      api.sendMessage(alice.id, "kb", { reply_markup: { keyboard: [[{ text: "Báo cáo" }]], resize_keyboard: true } }),
    ).resolves.toBeDefined();
    await expect(api.sendMessage(alice.id, "rm", { reply_markup: { remove_keyboard: true } })).resolves.toBeDefined();
  });

  it("validates setMyCommands and setWebhook", async () => {
    const api = makeBot().api;
    await expect(
      api.setMyCommands([
        { command: "start", description: "Bắt đầu" },
        { command: "bao_cao", description: "Nộp báo cáo" },
      ]),
    ).resolves.toBe(true);
    expect(await api.getMyCommands()).toHaveLength(2);
    await expectApiError(api.setMyCommands([{ command: "Start", description: "x" }]), 400, "Bad Request: BOT_COMMAND_INVALID");
    await expectApiError(api.setMyCommands([{ command: "x", description: "" }]), 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");

    await expectApiError(api.setWebhook("http://example.com/hook"), 400, /HTTPS URL/);
    await expect(api.setWebhook("https://example.com/hook", { secret_token: "s3cr3t_token" })).resolves.toBe(true);
    expect(fake.webhook).toMatchObject({ url: "https://example.com/hook", secret_token: "s3cr3t_token" });
    fake.pushText(alice, "hi");
    expect(await api.getWebhookInfo()).toMatchObject({ url: "https://example.com/hook", pending_update_count: 1 });
    await expectApiError(api.getUpdates(), 409, /webhook is active/);
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getUpdates()).toEqual([]);
  });

  it("validates callback answers and message edits", async () => {
    const api = makeBot().api;
    await expectApiError(api.answerCallbackQuery("nope"), 400, /query ID is invalid/);
    const msg = await api.sendMessage(alice.id, "Chọn", { reply_markup: new InlineKeyboard().text("A", "a") });
    fake.pushCallback(alice, "a");
    const [update] = await api.getUpdates();
    const cq = update!.callback_query!;
    expect(cq).toMatchObject({ data: "a", from: { id: alice.id }, message: { message_id: msg.message_id } });
    expect(typeof cq.chat_instance).toBe("string");
    await expect(api.answerCallbackQuery(cq.id)).resolves.toBe(true);
    await expectApiError(api.answerCallbackQuery(cq.id), 400, /query is too old/);

    await expectApiError(api.editMessageText(alice.id, 999, "x"), 400, "Bad Request: message to edit not found");
    await expectApiError(
      api.editMessageReplyMarkup(alice.id, msg.message_id, { reply_markup: new InlineKeyboard().text("A", "a") }),
      400,
      /message is not modified/,
    );
    await expect(api.editMessageReplyMarkup(alice.id, msg.message_id)).resolves.toMatchObject({ message_id: msg.message_id });
    await expect(api.sendChatAction(alice.id, "upload_document")).resolves.toBe(true);
  });

  it("failNext injects errors such as 403 blocked", async () => {
    const api = makeBot().api;
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await expectApiError(api.sendMessage(alice.id, "a"), 403, "Forbidden: bot was blocked by the user");
    await expect(api.sendMessage(alice.id, "b")).resolves.toBeDefined();
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([403, 200]);
    expect(fake.sentMessages().map((c) => c.body.text)).toEqual(["b"]);
  });
});

describe("rate limiting and auto-retry", () => {
  it("auto-retry honours retry_after from failNext and delivers exactly once", async () => {
    const b = makeBot();
    b.api.config.use(autoRetry());
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
    const t0 = Date.now();
    await b.api.sendMessage(alice.id, "Nhắc việc");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const calls = fake.callsTo("sendMessage");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.sentMessages(alice.id)).toHaveLength(1);
  });

  it("enforces the global cap with 429 retry_after; auto-retry delivers everything once", async () => {
    await fake.stop();
    fake = await FakeTelegramServer.start({ rateLimitPerSecond: 2 });
    const b = makeBot();
    b.api.config.use(autoRetry());
    const chats = [2001, 2002, 2003];
    await Promise.all(chats.map((id) => b.api.sendMessage(id, `Tin ${id}`)));

    const rejected = fake.callsTo("sendMessage").filter((c) => c.rejected);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected[0]!.status).toBe(429);
    expect(rejected[0]!.description).toMatch(/^Too Many Requests: retry after \d+$/);
    for (const id of chats) expect(fake.sentMessages(id)).toHaveLength(1);
    // No 1-second window holds more than 2 accepted sends.
    const times = fake.sentMessages().map((c) => c.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
  });

  it("answers 429 with an integer retry_after >= 1 without auto-retry", async () => {
    await fake.stop();
    fake = await FakeTelegramServer.start({ rateLimitPerSecond: 1 });
    const api = makeBot().api;
    await api.sendMessage(alice.id, "1");
    const err = await expectApiError(api.sendMessage(alice.id, "2"), 429, /^Too Many Requests: retry after /);
    expect(Number.isInteger(err.parameters.retry_after)).toBe(true);
    expect(err.parameters.retry_after).toBeGreaterThanOrEqual(1);
  });
});

describe("sendDocument", () => {
  it("records multipart uploads with filename and size", async () => {
    const api = makeBot().api;
    const content = Buffer.from("PK fake docx content");
    const msg = await api.sendDocument(alice.id, new InputFile(content, "bao-cao.docx"), {
      caption: "Báo cáo tháng 5",
      reply_markup: new InlineKeyboard().text("Xác nhận", "ack:5"),
    });
    expect(msg.document).toMatchObject({ file_name: "bao-cao.docx", file_size: content.length });
    expect(msg.caption).toBe("Báo cáo tháng 5");

    const [call] = fake.sentMessages(alice.id);
    expect(call!.multipart).toBe(true);
    expect(call!.files).toHaveLength(1);
    expect(call!.files[0]).toMatchObject({ field: "document", filename: "bao-cao.docx", size: content.length });
    expect(call!.files[0]!.data.equals(content)).toBe(true);
    // Form fields are normalised: chat_id is a number, reply_markup an object.
    expect(call!.body.chat_id).toBe(alice.id);
    expect(call!.body.reply_markup).toEqual({ inline_keyboard: [[{ text: "Xác nhận", callback_data: "ack:5" }]] });

    // Non-ASCII filenames with spaces survive grammY's unquoted filename header.
    await api.sendDocument(alice.id, new InputFile(Buffer.from("x"), "Báo cáo; quý 1.xlsx"));
    expect(fake.callsTo("sendDocument")[1]!.files[0]!.filename).toBe("Báo cáo; quý 1.xlsx");

    // Re-sending by file_id is JSON, not multipart.
    await api.sendDocument(alice.id, msg.document.file_id);
    expect(fake.callsTo("sendDocument")[2]!.multipart).toBe(false);

    await expectApiError(api.sendDocument(alice.id, new InputFile(Buffer.alloc(0), "empty.docx")), 400, /file must be non-empty/);
    await expectApiError(
      api.sendDocument(alice.id, new InputFile(Buffer.from("x"), "a.docx"), { caption: "c".repeat(1025) }),
      400,
      "Bad Request: message caption is too long",
    );
  });
});

describe("helpers", () => {
  it("waitFor rejects with a readable dump on timeout", async () => {
    await makeBot().api.sendMessage(alice.id, "hello there");
    const err = await fake.waitFor((calls) => calls.length > 5, 100).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
    expect((err as Error).message).toMatch(/sendMessage .*hello there.* -> ok/);
  });

  it("reset() forgets calls but keeps queued updates", async () => {
    await makeBot().api.getMe();
    fake.pushText(alice, "queued");
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.pendingUpdates()).toHaveLength(1);
  });

  it("parses multipart bodies and formatted text", () => {
    const body = Buffer.from(
      '--XYZ\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n42\r\n--XYZ\r\n' +
        'Content-Disposition: form-data; name="document"; filename="a b.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ--\r\n',
    );
    const parts = parseMultipart(body, "XYZ");
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString()])).toEqual([
      ["chat_id", undefined, undefined, "42"],
      ["document", "a b.txt", "text/plain", "hi"],
    ]);
    expect(plainText("[Mở](https://example.com) ||ẩn|| __gạch__", "MarkdownV2")).toBe("Mở ẩn gạch");
    expect(plainText('<a href="https://x.y">link</a> &#8212;', "HTML")).toBe("link —");
  });
});
