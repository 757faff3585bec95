// The Zalo channel's pieces on their own: signature, taps and paging, file
// names, error classes, the token manager's edge cases and the operator
// functions, against the fake Zalo over HTTP where a call is involved.
import http from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZaloApi, ZaloApiError, ZaloNetworkError, ZaloOAuth } from "../../src/channels/zalo/api.ts";
import { authorizeZalo, zaloConsentUrl, zaloStatus } from "../../src/channels/zalo/operator.ts";
import { asciiFileName, buttonTitle, classifyZaloError, paginate, readTap } from "../../src/channels/zalo/sender.ts";
import { ZaloNotAuthorizedError, ZaloTokenDeadError, ZaloTokenManager } from "../../src/channels/zalo/tokens.ts";
import { signZaloEvent, verifyZaloSignature, ZaloWebhook } from "../../src/channels/zalo/webhook.ts";
import { ZaloSender } from "../../src/channels/zalo/sender.ts";
import { ChatCore } from "../../src/chat/core.ts";
import type { ZaloConfig } from "../../src/config.ts";
import { WebhookServer } from "../../src/server.ts";
import { FakeZaloServer } from "../fakes/zalo-server.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";

const logger = pino({ level: "silent" });
const clock = () => new Date("2024-03-05T01:00:00Z");
let fake: FakeZaloServer;
let t: TestDb;

const config = (): ZaloConfig => ({
  appId: fake.appId,
  appSecret: fake.appSecret,
  oaSecretKey: fake.oaSecretKey,
  oaId: fake.oaId,
  apiBase: fake.base,
  oauthBase: fake.base,
  webhookPath: "/zalo/webhook",
  redirectUri: "https://bot.ubnd-ngocson.vn/zalo/oauth",
});
const oauth = () => new ZaloOAuth({ oauthBase: fake.base, appId: fake.appId, appSecret: fake.appSecret });

beforeAll(async () => {
  fake = await FakeZaloServer.start();
  t = createTestDb();
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});
beforeEach(async () => {
  await t.db.zaloToken.deleteMany();
  await t.db.operatorAlert.deleteMany();
});

