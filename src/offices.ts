// Offices and their title catalogues: finding an office by name as people type
// it, seeding the default titles, renaming and merging titles.
import type { Db } from "./db/client.ts";
import { UserError } from "./errors.ts";
import { fold } from "./domain/text.ts";
import { DEFAULT_TITLES, matchTitle, titleKey, type TitleDef, type TitleKind } from "./domain/titles.ts";

export { UserError };

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type DbOrTx = Db | Tx;

/**
 * Title assignments held on `today` (a Prisma filter): from ≤ today and no end or today < end.
 * Removing someone from a title sets the end to that day, so access ends at once.
 */
export function heldOn(today: string) {
  return { fromDate: { lte: today }, OR: [{ toDate: null }, { toDate: { gt: today } }] };
}

export interface OfficeRow {
  id: number;
  name: string;
  timezone: string;
  periodRule: string;
  reportDueDays: number;
  inputLeadDays: number;
  reminderTime: string;
  reminderDays: number;
  escalateAfterDays: number;
}

/** Finds an office by name, ignoring case and diacritics ("ubnd xa ngoc son" finds "UBND xã Ngọc Sơn"). */
export async function findOffice(db: DbOrTx, name: string): Promise<OfficeRow | null> {
  const exact = await db.office.findUnique({ where: { name } });
  if (exact) return exact;
  const wanted = fold(name);
  const all = await db.office.findMany();
  return all.find((o) => fold(o.name) === wanted) ?? null;
}

/**
 * The office named, or the only office when no name is given.
 * Throws a UserError that lists the known offices otherwise.
 */
export async function requireOffice(db: Db, name: string | undefined): Promise<OfficeRow> {
  if (name) {
    const office = await findOffice(db, name);
    if (office) return office;
  }
  const all = await db.office.findMany({ orderBy: { name: "asc" } });
  if (!name && all.length === 1) return all[0]!;
  const known = all.length ? `Các đơn vị đã có: ${all.map((o) => `"${o.name}"`).join(", ")}.` : "Chưa có đơn vị nào: hãy nhập kế hoạch trước (npm run import).";
  if (!name) throw new UserError(`Hãy chỉ rõ đơn vị bằng --office "UBND xã …". ${known}`);
  throw new UserError(`Không có đơn vị "${name}". ${known}`);
}

/** Creates the office with the default title catalogue when it does not exist yet. */
export async function ensureOffice(
  db: Db,
  name: string,
  defaults: { timezone: string },
): Promise<{ office: OfficeRow; created: boolean }> {
  const existing = await findOffice(db, name);
  if (existing) return { office: existing, created: false };
  const office = await db.$transaction(async (tx) => {
    const office = await tx.office.create({ data: { name: name.trim(), timezone: defaults.timezone } });
    for (const def of DEFAULT_TITLES) await createTitle(tx, office.id, def.name, def.kind, def.aliases, false);
    return office;
  });
  return { office, created: true };
}

async function createTitle(
  tx: DbOrTx,
  officeId: number,
  name: string,
  kind: TitleKind,
  aliases: string[],
  fromImport: boolean,
): Promise<number> {
  const title = await tx.officerTitle.create({ data: { officeId, name, kind, fromImport } });
  await addAliases(tx, officeId, title.id, [name, ...aliases]);
  return title.id;
}

/** Adds aliases not yet known to the office; an alias already pointing at another title is left alone. */
async function addAliases(tx: DbOrTx, officeId: number, titleId: number, aliases: string[]): Promise<void> {
  for (const alias of aliases) {
    const key = titleKey(alias);
    if (!key) continue;
    const existing = await tx.titleAlias.findUnique({ where: { officeId_key: { officeId, key } } });
    if (!existing) await tx.titleAlias.create({ data: { officeId, titleId, alias, key } });
  }
}

export interface CatalogueEntry extends TitleDef {
  id: number;
  fromImport: boolean;
}

/** The office's titles with their aliases, in the shape the pure matcher takes. */
export async function loadCatalogue(db: DbOrTx, officeId: number): Promise<CatalogueEntry[]> {
  const titles = await db.officerTitle.findMany({
    where: { officeId },
    include: { aliases: true },
    orderBy: { id: "asc" },
  });
  return titles.map((t) => ({
    id: t.id,
    name: t.name,
    kind: t.kind as TitleKind,
    fromImport: t.fromImport,
    aliases: t.aliases.map((a) => a.alias),
  }));
}

