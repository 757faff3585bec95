/**
 * A fake of the Telegram Bot API served over HTTP on 127.0.0.1, for end-to-end
 * tests that run the real grammY bot:
 *
 *   const fake = await FakeTelegramServer.start();
 *   const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
 *
 * It speaks the same wire protocol as api.telegram.org (POST /bot<token>/<method>
 * with a JSON, multipart/form-data or urlencoded body; `{ok, result}` /
 * `{ok:false, error_code, description, parameters}` envelopes) and validates
 * the requests it receives the way the real server does, answering
 * `400 Bad Request: …` on violations so that a test fails loudly when the code
 * under test sends something Telegram would reject.
 *
 * Only node:http is used.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface RecordedFile {
  /** API field the file was attached to (e.g. "document"), after resolving attach:// references. */
  field: string;
  filename: string;
  size: number;
  contentType?: string;
  /** The raw bytes that were uploaded. */
  data: Buffer;
}

export interface RecordedCall {
  /** Canonical method name (e.g. "sendMessage"), or the raw path segment for unknown methods. */
  method: string;
  /** Token taken from the request path. */
  token: string;
  /**
   * Request parameters. For multipart / urlencoded requests the string values
   * are normalised: JSON-typed fields (reply_markup, entities, commands, …) are
   * parsed, integer-like chat_id/message_id/offset/… become numbers and
   * "true"/"false" flags become booleans, so tests can inspect them the same way
   * as for JSON requests.
   */
  body: Record<string, unknown>;
  files: RecordedFile[];
  /** Arrival time (Date.now()). */
  at: number;
  /** Time the response was sent (differs from `at` for long-polling getUpdates). */
  respondedAt: number;
  /** HTTP status of the answer (200 on success, 499 if the client went away first). */
  status: number;
  ok: boolean;
  /** True when the fake answered with an error envelope (validation, failNext, rate limit, …). */
  rejected: boolean;
  /** Error description when rejected. */
  description?: string;
  /** `result` of the successful answer (e.g. the Message returned by sendMessage). */
  result?: unknown;
  /** True if the request body was multipart/form-data. */
  multipart: boolean;
}

export interface FakeUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeTelegramOptions {
  /** Bot token expected in request paths. Default "123456:TEST". */
  token?: string;
  /** Username of the bot returned by getMe. Default "cchc_test_bot". */
  botUsername?: string;
  /** Bot first name returned by getMe. Default "CCHC". */
  botFirstName?: string;
  /**
   * Global cap on sendMessage/sendDocument calls per rolling 1-second window
   * (across all chats). Beyond it the fake answers 429 with
   * parameters.retry_after (integer seconds >= 1).
   */
  rateLimitPerSecond?: number;
}

export interface FailSpec {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** Custom handler for a method; return the `result`, or throw `FakeTelegramServer.error(...)`. */
export type MethodHandler = (body: Record<string, unknown>, files: RecordedFile[]) => unknown;

export type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** An error answered to the client as `{ok:false, error_code, description, parameters}`. */
export class TelegramApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(`${errorCode}: ${description}`);
    this.name = "TelegramApiError";
  }
}

function badRequest(description: string): TelegramApiError {
  return new TelegramApiError(400, `Bad Request: ${description}`);
}

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const DEFAULT_TOKEN = "123456:TEST";
const PARSE_MODES = new Set(["HTML", "MarkdownV2", "Markdown"]);
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
/** Update types delivered when allowed_updates is empty (Telegram's default). */
const DEFAULT_EXCLUDED_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);
const INLINE_BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];
/** Fields that are JSON-serialised when sent as form fields. */
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "reply_parameters",
  "link_preview_options",
  "allowed_updates",
  "commands",
  "scope",
  "media",
]);
const INT_FIELDS = new Set([
  "chat_id",
  "message_id",
  "message_thread_id",
  "reply_to_message_id",
  "offset",
  "limit",
  "timeout",
  "max_connections",
  "cache_time",
  "user_id",
  "from_chat_id",
]);
const BOOL_FIELDS = new Set([
  "disable_notification",
  "protect_content",
  "allow_sending_without_reply",
  "disable_web_page_preview",
  "disable_content_type_detection",
  "drop_pending_updates",
  "show_alert",
  "show_caption_above_media",
  "allow_paid_broadcast",
]);
const MIME_BY_EXT: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  zip: "application/zip",
  json: "application/json",
};

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

interface StoredMessage {
  message: Json;
  fromBot: boolean;
  /** Raw text/caption and parse mode as sent (for "message is not modified"). */
  rawText?: string;
  parseMode?: string;
}

interface ChatState {
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

interface PollWaiter {
  wake: () => void;
  conflict: () => void;
}

interface CallWaiter {
  check: () => boolean;
}

interface RequestContext {
  method: string;
  body: Json;
  files: RecordedFile[];
  signal: AbortSignal;
}

export class FakeTelegramServer {
  readonly apiRoot: string;
  readonly token: string;
  readonly botUser: { id: number; is_bot: true; first_name: string; username: string };

  /** Every request, in the order the responses were sent. */
  calls: RecordedCall[] = [];
  /** Every update pushed so far (with its update_id), including confirmed ones. */
  readonly pushedUpdates: Json[] = [];

  /** Current webhook (set by setWebhook, cleared by deleteWebhook). */
  webhook: { url: string; secret_token?: string; allowed_updates?: string[]; max_connections?: number } | undefined;
  /** Commands set with setMyCommands, keyed by `${scopeJson}|${language_code}`. */
  readonly commands = new Map<string, { command: string; description: string }[]>();

  private readonly server: http.Server;
  private readonly rateLimit: number | undefined;
  private queue: Json[] = [];
  private nextUpdateId = 1;
  private allowedUpdates: string[] = [];
  private readonly chats = new Map<string, ChatState>();
  private readonly issuedCallbackIds = new Set<string>();
  private readonly answeredCallbackIds = new Set<string>();
  private nextCallbackId = 1;
  private nextFileId = 1;
  private readonly failures = new Map<string, { error: FailSpec; remaining: number }[]>();
  private readonly customHandlers = new Map<string, MethodHandler>();
  private sendTimestamps: number[] = [];
  private pollWaiters = new Set<PollWaiter>();
  private callWaiters = new Set<CallWaiter>();
  private stopping = false;
  private inFlight = 0;

