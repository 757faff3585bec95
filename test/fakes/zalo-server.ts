/**
 * A fake of the Zalo OA Open API and OAuth v4 over HTTP on 127.0.0.1, for
 * contract tests that run the real channel code:
 *
 *   const fake = await FakeZaloServer.start();
 *   // ZALO_API_BASE = ZALO_OAUTH_BASE = fake.base
 *
 * It checks every request the way ../shared/ZALO.md describes Zalo:
 * - OA API: a bare `access_token` header holding a live token; JSON bodies for
 *   POST; one `data` query parameter holding JSON for GET; text ≤ 2000
 *   characters; template buttons ≤ 5 with titles ≤ 20 characters, query
 *   buttons carrying a string payload; file messages with an uploaded token
 *   and no text; multipart upload with field `file`, a real file name with an
 *   allowed extension (pdf, doc, docx) and ≤ 5 MB.
 * - OAuth: `secret_key` header, x-www-form-urlencoded body, our app_id,
 *   single-use refresh tokens (reusing one fails) and single-use codes.
 * Violations are answered like Zalo does (HTTP 200, negative `error`) and
 * recorded with `rejected: true`, so a test fails when the code under test
 * sends something Zalo would refuse. `failNext(code, n)` makes the next n OA
 * API calls answer that error code.
 *
 * Only node:http is used. It can also play Zalo's side of the webhook:
 * `deliver(url, event)` signs an event with the OA secret key and POSTs it.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ZaloCall {
  /** "message" | "upload" | "user_detail" | "oauth" | "unknown" */
  kind: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, the `data` query JSON for GET, or the OAuth form. */
  body: Record<string, unknown>;
  file?: { filename: string; contentType: string; size: number; data: Buffer };
  at: number;
  /** The envelope answered. */
  response: Record<string, unknown>;
  /** True when the fake refused the call (validation, injected failure, bad token). */
  rejected: boolean;
  errorCode: number;
  description?: string;
  injected: boolean;
}

export interface FakeZaloOptions {
  appId?: string;
  appSecret?: string;
  oaId?: string;
  oaSecretKey?: string;
  /** Seconds the fake announces in expires_in (as a string, like Zalo). */
  expiresIn?: number;
  /** Delay before answering a token call (makes races visible). */
  oauthDelayMs?: number;
  /** Answer uploads with `attachment_id` instead of `token` (some sources read that). */
  uploadField?: "token" | "attachment_id";
}

const ERROR_MESSAGES: Record<number, string> = {
  [-32]: "The request has exceeded the rate limit",
  [-100]: "Attachment has expired",
  [-124]: "Access token is invalid",
  [-201]: "Parameters are invalid",
  [-210]: "Parameter exceeds the limit",
  [-213]: "User has not followed the OA",
  [-216]: "Access token is invalid",
  [-220]: "Access token has expired",
  [-227]: "User is banned or has been inactive for more than 45 days",
  [-230]: "User has not interacted with the OA in the last 7 days",
  [-232]: "User has not interacted with the OA recently",
  [-244]: "User has restricted this message type",
};

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new Refusal(-201, message);

interface Failure {
  code: number;
  remaining: number;
  kinds?: string[];
}

export class FakeZaloServer {
  readonly base: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly oaId: string;
  readonly oaSecretKey: string;
  calls: ZaloCall[] = [];
  /** Display names for GET user/detail. */
  readonly users = new Map<string, { display_name: string; user_is_follower?: boolean }>();
  oauthDelayMs: number;
  /** Delay before answering a message call (shows that the webhook answers before it replies). */
  messageDelayMs = 0;
  uploadField: "token" | "attachment_id";

  private readonly server: http.Server;
  private readonly expiresIn: number;
  private readonly liveAccess = new Set<string>();
  private readonly liveRefresh = new Set<string>();
  private readonly usedRefresh = new Set<string>();
  private readonly codes = new Map<string, { challenge?: string }>();
  private readonly uploads = new Map<string, { filename: string; size: number; expired: boolean }>();
  private failures: Failure[] = [];
  private refreshFailure: { code: number; remaining: number } | null = null;
  private generation = 0;
  private nextMessageId = 1;
  private waiters = new Set<() => void>();

