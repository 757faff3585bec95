// `npm start` as deployed: the real entry point with Telegram configured against
// the fake Bot API, then a graceful SIGTERM.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegramServer } from "./fakes/telegram-server.ts";

const ROOT = path.join(import.meta.dirname, "..");
let fake: FakeTelegramServer;
let dir: string;

beforeAll(async () => {
  fake = await FakeTelegramServer.start({ token: "123456789:AAHtestTOKENforCCHCbot_x1" });
  dir = mkdtempSync(path.join(tmpdir(), "cchc-main-"));
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start with Telegram configured", () => {
  it("initialises the bot, answers a stranger, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `file:${path.join(dir, "main.db")}`,
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d.toString()));
    child.stderr.on("data", (d) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    // A long poll is recorded only when it returns: poll until one is open.
    const deadline = Date.now() + 20_000;
    while (fake.pendingLongPolls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.pendingLongPolls, stderr).toBeGreaterThan(0);
    expect(fake.callsTo("getMe").length).toBeGreaterThan(0);
    expect(fake.callsTo("setMyCommands").length).toBe(1);
    expect(fake.callsTo("deleteWebhook").length).toBeGreaterThan(0);

    fake.pushText({ id: 4242, first_name: "Khách" }, "/nhiemvu");
    await fake.waitFor(() => fake.sentMessages(4242).length === 1, 10_000);
    expect(String(fake.sentMessages(4242)[0]!.body.text)).toContain("chưa được liên kết");
    expect(stdout).toContain("cchc-bot đang chạy với Telegram @");

    child.kill("SIGTERM");
    expect(await exited, stderr).toBe(0);
  }, 40_000);
});
