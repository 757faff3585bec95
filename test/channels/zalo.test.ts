// Contract tests: the real Zalo channel (webhook, sender, tokens) over HTTP
// against a fake Zalo that checks every request as ../shared/ZALO.md describes,
// with the real core on a database seeded with the Ngọc Sơn 2024 plan.
import { spawn } from "node:child_process";
import path from "node:path";
import { Api } from "grammy";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramSender } from "../../src/channels/telegram/sender.ts";
import { authorizeZalo, zaloStatus } from "../../src/channels/zalo/operator.ts";
import { startZalo, type RunningZalo } from "../../src/channels/zalo/run.ts";
import { ZaloTokenManager } from "../../src/channels/zalo/tokens.ts";
import { ZaloOAuth } from "../../src/channels/zalo/api.ts";
import { ChatCore } from "../../src/chat/core.ts";
import type { ZaloConfig } from "../../src/config.ts";
import { WebhookServer } from "../../src/server.ts";
import { FakeTelegramServer } from "../fakes/telegram-server.ts";
import { FakeZaloServer, type ZaloCall } from "../fakes/zalo-server.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { inviteFor, seedPlan } from "../helpers/seed.ts";

const logger = pino({ level: "silent" });
// 05/03/2024 08:00 in Hà Nội: the Q1 2024 report is being prepared.
const clock = () => new Date("2024-03-05T01:00:00Z");
const ROOT = path.join(import.meta.dirname, "..", "..");
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let fake: FakeZaloServer;
let tg: FakeTelegramServer;
let t: TestDb;
let officeId: number;
let server: WebhookServer;
let zalo: RunningZalo;
let hookUrl: string;

const LAN = "1001";
const HUNG = "1002";
const MAI = "1003";

function config(): ZaloConfig {
  return {
    appId: fake.appId,
    appSecret: fake.appSecret,
    oaSecretKey: fake.oaSecretKey,
    oaId: fake.oaId,
    apiBase: fake.base,
    oauthBase: fake.base,
    webhookPath: "/zalo/webhook",
    redirectUri: "https://bot.ubnd-ngocson.vn/zalo/oauth",
  };
}

/** Zalo delivers a signed event; waits until it has been processed; returns what the bot sent to `userId`. */
async function post(userId: string, event: Record<string, unknown>): Promise<ZaloCall[]> {
  const before = fake.sent(userId).length;
  const { status } = await fake.deliver(hookUrl, event);
  expect(status).toBe(200);
  await zalo.webhook.idle();
  return fake.sent(userId).slice(before);
}

const say = (userId: string, text: string) => post(userId, fake.textEvent(userId, text));
const textOf = (calls: ZaloCall[]) => calls.map((c) => String((c.body.message as { text?: string }).text ?? "[file]")).join("\n---\n");
const titles = (call: ZaloCall) => FakeZaloServer.buttonsOf(call).map((b) => b.title);

/** Taps a button of the latest message that has one with this title: Zalo sends its payload back as text. */
function tap(userId: string, title: string): Promise<ZaloCall[]> {
  const withButton = [...fake.sent(userId)].reverse().find((c) => FakeZaloServer.buttonsOf(c).some((b) => b.title === title));
  if (!withButton) throw new Error(`no button "${title}" for ${userId}\n${fake.dump()}`);
  const button = FakeZaloServer.buttonsOf(withButton).find((b) => b.title === title)!;
  expect(button.type).toBe("oa.query.hide");
  return say(userId, button.payload);
}

interface TokenProcess {
  ready: Promise<void>;
  done: Promise<string>;
  go(): void;
  kill(): void;
}