  private constructor(server: http.Server, options: FakeTelegramOptions) {
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
    this.token = options.token ?? DEFAULT_TOKEN;
    const botId = Number(this.token.split(":")[0]);
    this.botUser = {
      id: Number.isSafeInteger(botId) && botId > 0 ? botId : 123456,
      is_bot: true,
      first_name: options.botFirstName ?? "CCHC",
      username: options.botUsername ?? "cchc_test_bot",
    };
    this.rateLimit = options.rateLimitPerSecond;
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const fake = new FakeTelegramServer(server, options);
    server.on("request", (req, res) => {
      fake.handleRequest(req, res).catch((err: unknown) => {
        // Should not happen: handleRequest answers all errors itself.
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` }));
        }
      });
    });
    return fake;
  }

  /** Build an error to throw from a custom handler. */
  static error(errorCode: number, description: string, retryAfter?: number): TelegramApiError {
    return new TelegramApiError(errorCode, description, retryAfter);
  }

  // -------------------------------------------------------------------------
  // Inspection helpers
  // -------------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Successful (accepted) sendMessage + sendDocument calls, optionally for one
   * chat. Rejected attempts (429, 400, failNext, …) are not included; use
   * `callsTo()` to see those.
   */
  sentMessages(chatId?: number | string): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.ok &&
        (c.method === "sendMessage" || c.method === "sendDocument") &&
        (chatId === undefined || String(c.body.chat_id) === String(chatId)),
    );
  }

  /** The texts of accepted sendMessage calls (captions for documents), optionally for one chat. */
  sentTexts(chatId?: number | string): string[] {
    return this.sentMessages(chatId).map((c) => String(c.body.text ?? c.body.caption ?? ""));
  }

  /** Current state of a message stored by the fake (bot or user message), or undefined. */
  getMessage(chatId: number | string, messageId: number): Json | undefined {
    return this.chats.get(String(chatId))?.messages.get(messageId)?.message;
  }

  /** Latest message the bot sent to a chat (after edits), or undefined. */
  lastBotMessage(chatId: number | string): Json | undefined {
    const chat = this.chats.get(String(chatId));
    if (!chat) return undefined;
    let last: StoredMessage | undefined;
    for (const m of chat.messages.values()) if (m.fromBot) last = m;
    return last?.message;
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Json[] {
    return [...this.queue];
  }

  /**
   * Resolves as soon as `predicate(calls)` is true (checked now and after every
   * recorded call). Rejects after `timeoutMs` (default 2000) with a dump of the
   * recorded calls.
   */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 2000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: CallWaiter = {
        check: () => {
          let satisfied: boolean;
          try {
            satisfied = predicate(this.calls);
          } catch (err) {
            finish();
            reject(err instanceof Error ? err : new Error(String(err)));
            return true;
          }
          if (satisfied) {
            finish();
            resolve();
          }
          return satisfied;
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`FakeTelegramServer.waitFor timed out after ${timeoutMs} ms.\n${this.dump()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.callWaiters.delete(waiter);
      };
      this.callWaiters.add(waiter);
      waiter.check();
    });
  }

  /**
   * Waits for the next (or an already recorded, when `fromIndex` is given)
   * call to `method` matching `predicate`, and returns it.
   */
  async waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 2000,
    fromIndex = 0,
  ): Promise<RecordedCall> {
    let found: RecordedCall | undefined;
    await this.waitFor((calls) => {
      found = calls.slice(fromIndex).find((c) => c.method === method && predicate(c));
      return found !== undefined;
    }, timeoutMs);
    return found!;
  }

  /** Human-readable list of recorded calls (empty getUpdates polls are summarised). */
  dump(): string {
    if (this.calls.length === 0) return "Recorded calls: (none)";
    const lines: string[] = [];
    let emptyPolls = 0;
    for (const c of this.calls) {
      if (c.method === "getUpdates" && c.ok && Array.isArray(c.result) && c.result.length === 0) {
        emptyPolls++;
        continue;
      }
      const outcome = c.ok ? "ok" : `${c.status} ${c.description ?? ""}`;
      const files = c.files.length ? ` files=${JSON.stringify(c.files.map((f) => ({ ...f, data: undefined })))}` : "";
      lines.push(`  ${c.method} ${truncate(JSON.stringify(c.body), 300)}${files} -> ${outcome}`);
    }
    if (emptyPolls) lines.push(`  (+ ${emptyPolls} empty getUpdates poll(s))`);
    return `Recorded calls (${this.calls.length}):\n${lines.join("\n")}`;
  }

  // -------------------------------------------------------------------------
  // Scripting helpers
  // -------------------------------------------------------------------------

  /** Queue an update for getUpdates. Assigns (overwrites) update_id and returns it. */
  pushUpdate(update: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    const full = { ...update, update_id };
    this.queue.push(full);
    this.pushedUpdates.push(full);
    for (const w of [...this.pollWaiters]) w.wake();
    return update_id;
  }

  /**
   * Queue a text message from a user (a private chat with the user unless
   * `chatId` is given). Commands get a bot_command entity. Returns update_id.
   */
  pushText(from: FakeUser, text: string, chatId?: number): number {
    return this.pushUpdate({ message: this.buildTextMessage(from, text, chatId) });
  }

  /**
   * Build (but do not queue) a text-message update, e.g. for `bot.handleUpdate()`.
   * The message is stored like a pushed one, and the update gets a fresh update_id.
   */
  textUpdate(from: FakeUser, text: string, chatId?: number): Record<string, unknown> & { update_id: number } {
    return { update_id: this.nextUpdateId++, message: this.buildTextMessage(from, text, chatId) };
  }

  private buildTextMessage(from: FakeUser, text: string, chatId?: number): Json {
    const cid = chatId ?? from.id;
    const chat = this.chatFor(cid, from);
    const message: Json = {
      message_id: this.nextMessageId(cid),
      from: this.userObject(from),
      chat,
      date: nowSeconds(),
      text,
    };
    const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
    if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
    this.storeMessage(cid, message, false, text);
    return message;
  }

  /**
   * Queue a callback_query from `from`, as if the user pressed an inline button
   * carrying `data`. `message` identifies the message the button belongs to;
   * when omitted, the latest bot message in the user's private chat whose
   * keyboard contains a button with this callback_data is used (falling back to
   * the latest bot message, or a synthetic one). Returns update_id.
   */
  pushCallback(from: FakeUser, data: string, message?: { message_id: number; chatId: number }): number {
    const chatId = message?.chatId ?? from.id;
    let msg: Json | undefined;
    if (message) {
      msg = this.getMessage(message.chatId, message.message_id);
      msg ??= {
        message_id: message.message_id,
        from: this.botUser,
        chat: this.chatFor(message.chatId, from),
        date: nowSeconds(),
        text: "",
      };
    } else {
      msg = this.findBotMessage(chatId, (buttons) => buttons.some((b) => b.callback_data === data));
      msg ??= this.lastBotMessage(chatId);
      msg ??= { message_id: 0, from: this.botUser, chat: this.chatFor(chatId, from), date: nowSeconds(), text: "" };
    }
    const id = `cbq-${this.nextCallbackId++}`;
    this.issuedCallbackIds.add(id);
    return this.pushUpdate({
      callback_query: {
        id,
        from: this.userObject(from),
        message: structuredClone(msg),
        chat_instance: `ci-${chatId}`,
        data,
      },
    });
  }

  /**
   * Press the inline button whose text equals `buttonText` (or matches the
   * RegExp) on the latest bot message in the chat that has such a button.
   * Throws if no such button exists. Returns update_id.
   */
  pressButton(from: FakeUser, buttonText: string | RegExp, chatId?: number): number {
    const cid = chatId ?? from.id;
    const matches = (b: Json) =>
      typeof b.text === "string" && (typeof buttonText === "string" ? b.text === buttonText : buttonText.test(b.text));
    const msg = this.findBotMessage(cid, (buttons) => buttons.some(matches));
    if (!msg) throw new Error(`No bot message in chat ${cid} has a button ${String(buttonText)}.\n${this.dump()}`);
    const buttons = inlineButtons(msg);
    const button = buttons.find(matches)!;
    if (typeof button.callback_data !== "string") {
      throw new Error(`Button ${String(buttonText)} has no callback_data: ${JSON.stringify(button)}`);
    }
    return this.pushCallback(from, button.callback_data, { message_id: msg.message_id as number, chatId: cid });
  }

  /** The next `times` (default 1) calls to `method` are answered with this error. */
  failNext(method: string, error: FailSpec, times = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ error, remaining: times });
    this.failures.set(method, list);
  }