export async function findTitle(db: DbOrTx, officeId: number, name: string): Promise<{ id: number; name: string } | null> {
  const exact = await db.officerTitle.findFirst({ where: { officeId, name } });
  if (exact) return exact;
  const key = titleKey(name);
  const alias = await db.titleAlias.findUnique({ where: { officeId_key: { officeId, key } }, include: { title: true } });
  if (alias) return alias.title;
  // Abbreviations and prefixed spellings ("VP-TK", "CC Tư pháp-hộ tịch") go through the matcher.
  const catalogue = await loadCatalogue(db, officeId);
  const match = matchTitle(name, catalogue).title as CatalogueEntry | null;
  return match ? { id: match.id, name: match.name } : null;
}

async function requireTitle(db: DbOrTx, officeId: number, name: string): Promise<{ id: number; name: string }> {
  const title = await findTitle(db, officeId, name);
  if (!title) throw new UserError(`Không có chức danh "${name}" trong đơn vị này. Xem danh sách: npm run titles -- list`);
  return title;
}

export async function createOfficeTitle(db: Db, officeId: number, name: string, kind: TitleKind): Promise<void> {
  if (await findTitle(db, officeId, name)) throw new UserError(`Chức danh "${name}" đã có.`);
  await db.$transaction((tx) => createTitle(tx, officeId, name.trim(), kind, [], false));
}

export async function addTitleAlias(db: Db, officeId: number, titleName: string, alias: string): Promise<string> {
  const title = await requireTitle(db, officeId, titleName);
  const key = titleKey(alias);
  if (!key) throw new UserError("Tên gọi khác không được để trống.");
  const existing = await db.titleAlias.findUnique({ where: { officeId_key: { officeId, key } }, include: { title: true } });
  if (existing && existing.titleId !== title.id) {
    throw new UserError(
      `"${alias}" đang là tên gọi khác của "${existing.title.name}". Nếu hai chức danh là một, hãy gộp: npm run titles -- merge "${existing.title.name}" "${title.name}"`,
    );
  }
  if (!existing) await db.titleAlias.create({ data: { officeId, titleId: title.id, alias, key } });
  return title.name;
}

/** Renames a title; the old name stays as an alias so the next import still maps it. */
export async function renameTitle(db: Db, officeId: number, from: string, to: string): Promise<void> {
  const title = await requireTitle(db, officeId, from);
  const clash = await db.officerTitle.findFirst({ where: { officeId, name: to.trim(), NOT: { id: title.id } } });
  if (clash) throw new UserError(`Đã có chức danh "${to}". Muốn gộp hai chức danh thì dùng: npm run titles -- merge`);
  await db.$transaction(async (tx) => {
    await tx.officerTitle.update({ where: { id: title.id }, data: { name: to.trim(), fromImport: false } });
    await addAliases(tx, officeId, title.id, [title.name, to]);
  });
}

/**
 * Merges `from` into `into`: its tasks, targets, holders, invites and aliases move over, then it is deleted.
 * Aliases are kept, so the next import maps the old spellings to the surviving title.
 */
export async function mergeTitles(db: Db, officeId: number, from: string, into: string): Promise<void> {
  const source = await requireTitle(db, officeId, from);
  const target = await requireTitle(db, officeId, into);
  if (source.id === target.id) throw new UserError("Hai tên này đã là cùng một chức danh.");
  await db.$transaction(async (tx) => {
    const links = await tx.taskTitle.findMany({ where: { titleId: source.id } });
    for (const link of links) {
      const dup = await tx.taskTitle.findUnique({
        where: { taskId_titleId_role: { taskId: link.taskId, titleId: target.id, role: link.role } },
      });
      if (dup) await tx.taskTitle.delete({ where: { id: link.id } });
      else await tx.taskTitle.update({ where: { id: link.id }, data: { titleId: target.id } });
    }
    await tx.target.updateMany({ where: { ownerTitleId: source.id }, data: { ownerTitleId: target.id } });
    await tx.titleAssignment.updateMany({ where: { titleId: source.id }, data: { titleId: target.id } });
    await tx.invite.updateMany({ where: { titleId: source.id }, data: { titleId: target.id } });
    await tx.titleAlias.updateMany({ where: { titleId: source.id }, data: { titleId: target.id } });
    await tx.officerTitle.delete({ where: { id: source.id } });
    await tx.officerTitle.update({ where: { id: target.id }, data: { fromImport: false } });
  });
}