describe("webhook signature", () => {
  const body = Buffer.from('{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000","message":{"text":"Xin chào"}}');
  const mac = signZaloEvent(body, "1", "1700000000000", "secret-key-1");

  it("is SHA-256 of app_id + raw body + timestamp + OA secret key, with or without mac=", () => {
    expect(mac).toMatch(/^mac=[0-9a-f]{64}$/);
    expect(verifyZaloSignature(body, mac, "1", "1700000000000", "secret-key-1")).toBe(true);
    expect(verifyZaloSignature(body, mac.slice(4), "1", "1700000000000", "secret-key-1")).toBe(true);
    expect(verifyZaloSignature(body, mac.toUpperCase().replace("MAC=", "mac="), "1", "1700000000000", "secret-key-1")).toBe(true);
  });

  it.each([
    ["another secret", (b: Buffer) => verifyZaloSignature(b, mac, "1", "1700000000000", "secret-key-2")],
    ["another timestamp", (b: Buffer) => verifyZaloSignature(b, mac, "1", "1700000000001", "secret-key-1")],
    ["another app", (b: Buffer) => verifyZaloSignature(b, mac, "2", "1700000000000", "secret-key-1")],
    ["a changed byte", (b: Buffer) => verifyZaloSignature(Buffer.from(b.toString().replace("chào", "chao")), mac, "1", "1700000000000", "secret-key-1")],
    ["no header", (b: Buffer) => verifyZaloSignature(b, undefined, "1", "1700000000000", "secret-key-1")],
    ["a short header", (b: Buffer) => verifyZaloSignature(b, "mac=abcd", "1", "1700000000000", "secret-key-1")],
  ])("fails with %s", (_, check) => {
    expect(check(body)).toBe(false);
  });

  it("answers 400 to a body that is not JSON, and 401 to one without a signature", async () => {
    const server = new WebhookServer(logger);
    const hook = new ZaloWebhook({
      appId: fake.appId,
      oaSecretKey: fake.oaSecretKey,
      oaId: fake.oaId,
      core: new ChatCore({ db: t.db, now: clock }),
      sender: new ZaloSender(new ZaloApi({ apiBase: fake.base, tokens: { getAccessToken: async () => "x", refresh: async () => "x" } })),
      db: t.db,
      logger,
    });
    server.route("/zalo/webhook", hook.handler);
    const port = await server.listen(0, "127.0.0.1");
    const post = (raw: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: "/zalo/webhook", method: "POST", headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(raw);
      });
    try {
      expect(await post("not json")).toBe(400);
      expect(await post(JSON.stringify(fake.textEvent("5", "nhiemvu")))).toBe(401);
      expect(await t.db.inboundMessage.count()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("buttons and files", () => {
  it("reads taps back from the text Zalo sends", () => {
    expect(readTap("cchc:r:s:12:d")).toEqual({ kind: "payload", payload: "r:s:12:d" });
    expect(readTap("cchc:more:ab12cd34:2")).toEqual({ kind: "more", setId: "ab12cd34", page: 2 });
    expect(readTap("báo cáo quý 1")).toBeNull();
    expect(readTap("cchc:")).toBeNull();
  });

  it("pages choices: ≤ 5 on one page, otherwise 4 per page and the rest on the last", () => {
    const n = (k: number) => Array.from({ length: k }, (_, i) => i);
    expect(paginate(n(5))).toEqual([n(5)]);
    expect(paginate(n(6)).map((p) => p.length)).toEqual([4, 2]);
    expect(paginate(n(9)).map((p) => p.length)).toEqual([4, 5]);
    expect(paginate(n(10)).map((p) => p.length)).toEqual([4, 4, 2]);
  });

  it("keeps titles within 20 characters and file names real and ASCII", () => {
    expect(buttonTitle("Hoàn thành")).toBe("Hoàn thành");
    expect(buttonTitle("Không có ghi chú nào cả nhé")).toBe("Không có ghi chú nà…");
    expect([...buttonTitle("Không có ghi chú nào cả nhé")].length).toBe(20);
    expect(asciiFileName("Báo cáo CCHC quý I/2024 — Đông Sơn.docx")).toBe("Bao-cao-CCHC-quy-I-2024-Dong-Son.docx");
    expect(asciiFileName("..docx")).toBe("docx");
  });

  it("classifies failures for the dispatcher", () => {
    expect(classifyZaloError(new ZaloApiError(-230, "out of window", "/x"))).toEqual({ ok: false, kind: "unreachable", reason: "-230: out of window" });
    expect(classifyZaloError(new ZaloApiError(-32, "limit", "/x"))).toMatchObject({ kind: "retry", retryAfterMs: 60_000 });
    expect(classifyZaloError(new ZaloApiError(-210, "too long", "/x"))).toMatchObject({ kind: "failed" });
    expect(classifyZaloError(new ZaloNetworkError("ECONNREFUSED", "/x"))).toMatchObject({ kind: "retry" });
    expect(classifyZaloError(new ZaloTokenDeadError("x"))).toMatchObject({ kind: "retry" });
  });
});

describe("token manager", () => {
  it("refreshes before expiry, not after every call", async () => {
    const pair = fake.issuePair();
    let now = clock();
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: () => now });
    await tokens.storePair(pair);
    const calls = fake.callsOf("oauth").length;
    expect(await tokens.getAccessToken()).toBe(pair.accessToken);
    now = new Date(clock().getTime() + (pair.expiresIn - 11 * 60) * 1000);
    expect(await tokens.getAccessToken()).toBe(pair.accessToken);
    now = new Date(clock().getTime() + (pair.expiresIn - 9 * 60) * 1000);
    const fresh = await tokens.getAccessToken();
    expect(fresh).not.toBe(pair.accessToken);
    expect(fake.callsOf("oauth").length).toBe(calls + 1);
    expect((await t.db.zaloToken.findFirstOrThrow()).accessToken).toBe(fresh);
  });

  it("starts from ZALO_REFRESH_TOKEN when the database has no pair", async () => {
    const pair = fake.issuePair();
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock, bootstrapRefreshToken: pair.refreshToken });
    const token = await tokens.getAccessToken();
    expect(token).not.toBe(pair.accessToken);
    expect((await t.db.zaloToken.findFirstOrThrow()).refreshToken).not.toBe(pair.refreshToken);
    // The bootstrap token was single-use: a restart with the same setting uses the stored pair.
    const again = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock, bootstrapRefreshToken: pair.refreshToken });
    expect(await again.getAccessToken()).toBe(token);
  });

  it("without any pair, raises one 'not authorised' alert", async () => {
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock });
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloNotAuthorizedError);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloNotAuthorizedError);
    expect(await t.db.operatorAlert.count({ where: { kind: "zalo_not_authorized" } })).toBe(1);
    expect(await zaloStatus(t.db, config(), clock())).toContain("chưa có");
  });

  it("a -32 from OAuth is passing: no dead mark, the next call refreshes", async () => {
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock });
    await tokens.storePair(fake.issuePair());
    await t.db.zaloToken.updateMany({ data: { expiresAt: clock() } });
    fake.failRefresh(-32, 1);
    await expect(tokens.getAccessToken()).rejects.toThrow();
    const row = await t.db.zaloToken.findFirstOrThrow();
    expect(row.deadSince).toBeNull();
    expect(row.refreshingBy).toBeNull();
    expect(await tokens.getAccessToken()).toMatch(/^at-/);
  });

  it("takes over a lease left by a process that died mid-refresh", async () => {
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock, pollMs: 5 });
    await tokens.storePair(fake.issuePair());
    await t.db.zaloToken.updateMany({ data: { expiresAt: clock(), refreshingBy: "dead-process", refreshingUntil: new Date(Date.now() + 80) } });
    const token = await tokens.getAccessToken();
    expect(token).toMatch(/^at-/);
    expect((await t.db.zaloToken.findFirstOrThrow()).refreshingBy).toBeNull();
  });

  it("a refused refresh marks the pair dead and tells the operator once", async () => {
    const told: string[] = [];
    const tokens = new ZaloTokenManager({ db: t.db, oauth: oauth(), oaId: fake.oaId, now: clock, onDead: async (m) => void told.push(m) });
    await tokens.storePair(fake.issuePair());
    await t.db.zaloToken.updateMany({ data: { expiresAt: clock() } });
    fake.killRefreshTokens();
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloTokenDeadError);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloTokenDeadError);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("authorize --code");
    expect(await t.db.operatorAlert.count({ where: { kind: "zalo_token_dead", resolvedAt: null } })).toBe(1);
  });
});