  /** Install (or replace) a handler for a method the fake does not implement, or override one. */
  onMethod(method: string, handler: MethodHandler): void {
    this.customHandlers.set(method.toLowerCase(), handler);
  }

  /** Forget recorded calls (the update queue, messages and pending failures are kept). */
  reset(): void {
    this.calls = [];
  }

  /**
   * Close the server. Pending getUpdates long-polls are answered with [] first.
   * Stop the grammY bot (`await bot.stop()`) BEFORE calling this: bot.stop()
   * sends one last getUpdates to confirm the offset, which needs the server.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const w of [...this.pollWaiters]) w.wake();
    // Let in-flight requests (e.g. the long polls just woken) finish writing.
    const deadline = Date.now() + 500;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), 200);
      this.server.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    for (const w of [...this.callWaiters]) w.check();
  }

  /** Number of getUpdates requests currently held open. */
  get pendingLongPolls(): number {
    return this.pollWaiters.size;
  }

  // -------------------------------------------------------------------------
  // HTTP plumbing
  // -------------------------------------------------------------------------

  private async handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      await this.processRequest(req, res);
    } finally {
      this.inFlight--;
    }
  }

  private async processRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]*)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
    const token = match ? decodeURIComponent(match[1] ?? "") : "";
    const rawMethod = match ? decodeURIComponent(match[2] ?? "") : url.pathname;

    let body: Json = {};
    let files: RecordedFile[] = [];
    let multipart = false;
    let parseError: TelegramApiError | undefined;
    try {
      ({ body, files, multipart } = parseRequestBody(req.headers["content-type"], raw, url.searchParams));
    } catch (err) {
      parseError = err instanceof TelegramApiError ? err : badRequest(String(err));
    }

    const method = this.canonicalMethod(rawMethod);
    const call: RecordedCall = {
      method,
      token,
      body,
      files,
      at,
      respondedAt: at,
      status: 0,
      ok: false,
      rejected: false,
      multipart,
    };

    let status: number;
    let payload: Json;
    try {
      if (!match) throw new TelegramApiError(404, "Not Found");
      if (token !== this.token) throw new TelegramApiError(401, "Unauthorized");
      if (parseError) throw parseError;
      const result = await this.dispatch({ method, body, files, signal: abort.signal });
      status = 200;
      payload = { ok: true, result };
      call.result = result;
    } catch (err) {
      const apiErr =
        err instanceof TelegramApiError ? err : new TelegramApiError(500, `Internal Server Error: ${String(err)}`);
      status = apiErr.errorCode;
      payload = { ok: false, error_code: apiErr.errorCode, description: apiErr.description };
      if (apiErr.retryAfter !== undefined) payload.parameters = { retry_after: apiErr.retryAfter };
      call.rejected = true;
      call.description = apiErr.description;
    }

    call.respondedAt = Date.now();
    if (abort.signal.aborted) {
      call.status = 499;
      call.rejected = false;
      call.description = "client closed request";
    } else {
      call.status = status;
      call.ok = status === 200;
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    }
    this.record(call);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.callWaiters]) w.check();
  }

  private canonicalMethod(raw: string): string {
    const lower = raw.toLowerCase();
    for (const name of Object.keys(this.handlers)) if (name.toLowerCase() === lower) return name;
    return raw;
  }

  private async dispatch(ctx: RequestContext): Promise<unknown> {
    const custom = this.customHandlers.get(ctx.method.toLowerCase());
    const builtin = this.handlers[ctx.method];
    if (!custom && !builtin) throw new TelegramApiError(404, "Not Found");

    const queued = this.failures.get(ctx.method);
    const failure = queued?.[0];
    if (queued && failure) {
      if (--failure.remaining <= 0) queued.shift();
      throw new TelegramApiError(failure.error.error_code, failure.error.description, failure.error.retry_after);
    }
    if (custom) return custom(ctx.body, ctx.files);
    return builtin!(ctx);
  }

  // -------------------------------------------------------------------------
  // Methods
  // -------------------------------------------------------------------------

  private readonly handlers: Record<string, (ctx: RequestContext) => unknown> = {
    getMe: () => ({
      ...this.botUser,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    }),
    getUpdates: (ctx) => this.getUpdates(ctx),
    deleteWebhook: ({ body }) => {
      this.webhook = undefined;
      if (body.drop_pending_updates === true) this.queue = [];
      return true;
    },
    setWebhook: ({ body }) => {
      const url = body.url;
      if (typeof url !== "string") throw badRequest("bad webhook: URL must be specified");
      if (url === "") {
        this.webhook = undefined;
        return true;
      }
      if (!/^https:\/\//i.test(url) || !URL.canParse(url)) {
        throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      }
      const secret = body.secret_token;
      if (secret !== undefined && (typeof secret !== "string" || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
        throw badRequest("secret token contains unallowed characters");
      }
      const allowed = body.allowed_updates;
      this.webhook = {
        url,
        ...(typeof secret === "string" ? { secret_token: secret } : {}),
        ...(Array.isArray(allowed) ? { allowed_updates: allowed.map(String) } : {}),
        ...(typeof body.max_connections === "number" ? { max_connections: body.max_connections } : {}),
      };
      if (body.drop_pending_updates === true) this.queue = [];
      return true;
    },
    getWebhookInfo: () => ({
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
      ...(this.webhook?.max_connections !== undefined ? { max_connections: this.webhook.max_connections } : {}),
      ...(this.webhook?.allowed_updates ? { allowed_updates: this.webhook.allowed_updates } : {}),
    }),
    setMyCommands: ({ body }) => {
      const commands = parseJsonValue(body.commands, "commands");
      if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
      // Note: the real API accepts an empty list (same as deleteMyCommands); a
      // list longer than 100 is rejected.
      if (commands.length > 100) throw badRequest("too many commands specified");
      const list: { command: string; description: string }[] = [];
      for (const c of commands) {
        if (!isObject(c)) throw badRequest("can't parse BotCommand");
        const { command, description } = c;
        if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command)) {
          throw badRequest("BOT_COMMAND_INVALID");
        }
        if (typeof description !== "string" || description.trim().length < 1 || description.length > 256) {
          throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        list.push({ command, description });
      }
      this.commands.set(this.commandsKey(body), list);
      return true;
    },
    getMyCommands: ({ body }) => this.commands.get(this.commandsKey(body)) ?? [],
    deleteMyCommands: ({ body }) => {
      this.commands.delete(this.commandsKey(body));
      return true;
    },
    answerCallbackQuery: ({ body }) => {
      const id = body.callback_query_id;
      if (typeof id !== "string" || id === "") throw badRequest("callback_query_id is empty");
      if (!this.issuedCallbackIds.has(id) || this.answeredCallbackIds.has(id)) {
        throw badRequest("query is too old and response timeout expired or query ID is invalid");
      }
      if (body.text !== undefined && (typeof body.text !== "string" || utf16Length(body.text) > 200)) {
        throw badRequest("MESSAGE_TOO_LONG");
      }
      this.answeredCallbackIds.add(id);
      return true;
    },
    sendChatAction: ({ body }) => {
      requireChatId(body);
      if (typeof body.action !== "string" || !CHAT_ACTIONS.has(body.action)) {
        throw badRequest("wrong parameter action in request");
      }
      return true;
    },
    sendMessage: ({ body }) => {
      const chatId = requireChatId(body);
      const text = body.text;
      if (typeof text !== "string" || text.length === 0) throw badRequest("message text is empty");
      const parseMode = checkParseMode(body.parse_mode);
      const plain = plainText(text, parseMode);
      if (plain.trim().length === 0) throw badRequest("message text is empty");
      if (utf16Length(plain) > 4096) throw badRequest("message is too long");
      const markup = validateReplyMarkup(body.reply_markup);
      this.checkRateLimit();
      const message: Json = {
        message_id: this.nextMessageId(chatId),
        from: this.botUser,
        chat: this.chatFor(chatId),
        date: nowSeconds(),
        text: plain,
      };
      if (markup && "inline_keyboard" in markup) message.reply_markup = markup;
      this.storeMessage(chatId, message, true, text, parseMode);
      return message;
    },
    sendDocument: ({ body, files }) => {
      const chatId = requireChatId(body);
      const document = this.resolveInputFile(body, files, "document");
      let caption: string | undefined;
      const parseMode = checkParseMode(body.parse_mode);
      if (body.caption !== undefined) {
        if (typeof body.caption !== "string") throw badRequest("caption must be a string");
        caption = plainText(body.caption, parseMode);
        if (utf16Length(caption) > 1024) throw badRequest("message caption is too long");
      }
      const markup = validateReplyMarkup(body.reply_markup);
      this.checkRateLimit();
      const message: Json = {
        message_id: this.nextMessageId(chatId),
        from: this.botUser,
        chat: this.chatFor(chatId),
        date: nowSeconds(),
        document,
      };
      if (caption !== undefined && caption !== "") message.caption = caption;
      if (markup && "inline_keyboard" in markup) message.reply_markup = markup;
      this.storeMessage(chatId, message, true, typeof body.caption === "string" ? body.caption : undefined, parseMode);
      return message;
    },
    editMessageText: ({ body }) => {
      const stored = this.requireEditableMessage(body);
      const text = body.text;
      if (typeof text !== "string" || text.length === 0) throw badRequest("message text is empty");
      const parseMode = checkParseMode(body.parse_mode);
      const plain = plainText(text, parseMode);
      if (plain.trim().length === 0) throw badRequest("message text is empty");
      if (utf16Length(plain) > 4096) throw badRequest("MESSAGE_TOO_LONG");
      if (stored.message.text === undefined) throw badRequest("there is no text in the message to edit");
      const markup = validateReplyMarkup(body.reply_markup);
      if (markup && !("inline_keyboard" in markup)) throw badRequest("inline keyboard expected");
      // Like the real API: omitting reply_markup removes the inline keyboard.
      const sameText = stored.rawText === text && stored.parseMode === parseMode;
      if (sameText && sameJson(stored.message.reply_markup, markup)) throw notModified();
      stored.rawText = text;
      stored.parseMode = parseMode;
      stored.message.text = plain;
      setOrDelete(stored.message, "reply_markup", markup);
      stored.message.edit_date = nowSeconds();
      return structuredClone(stored.message);
    },
    editMessageReplyMarkup: ({ body }) => {
      const stored = this.requireEditableMessage(body);
      const markup = validateReplyMarkup(body.reply_markup);
      if (markup && !("inline_keyboard" in markup)) throw badRequest("inline keyboard expected");
      if (sameJson(stored.message.reply_markup, markup)) throw notModified();
      setOrDelete(stored.message, "reply_markup", markup);
      stored.message.edit_date = nowSeconds();
      return structuredClone(stored.message);
    },
    deleteMessage: ({ body }) => {
      const chatId = requireChatId(body);
      const messageId = body.message_id;
      const chat = this.chats.get(String(chatId));
      if (typeof messageId !== "number" || !chat?.messages.has(messageId)) {
        throw badRequest("message to delete not found");
      }
      chat.messages.delete(messageId);
      return true;
    },
    close: () => true,
    logOut: () => true,
  };

  private async getUpdates(ctx: RequestContext): Promise<Json[]> {
    const { body, signal } = ctx;
    if (this.webhook) {
      throw new TelegramApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = optionalInt(body.offset, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, optionalInt(body.limit, "limit") ?? 100));
    const timeout = Math.max(0, optionalInt(body.timeout, "timeout") ?? 0);
    if (body.allowed_updates !== undefined) {
      const allowed = parseJsonValue(body.allowed_updates, "allowed_updates");
      if (!Array.isArray(allowed)) throw badRequest("can't parse allowed_updates");
      this.allowedUpdates = allowed.map(String);
    }

    // Confirm updates: everything below `offset` is forgotten. A negative
    // offset keeps only the last -offset updates.
    if (offset > 0) this.queue = this.queue.filter((u) => (u.update_id as number) >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);

    // Only one getUpdates may be pending: a new one terminates the older one.
    for (const w of [...this.pollWaiters]) w.conflict();

    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      this.dropDisallowedUpdates();
      const available = this.queue.slice(0, limit);
      if (available.length > 0 || this.stopping || signal.aborted || Date.now() >= deadline) {
        return structuredClone(available);
      }
      const outcome = await new Promise<"wake" | "conflict">((resolve) => {
        const timer = setTimeout(() => done("wake"), Math.max(0, deadline - Date.now()));
        const onAbort = () => done("wake");
        const waiter: PollWaiter = { wake: () => done("wake"), conflict: () => done("conflict") };
        const done = (o: "wake" | "conflict") => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          this.pollWaiters.delete(waiter);
          resolve(o);
        };
        this.pollWaiters.add(waiter);
        signal.addEventListener("abort", onAbort);
      });
      if (outcome === "conflict") {
        // A client that aborts its long poll and immediately starts another
        // one (grammY's bot.stop() does this) may reach us before its socket
        // close does. Give the close a moment to arrive so such a request is
        // recorded as aborted (499) rather than as a 409 conflict.
        await new Promise((r) => setTimeout(r, 25));
        if (signal.aborted) return [];
        throw new TelegramApiError(
          409,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        );
      }
    }
  }

  private dropDisallowedUpdates(): void {
    const allowed = this.allowedUpdates;
    this.queue = this.queue.filter((u) => {
      const type = Object.keys(u).find((k) => k !== "update_id");
      if (type === undefined) return true;
      return allowed.length === 0 ? !DEFAULT_EXCLUDED_UPDATES.has(type) : allowed.includes(type);
    });
  }

  // -------------------------------------------------------------------------
  // State helpers
  // -------------------------------------------------------------------------

  private checkRateLimit(): void {
    if (this.rateLimit === undefined) return;
    const now = Date.now();
    this.sendTimestamps = this.sendTimestamps.filter((t) => t > now - 1000);
    if (this.sendTimestamps.length >= this.rateLimit) {
      const oldest = this.sendTimestamps[0] ?? now;
      const retryAfter = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
      throw new TelegramApiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
    }
    this.sendTimestamps.push(now);
  }

  private commandsKey(body: Json): string {
    const scope = body.scope === undefined ? { type: "default" } : parseJsonValue(body.scope, "scope");
    return `${JSON.stringify(scope)}|${typeof body.language_code === "string" ? body.language_code : ""}`;
  }

  private chatState(chatId: number | string): ChatState {
    const key = String(chatId);
    let chat = this.chats.get(key);
    if (!chat) {
      chat = { nextMessageId: 1, messages: new Map() };
      this.chats.set(key, chat);
    }
    return chat;
  }

  private nextMessageId(chatId: number | string): number {
    return this.chatState(chatId).nextMessageId++;
  }

  private storeMessage(
    chatId: number | string,
    message: Json,
    fromBot: boolean,
    rawText: string | undefined,
    parseMode?: string,
  ): void {
    const stored: StoredMessage = { message: structuredClone(message), fromBot };
    if (rawText !== undefined) stored.rawText = rawText;
    if (parseMode !== undefined) stored.parseMode = parseMode;
    this.chatState(chatId).messages.set(message.message_id as number, stored);
  }

  private findBotMessage(chatId: number | string, pred: (buttons: Json[]) => boolean): Json | undefined {
    const chat = this.chats.get(String(chatId));
    if (!chat) return undefined;
    const bot = [...chat.messages.values()].filter((m) => m.fromBot).reverse();
    return bot.find((m) => pred(inlineButtons(m.message)))?.message;
  }

  private requireEditableMessage(body: Json): StoredMessage {
    if (body.inline_message_id !== undefined) throw badRequest("inline messages are not supported by the fake");
    const chatId = requireChatId(body);
    const messageId = body.message_id;
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    if (typeof messageId !== "number" || !Number.isInteger(messageId)) throw badRequest("message_id must be an integer");
    const stored = this.chats.get(String(chatId))?.messages.get(messageId);
    if (!stored) throw badRequest("message to edit not found");
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return stored;
  }

  private resolveInputFile(body: Json, files: RecordedFile[], field: string): Json {
    const value = body[field];
    let file: RecordedFile | undefined;
    if (typeof value === "string" && value.startsWith("attach://")) {
      const id = value.slice("attach://".length);
      file = files.find((f) => f.field === field || f.field === id);
    } else if (value === undefined) {
      file = files.find((f) => f.field === field);
    } else if (typeof value === "string" && value !== "") {
      // A file_id or HTTP URL of an existing file.
      return { file_id: value, file_unique_id: `u-${value.slice(0, 16)}` };
    }
    if (!file) throw badRequest(`there is no ${field} in the request`);
    if (file.size === 0) throw badRequest("file must be non-empty");
    if (file.size > 50 * 1024 * 1024) throw new TelegramApiError(413, "Request Entity Too Large");
    const n = this.nextFileId++;
    const ext = /\.([A-Za-z0-9]+)$/.exec(file.filename)?.[1]?.toLowerCase() ?? "";
    return {
      file_id: `file-${n}`,
      file_unique_id: `unique-${n}`,
      file_name: file.filename,
      mime_type: MIME_BY_EXT[ext] ?? "application/octet-stream",
      file_size: file.size,
    };
  }

  private chatFor(chatId: number | string, user?: FakeUser): Json {
    if (typeof chatId === "number" && chatId < 0) {
      return String(chatId).startsWith("-100")
        ? { id: chatId, type: "supergroup", title: `Group ${chatId}` }
        : { id: chatId, type: "group", title: `Group ${chatId}` };
    }
    if (typeof chatId === "string") return { id: chatId, type: "channel", title: chatId };
    const chat: Json = { id: chatId, type: "private" };
    if (user && user.id === chatId) {
      chat.first_name = user.first_name ?? "User";
      if (user.last_name !== undefined) chat.last_name = user.last_name;
      if (user.username !== undefined) chat.username = user.username;
    }
    return chat;
  }

  private userObject(from: FakeUser): Json {
    const user: Json = { id: from.id, is_bot: false, first_name: from.first_name ?? "User" };
    if (from.last_name !== undefined) user.last_name = from.last_name;
    if (from.username !== undefined) user.username = from.username;
    if (from.language_code !== undefined) user.language_code = from.language_code;
    return user;
  }
}

