// Invitation codes: the coordinator creates one for a title; the officer sends
// it to the bot to link her chat account. Codes avoid look-alike characters.
import { randomInt } from "node:crypto";
import type { Db } from "../db/client.ts";
import { fold } from "../domain/text.ts";
import { heldOn, UserError } from "../offices.ts";
import type { ChannelName, Role } from "./types.ts";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 8;
/** A bare code as officers may type it: 8 letters/digits, any case. */
export const CODE_RE = /^[A-Za-z0-9]{8}$/;

export function newInviteCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The role a title implies: the office-statistics officer coordinates, the chairs lead. */
export function roleForTitle(title: { name: string; kind: string }): Role {
  if (title.kind === "leader") return "leader";
  if (/van phong\s*-\s*thong ke/.test(fold(title.name))) return "coordinator";
  return "officer";
}

export interface CreateInviteInput {
  officeId: number;
  titleId: number;
  fullName?: string;
  role?: Role;
  days: number;
  now: Date;
}

export async function createInvite(db: Db, input: CreateInviteInput) {
  const title = await db.officerTitle.findUniqueOrThrow({ where: { id: input.titleId } });
  if (input.days <= 0 || input.days > 90) throw new UserError("Thời hạn mã mời phải từ 1 đến 90 ngày.");
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newInviteCode();
    if (await db.invite.findUnique({ where: { code } })) continue;
    return db.invite.create({
      data: {
        code,
        officeId: input.officeId,
        titleId: title.id,
        fullName: input.fullName?.trim() || null,
        role: input.role ?? roleForTitle(title),
        expiresAt: new Date(input.now.getTime() + input.days * 86_400_000),
      },
      include: { title: true },
    });
  }
  throw new Error("could not find a free invite code");
}

export async function revokeInvite(db: Db, officeId: number, code: string, now: Date): Promise<void> {
  const invite = await db.invite.findUnique({ where: { code: code.toUpperCase() } });
  if (!invite || invite.officeId !== officeId) throw new UserError(`Không có mã mời "${code}".`);
  if (invite.usedAt) throw new UserError(`Mã "${invite.code}" đã được dùng; muốn gỡ người đó khỏi chức danh thì dùng: npm run people -- remove-title`);
  await db.invite.update({ where: { id: invite.id }, data: { revokedAt: now } });
}

export type RedeemResult =
  | { ok: true; personId: number; fullName: string; titleName: string; newPerson: boolean; alreadyHeld: boolean }
  | { ok: false; reason: "unknown" | "used" | "expired" | "revoked" | "other-office" };

/**
 * Links a channel identity to the invite's title. A person already linked on this channel gets the
 * title added (kiêm nhiệm); an invite may also link a second channel of an existing person by name.
 */
export async function redeemInvite(
  db: Db,
  input: { code: string; channel: ChannelName; externalId: string; displayName?: string; now: Date; today: string },
): Promise<RedeemResult> {
  const code = input.code.trim().toUpperCase();
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({ where: { code }, include: { title: true } });
    if (!invite) return { ok: false, reason: "unknown" } as const;
    if (invite.revokedAt) return { ok: false, reason: "revoked" } as const;
    if (invite.usedAt) return { ok: false, reason: "used" } as const;
    if (invite.expiresAt.getTime() < input.now.getTime()) return { ok: false, reason: "expired" } as const;

    const identity = await tx.channelIdentity.findUnique({
      where: { channel_externalId: { channel: input.channel, externalId: input.externalId } },
      include: { person: true },
    });
    if (identity && identity.person.officeId !== invite.officeId) return { ok: false, reason: "other-office" } as const;

    let personId: number;
    let fullName: string;
    let newPerson = false;
    if (identity) {
      personId = identity.personId;
      fullName = identity.person.fullName;
    } else {
      // Same name already linked on another channel in this office: the same person, one more channel.
      const named = invite.fullName
        ? await tx.person.findFirst({ where: { officeId: invite.officeId, fullName: invite.fullName, active: true } })
        : null;
      if (named) {
        personId = named.id;
        fullName = named.fullName;
      } else {
        fullName = invite.fullName ?? input.displayName?.trim() ?? "Cán bộ";
        const person = await tx.person.create({
          data: { officeId: invite.officeId, fullName: fullName || "Cán bộ", role: invite.role, preferredChannel: input.channel },
        });
        personId = person.id;
        newPerson = true;
      }
      await tx.channelIdentity.create({
        data: { personId, channel: input.channel, externalId: input.externalId, displayName: input.displayName ?? null },
      });
    }
    // A stronger role from a new title wins (an officer who also becomes coordinator).
    const rank: Record<string, number> = { officer: 0, leader: 1, coordinator: 2, admin: 3 };
    const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    if ((rank[invite.role] ?? 0) > (rank[person.role] ?? 0)) await tx.person.update({ where: { id: personId }, data: { role: invite.role } });

    const held = await tx.titleAssignment.findFirst({
      where: { personId, titleId: invite.titleId, ...heldOn(input.today) },
    });
    if (!held) await tx.titleAssignment.create({ data: { personId, titleId: invite.titleId, fromDate: input.today } });
    await tx.invite.update({ where: { id: invite.id }, data: { usedAt: input.now, usedByPersonId: personId } });
    return { ok: true, personId, fullName, titleName: invite.title.name, newPerson, alreadyHeld: Boolean(held) } as const;
  });
}
