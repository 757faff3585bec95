// The conversation core: message in → stored raw → who is this → what do they
// want → reply out. The same core serves Telegram, Zalo and the terminal.
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { todayIn } from "../domain/dates.ts";
import { parsePeriodText } from "../domain/periods.ts";
import { parseFigureCommand, parseQuickUpdate } from "../domain/replies.ts";
import { formatFigure, parseFigure, targetMet } from "../domain/targets.ts";
import { fold } from "../domain/text.ts";
import type { Comparator } from "../domain/types.ts";
import { recordFigure, recordProgress } from "../progress.ts";
import { handleLeave, previewNudge } from "../reminders/leave.ts";
import { loadContext, type PersonContext } from "./context.ts";
import { keepEvidence } from "./evidence.ts";
import { CODE_RE, redeemInvite } from "./invites.ts";
import { overview, rollUp } from "./overview.ts";
import { handleReportPayload, handleReportText, loadState, clearState, resumeReport, startReport } from "./report-dialog.ts";
import { deadlineWords, formatTaskList, myTasks, shorten, taskTitleText } from "./tasks.ts";
import { T } from "./texts.ts";
import type { Inbound, Outbound } from "./types.ts";

export interface CoreDeps {
  db: Db;
  now?: () => Date;
  logger?: Logger;
}

/** Commands by folded name, with and without the slash; Vietnamese spellings included. */
const COMMANDS: Record<string, string> = {
  start: "start",
  batdau: "start",
  dangky: "start",
  nhiemvu: "nhiemvu",
  "nhiem vu": "nhiemvu",
  baocao: "baocao",
  "bao cao": "baocao",
  capnhat: "capnhat",
  "cap nhat": "capnhat",
  solieu: "solieu",
  "so lieu": "solieu",
  huongdan: "huongdan",
  "huong dan": "huongdan",
  help: "huongdan",
  trogiup: "huongdan",
  tiep: "tiep",
  tieptuc: "tiep",
  huy: "huy",
  dung: "huy",
  tinhhinh: "tinhhinh",
  "tinh hinh": "tinhhinh",
  tonghop: "tonghop",
  "tong hop": "tonghop",
  nhacviec: "nhacviec",
  "nhac viec": "nhacviec",
  nghiphep: "nghiphep",
  "nghi phep": "nghiphep",
};

export interface ParsedCommand {
  name: string;
  args: string;
  slash: boolean;
}

/** "/baocao@cchc_bot quý 1" → baocao + "quý 1"; "báo cáo quý 1" (no slash) too, for Zalo users. */
export function parseCommand(text: string): ParsedCommand | null {
  const t = text.trim();
  const slash = t.startsWith("/");
  const body = slash ? t.slice(1) : t;
  const m = /^([^\s@]+)(?:@\S+)?\s*([\s\S]*)$/u.exec(body);
  if (!m) return null;
  const first = fold(m[1]!);
  if (COMMANDS[first]) return { name: COMMANDS[first]!, args: m[2]!.trim(), slash };
  // Two-word forms typed without a slash: "báo cáo quý 1", "nhiệm vụ".
  const words = body.split(/\s+/);
  if (words.length >= 2) {
    const two = fold(`${words[0]} ${words[1]}`);
    if (COMMANDS[two]) return { name: COMMANDS[two]!, args: words.slice(2).join(" ").trim(), slash };
  }
  if (slash) return { name: first, args: m[2]!.trim(), slash };
  return null;
}

export class ChatCore {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly logger: Logger | undefined;