  private constructor(server: http.Server, options: FakeZaloOptions) {
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.appId = options.appId ?? "1234567890123456789";
    this.appSecret = options.appSecret ?? "app-secret-ABCDEFGH";
    this.oaId = options.oaId ?? "579745863508352884";
    this.oaSecretKey = options.oaSecretKey ?? "oa-secret-QRSTUVWX";
    this.expiresIn = options.expiresIn ?? 90_000;
    this.oauthDelayMs = options.oauthDelayMs ?? 0;
    this.uploadField = options.uploadField ?? "token";
  }

  static async start(options: FakeZaloOptions = {}): Promise<FakeZaloServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const fake = new FakeZaloServer(server, options);
    server.on("request", (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------
  // Scripting
  // -------------------------------------------------------------------------

  /** Issues a live access/refresh pair, as an OA admin's consent would. */
  issuePair(): { accessToken: string; refreshToken: string; expiresIn: number } {
    const g = ++this.generation;
    const accessToken = `at-${g}-${Math.random().toString(36).slice(2, 10)}`;
    const refreshToken = `rt-${g}-${Math.random().toString(36).slice(2, 10)}`;
    this.liveAccess.add(accessToken);
    this.liveRefresh.add(refreshToken);
    return { accessToken, refreshToken, expiresIn: this.expiresIn };
  }

  /** An authorization code the consent redirect would carry (single use). */
  issueCode(code = `code-${Math.random().toString(36).slice(2, 10)}`, challenge?: string): string {
    this.codes.set(code, challenge ? { challenge } : {});
    return code;
  }

  /** Every access token issued so far stops working (Zalo answers -216), as at expiry. */
  expireAccessTokens(): void {
    this.liveAccess.clear();
  }

  /** The refresh tokens die (the OA admin revoked the app, or 3 months passed). */
  killRefreshTokens(): void {
    for (const t of this.liveRefresh) this.usedRefresh.add(t);
    this.liveRefresh.clear();
  }

  /** The next `times` OA API calls (optionally only of these kinds) answer `code`. */
  failNext(code: number, times = 1, kinds?: ("message" | "upload" | "user_detail")[]): void {
    this.failures.push({ code, remaining: times, ...(kinds ? { kinds } : {}) });
  }

  /** The next `times` token calls answer this OAuth error code. */
  failRefresh(code: number, times = 1): void {
    this.refreshFailure = { code, remaining: times };
  }

  /** Marks every uploaded file as expired (sending it answers -100). */
  expireUploads(): void {
    for (const u of this.uploads.values()) u.expired = true;
  }

  // -------------------------------------------------------------------------
  // Inspection
  // -------------------------------------------------------------------------

  callsOf(kind: string): ZaloCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  /** Calls refused for a reason other than an injected failure: a contract violation by the client. */
  violations(): ZaloCall[] {
    return this.calls.filter((c) => c.rejected && !c.injected && c.errorCode === -201);
  }

  /** Accepted messages, optionally to one user. */
  sent(userId?: string): ZaloCall[] {
    return this.calls.filter(
      (c) => c.kind === "message" && !c.rejected && (userId === undefined || (c.body.recipient as { user_id?: string })?.user_id === userId),
    );
  }

  sentTexts(userId?: string): string[] {
    return this.sent(userId).map((c) => String((c.body.message as { text?: string }).text ?? "[file]"));
  }

  /** The buttons of an accepted message. */
  static buttonsOf(call: ZaloCall): { title: string; type: string; payload: string }[] {
    const att = (call.body.message as { attachment?: { type?: string; payload?: { buttons?: unknown[] } } }).attachment;
    return att?.type === "template" ? ((att.payload?.buttons ?? []) as { title: string; type: string; payload: string }[]) : [];
  }

  waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`FakeZaloServer.waitFor timed out.\n${this.dump()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  dump(): string {
    return this.calls
      .map((c) => `  ${c.method} ${c.path} ${JSON.stringify(c.body).slice(0, 300)} -> ${c.rejected ? `${c.errorCode} ${c.description ?? ""}` : "ok"}`)
      .join("\n");
  }

  // -------------------------------------------------------------------------
  // Zalo's side of the webhook
  // -------------------------------------------------------------------------

  /** A `user_send_text` event as Zalo sends it. */
  textEvent(userId: string, text: string, msgId = `msg${Date.now()}${Math.random().toString(36).slice(2, 8)}`, timestamp = String(Date.now())) {
    return {
      app_id: this.appId,
      user_id_by_app: `app-${userId}`,
      event_name: "user_send_text",
      sender: { id: userId },
      recipient: { id: this.oaId },
      message: { text, msg_id: msgId },
      timestamp,
    };
  }

  /** The signature header value Zalo computes: "mac=" + sha256(app_id + body + timestamp + OA secret key). */
  sign(rawBody: string, timestamp: string, secret = this.oaSecretKey): string {
    return `mac=${createHash("sha256").update(this.appId + rawBody + timestamp + secret).digest("hex")}`;
  }

  /** POSTs an event to our webhook, signed (or with the given signature header); resolves with the HTTP status. */
  deliver(url: string, event: Record<string, unknown>, opts: { signature?: string | null; rawBody?: string } = {}): Promise<{ status: number; ms: number }> {
    const raw = opts.rawBody ?? JSON.stringify(event);
    const signature = opts.signature === undefined ? this.sign(raw, String(event.timestamp ?? "")) : opts.signature;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: "POST", headers: { "content-type": "application/json", ...(signature !== null ? { "x-zevent-signature": signature } : {}) } },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
        },
      );
      req.on("error", reject);
      req.end(raw);
    });
  }

  // -------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", this.base);
    const call: ZaloCall = {
      kind: "unknown",
      method: req.method ?? "",
      path: url.pathname,
      headers: req.headers,
      body: {},
      at: Date.now(),
      response: {},
      rejected: false,
      errorCode: 0,
      injected: false,
    };
    let response: Record<string, unknown>;
    try {
      if (url.pathname === "/v4/oa/access_token") {
        call.kind = "oauth";
        response = await this.oauth(req, raw, call);
      } else {
        if (this.messageDelayMs && url.pathname === "/v3.0/oa/message/cs") await new Promise((r) => setTimeout(r, this.messageDelayMs));
        response = this.api(req, url, raw, call);
      }
    } catch (err) {
      const code = err instanceof Refusal ? err.code : -201;
      response = { error: code, message: (err as Error).message };
      call.rejected = true;
      call.errorCode = code;
      call.description = (err as Error).message;
    }
    call.response = response;
    this.calls.push(call);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(response));
    for (const w of [...this.waiters]) w();
  }

  private async oauth(req: http.IncomingMessage, raw: Buffer, call: ZaloCall): Promise<Record<string, unknown>> {
    if (req.method !== "POST") throw bad("token endpoint takes POST");
    if (req.headers.secret_key !== this.appSecret) throw new Refusal(-14002, "secret_key header missing or wrong");
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) throw bad("body must be application/x-www-form-urlencoded");
    const form = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
    call.body = form;
    if (this.oauthDelayMs) await new Promise((r) => setTimeout(r, this.oauthDelayMs));
    if (form.app_id !== this.appId) throw new Refusal(-14001, "app_id is invalid");
    if (this.refreshFailure && this.refreshFailure.remaining > 0) {
      this.refreshFailure.remaining--;
      call.injected = true;
      throw new Refusal(this.refreshFailure.code, "injected OAuth failure");
    }
    if (form.grant_type === "refresh_token") {
      const rt = form.refresh_token ?? "";
      if (!this.liveRefresh.has(rt)) {
        throw new Refusal(-14014, this.usedRefresh.has(rt) ? "Refresh token was already used" : "Refresh token is invalid");
      }
      this.liveRefresh.delete(rt);
      this.usedRefresh.add(rt);
    } else if (form.grant_type === "authorization_code") {
      const code = this.codes.get(form.code ?? "");
      if (!code) throw new Refusal(-14019, "Authorization code is invalid or used");
      if (code.challenge) {
        const verifier = form.code_verifier ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== code.challenge) throw new Refusal(-14020, "code_verifier does not match");
      }
      this.codes.delete(form.code ?? "");
    } else {
      throw bad(`grant_type "${form.grant_type}" is not supported`);
    }
    const pair = this.issuePair();
    // Zalo sends expires_in as a string, and no envelope.
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: String(pair.expiresIn) };
  }

  private api(req: http.IncomingMessage, url: URL, raw: Buffer, call: ZaloCall): Record<string, unknown> {
    const route = `${req.method} ${url.pathname}`;
    call.kind = { "POST /v3.0/oa/message/cs": "message", "POST /v2.0/oa/upload/file": "upload", "GET /v3.0/oa/user/detail": "user_detail" }[route] ?? "unknown";
    if (call.kind === "unknown") throw new Refusal(-201, `no such endpoint: ${route}`);
    if (req.headers.authorization) throw bad("send the token in the access_token header, not Authorization");
    const token = req.headers.access_token;
    // Parse first so a refused call is still recorded with what was sent.
    if (call.kind === "message") call.body = this.jsonBody(req, raw);
    if (call.kind === "user_detail") call.body = this.queryData(url);
    if (call.kind === "upload") call.file = this.multipart(req, raw);
    if (typeof token !== "string" || !token) throw new Refusal(-216, "access_token header is missing");
    if (!this.liveAccess.has(token)) throw new Refusal(-216, "Access token is invalid");
    const failure = this.failures.find((f) => f.remaining > 0 && (!f.kinds || f.kinds.includes(call.kind)));
    if (failure) {
      failure.remaining--;
      this.failures = this.failures.filter((f) => f.remaining > 0);
      call.injected = true;
      throw new Refusal(failure.code, ERROR_MESSAGES[failure.code] ?? "injected error");
    }
    switch (call.kind) {
      case "message":
        return this.message(call.body);
      case "upload":
        return this.upload(call.file!);
      default: {
        const userId = String(call.body.user_id ?? "");
        const user = this.users.get(userId);
        if (!user) throw new Refusal(-213, "User has not followed the OA");
        return { error: 0, message: "Success", data: { user_id: userId, display_name: user.display_name, user_is_follower: user.user_is_follower ?? true } };
      }
    }
  }

  private jsonBody(req: http.IncomingMessage, raw: Buffer): Record<string, unknown> {
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) throw bad("body must be application/json");
    try {
      const body = JSON.parse(raw.toString("utf8")) as unknown;
      if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
      return body as Record<string, unknown>;
    } catch {
      throw bad("body is not a JSON object");
    }
  }

  private queryData(url: URL): Record<string, unknown> {
    const keys = [...url.searchParams.keys()];
    if (keys.length !== 1 || keys[0] !== "data") throw bad("GET takes exactly one query parameter, data");
    try {
      const data = JSON.parse(url.searchParams.get("data")!) as Record<string, unknown>;
      if (typeof data.user_id !== "string" || !/^\d+$/.test(data.user_id)) throw new Error("user_id");
      return data;
    } catch {
      throw bad('data must be JSON like {"user_id":"<digits as a string>"}');
    }
  }

  private message(body: Record<string, unknown>): Record<string, unknown> {
    const recipient = body.recipient as { user_id?: unknown } | undefined;
    if (!recipient || typeof recipient.user_id !== "string" || !/^\d+$/.test(recipient.user_id)) throw bad("recipient.user_id must be a string of digits");
    const message = body.message as { text?: unknown; attachment?: { type?: unknown; payload?: Record<string, unknown> } } | undefined;
    if (!message || typeof message !== "object") throw bad("message is missing");
    const attachment = message.attachment;
    if (message.text !== undefined) {
      if (typeof message.text !== "string" || !message.text.trim()) throw bad("message.text must be a non-empty string");
      if (message.text.length > 2000) throw new Refusal(-210, `message.text is ${message.text.length} characters; the limit is 2000`);
    }
    if (!attachment) {
      if (message.text === undefined) throw bad("message needs text or an attachment");
    } else if (attachment.type === "template") {
      if (message.text === undefined) throw bad("a template with buttons needs message.text beside it");
      const buttons = attachment.payload?.buttons;
      if (!Array.isArray(buttons) || buttons.length === 0) throw bad("template payload.buttons must be a non-empty array");
      if (buttons.length > 5) throw new Refusal(-210, `${buttons.length} buttons; at most 5`);
      for (const b of buttons as { title?: unknown; type?: unknown; payload?: unknown }[]) {
        if (typeof b.title !== "string" || !b.title.trim()) throw bad("button title must be a non-empty string");
        if ([...b.title].length > 20) throw new Refusal(-210, `button title "${b.title}" is longer than 20 characters`);
        if (b.type === "oa.query.hide" || b.type === "oa.query.show") {
          if (typeof b.payload !== "string" || !b.payload) throw bad(`${b.type} payload must be a non-empty string`);
        } else if (b.type === "oa.open.url") {
          const p = b.payload as { url?: unknown } | undefined;
          if (!p || typeof p.url !== "string") throw bad("oa.open.url payload must be {url}");
        } else {
          throw bad(`button type "${String(b.type)}" is not supported`);
        }
      }
    } else if (attachment.type === "file") {
      if (message.text !== undefined) throw bad("a file message takes no text: send the text separately");
      const token = attachment.payload?.token;
      if (typeof token !== "string") throw bad("file payload.token must be the string from the upload");
      const upload = this.uploads.get(token);
      if (!upload) throw bad("unknown file token");
      if (upload.expired) throw new Refusal(-100, "Attachment has expired");
    } else {
      throw bad(`attachment type "${String(attachment.type)}" is not supported here`);
    }
    return { error: 0, message: "Success", data: { message_id: `mid${this.nextMessageId++}`, user_id: recipient.user_id } };
  }

  private multipart(req: http.IncomingMessage, raw: Buffer): ZaloCall["file"] {
    const type = String(req.headers["content-type"] ?? "");
    const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(type)?.[2];
    if (!boundary) throw bad("upload must be multipart/form-data with a boundary");
    const delimiter = Buffer.from(`--${boundary}`);
    const parts: Buffer[] = [];
    let start = raw.indexOf(delimiter);
    while (start !== -1) {
      const next = raw.indexOf(delimiter, start + delimiter.length);
      if (next === -1) break;
      parts.push(raw.subarray(start + delimiter.length + 2, next - 2)); // skip CRLF after the delimiter and before the next one
      start = next;
    }
    if (raw.indexOf(Buffer.from(`--${boundary}--`)) === -1) throw bad("multipart body is not terminated");
    for (const part of parts) {
      const split = part.indexOf("\r\n\r\n");
      if (split === -1) continue;
      const head = part.subarray(0, split).toString("utf8");
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      if (name !== "file") continue;
      const filename = /filename="([^"]*)"/i.exec(head)?.[1] ?? "";
      const data = part.subarray(split + 4);
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? "";
      return { filename, contentType, size: data.length, data: Buffer.from(data) };
    }
    throw bad('multipart body has no field named "file"');
  }

  private upload(file: NonNullable<ZaloCall["file"]>): Record<string, unknown> {
    if (!/^[^/\\]+\.(pdf|doc|docx)$/i.test(file.filename)) throw bad(`file name "${file.filename}" must be a real name ending in .pdf, .doc or .docx`);
    if (file.size === 0) throw bad("the file is empty");
    if (file.size > 5 * 1024 * 1024) throw new Refusal(-210, `the file is ${file.size} bytes; the limit is 5 MB`);
    const token = `ftok${this.uploads.size + 1}${Math.random().toString(36).slice(2, 8)}`;
    this.uploads.set(token, { filename: file.filename, size: file.size, expired: false });
    return { error: 0, message: "Success", data: { [this.uploadField]: token } };
  }
}