// ---------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------

function notModified(): TelegramApiError {
  return badRequest(
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  );
}

function requireChatId(body: Json): number | string {
  const id = body.chat_id;
  if (id === undefined || id === null || id === "") throw badRequest("chat_id is empty");
  if (typeof id === "number") {
    if (!Number.isSafeInteger(id) || id === 0) throw badRequest("chat not found");
    return id;
  }
  if (typeof id === "string") {
    if (/^-?\d+$/.test(id)) return Number(id);
    if (/^@[A-Za-z0-9_]{4,}$/.test(id)) return id;
    throw badRequest("chat not found");
  }
  throw badRequest("chat_id is not a number or string");
}

function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw badRequest(`field "${name}" must be an integer`);
  return n;
}

function checkParseMode(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || !PARSE_MODES.has(value)) throw badRequest(`unsupported parse_mode`);
  return value;
}

function parseJsonValue(value: unknown, name: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(`can't parse ${name} JSON object`);
  }
}

/** Validates InlineKeyboardMarkup / ReplyKeyboardMarkup / ReplyKeyboardRemove / ForceReply. */
export function validateReplyMarkup(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  const markup = parseJsonValue(value, "reply keyboard markup");
  if (!isObject(markup)) throw badRequest("can't parse reply keyboard markup JSON object");

  if ("inline_keyboard" in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows)) throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array");
    let total = 0;
    for (const row of rows) {
      if (!Array.isArray(row)) throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
      if (row.length > 8) throw badRequest("too many inline keyboard buttons in a row");
      for (const button of row) {
        total++;
        validateInlineButton(button);
      }
    }
    if (total > 100) throw badRequest("reply markup is too long");
    return markup;
  }
  if ("keyboard" in markup) {
    const rows = markup.keyboard;
    if (!Array.isArray(rows)) throw badRequest("field \"keyboard\" of the ReplyKeyboardMarkup should be an Array");
    for (const row of rows) {
      if (!Array.isArray(row)) throw badRequest("field \"keyboard\" of the ReplyKeyboardMarkup should be an Array of Arrays");
      for (const button of row) {
        const text = typeof button === "string" ? button : isObject(button) ? button.text : undefined;
        if (typeof text !== "string" || text === "") throw badRequest("keyboard button text is empty");
      }
    }
    return markup;
  }
  if ("remove_keyboard" in markup) {
    if (markup.remove_keyboard !== true) throw badRequest("field \"remove_keyboard\" must be true");
    return markup;
  }
  if ("force_reply" in markup) {
    if (markup.force_reply !== true) throw badRequest("field \"force_reply\" must be true");
    return markup;
  }
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function validateInlineButton(button: unknown): void {
  if (!isObject(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== "string" || button.text.trim() === "") throw badRequest("BUTTON_TEXT_EMPTY");
  const actions = INLINE_BUTTON_ACTIONS.filter((a) => button[a] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (actions.length > 1) {
    throw badRequest(`can't parse inline keyboard button: exactly one of ${actions.join(", ")} must be specified`);
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    if (typeof data !== "string") throw badRequest("BUTTON_DATA_INVALID");
    const bytes = Buffer.byteLength(data, "utf8");
    if (bytes < 1 || bytes > 64) throw badRequest("BUTTON_DATA_INVALID");
  }
  if (button.url !== undefined) {
    const url = button.url;
    if (typeof url !== "string" || !URL.canParse(url) || !/^(https?|tg):/i.test(url)) {
      throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
    }
  }
}

function inlineButtons(message: Json): Json[] {
  const markup = message.reply_markup;
  if (!isObject(markup) || !Array.isArray(markup.inline_keyboard)) return [];
  return (markup.inline_keyboard as unknown[]).flatMap((row) => (Array.isArray(row) ? row.filter(isObject) : []));
}

// ---------------------------------------------------------------------------
// Formatting (parse_mode) parsing: returns the plain text, throws like Telegram
// ---------------------------------------------------------------------------

/** Returns the text after entity parsing (what Telegram counts and displays). */
export function plainText(text: string, parseMode: string | undefined): string {
  switch (parseMode) {
    case "HTML":
      return parseHtml(text);
    case "MarkdownV2":
      return parseMarkdownV2(text);
    case "Markdown":
      return parseMarkdownLegacy(text);
    default:
      return text;
  }
}

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), "utf8");
}

