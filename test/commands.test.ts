// Operator commands run as a user runs them (a child process on a temporary
// database): readable output, clear refusals, non-zero exits, nothing changed.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../src/db/client.ts";

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, "..");
const FIXTURE = path.join(ROOT, "..", "shared", "fixtures", "plans", "ngoc-son-2024.docx");
let dir: string;
let env: NodeJS.ProcessEnv;
let db: Db;

async function cmd(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", path.join(ROOT, "commands", `${name}.ts`), ...args], {
      cwd: ROOT,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function docxWithoutTable(file: string): Promise<void> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch cải cách hành chính năm 2024 — không có phụ lục.</w:t></w:r></w:p></w:body></w:document>`,
  );
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cchc-cmd-"));
  env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "cmd.db")}`, LOG_LEVEL: "silent" };
  db = openDatabase(env.DATABASE_URL!);
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("import", () => {
  it("refuses bad input with a clear message, a non-zero exit, and stores nothing", async () => {
    const notZip = path.join(dir, "hong.docx");
    writeFileSync(notZip, "đây không phải tệp Word");
    const noTable = path.join(dir, "khong-bang.docx");
    await docxWithoutTable(noTable);
    const cases: [string[], RegExp][] = [
      [[path.join(dir, "khong-co.docx"), "--office", "UBND xã Thử"], /Không tìm thấy tệp/],
      [[path.join(ROOT, "README.md"), "--office", "UBND xã Thử"], /chỉ nhận kế hoạch dạng \.docx/],
      [[notZip, "--office", "UBND xã Thử"], /không phải là tài liệu Word/i],
      [[noTable, "--office", "UBND xã Thử"], /Không tìm thấy bảng/],
      [[FIXTURE, "--office", "UBND xã Thử", "--year", "24"], /Năm "24" không hợp lệ/],
      [[FIXTURE, "--bogus"], /--help/],
      [[], /Hãy chỉ một tệp/],
    ];
    for (const [args, message] of cases) {
      const r = await cmd("import-plan", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    expect(await db.office.count()).toBe(0);
  });

  it("--dry-run --json prints only JSON and stores nothing", async () => {
    const r = await cmd("import-plan", FIXTURE, "--office", "UBND xã Ngọc Sơn", "--dry-run", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ office: "UBND xã Ngọc Sơn", year: 2024 });
    expect(json.tasks).toHaveLength(34);
    expect(json.tasks[0]).toEqual(
      expect.objectContaining({
        row: expect.any(Number),
        area: expect.any(String),
        task: expect.any(String),
        lead: expect.arrayContaining([expect.objectContaining({ raw: expect.any(String), title: expect.any(String) })]),
        deadlineText: expect.any(String),
        milestones: expect.any(Array),
      }),
    );
    expect(Array.isArray(json.targets) && Array.isArray(json.problems)).toBe(true);
    expect(await db.plan.count()).toBe(0);
  });

  it("through npm too, stdout holds nothing but the JSON (npm's script banner is silenced)", async () => {
    const { stdout } = await run("npm", ["run", "import", "--", FIXTURE, "--office", "UBND xã Ngọc Sơn", "--dry-run", "--json"], {
      cwd: ROOT,
      env,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout).tasks).toHaveLength(34);
  });

  it("prints a summary, stores the plan, and updates it on a second import", async () => {
    const first = await cmd("import-plan", FIXTURE, "--office", "UBND xã Ngọc Sơn");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("34 nhiệm vụ");
    expect(first.stdout).toContain("Nhiệm vụ theo lĩnh vực");
    expect(first.stdout).toContain("Cải cách thủ tục hành chính");
    expect(first.stdout).toContain("Tư pháp - Hộ tịch");
    expect(first.stdout).toContain("34 nhiệm vụ mới");
    const again = await cmd("import-plan", FIXTURE, "--office", "ubnd xa ngoc son");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0 nhiệm vụ mới, 34 cập nhật");
    expect(await db.plan.count()).toBe(1);
    expect(await db.task.count()).toBe(34);
    expect(await db.office.count()).toBe(1);
  });
});

describe("tasks, titles, office", () => {
  it("lists tasks by title, area and period", async () => {
    const byTitle = await cmd("tasks", "--title", "TP-HT");
    expect(byTitle.code).toBe(0);
    expect(byTitle.stdout).toContain("chức danh Tư pháp - Hộ tịch: 10 nhiệm vụ");
    const byArea = await cmd("tasks", "--area", "tài chính công");
    expect(byArea.stdout).toContain("lĩnh vực Cải cách tài chính công: 3 nhiệm vụ");
    const byPeriod = await cmd("tasks", "--period", "quý 1");
    expect(byPeriod.stdout).toMatch(/kỳ quý I năm 2024 \(15\/12\/2023–14\/03\/2024\)/);
  });

  it("refuses an unknown office, title, area or period", async () => {
    for (const [args, message] of [
      [["--office", "UBND xã Không Có"], /Không có đơn vị "UBND xã Không Có"/],
      [["--title", "Phòng Vũ Trụ"], /Không có chức danh/],
      [["--area", "thể thao"], /Không nhận ra lĩnh vực/],
      [["--period", "quý 5"], /1 đến 4/],
    ] as [string[], RegExp][]) {
      const r = await cmd("tasks", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it("renames, aliases and merges titles, keeping the old names for the next import", async () => {
    expect((await cmd("titles", "alias", "Tư pháp - Hộ tịch", "Ban Tư pháp")).code).toBe(0);
    expect((await cmd("titles", "rename", "Bộ phận Tiếp nhận và Trả kết quả", "Bộ phận Một cửa")).code).toBe(0);
    const merge = await cmd("titles", "merge", "Bộ phận Một cửa", "Tư pháp - Hộ tịch");
    expect(merge.code).toBe(0);
    const list = await cmd("titles", "list");
    expect(list.stdout).toContain("Ban Tư pháp");
    expect(list.stdout).not.toMatch(/^Bộ phận Một cửa /m);
    const tasks = await cmd("tasks", "--title", "Bộ phận một cửa xã");
    expect(tasks.stdout).toContain("chức danh Tư pháp - Hộ tịch");
    const reimport = await cmd("import-plan", FIXTURE, "--office", "UBND xã Ngọc Sơn");
    expect(reimport.stdout).not.toContain("Chức danh/đơn vị mới");
    const bad = await cmd("titles", "merge", "Không Có", "Tư pháp - Hộ tịch");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Không có chức danh "Không Có"');
  });

  it("shows the office's settings", async () => {
    const r = await cmd("office");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Asia/Ho_Chi_Minh");
    expect(r.stdout).toContain("Nghị định 09/2019/NĐ-CP");
    expect(r.stdout).toMatch(/2024\s+34/);
  });
});

describe("invites and people", () => {
  it("creates, lists and revokes an invite; refuses an unknown title", async () => {
    const created = await cmd("invite", "create", "--title", "Văn hóa - Xã hội", "--name", "Phạm Minh Tuấn");
    expect(created.code).toBe(0);
    const code = /: ([A-Z0-9]{8})$/m.exec(created.stdout)![1]!;
    expect(created.stdout).toContain(`/start ${code}`);
    const withLink = await run(process.execPath, ["--import", "tsx", path.join(ROOT, "commands", "invite.ts"), "create", "--title", "Tư pháp - Hộ tịch"], {
      cwd: ROOT,
      env: { ...env, TELEGRAM_BOT_USERNAME: "cchc_ngocson_bot" },
    });
    expect(withLink.stdout).toMatch(/https:\/\/t\.me\/cchc_ngocson_bot\?start=[A-Z0-9]{8}/);
    expect((await cmd("invite", "list")).stdout).toContain("còn hiệu lực");
    expect((await cmd("invite", "revoke", code)).code).toBe(0);
    expect((await cmd("invite", "list")).stdout).toContain("đã hủy");
    const bad = await cmd("invite", "create", "--title", "Phòng Vũ Trụ");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Không có chức danh");
  });

  it("lists people and moves a title from one person to another", async () => {
    const office = await db.office.findFirstOrThrow();
    const title = await db.officerTitle.findFirstOrThrow({ where: { officeId: office.id, name: "Tài chính - Kế toán" } });
    const a = await db.person.create({ data: { officeId: office.id, fullName: "Lê Văn Hùng" } });
    const b = await db.person.create({ data: { officeId: office.id, fullName: "Đỗ Thị Mai" } });
    await db.titleAssignment.create({ data: { personId: a.id, titleId: title.id, fromDate: "2024-01-01" } });
    await db.channelIdentity.create({ data: { personId: a.id, channel: "telegram", externalId: "555" } });
    const list = await cmd("people", "list");
    expect(list.stdout).toContain("Lê Văn Hùng");
    expect(list.stdout).toContain("telegram");
    const moved = await cmd("people", "move-title", "Tài chính - Kế toán", "--to", String(b.id));
    expect(moved.code).toBe(0);
    const after = await cmd("people", "list");
    expect(after.stdout).toMatch(/Đỗ Thị Mai\s+công chức\s+Tài chính - Kế toán/);
    expect(after.stdout).toMatch(/Lê Văn Hùng\s+công chức\s+\(không có\)/);
    const bad = await cmd("people", "move-title", "Tài chính - Kế toán", "--to", "99999");
    expect(bad.code).toBe(1);
  });
});
