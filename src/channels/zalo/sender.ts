// The core's Outbound → Zalo OA messages: text split at 2,000 characters on
// line boundaries, buttons as `oa.query.hide` (a tap comes back as an ordinary
// text whose words are the payload), more than five choices paged with a
// "Thêm…" button, files uploaded and then sent as a file attachment. Failures
// are classified for the reminder dispatcher (ChannelSender).
import { randomBytes } from "node:crypto";
import { splitText } from "../../chat/outbound.ts";
import type { Button, OutFile, Outbound } from "../../chat/types.ts";
import type { Logger } from "../../logger.ts";
import type { ChannelSender, SendResult } from "../types.ts";
import {
  ATTACHMENT_EXPIRED_CODE,
  BAD_PARAMETER_CODES,
  RATE_LIMIT_CODE,
  TOKEN_ERROR_CODES,
  UNREACHABLE_CODES,
  ZaloApiError,
  ZaloNetworkError,
  type ZaloApi,
} from "./api.ts";
import { ZaloNotAuthorizedError, ZaloTokenDeadError } from "./tokens.ts";
import { ZT } from "./texts.ts";

export const ZALO_TEXT_LIMIT = 2000;
export const ZALO_MAX_BUTTONS = 5;
export const ZALO_TITLE_MAX = 20;
export const ZALO_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const ZALO_FILE_EXTENSIONS = ["pdf", "doc", "docx"] as const;
/** Our button payloads travel as `cchc:<core payload>`, so a tap is told apart from typed text. */
export const PAYLOAD_PREFIX = "cchc:";
const MORE_PREFIX = `${PAYLOAD_PREFIX}more:`;

const MESSAGE_PATH = "/v3.0/oa/message/cs";
const UPLOAD_PATH = "/v2.0/oa/upload/file";

export type ZaloTap = { kind: "payload"; payload: string } | { kind: "more"; setId: string; page: number };

/** Reads a `user_send_text` that is really a button tap; null for typed text. */
export function readTap(text: string | undefined): ZaloTap | null {
  if (!text?.startsWith(PAYLOAD_PREFIX)) return null;
  const more = /^cchc:more:([a-z0-9]+):(\d+)$/.exec(text);
  if (more) return { kind: "more", setId: more[1]!, page: Number(more[2]) };
  const payload = text.slice(PAYLOAD_PREFIX.length);
  return payload ? { kind: "payload", payload } : null;
}

/** Button titles of at most 20 characters (code points), shortened with "…". */
export function buttonTitle(label: string): string {
  const chars = [...label.normalize("NFC").trim()];
  return chars.length <= ZALO_TITLE_MAX ? chars.join("") : `${chars.slice(0, ZALO_TITLE_MAX - 1).join("").trimEnd()}…`;
}

/** Pages of at most five: every page but the last holds four choices and leaves the fifth slot for "Thêm…". */
export function paginate<T>(items: T[]): T[][] {
  if (items.length <= ZALO_MAX_BUTTONS) return [items];
  const pages: T[][] = [];
  let rest = items;
  while (rest.length > ZALO_MAX_BUTTONS) {
    pages.push(rest.slice(0, ZALO_MAX_BUTTONS - 1));
    rest = rest.slice(ZALO_MAX_BUTTONS - 1);
  }
  pages.push(rest);
  return pages;
}

/** "Báo cáo quý I 2024.docx" → "Bao-cao-quy-I-2024.docx": Zalo wants a real file name, ASCII keeps it intact. */
export function asciiFileName(name: string): string {
  const folded = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+/, "");
  return folded || "tai-lieu";
}

function extensionOf(name: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
}

