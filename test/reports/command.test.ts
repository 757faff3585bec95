// The operator command `npm run report`, run as a child process on a fixture database.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureOffice } from "../../src/offices.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { seedReportFixture } from "./fixture.ts";

const ROOT = path.join(import.meta.dirname, "..", "..");
let t: TestDb;
let outRoot: string;

function report(args: string[]) {
  const out = path.join(outRoot, `run-${Math.random().toString(36).slice(2)}`);
  const res = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["commands/compile-report.ts", ...args, "--out", out], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, out };
}

beforeAll(async () => {
  t = createTestDb();
  await seedReportFixture(t.db);
  await ensureOffice(t.db, "UBND xã Trống", { timezone: "Asia/Ho_Chi_Minh" });
  outRoot = mkdtempSync(path.join(tmpdir(), "cchc-report-out-"));
});
afterAll(async () => {
  await t.close();
  rmSync(outRoot, { recursive: true, force: true });
});

describe("npm run report", () => {
  it("writes the .docx and .xlsx and prints the summary", () => {
    const r = report(["--period", "quý 1", "--office", "ubnd xa ngoc son", "--date", "2024-03-18"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("TỔNG HỢP CCHC QUÝ I NĂM 2024");
    expect(r.stdout).toContain("Chưa báo cáo:");
    expect(r.stdout).toContain(path.join(r.out, "bao-cao-cchc-2024-Q1.docx"));
    expect(readdirSync(r.out).sort()).toEqual(["bao-cao-cchc-2024-Q1.docx", "bao-cao-cchc-2024-Q1.xlsx"]);
  });

  it.each([
    [["--period", "quý 5", "--office", "UBND xã Ngọc Sơn"], /Quý chỉ từ 1 đến 4/],
    [["--period", "quý 1", "--office", "UBND xã Không Có"], /Không có đơn vị "UBND xã Không Có"/],
    [["--period", "quý 1", "--office", "UBND xã Trống"], /UBND xã Trống chưa có kế hoạch CCHC/],
    [["--period", "quý 1", "--office", "UBND xã Ngọc Sơn", "--year", "2023"], /chưa có kế hoạch CCHC năm 2023/],
    [["--period", "quý 1"], /Hãy chỉ rõ đơn vị/],
    [["--office", "UBND xã Ngọc Sơn"], /Thiếu kỳ báo cáo/],
    [["--period", "quý 1", "--office", "UBND xã Ngọc Sơn", "--date", "18/03/2024"], /Ngày "18\/03\/2024" không hợp lệ/],
  ])("refuses %j with a Vietnamese message, exit 1, nothing written", (args, message) => {
    const r = report(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Lỗi: /);
    expect(r.stderr).toMatch(message);
    expect(existsSync(r.out)).toBe(false);
  });
});