function entityError(message: string): TelegramApiError {
  return badRequest(`can't parse entities: ${message}`);
}

function parseHtml(text: string): string {
  let out = "";
  const stack: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "<") {
      const end = text.indexOf(">", i);
      if (end < 0) throw entityError(`Unclosed start tag at byte offset ${byteOffset(text, i)}`);
      const inner = text.slice(i + 1, end);
      if (inner.startsWith("/")) {
        const name = inner.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (open === undefined) {
          throw entityError(`Unexpected end tag at byte offset ${byteOffset(text, i)}`);
        }
        if (open !== name) {
          throw entityError(
            `Unmatched end tag at byte offset ${byteOffset(text, i)}, expected "</${open}>", found "</${name}>"`,
          );
        }
      } else {
        const name = /^[A-Za-z][A-Za-z0-9-]*/.exec(inner)?.[0]?.toLowerCase();
        if (!name) throw entityError(`Unexpected end of name token at byte offset ${byteOffset(text, i + 1)}`);
        if (!HTML_TAGS.has(name)) {
          throw entityError(`Unsupported start tag "${name}" at byte offset ${byteOffset(text, i)}`);
        }
        if (name === "span" && !/class\s*=\s*["']?tg-spoiler/.test(inner)) {
          throw entityError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(text, i)}`);
        }
        stack.push(name);
      }
      i = end + 1;
      continue;
    }
    if (c === ">") {
      // A bare '>' is tolerated by Telegram but should be escaped; keep it.
      out += c;
      i++;
      continue;
    }
    if (c === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(text.slice(i, i + 12));
      if (entity) {
        out += decodeHtmlEntity(entity[1]!);
        i += entity[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  const open = stack.pop();
  if (open !== undefined) throw entityError(`Can't find end tag corresponding to start tag "${open}"`);
  return out;
}

function decodeHtmlEntity(name: string): string {
  switch (name) {
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "amp":
      return "&";
    case "quot":
      return '"';
    default:
      return String.fromCodePoint(
        name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
      );
  }
}

const MDV2_RESERVED = new Set("_*[]()~`>#+-=|{}.!".split(""));
const MDV2_ENTITY_NAMES: Record<string, string> = {
  "*": "Bold",
  _: "Italic",
  __: "Underline",
  "~": "Strikethrough",
  "||": "Spoiler",
};

/** Simplified MarkdownV2 parser: checks escaping of reserved characters and balanced entities. */
function parseMarkdownV2(text: string): string {
  let out = "";
  const open: { marker: string; at: number }[] = [];
  let linkStart: number | undefined;
  let i = 0;
  // Same wording as the real API (which gives no offset for this error).
  const reserved = (ch: string) =>
    entityError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) throw entityError(`Unexpected end of text at byte offset ${byteOffset(text, i)}`);
      out += next;
      i += 2;
      continue;
    }
    if (c === "`") {
      const fence = text.startsWith("```", i) ? "```" : "`";
      // Inside code, only ` and \ need escaping.
      let j = i + fence.length;
      let code = "";
      for (;;) {
        if (j >= text.length) {
          throw entityError(`Can't find end of ${fence === "```" ? "Pre" : "Code"} entity at byte offset ${byteOffset(text, i)}`);
        }
        if (text[j] === "\\" && j + 1 < text.length) {
          code += text[j + 1];
          j += 2;
          continue;
        }
        if (text.startsWith(fence, j)) break;
        code += text[j];
        j++;
      }
      if (fence === "```") code = code.replace(/^[^\n]*\n/, "");
      out += code;
      i = j + fence.length;
      continue;
    }
    let marker: string | undefined;
    if (c === "*" || c === "~") marker = c;
    else if (c === "_") marker = text[i + 1] === "_" ? "__" : "_";
    else if (c === "|" && text[i + 1] === "|") marker = "||";
    if (marker) {
      const idx = open.map((o) => o.marker).lastIndexOf(marker);
      if (idx >= 0) open.splice(idx, 1);
      else open.push({ marker, at: i });
      i += marker.length;
      continue;
    }
    if (c === "[" && linkStart === undefined) {
      linkStart = i;
      i++;
      continue;
    }
    if (c === "!" && text[i + 1] === "[" && linkStart === undefined) {
      linkStart = i;
      i += 2;
      continue;
    }
    if (c === "]" && linkStart !== undefined) {
      if (text[i + 1] !== "(") throw reserved("]");
      let j = i + 2;
      while (j < text.length && text[j] !== ")") j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) throw entityError(`Can't find end of a URL at byte offset ${byteOffset(text, i + 2)}`);
      linkStart = undefined;
      i = j + 1;
      continue;
    }
    if (c === ">" && (i === 0 || text[i - 1] === "\n")) {
      i++;
      continue;
    }
    if (MDV2_RESERVED.has(c)) throw reserved(c);
    out += c;
    i++;
  }
  if (linkStart !== undefined) {
    throw entityError(`Can't find end of TextUrl entity at byte offset ${byteOffset(text, linkStart)}`);
  }
  const first = open[0];
  if (first) {
    throw entityError(
      `Can't find end of ${MDV2_ENTITY_NAMES[first.marker] ?? "the"} entity at byte offset ${byteOffset(text, first.at)}`,
    );
  }
  return out;
}