/** A SendResult for a failed send, by Zalo's error code (ZALO.md's table). */
export function classifyZaloError(err: unknown): SendResult & { ok: false } {
  if (err instanceof ZaloApiError) {
    const reason = `${err.code}: ${err.apiMessage}`;
    if (UNREACHABLE_CODES.has(err.code)) return { ok: false, kind: "unreachable", reason };
    if (err.code === RATE_LIMIT_CODE) return { ok: false, kind: "retry", reason, retryAfterMs: 60_000 };
    // Still refused after one refresh: the token store or Zalo is having trouble; try later.
    if (TOKEN_ERROR_CODES.has(err.code)) return { ok: false, kind: "retry", reason, retryAfterMs: 5 * 60_000 };
    if (BAD_PARAMETER_CODES.has(err.code)) return { ok: false, kind: "failed", reason };
    return { ok: false, kind: "failed", reason };
  }
  if (err instanceof ZaloTokenDeadError || err instanceof ZaloNotAuthorizedError) {
    // The whole channel is down until an operator authorises again (they have been alerted).
    return { ok: false, kind: "retry", reason: `zalo-token: ${err.message}`, retryAfterMs: 30 * 60_000 };
  }
  if (err instanceof ZaloNetworkError) return { ok: false, kind: "retry", reason: err.message };
  if (err instanceof FileRefused) return { ok: false, kind: "failed", reason: err.message };
  return { ok: false, kind: "retry", reason: String((err as Error)?.message ?? err) };
}

class FileRefused extends Error {}

interface PageSet {
  userId: string;
  pages: Button[][];
  expiresAt: number;
}

export interface ZaloSenderOptions {
  logger?: Logger;
  /** How long "Thêm…" keeps working (page sets live in memory). */
  pageTtlMs?: number;
  /** At most this many page sets are kept; the oldest go first. */
  maxPageSets?: number;
  /** Called when Zalo says the user cannot be reached (-213/-227/-230/-232/-244), with "<code>: <message>". */
  onUnreachable?: (userId: string, reason: string) => Promise<void>;
  clock?: () => number;
}

type ZaloButton = { title: string; type: "oa.query.hide"; payload: string };

export class ZaloSender implements ChannelSender {
  readonly channel = "zalo" as const;
  private readonly pageSets = new Map<string, PageSet>();
  private readonly ttl: number;
  private readonly maxSets: number;
  private readonly clock: () => number;

  constructor(
    private readonly api: ZaloApi,
    private readonly opts: ZaloSenderOptions = {},
  ) {
    this.ttl = opts.pageTtlMs ?? 24 * 3600_000;
    this.maxSets = opts.maxPageSets ?? 10_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Sends one Outbound; never throws. */
  async send(userId: string, message: Outbound): Promise<SendResult> {
    try {
      const messageId = await this.deliver(userId, message);
      return messageId ? { ok: true, messageId } : { ok: true };
    } catch (err) {
      const result = classifyZaloError(err);
      this.opts.logger?.warn({ userId, kind: result.kind, reason: result.reason }, "Zalo: send failed");
      if (result.kind === "unreachable") await this.opts.onUnreachable?.(userId, result.reason).catch(() => undefined);
      return result;
    }
  }

  /** Sends the core's replies in order; stops at the first failure and returns it. */
  async sendReplies(userId: string, replies: Outbound[]): Promise<SendResult> {
    let last: SendResult = { ok: true };
    for (const out of replies) {
      last = await this.send(userId, out);
      if (!last.ok) return last;
    }
    return last;
  }

  /** Answers a "Thêm…" tap: the next page of a dialog's choices, or a note that they expired. */
  async showPage(userId: string, setId: string, page: number): Promise<SendResult> {
    this.sweep();
    const set = this.pageSets.get(setId);
    if (!set || set.userId !== userId || page < 1 || page >= set.pages.length) return this.send(userId, { text: ZT.pageExpired });
    try {
      const messageId = await this.sendText(userId, ZT.morePage(page + 1, set.pages.length), this.pageButtons(setId, set.pages, page));
      return messageId ? { ok: true, messageId } : { ok: true };
    } catch (err) {
      return classifyZaloError(err);
    }
  }

  private async deliver(userId: string, out: Outbound): Promise<string | undefined> {
    let messageId: string | undefined;
    const buttons = (out.buttons ?? []).flat();
    const text = out.text.trim() || (buttons.length ? ZT.chooseOne : "");
    const parts = text ? splitText(text, ZALO_TEXT_LIMIT) : [];
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      messageId = await this.sendText(userId, part, last && buttons.length ? this.firstPage(userId, buttons) : undefined);
    }
    // Zalo takes only PDF/DOC/DOCX up to 5 MB: send those, and say which others were left out.
    const files = out.files ?? [];
    const fits = (f: OutFile) => (ZALO_FILE_EXTENSIONS as readonly string[]).includes(extensionOf(f.name)) && f.data.length <= ZALO_FILE_MAX_BYTES;
    for (const file of files.filter(fits)) messageId = await this.sendFile(userId, file);
    const left = files.filter((f) => !fits(f));
    if (left.length) messageId = await this.sendText(userId, ZT.filesLeftOut(left.map((f) => f.name)));
    return messageId;
  }

