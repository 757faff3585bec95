// Who can be reached where: a person linked on Telegram and Zalo gets a
// message once, on her preferred channel; when a channel refuses delivery
// (Zalo -230 outside the 7-day window, …) the identity is marked unreachable
// with the reason, the next channel is tried, and the coordinator's digest can
// list who is not reachable. The reminder dispatcher may use these or its own.
import type { Outbound } from "../../chat/types.ts";
import type { Db } from "../../db/client.ts";
import { todayIn } from "../../domain/dates.ts";
import type { ChannelSender, SendResult } from "../types.ts";
import { ZT } from "./texts.ts";

export type Senders = Partial<Record<"telegram" | "zalo", ChannelSender>>;

/** Records that `channel` refused delivery to this account, keeping the first date it happened. */
export async function markUnreachable(db: Db, channel: string, externalId: string, reason: string, now: Date): Promise<void> {
  await db.channelIdentity.updateMany({ where: { channel, externalId, unreachableSince: null }, data: { unreachableSince: now, unreachableReason: reason } });
  await db.channelIdentity.updateMany({ where: { channel, externalId }, data: { unreachableReason: reason } });
}

export interface PersonDelivery {
  /** Where it went, or null when no channel took it. */
  delivered: { channel: "telegram" | "zalo"; externalId: string } | null;
  attempts: { channel: "telegram" | "zalo"; externalId: string; result: SendResult }[];
}

/**
 * Sends to a person once: the preferred channel first, then the others. Channels already marked
 * unreachable are tried last. An "unreachable" answer marks the identity and moves on; "retry" and
 * "failed" stop (the caller decides when to try again, so nothing is sent twice).
 */
export async function sendToPerson(db: Db, senders: Senders, personId: number, message: Outbound, now: Date): Promise<PersonDelivery> {
  const person = await db.person.findUnique({ where: { id: personId }, include: { identities: true } });
  const attempts: PersonDelivery["attempts"] = [];
  if (!person) return { delivered: null, attempts };
  const rank = (i: { channel: string; unreachableSince: Date | null }) => (i.unreachableSince ? 2 : 0) + (i.channel === person.preferredChannel ? 0 : 1);
  const candidates = person.identities
    .filter((i): i is typeof i & { channel: "telegram" | "zalo" } => (i.channel === "telegram" || i.channel === "zalo") && Boolean(senders[i.channel as "telegram" | "zalo"]))
    .sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  for (const identity of candidates) {
    const result = await senders[identity.channel]!.send(identity.externalId, message);
    attempts.push({ channel: identity.channel, externalId: identity.externalId, result });
    if (result.ok) return { delivered: { channel: identity.channel, externalId: identity.externalId }, attempts };
    if (result.kind !== "unreachable") return { delivered: null, attempts };
    await markUnreachable(db, identity.channel, identity.externalId, result.reason, now);
  }
  return { delivered: null, attempts };
}

/** Tells the office admins (or, without any, the coordinators) something an operator must act on. */
export async function notifyAdmins(db: Db, senders: Senders, text: string, now: Date): Promise<number> {
  let people = await db.person.findMany({ where: { role: "admin", active: true }, select: { id: true } });
  if (!people.length) people = await db.person.findMany({ where: { role: "coordinator", active: true }, select: { id: true } });
  let reached = 0;
  for (const p of people) {
    const r = await sendToPerson(db, senders, p.id, { text }, now);
    if (r.delivered) reached++;
  }
  return reached;
}