/** Another process with its own token manager on the same database (it takes a second to start, so it starts early). */
function tokenProcess(owner: string): TokenProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "test/helpers/zalo-token-process.ts"), t.url, fake.base, fake.appId, fake.appSecret, fake.oaId, clock().toISOString(), owner],
    { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return {
    ready: new Promise<void>((resolve) => child.stdout.on("data", () => out.includes("ready") && resolve())),
    done: new Promise<string>((resolve) => child.on("exit", () => resolve(out))),
    go: () => child.stdin.write("go\n"),
    kill: () => child.exitCode === null && child.kill(),
  };
}
let children: TokenProcess[] = [];

beforeAll(async () => {
  fake = await FakeZaloServer.start();
  tg = await FakeTelegramServer.start();
  t = createTestDb();
  officeId = (await seedPlan(t.db)).id;
  // Installation as the README describes it: an OA admin consents, the operator stores the code's pair.
  const out = await authorizeZalo(t.db, config(), fake.issueCode(), undefined, clock());
  expect(out).toContain("Đã lưu mã truy cập Zalo");
  children = [tokenProcess("process-b"), tokenProcess("process-c")];
  server = new WebhookServer(logger);
  const core = new ChatCore({ db: t.db, now: clock, logger });
  const fallback = new TelegramSender(new Api(tg.token, { apiRoot: tg.apiRoot }));
  zalo = await startZalo(config(), { core, logger, server, db: t.db, fallback, now: clock, tuning: { rateLimitBackoffMs: 5, pollMs: 10 } });
  const port = await server.listen(0, "127.0.0.1");
  hookUrl = `http://127.0.0.1:${port}/zalo/webhook`;
});

afterAll(async () => {
  for (const c of children) c.kill();
  await zalo?.stop();
  await server?.close();
  await fake?.stop();
  await tg?.stop();
  await t?.close();
});

describe("Zalo webhook", () => {
  it("answers a signed text event at once, then replies", async () => {
    fake.messageDelayMs = 150;
    const event = fake.textEvent("9001", "nhiemvu");
    const { status, ms } = await fake.deliver(hookUrl, event);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(150);
    expect(fake.sent("9001")).toHaveLength(0);
    await zalo.webhook.idle();
    fake.messageDelayMs = 0;
    expect(textOf(fake.sent("9001"))).toContain("chưa được liên kết");
    const stored = await t.db.inboundMessage.findFirstOrThrow({ where: { channel: "zalo", messageId: event.message.msg_id } });
    expect(stored).toMatchObject({ senderId: "9001", text: "nhiemvu" });
    expect(JSON.parse(stored.raw)).toEqual(event);
    expect(fake.violations()).toEqual([]);
  });

  it("refuses a forged signature with 401 and stores nothing", async () => {
    const before = await t.db.inboundMessage.count();
    const event = fake.textEvent("9002", "nhiemvu");
    const raw = JSON.stringify(event);
    const cases = [
      fake.sign(raw, event.timestamp, "not-the-oa-secret"),
      fake.sign(JSON.stringify({ ...event, message: { ...event.message, text: "khác" } }), event.timestamp),
      fake.sign(raw, String(Number(event.timestamp) + 1)),
      "mac=zz",
      null,
    ];
    for (const signature of cases) expect((await fake.deliver(hookUrl, event, { signature, rawBody: raw })).status).toBe(401);
    await zalo.webhook.idle();
    expect(await t.db.inboundMessage.count()).toBe(before);
    expect(fake.sent("9002")).toHaveLength(0);
    // The same body correctly signed, without the "mac=" prefix, is accepted.
    const bare = fake.sign(raw, event.timestamp).replace(/^mac=/, "");
    expect((await fake.deliver(hookUrl, event, { signature: bare, rawBody: raw })).status).toBe(200);
    await zalo.webhook.idle();
    expect(fake.sent("9002")).toHaveLength(1);
  });

  it("processes a replayed msg_id once", async () => {
    const event = fake.textEvent("9003", "nhiemvu", "replayed-msg-1");
    await post("9003", event);
    await post("9003", event);
    await post("9003", event);
    expect(fake.sent("9003")).toHaveLength(1);
    expect(await t.db.inboundMessage.count({ where: { messageId: "replayed-msg-1" } })).toBe(1);
  });

  it("ignores the OA's own echo events", async () => {
    const before = await t.db.inboundMessage.count();
    const calls = fake.calls.length;
    const echo = { ...fake.textEvent(fake.oaId, "Đã lưu"), event_name: "oa_send_text", recipient: { id: "9004" } };
    expect((await fake.deliver(hookUrl, echo)).status).toBe(200);
    const fromOa = { ...fake.textEvent(fake.oaId, "nhiemvu") };
    expect((await fake.deliver(hookUrl, fromOa)).status).toBe(200);
    await zalo.webhook.idle();
    expect(await t.db.inboundMessage.count()).toBe(before);
    expect(fake.calls.length).toBe(calls);
  });

  it("greets a new follower with how to link, and marks an unfollower unreachable", async () => {
    const ts = String(Date.now());
    const follow = { app_id: fake.appId, event_name: "follow", follower: { id: "9005" }, oa_id: fake.oaId, timestamp: ts };
    const sent = await post("9005", follow);
    expect(textOf(sent)).toContain("mã mời");
    expect(textOf(sent)).toContain("dangky");
    await post("9005", follow); // redelivered: greeted once
    expect(fake.sent("9005")).toHaveLength(1);
  });
});