/** Legacy Markdown: only checks that *, _, ` and [..](..) entities are closed. */
function parseMarkdownLegacy(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "*" || c === "_" || c === "`") {
      const fence = c === "`" && text.startsWith("```", i) ? "```" : c;
      const end = text.indexOf(fence, i + fence.length);
      if (end < 0) {
        throw entityError(`Can't find end of the entity starting at byte offset ${byteOffset(text, i)}`);
      }
      out += text.slice(i + fence.length, end);
      i = end + fence.length;
      continue;
    }
    if (c === "[") {
      const close = /^\[([^\]]*)\]\(([^)]*)\)/.exec(text.slice(i));
      if (close) {
        out += close[1];
        i += close[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Request body parsing
// ---------------------------------------------------------------------------

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseRequestBody(
  contentType: string | undefined,
  raw: Buffer,
  query: URLSearchParams,
): { body: Json; files: RecordedFile[]; multipart: boolean } {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const fields: Record<string, string> = {};
  for (const [k, v] of query) fields[k] = v;

  if (type === "application/json") {
    let parsed: unknown = {};
    if (raw.length > 0) {
      try {
        parsed = JSON.parse(raw.toString("utf8"));
      } catch {
        throw badRequest("can't parse JSON request body");
      }
    }
    if (!isObject(parsed)) throw badRequest("request body must be a JSON object");
    return { body: { ...normalizeFields(fields), ...parsed }, files: [], multipart: false };
  }
  if (type === "multipart/form-data") {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw badRequest("multipart boundary is missing");
    const files: RecordedFile[] = [];
    for (const part of parseMultipart(raw, b)) {
      if (part.filename !== undefined) {
        const file: RecordedFile = { field: part.name, filename: part.filename, size: part.data.length, data: part.data };
        if (part.contentType !== undefined) file.contentType = part.contentType;
        files.push(file);
      } else {
        fields[part.name] = part.data.toString("utf8");
      }
    }
    // Map attach://<id> references back to the API field name.
    for (const [key, value] of Object.entries(fields)) {
      if (value.startsWith("attach://")) {
        const id = value.slice("attach://".length);
        for (const f of files) if (f.field === id) f.field = key;
      }
    }
    return { body: normalizeFields(fields), files, multipart: true };
  }
  if (type === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) fields[k] = v;
  }
  return { body: normalizeFields(fields), files: [], multipart: false };
}

/** Converts string form fields into the types a JSON request would carry. */
function normalizeFields(fields: Record<string, string>): Json {
  const body: Json = {};
  for (const [key, value] of Object.entries(fields)) {
    if (JSON_FIELDS.has(key) && /^\s*[[{]/.test(value)) {
      try {
        body[key] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // Leave the raw string; the method validator will reject it.
      }
    }
    if (INT_FIELDS.has(key) && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) {
      body[key] = Number(value);
    } else if (BOOL_FIELDS.has(key) && (value === "true" || value === "false")) {
      body[key] = value === "true";
    } else {
      body[key] = value;
    }
  }
  return body;
}

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Minimal multipart/form-data parser (RFC 7578), tolerant of grammY's header style. */
export function parseMultipart(raw: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = raw.indexOf(delimiter);
  if (pos < 0) throw badRequest("multipart body has no boundary");
  pos += delimiter.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d) break; // "--": closing delimiter
    if (raw[pos] === 0x0d && raw[pos + 1] === 0x0a) pos += 2;
    else throw badRequest("malformed multipart body");
    const headerEnd = raw.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw badRequest("malformed multipart part headers");
    const headers = new Map<string, string>();
    for (const line of raw.subarray(pos, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const end = raw.indexOf(nextDelimiter, headerEnd + 4);
    if (end < 0) throw badRequest("multipart body is truncated");
    const data = raw.subarray(headerEnd + 4, end);
    pos = end + nextDelimiter.length;

    const disposition = headers.get("content-disposition") ?? "";
    const params = parseDispositionParams(disposition);
    const name = params.get("name");
    if (name === undefined) throw badRequest("multipart part without a name");
    const part: MultipartPart = { name, data: Buffer.from(data) };
    const filename = params.get("filename*") ?? params.get("filename");
    if (filename !== undefined) part.filename = filename;
    const ct = headers.get("content-type");
    if (ct !== undefined) part.contentType = ct;
    parts.push(part);
  }
  return parts;
}

function parseDispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  // Unquoted values may contain ';' (grammY does not quote filenames), as long
  // as it is not followed by another `param=`.
  const re = /;\s*([A-Za-z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*(?:;(?!\s*[A-Za-z*]+\s*=)[^;]*)*))/g;
  for (const m of value.matchAll(re)) {
    const key = m[1]!.toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "").trim();
    if (key.endsWith("*")) {
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      if (ext) v = decodeURIComponent(ext[1]!);
    }
    params.set(key, v);
  }
  return params;
}

// ---------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Length as Telegram counts it: UTF-16 code units. */
export function utf16Length(text: string): number {
  return text.length;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function setOrDelete(target: Json, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