describe("operator", () => {
  it("prints a consent URL, and authorize exchanges the code (with PKCE) and stores the pair", async () => {
    const { url, codeVerifier } = zaloConsentUrl(config(), { pkce: true, state: "abc" });
    const u = new URL(url);
    expect(u.pathname).toBe("/v4/oa/permission");
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ app_id: fake.appId, redirect_uri: "https://bot.ubnd-ngocson.vn/zalo/oauth", state: "abc" });
    const challenge = u.searchParams.get("code_challenge")!;
    const code = fake.issueCode(undefined, challenge);
    await expect(authorizeZalo(t.db, config(), code, "wrong-verifier", clock())).rejects.toThrow("không chấp nhận mã cấp quyền");
    const code2 = fake.issueCode(undefined, challenge);
    expect(await authorizeZalo(t.db, config(), code2, codeVerifier, clock())).toContain("Đã lưu mã truy cập Zalo");
    const call = fake.callsOf("oauth").at(-1)!;
    expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call.body).toEqual({ code: code2, app_id: fake.appId, grant_type: "authorization_code", code_verifier: codeVerifier });
    // The code was single-use.
    await expect(authorizeZalo(t.db, config(), code2, codeVerifier, clock())).rejects.toThrow("không chấp nhận");
    const status = await zaloStatus(t.db, config(), clock());
    expect(status).toContain("còn hiệu lực");
    expect(status).toContain("Không có cảnh báo");
  });

  it("asks for ZALO_REDIRECT_URI when there is none", () => {
    const { redirectUri: _, ...noRedirect } = config();
    expect(() => zaloConsentUrl(noRedirect, {})).toThrow("ZALO_REDIRECT_URI");
  });
});