describe("linking and the conversation on Zalo", () => {
  it("links by a bare invite code and by “dangky <code>”", async () => {
    const invite = await inviteFor(t.db, officeId, "Tư pháp - Hộ tịch", "Nguyễn Thị Lan", clock());
    const sent = await say(LAN, invite.code.toLowerCase());
    expect(textOf(sent)).toContain("Liên kết thành công");
    expect(textOf(sent)).toContain("Nguyễn Thị Lan");

    // An invite without a name: the person takes her Zalo display name.
    fake.users.set(HUNG, { display_name: "Lê Văn Hùng" });
    const unnamed = await t.db.invite.create({
      data: { code: "HUNGZAL2", officeId, titleId: (await t.db.officerTitle.findFirstOrThrow({ where: { officeId, name: "Tài chính - Kế toán" } })).id, expiresAt: new Date("2024-04-01") },
    });
    expect(textOf(await say(HUNG, `dangky ${unnamed.code}`))).toContain("Chào Lê Văn Hùng");
    const lookup = fake.callsOf("user_detail").at(-1)!;
    expect(lookup.method).toBe("GET");
    expect(lookup.body).toEqual({ user_id: HUNG });
    const identity = await t.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: LAN } }, include: { person: true } });
    expect(identity.person).toMatchObject({ fullName: "Nguyễn Thị Lan", preferredChannel: "zalo" });
    expect(fake.violations()).toEqual([]);
  });

  it("runs a full /baocao dialog by buttons, paging the choices five at a time", async () => {
    let sent = await say(LAN, "baocao quý 1");
    expect(textOf(sent)).toContain("Báo cáo quý I năm 2024");
    const card = sent.at(-1)!;
    expect(titles(card)).toEqual(["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Có vướng mắc", "Thêm…"]);
    for (const b of FakeZaloServer.buttonsOf(card)) {
      expect(b.type).toBe("oa.query.hide");
      expect(b.payload).toMatch(/^cchc:/);
    }

    // The rest of the choices on the next page.
    sent = await tap(LAN, "Thêm…");
    expect(titles(sent[0]!)).toEqual(["Bỏ qua", "◀ Quay lại", "Dừng"]);

    sent = await tap(LAN, "Hoàn thành");
    expect(textOf(sent)).toContain("Ghi chú kết quả");
    expect(titles(sent[0]!)).toEqual(["Không có ghi chú", "Bỏ qua", "◀ Quay lại", "Dừng"]);
    await say(LAN, "Đã rà soát 12 văn bản");
    sent = await say(LAN, "KH số 12/KH-UBND ngày 20/01/2024");
    expect(textOf(sent)).toContain("Đã lưu: nhiệm vụ số");

    // A photo of the plan right after: evidence on the answer just given.
    const image = {
      ...fake.textEvent(LAN, ""),
      event_name: "user_send_image",
      message: { msg_id: "img-1", text: "", attachments: [{ type: "image", payload: { url: "https://photo.zalo.me/kh12.jpg", thumbnail: "https://photo.zalo.me/t.jpg" } }] },
    };
    sent = await post(LAN, image);
    expect(textOf(sent)).toContain("Đã lưu 1 tài liệu kiểm chứng");
    const entry = await t.db.progressEntry.findFirstOrThrow({ where: { channel: "zalo" }, include: { evidence: true } });
    expect(entry).toMatchObject({ status: "done", note: "Đã rà soát 12 văn bản", product: "KH số 12/KH-UBND ngày 20/01/2024" });
    expect(entry.evidence.map((e) => [e.kind, e.reference])).toEqual([["image", "https://photo.zalo.me/kh12.jpg"]]);

    // The access token expires mid-dialog: the next send is refused, refreshed once, and the dialog goes on.
    const oauthBefore = fake.callsOf("oauth").length;
    const rowBefore = await t.db.zaloToken.findFirstOrThrow();
    fake.expireAccessTokens();
    sent = await tap(LAN, "Có vướng mắc");
    expect(textOf(sent)).toContain("Vướng mắc là gì");
    expect(fake.callsOf("oauth").length).toBe(oauthBefore + 1);
    const refresh = fake.callsOf("oauth").at(-1)!;
    expect(refresh.headers["secret_key"]).toBe(fake.appSecret);
    expect(refresh.body).toEqual({ refresh_token: rowBefore.refreshToken, app_id: fake.appId, grant_type: "refresh_token" });
    const rowAfter = await t.db.zaloToken.findFirstOrThrow();
    expect(rowAfter.refreshToken).not.toBe(rowBefore.refreshToken);
    expect(rowAfter.refreshingBy).toBeNull();
    expect(fake.calls.filter((c) => c.rejected && c.errorCode === -216)).toHaveLength(1);

    sent = await say(LAN, "Chờ hướng dẫn của huyện");
    expect(textOf(sent)).toContain("Đã lưu: nhiệm vụ số");
    // Stop from the second page, then resume by typing.
    await tap(LAN, "Thêm…");
    sent = await tap(LAN, "Dừng");
    expect(textOf(sent)).toContain("Đã dừng");
    sent = await say(LAN, "tiep");
    expect(titles(sent.at(-1)!)).toContain("Hoàn thành");

    const entries = await t.db.progressEntry.findMany({ where: { channel: "zalo" }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.status)).toEqual(["done", "blocked"]);
    expect(fake.violations()).toEqual([]);
  });

  it("says the page of choices expired when the process forgot it", async () => {
    const sent = await say(LAN, "cchc:more:deadbeef:1");
    expect(textOf(sent)).toContain("đã hết hạn");
  });
});