  constructor(deps: CoreDeps) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
    this.logger = deps.logger;
  }

  /**
   * Stores the message raw, then interprets it. A redelivered message (same channel message id)
   * gets no second answer. Every other message gets at least one reply.
   */
  async handle(msg: Inbound): Promise<Outbound[]> {
    const stored = await this.store(msg);
    if (!stored) return [];
    try {
      const replies = await this.route(msg);
      await this.db.inboundMessage.update({ where: { id: stored.id }, data: { handledAt: this.now() } });
      return replies.length ? replies : [{ text: T.notUnderstood(msg.text ?? "") }];
    } catch (err) {
      this.logger?.error({ err, channel: msg.channel, senderId: msg.senderId, inboundId: stored.id }, "failed to handle message");
      await this.db.inboundMessage
        .update({ where: { id: stored.id }, data: { error: String((err as Error)?.stack ?? err).slice(0, 4000) } })
        .catch(() => undefined);
      return [{ text: T.internalError }];
    }
  }

  private async store(msg: Inbound) {
    try {
      return await this.db.inboundMessage.create({
        data: {
          channel: msg.channel,
          senderId: msg.senderId,
          messageId: msg.messageId ?? null,
          text: msg.text ?? msg.payload ?? null,
          raw: JSON.stringify(msg.raw ?? null),
          receivedAt: this.now(),
        },
      });
    } catch (err) {
      // Unique (channel, messageId): the channel redelivered a message we already have.
      if ((err as { code?: string }).code === "P2002") return null;
      throw err;
    }
  }

  private async route(msg: Inbound): Promise<Outbound[]> {
    const now = this.now();
    const ctx = await loadContext(this.db, msg.channel, msg.senderId, now);
    const text = msg.text?.trim() ?? "";
    const command = text ? parseCommand(text) : null;

    if (!ctx) return this.stranger(msg, command, text, now);
    await this.db.inboundMessage.updateMany({ where: { channel: msg.channel, messageId: msg.messageId ?? "\u0000" }, data: { personId: ctx.person.id } });
    if (ctx.channel !== "console") {
      // Any interaction makes the channel reachable again (Zalo's 7-day window, a lifted block).
      await this.db.channelIdentity.update({ where: { id: ctx.identityId }, data: { unreachableSince: null, unreachableReason: null } });
    }

    if (msg.payload) {
      if (msg.payload.startsWith("r:")) return handleReportPayload(this.db, ctx, msg.payload);
      // Buttons under a morning reminder (src/reminders/texts.ts).
      if (msg.payload === "n:list") return this.taskList(ctx);
      if (msg.payload === "n:overview") return this.command(ctx, { name: "tinhhinh", args: "", slash: true }, msg);
      return [{ text: T.staleButton }];
    }
    if (msg.attachments?.length) return keepEvidence(this.db, ctx, msg.attachments);
    if (command) return this.command(ctx, command, msg);
    if (text) {
      const dialog = await handleReportText(this.db, ctx, text);
      if (dialog) return dialog;
      return [{ text: T.notUnderstood(text) }];
    }
    return [{ text: T.notUnderstood("") }];
  }

  private async stranger(msg: Inbound, command: ParsedCommand | null, text: string, now: Date): Promise<Outbound[]> {
    // A bare 8-character text is a code unless it is a command word ("huongdan", "nhiemvu"…).
    const bare = !command && CODE_RE.test(text) ? text : "";
    const code = command?.name === "start" ? (command.args.split(/\s+/)[0] ?? "") : bare;
    if (!code) return [{ text: T.stranger(null) }];
    if (!CODE_RE.test(code)) return [{ text: T.inviteUnknown }];
    const invite = await this.db.invite.findUnique({ where: { code: code.toUpperCase() }, include: { office: true } });
    const today = todayIn(invite?.office.timezone ?? "Asia/Ho_Chi_Minh", now);
    const result = await redeemInvite(this.db, {
      code,
      channel: msg.channel,
      externalId: msg.senderId,
      displayName: msg.displayName,
      now,
      today,
    });
    if (!result.ok) {
      return [
        {
          text: {
            unknown: T.inviteUnknown,
            used: T.inviteUsed,
            expired: T.inviteExpired,
            revoked: T.inviteRevoked,
            "other-office": T.inviteOtherOffice,
          }[result.reason],
        },
      ];
    }
    return this.welcome(msg, result.alreadyHeld, now);
  }

  private async welcome(msg: Inbound, alreadyHeld: boolean, now: Date): Promise<Outbound[]> {
    const ctx = (await loadContext(this.db, msg.channel, msg.senderId, now))!;
    const tasks = await myTasks(this.db, ctx);
    const lead = tasks.filter((t) => t.role === "lead");
    const urgent = [...tasks].sort((a, b) => (a.state.days ?? 9999) - (b.state.days ?? 9999)).find((t) => t.state.days !== null);
    const next = urgent ? `số ${urgent.task.seq} — ${shorten(taskTitleText(urgent.task), 80)} (${deadlineWords(urgent.state)})` : null;
    return [
      {
        text: T.welcome(
          ctx.person.fullName,
          ctx.titles.map((t) => t.name),
          lead.length,
          tasks.length - lead.length,
          next,
          alreadyHeld,
        ),
      },
    ];
  }

  private async command(ctx: PersonContext, cmd: ParsedCommand, msg: Inbound): Promise<Outbound[]> {
    switch (cmd.name) {
      case "start": {
        if (cmd.args) {
          // A linked person sending another code: take on one more title (kiêm nhiệm).
          return this.stranger(msg, cmd, cmd.args, ctx.now);
        }
        return [{ text: T.startWithoutCode(ctx.person.fullName) }];
      }
      case "huongdan":
        return [{ text: T.help + (ctx.person.role === "officer" ? "" : T.coordinatorHelp) }];
      case "nhiemvu":
        return this.taskList(ctx);
      case "baocao":
        return this.report(ctx, cmd.args);
      case "tiep":
        return resumeReport(this.db, ctx);
      case "huy": {
        const state = await loadState(this.db, ctx);
        if (!state) return [{ text: T.noDialog }];
        await clearState(this.db, ctx);
        return [{ text: T.cancelled }];
      }
      case "capnhat":
        return this.quickUpdate(ctx, cmd.args);
      case "solieu":
        return this.quickFigure(ctx, cmd.args);
      case "tinhhinh":
        if (ctx.person.role === "officer") return [{ text: T.overviewDenied }];
        return [{ text: await overview(this.db, ctx) }];
      case "nhacviec":
        return previewNudge(this.db, ctx);
      case "nghiphep":
        return handleLeave(this.db, ctx, cmd.args);
      case "tonghop":
        return rollUp(this.db, ctx, cmd.args);
      default:
        return [{ text: T.unknownCommand(cmd.name) }];
    }
  }

  private async taskList(ctx: PersonContext): Promise<Outbound[]> {
    if (!ctx.titles.length) return [{ text: T.noTitles }];
    if (!ctx.plan) return [{ text: T.noPlan }];
    const tasks = await myTasks(this.db, ctx);
    if (!tasks.length) return [{ text: T.noTasks(ctx.titles.map((t) => t.name)) }];
    return [{ text: formatTaskList(ctx, tasks) }];
  }

  private async report(ctx: PersonContext, args: string): Promise<Outbound[]> {
    if (!ctx.titles.length) return [{ text: T.noTitles }];
    if (!ctx.plan) return [{ text: T.noPlan }];
    if (!args) return startReport(this.db, ctx, ctx.currentPeriod);
    const parsed = parsePeriodText(args, ctx.plan.year);
    if (!parsed.ok) return [{ text: T.periodBad(parsed.message) }];
    return startReport(this.db, ctx, parsed.ref);
  }

  /** Resolves "số 12" as /nhiemvu shows it, among the tasks she leads. */
  private async leadTask(ctx: PersonContext, seq: number) {
    const tasks = await myTasks(this.db, ctx);
    const found = tasks.find((t) => t.task.seq === seq);
    if (!found) return { error: T.taskNotFound(seq) } as const;
    if (found.role !== "lead") return { error: T.notLead(seq) } as const;
    return { task: found } as const;
  }

  private async quickUpdate(ctx: PersonContext, args: string): Promise<Outbound[]> {
    if (!ctx.titles.length) return [{ text: T.noTitles }];
    if (!ctx.plan) return [{ text: T.noPlan }];
    const parsed = parseQuickUpdate(args);
    if (!parsed.ok) return [{ text: T.quickUsage }];
    const { update } = parsed;
    const found = await this.leadTask(ctx, update.taskNumber);
    if ("error" in found) return [{ text: found.error! }];
    await recordProgress(this.db, {
      taskId: found.task.task.id,
      periodKey: ctx.currentPeriod.key,
      personId: ctx.person.id,
      status: update.status,
      note: update.note,
      product: update.product,
      channel: ctx.channel,
      now: ctx.now,
    });
    return [{ text: T.quickSaved(update.taskNumber, update.status, ctx.currentPeriod.label, update.note, update.product) }];
  }

  private async quickFigure(ctx: PersonContext, args: string): Promise<Outbound[]> {
    if (!ctx.titles.length) return [{ text: T.noTitles }];
    if (!ctx.plan) return [{ text: T.noPlan }];
    const parsed = parseFigureCommand(args);
    if (!parsed) return [{ text: T.figureUsage }];
    const found = await this.leadTask(ctx, parsed.taskNumber);
    if ("error" in found) return [{ text: found.error! }];
    const targets = await this.db.target.findMany({
      where: { taskId: found.task.task.id, ownerTitleId: { in: ctx.titles.map((t) => t.id) } },
      orderBy: { seq: "asc" },
    });
    if (!targets.length) return [{ text: T.noTargets(parsed.taskNumber) }];
    let target = targets[0]!;
    if (targets.length > 1) {
      if (parsed.targetIndex === null || !targets[parsed.targetIndex - 1]) {
        return [{ text: T.whichTarget(parsed.taskNumber, targets.map((t, i) => `${parsed.taskNumber}.${i + 1}: ${shorten(t.indicator, 100)}`)) }];
      }
      target = targets[parsed.targetIndex - 1]!;
    }
    const figure = parseFigure(parsed.figure);
    if (!figure.ok) return [{ text: `${figure.message}\n${T.figureUsage}` }];
    if (target.unit === "%" && figure.unit !== "%") return [{ text: T.figureUnitMismatch }];
    await recordFigure(this.db, {
      targetId: target.id,
      periodKey: ctx.currentPeriod.key,
      personId: ctx.person.id,
      value: figure.value,
      numerator: figure.numerator,
      denominator: figure.denominator,
      raw: parsed.figure,
      now: ctx.now,
    });
    const shown = formatFigure(figure.value, figure.unit);
    const met = targetMet({ comparator: target.comparator as Comparator, value: target.value }, figure.value);
    return [{ text: `${T.figureSaved(shown, met)} (${ctx.currentPeriod.label}, nhiệm vụ số ${parsed.taskNumber})` }];
  }
}

