// Seeds a test database with a real plan from ../shared/fixtures and invites.
import type { Db } from "../../src/db/client.ts";
import { createInvite } from "../../src/chat/invites.ts";
import { ensureOffice, findTitle, loadCatalogue } from "../../src/offices.ts";
import { loadPlan } from "../../src/plans/load.ts";
import { storePlan } from "../../src/plans/store.ts";

export const FIXTURES = new URL("../../../shared/fixtures/plans/", import.meta.url);

export async function seedPlan(db: Db, name = "ngoc-son-2024", office = "UBND xã Ngọc Sơn") {
  const { office: row } = await ensureOffice(db, office, { timezone: "Asia/Ho_Chi_Minh" });
  const reading = await loadPlan(new URL(`${name}.docx`, FIXTURES).pathname, {
    office: row.name,
    catalogue: await loadCatalogue(db, row.id),
  });
  await storePlan(db, row, reading);
  return row;
}

export async function inviteFor(db: Db, officeId: number, title: string, fullName: string, now: Date, days = 7) {
  const t = await findTitle(db, officeId, title);
  if (!t) throw new Error(`no title ${title}`);
  return createInvite(db, { officeId, titleId: t.id, fullName, days, now });
}