describe("files", () => {
  it("uploads the roll-up .docx and sends it as a file, without text", async () => {
    const data = Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(2048, 7)]);
    const result = await zalo.sender.send(LAN, { text: "Báo cáo quý I/2024 đã tổng hợp.", files: [{ name: "Báo cáo CCHC quý I 2024.docx", contentType: DOCX, data }] });
    expect(result.ok).toBe(true);
    const upload = fake.callsOf("upload").at(-1)!;
    expect(upload.rejected).toBe(false);
    expect(upload.file).toMatchObject({ filename: "Bao-cao-CCHC-quy-I-2024.docx", contentType: DOCX, size: data.length });
    expect(upload.file!.data.equals(data)).toBe(true);
    const [text, file] = fake.sent(LAN).slice(-2);
    expect((text!.body.message as { text: string }).text).toContain("đã tổng hợp");
    expect(file!.body.message).toEqual({ attachment: { type: "file", payload: { token: (upload.response.data as { token: string }).token } } });
  });

  it("reads attachment_id from the upload, and uploads again when the attachment expired (-100)", async () => {
    fake.uploadField = "attachment_id";
    fake.failNext(-100, 1, ["message"]);
    const uploads = fake.callsOf("upload").length;
    const result = await zalo.sender.send(LAN, { text: "", files: [{ name: "bc.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4 x") }] });
    fake.uploadField = "token";
    expect(result.ok).toBe(true);
    expect(fake.callsOf("upload").length).toBe(uploads + 2);
    const token = (fake.callsOf("upload").at(-1)!.response.data as { attachment_id: string }).attachment_id;
    expect(fake.sent(LAN).at(-1)!.body.message).toEqual({ attachment: { type: "file", payload: { token } } });
  });

  it("refuses files Zalo would not take, before calling it", async () => {
    const uploads = fake.callsOf("upload").length;
    const big = await zalo.sender.send(LAN, { text: "", files: [{ name: "a.docx", contentType: DOCX, data: Buffer.alloc(5 * 1024 * 1024 + 1) }] });
    expect(big.ok).toBe(true);
    expect(fake.callsOf("upload").length).toBe(uploads);
    expect(textOf([fake.sent(LAN).at(-1)!])).toContain("a.docx chưa gửi được");
  });

  it("delivers /tonghop through the core: the summary, the .docx, and a note for the .xlsx Zalo will not take", async () => {
    const invite = await inviteFor(t.db, officeId, "Văn phòng - Thống kê", "Trần Thị Mai", clock());
    await say(MAI, invite.code);
    const sent = await say(MAI, "tonghop quý 1");
    const upload = fake.callsOf("upload").at(-1)!;
    expect(upload.file!.filename).toBe("bao-cao-cchc-2024-Q1.docx");
    expect(upload.rejected).toBe(false);
    expect(sent.some((c) => (c.body.message as { attachment?: { type: string } }).attachment?.type === "file")).toBe(true);
    expect(textOf(sent)).toContain("bao-cao-cchc-2024-Q1.xlsx chưa gửi được");
    expect(fake.violations()).toEqual([]);
  });
});