  private firstPage(userId: string, buttons: Button[]): ZaloButton[] {
    const pages = paginate(buttons);
    if (pages.length === 1) return pages[0]!.map(toZaloButton);
    this.sweep();
    const setId = randomBytes(4).toString("hex");
    this.pageSets.set(setId, { userId, pages, expiresAt: this.clock() + this.ttl });
    while (this.pageSets.size > this.maxSets) this.pageSets.delete(this.pageSets.keys().next().value!);
    return this.pageButtons(setId, pages, 0);
  }

  private pageButtons(setId: string, pages: Button[][], index: number): ZaloButton[] {
    const buttons = pages[index]!.map(toZaloButton);
    if (index + 1 < pages.length) buttons.push({ title: ZT.more, type: "oa.query.hide", payload: `${MORE_PREFIX}${setId}:${index + 1}` });
    return buttons;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, set] of this.pageSets) if (set.expiresAt <= now) this.pageSets.delete(id);
  }

  private async sendText(userId: string, text: string, buttons?: ZaloButton[]): Promise<string | undefined> {
    const message: Record<string, unknown> = { text };
    if (buttons?.length) message.attachment = { type: "template", payload: { buttons } };
    const data = await this.api.post<{ message_id?: string | number }>(MESSAGE_PATH, { recipient: { user_id: userId }, message });
    return data.message_id === undefined ? undefined : String(data.message_id);
  }

  private async sendFile(userId: string, file: OutFile): Promise<string | undefined> {
    const name = asciiFileName(file.name);
    const ext = extensionOf(name);
    if (!(ZALO_FILE_EXTENSIONS as readonly string[]).includes(ext)) throw new FileRefused(`Zalo only takes ${ZALO_FILE_EXTENSIONS.join("/")} files, not "${file.name}"`);
    if (file.data.length > ZALO_FILE_MAX_BYTES) throw new FileRefused(`"${file.name}" is larger than Zalo's 5 MB`);
    for (let attempt = 0; ; attempt++) {
      const uploaded = await this.api.upload<{ token?: string; attachment_id?: string }>(UPLOAD_PATH, { name, contentType: file.contentType, data: file.data });
      const token = uploaded.token ?? uploaded.attachment_id;
      if (!token) throw new ZaloApiError(-1, "upload answered without data.token", UPLOAD_PATH);
      try {
        const data = await this.api.post<{ message_id?: string | number }>(MESSAGE_PATH, {
          recipient: { user_id: userId },
          message: { attachment: { type: "file", payload: { token: String(token) } } },
        });
        return data.message_id === undefined ? undefined : String(data.message_id);
      } catch (err) {
        // The uploaded file expired before we sent it: upload once more.
        if (err instanceof ZaloApiError && err.code === ATTACHMENT_EXPIRED_CODE && attempt === 0) continue;
        throw err;
      }
    }
  }
}

function toZaloButton(b: Button): ZaloButton {
  return { title: buttonTitle(b.label), type: "oa.query.hide", payload: `${PAYLOAD_PREFIX}${b.payload}` };
}
