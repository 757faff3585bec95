import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TITLES } from "../src/domain/titles.ts";
import {
  addTitleAlias,
  ensureOffice,
  findOffice,
  findTitle,
  loadCatalogue,
  mergeTitles,
  renameTitle,
  requireOffice,
  UserError,
} from "../src/offices.ts";
import { createTestDb, type TestDb } from "./helpers/db.ts";

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe("offices and titles", () => {
  it("creates an office once, with the default titles", async () => {
    const a = await ensureOffice(t.db, "UBND xã Ngọc Sơn", { timezone: "Asia/Ho_Chi_Minh" });
    expect(a.created).toBe(true);
    const b = await ensureOffice(t.db, "ubnd xa ngoc son", { timezone: "Asia/Ho_Chi_Minh" });
    expect(b.created).toBe(false);
    expect(b.office.id).toBe(a.office.id);
    const catalogue = await loadCatalogue(t.db, a.office.id);
    expect(catalogue.map((c) => c.name).sort()).toEqual(DEFAULT_TITLES.map((d) => d.name).sort());
  });

  it("finds an office as people type it, and lists the known ones otherwise", async () => {
    expect((await findOffice(t.db, "UBND XÃ NGỌC SƠN"))?.name).toBe("UBND xã Ngọc Sơn");
    expect((await requireOffice(t.db, undefined)).name).toBe("UBND xã Ngọc Sơn");
    await expect(requireOffice(t.db, "UBND xã Không Có")).rejects.toThrow(/Không có đơn vị "UBND xã Không Có".*Ngọc Sơn/);
    await ensureOffice(t.db, "UBND xã Lộc Hòa", { timezone: "Asia/Ho_Chi_Minh" });
    await expect(requireOffice(t.db, undefined)).rejects.toThrow(UserError);
  });

  it("finds titles by any alias", async () => {
    const office = (await findOffice(t.db, "UBND xã Ngọc Sơn"))!;
    expect((await findTitle(t.db, office.id, "Tư pháp - Hộ tịch"))?.name).toBe("Tư pháp - Hộ tịch");
    expect(await findTitle(t.db, office.id, "Phòng Không Tồn Tại")).toBeNull();
  });

  it("adds an alias, and refuses one that belongs to another title", async () => {
    const office = (await findOffice(t.db, "UBND xã Ngọc Sơn"))!;
    await addTitleAlias(t.db, office.id, "Tư pháp - Hộ tịch", "Ban Tư pháp");
    expect((await findTitle(t.db, office.id, "ban tu phap"))?.name).toBe("Tư pháp - Hộ tịch");
    await expect(addTitleAlias(t.db, office.id, "Văn hóa - Xã hội", "Ban Tư pháp")).rejects.toThrow(/gộp/);
  });

  it("renames a title and keeps the old name as an alias", async () => {
    const office = (await findOffice(t.db, "UBND xã Ngọc Sơn"))!;
    await renameTitle(t.db, office.id, "Văn phòng UBND xã", "Văn phòng HĐND - UBND xã");
    expect((await findTitle(t.db, office.id, "Văn phòng UBND xã"))?.name).toBe("Văn phòng HĐND - UBND xã");
    await expect(renameTitle(t.db, office.id, "Văn phòng HĐND - UBND xã", "Tư pháp - Hộ tịch")).rejects.toThrow(UserError);
  });

  it("merges a title into another: links, targets and aliases move over", async () => {
    const office = (await findOffice(t.db, "UBND xã Ngọc Sơn"))!;
    const from = (await findTitle(t.db, office.id, "Văn phòng HĐND - UBND xã"))!;
    const into = (await findTitle(t.db, office.id, "Văn phòng - Thống kê"))!;
    const plan = await t.db.plan.create({ data: { officeId: office.id, year: 2024 } });
    const task = await t.db.task.create({
      data: { planId: plan.id, seq: 1, key: "direction:1", area: "direction", ref: "1", sourceRow: 2, text: "Nhiệm vụ thử", deadlineText: "" },
    });
    await t.db.taskTitle.create({ data: { taskId: task.id, titleId: from.id, role: "lead", raw: "Văn phòng UBND xã" } });
    await t.db.taskTitle.create({ data: { taskId: task.id, titleId: into.id, role: "lead", raw: "Văn phòng - Thống kê" } });
    await t.db.taskTitle.create({ data: { taskId: task.id, titleId: from.id, role: "support", raw: "Văn phòng UBND" } });

    await mergeTitles(t.db, office.id, "Văn phòng HĐND - UBND xã", "Văn phòng - Thống kê");

    const links = await t.db.taskTitle.findMany({ where: { taskId: task.id }, orderBy: { role: "asc" } });
    expect(links.map((l) => [l.titleId, l.role])).toEqual([
      [into.id, "lead"],
      [into.id, "support"],
    ]);
    expect(await t.db.officerTitle.findUnique({ where: { id: from.id } })).toBeNull();
    expect((await findTitle(t.db, office.id, "Văn phòng UBND xã"))?.name).toBe("Văn phòng - Thống kê");
    await expect(mergeTitles(t.db, office.id, "Văn phòng - Thống kê", "VP-TK")).rejects.toThrow(/cùng một chức danh/);
  });
});