describe("sender limits and error codes", () => {
  it("splits text above 2,000 characters at line boundaries, buttons on the last part", async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: rà soát thủ tục hành chính cấp xã`).join("\n");
    expect(long.length).toBeGreaterThan(4000);
    const before = fake.sent(LAN).length;
    const r = await zalo.sender.send(LAN, { text: long, buttons: [[{ label: "Báo cáo ngay", payload: "r:go:2024-Q1" }]] });
    expect(r.ok).toBe(true);
    const parts = fake.sent(LAN).slice(before);
    expect(parts.length).toBe(3);
    const texts = parts.map((p) => (p.body.message as { text: string }).text);
    expect(texts.every((x) => x.length <= 2000)).toBe(true);
    expect(texts.join("\n")).toBe(long);
    expect(texts.every((x) => !x.startsWith("\n") && /Dòng \d+: .*xã$/.test(x))).toBe(true);
    expect(titles(parts.at(-1)!)).toEqual(["Báo cáo ngay"]);
    expect(titles(parts[0]!)).toEqual([]);
  });

  it("pages ten choices as 4 + Thêm…, 4 + Thêm…, 2, and shortens long titles", async () => {
    const buttons = Array.from({ length: 10 }, (_, i) => ({ label: `Lựa chọn rất dài số ${i + 1} của danh sách`, payload: `r:k:${i}` }));
    const before = fake.sent(LAN).length;
    await zalo.sender.send(LAN, { text: "Chọn:", buttons: [buttons] });
    let last = fake.sent(LAN).at(-1)!;
    expect(fake.sent(LAN).length).toBe(before + 1);
    expect(titles(last)).toHaveLength(5);
    expect(titles(last).every((x) => [...x].length <= 20)).toBe(true);
    expect(titles(last)[4]).toBe("Thêm…");
    await tap(LAN, "Thêm…");
    last = fake.sent(LAN).at(-1)!;
    expect(titles(last)).toHaveLength(5);
    expect(FakeZaloServer.buttonsOf(last)[0]!.payload).toBe("cchc:r:k:4");
    await tap(LAN, "Thêm…");
    last = fake.sent(LAN).at(-1)!;
    expect(FakeZaloServer.buttonsOf(last).map((b) => b.payload)).toEqual(["cchc:r:k:8", "cchc:r:k:9"]);
    expect((last.body.message as { text: string }).text).toContain("3/3");
  });

  it("refreshes once and retries once on a token error, and backs off on -32", async () => {
    fake.failNext(-220, 1);
    expect((await zalo.sender.send(LAN, { text: "Thử -220" })).ok).toBe(true);
    const oauth = fake.callsOf("oauth").length;
    fake.failNext(-216, 2);
    const twice = await zalo.sender.send(LAN, { text: "Thử -216 hai lần" });
    expect(twice).toMatchObject({ ok: false, kind: "retry" });
    expect(fake.callsOf("oauth").length).toBe(oauth + 1);

    fake.failNext(-32, 2);
    expect((await zalo.sender.send(LAN, { text: "Thử -32" })).ok).toBe(true);
    fake.failNext(-32, 3);
    expect(await zalo.sender.send(LAN, { text: "Thử -32 mãi" })).toMatchObject({ ok: false, kind: "retry", retryAfterMs: 60_000 });
  });

  it.each([-230, -232, -213, -227, -244])("classifies %i as unreachable, with the code in the reason", async (code) => {
    fake.failNext(code, 1);
    const r = await zalo.sender.send(HUNG, { text: "Nhắc việc" });
    expect(r).toMatchObject({ ok: false, kind: "unreachable" });
    expect((r as { reason: string }).reason.startsWith(`${code}:`)).toBe(true);
    const identity = await t.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: HUNG } } });
    expect(identity.unreachableReason!.startsWith(`${code}:`)).toBe(true);
    // Her next message makes her reachable again.
    await say(HUNG, "nhiemvu");
    expect((await t.db.channelIdentity.findUniqueOrThrow({ where: { id: identity.id } })).unreachableSince).toBeNull();
  });

  it("classifies -201 as our failure", async () => {
    fake.failNext(-201, 1);
    expect(await zalo.sender.send(LAN, { text: "x" })).toMatchObject({ ok: false, kind: "failed" });
  });
});

describe("tokens", () => {
  it("makes concurrent refreshes, in one process and across processes, one refresh call", async () => {
    await t.db.zaloToken.updateMany({ data: { expiresAt: new Date(clock().getTime() + 60_000) } }); // inside the 10-minute margin
    // Two other processes on the same database file, started in beforeAll and waiting for "go".
    const outputs = children;
    await Promise.all(outputs.map((o) => o.ready));
    fake.oauthDelayMs = 300;
    const oauth = new ZaloOAuth({ oauthBase: fake.base, appId: fake.appId, appSecret: fake.appSecret });
    const a = new ZaloTokenManager({ db: t.db, oauth, oaId: fake.oaId, now: clock, owner: "process-a", pollMs: 10 });
    const before = fake.callsOf("oauth").length;
    for (const c of children) c.go();
    const here = await Promise.all([a.getAccessToken(), a.getAccessToken(), zalo.tokens.getAccessToken()]);
    const there = (await Promise.all(outputs.map((o) => o.done))).map((out) => JSON.parse(out.split("\n").find((l) => l.startsWith("{"))!) as { token?: string; error?: string });
    fake.oauthDelayMs = 0;
    expect(there.map((x) => x.error)).toEqual([undefined, undefined]);
    expect(fake.callsOf("oauth").length).toBe(before + 1);
    expect(new Set([...here, ...there.map((x) => x.token)]).size).toBe(1);
    const row = await t.db.zaloToken.findFirstOrThrow();
    expect(row.accessToken).toBe(here[0]);
    expect(row.refreshingBy).toBeNull();
    expect(row.expiresAt.getTime()).toBe(clock().getTime() + 90_000_000);
    expect(fake.callsOf("oauth").every((c) => !c.rejected)).toBe(true);
  });

  it("a dead refresh token raises one operator alert, tells the admins on Telegram, and `authorize` brings Zalo back", async () => {
    // The coordinator is also on Telegram; she is who hears about it (there is no admin).
    const mai = await t.db.person.findFirstOrThrow({ where: { fullName: "Trần Thị Mai" } });
    await t.db.channelIdentity.create({ data: { personId: mai.id, channel: "telegram", externalId: "7003" } });
    fake.killRefreshTokens();
    fake.expireAccessTokens();
    const r = await zalo.sender.send(LAN, { text: "Nhắc việc" });
    expect(r).toMatchObject({ ok: false, kind: "retry" });
    expect(await zalo.sender.send(LAN, { text: "Nhắc việc lần 2" })).toMatchObject({ ok: false, kind: "retry" });
    const row = await t.db.zaloToken.findFirstOrThrow();
    expect(row.deadSince).not.toBeNull();
    const alerts = await t.db.operatorAlert.findMany({ where: { kind: "zalo_token_dead", resolvedAt: null } });
    expect(alerts).toHaveLength(1);
    expect(tg.sentTexts(7003)).toHaveLength(1);
    expect(tg.sentTexts(7003)[0]).toContain("npm run zalo -- authorize");
    expect(await zaloStatus(t.db, config(), clock())).toContain("HẾT HIỆU LỰC");

    await authorizeZalo(t.db, config(), fake.issueCode(), undefined, clock());
    expect(await t.db.operatorAlert.count({ where: { kind: "zalo_token_dead", resolvedAt: null } })).toBe(0);
    expect((await zalo.sender.send(LAN, { text: "Đã kết nối lại" })).ok).toBe(true);
    expect(await zaloStatus(t.db, config(), clock())).toContain("còn hiệu lực");
  });
});

describe("a person on both channels", () => {
  it("-230 → the reminder dispatcher falls back to Telegram, marks Zalo, and the digest says so", async () => {
    const { Dispatcher } = await import("../../src/reminders/outbox.ts");
    const { planOffice } = await import("../../src/reminders/load.ts");
    const { renderDigest } = await import("../../src/reminders/texts.ts");
    const lan = await t.db.person.findFirstOrThrow({ where: { fullName: "Nguyễn Thị Lan" } });
    // Lan links Telegram too, with a second invite in her name; Zalo stays her preferred channel.
    const second = await inviteFor(t.db, officeId, "Tư pháp - Hộ tịch", "Nguyễn Thị Lan", clock());
    await new ChatCore({ db: t.db, now: clock, logger }).handle({ channel: "telegram", senderId: "7001", messageId: "tg-1", text: `/start ${second.code}`, raw: {} });
    expect(await t.db.channelIdentity.count({ where: { personId: lan.id } })).toBe(2);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: lan.id } })).preferredChannel).toBe("zalo");

    const nudge = { text: "Chào Nguyễn Thị Lan! Nhắc việc thứ ba, 05/03/2024: …", buttons: [[{ label: "Báo cáo số 3", payload: "r:t:3" }], [{ label: "Xem tất cả", payload: "n:list" }]] };
    const send = (day: string) =>
      t.db.reminderDelivery.create({ data: { officeId, personId: lan.id, day, kind: "nudge", payload: JSON.stringify({ v: 1, message: nudge, plan: {} }) } });
    const dispatcher = new Dispatcher({ db: t.db, senders: { zalo: zalo.sender, telegram: new TelegramSender(new Api(tg.token, { apiRoot: tg.apiRoot })) }, now: clock, logger });

    // Once on her preferred channel, with the buttons that keep the 7-day window open.
    const first = await send("2024-03-05");
    await dispatcher.drain();
    expect((await t.db.reminderDelivery.findUniqueOrThrow({ where: { id: first.id } })).channel).toBe("zalo");
    expect(titles(fake.sent(LAN).at(-1)!)).toEqual(["Báo cáo số 3", "Xem tất cả"]);
    expect(tg.sentTexts(7001).filter((x) => x.startsWith("Chào Nguyễn Thị Lan! Nhắc việc"))).toHaveLength(0);

    // Outside the window: Zalo answers -230, Telegram gets it, Zalo is marked with the reason.
    fake.failNext(-230, 1);
    const row = await send("2024-03-06");
    await dispatcher.drain();
    expect(await t.db.reminderDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", channel: "telegram" });
    expect(tg.sentTexts(7001).filter((x) => x.startsWith("Chào Nguyễn Thị Lan! Nhắc việc"))).toHaveLength(1);
    const identity = await t.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: LAN } } });
    expect(identity.unreachableSince).not.toBeNull();
    expect(identity.unreachableReason).toMatch(/^-230:/);

    // The coordinator's Monday digest lists her.
    const office = await t.db.office.findUniqueOrThrow({ where: { id: officeId } });
    const plan = await planOffice(t.db, office, new Date("2024-03-11T01:00:00Z"));
    const digest = plan.digests.find((d) => d.kind === "digest");
    expect(digest?.unreachable).toContainEqual({
      fullName: "Nguyễn Thị Lan",
      refused: [{ channel: "zalo", reason: expect.stringMatching(/^-230:/) }],
      fallback: "telegram",
    });
    // With the reason in words and where reminders go instead.
    expect(renderDigest(digest!).text).toContain("• Nguyễn Thị Lan — Zalo: quá 7 ngày không tương tác với OA (nhắc qua Telegram)");
  });

  it("sendToPerson: once, preferred channel first, and Telegram when Zalo refuses", async () => {
    const lan = await t.db.person.findFirstOrThrow({ where: { fullName: "Nguyễn Thị Lan" } });
    await say(LAN, "nhiemvu"); // she wrote on Zalo: reachable again
    const zaloBefore = fake.sent(LAN).length;
    const tgBefore = tg.sentTexts(7001).length;
    const ok = await zalo.sendToPerson(lan.id, { text: "Nhắc: báo cáo quý I", buttons: [[{ label: "Báo cáo ngay", payload: "r:go:2024-Q1" }]] });
    expect(ok.delivered).toEqual({ channel: "zalo", externalId: LAN });
    expect(fake.sent(LAN).length).toBe(zaloBefore + 1);
    expect(tg.sentTexts(7001).length).toBe(tgBefore);

    fake.failNext(-232, 1);
    const fallback = await zalo.sendToPerson(lan.id, { text: "Nhắc: báo cáo quý I (lần 2)", buttons: [[{ label: "Báo cáo ngay", payload: "r:go:2024-Q1" }]] });
    expect(fallback.delivered).toEqual({ channel: "telegram", externalId: "7001" });
    expect(fallback.attempts.map((a) => [a.channel, a.result.ok])).toEqual([["zalo", false], ["telegram", true]]);
    expect(tg.sentTexts(7001).at(-1)).toBe("Nhắc: báo cáo quý I (lần 2)");
  });

  it("an unfollow marks her Zalo account unreachable (-213)", async () => {
    await post(LAN, { app_id: fake.appId, event_name: "unfollow", follower: { id: LAN }, oa_id: fake.oaId, timestamp: String(Date.now()) });
    const identity = await t.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: LAN } } });
    expect(identity.unreachableReason).toMatch(/^-213:/);
    expect(fake.violations()).toEqual([]);
  });
});
