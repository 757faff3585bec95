// Who is writing: the person behind a channel identity, the titles they hold
// today, their role and their office's plan.
import type { Db } from "../db/client.ts";
import { todayIn } from "../domain/dates.ts";
import { currentReportingPeriod, reportingPeriod } from "../domain/periods.ts";
import type { PeriodRule, ReportingPeriod } from "../domain/types.ts";
import { heldOn, type OfficeRow } from "../offices.ts";
import type { ChannelName, Role } from "./types.ts";

export interface HeldTitle {
  id: number;
  name: string;
  kind: string;
}

export interface PersonContext {
  person: { id: number; fullName: string; role: Role; officeId: number };
  identityId: number;
  channel: ChannelName;
  office: OfficeRow;
  titles: HeldTitle[];
  now: Date;
  today: string;
  rule: PeriodRule;
  /** The quarter an officer is most likely reporting on today. */
  currentPeriod: ReportingPeriod;
  plan: { id: number; year: number } | null;
}

/** Days after a quarter's cut-off during which it stays the "current" one (its report is being written). */
export function graceDays(office: Pick<OfficeRow, "reportDueDays">): number {
  return office.reportDueDays + 3;
}

/** Titles a person holds on `today` (see heldOn). */
export async function heldTitles(db: Db, personId: number, today: string): Promise<HeldTitle[]> {
  const rows = await db.titleAssignment.findMany({
    where: { personId, ...heldOn(today) },
    include: { title: true },
    orderBy: { id: "asc" },
  });
  const seen = new Set<number>();
  const out: HeldTitle[] = [];
  for (const r of rows) {
    if (seen.has(r.titleId)) continue;
    seen.add(r.titleId);
    out.push({ id: r.title.id, name: r.title.name, kind: r.title.kind });
  }
  return out;
}

export async function planFor(db: Db, officeId: number, year: number) {
  return (
    (await db.plan.findUnique({ where: { officeId_year: { officeId, year } }, select: { id: true, year: true } })) ??
    (await db.plan.findFirst({ where: { officeId }, orderBy: { year: "desc" }, select: { id: true, year: true } }))
  );
}

export async function loadContext(db: Db, channel: ChannelName, senderId: string, now: Date): Promise<PersonContext | null> {
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel, externalId: senderId } },
    include: { person: { include: { office: true } } },
  });
  if (!identity || !identity.person.active) return null;
  const office = identity.person.office;
  const today = todayIn(office.timezone, now);
  const rule = office.periodRule as PeriodRule;
  const current = reportingPeriod(currentReportingPeriod(today, rule, graceDays(office)), rule);
  return {
    person: {
      id: identity.person.id,
      fullName: identity.person.fullName,
      role: identity.person.role as Role,
      officeId: office.id,
    },
    identityId: identity.id,
    channel,
    office,
    titles: await heldTitles(db, identity.person.id, today),
    now,
    today,
    rule,
    currentPeriod: current,
    plan: await planFor(db, office.id, current.year),
  };
}
