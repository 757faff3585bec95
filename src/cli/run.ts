// Shared plumbing for operator commands: argument parsing, the database, and
// one error boundary that turns mistakes into a clear message and exit code.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDatabase, type Db } from "../db/client.ts";
import { UserError } from "../offices.ts";

export interface CommandContext {
  config: Config;
  db: () => Db;
}

/** Runs a command body; prints UserError messages (exit 1) and unexpected errors (exit 2). */
export async function runCommand(body: (ctx: CommandContext) => Promise<void>): Promise<void> {
  let db: Db | undefined;
  try {
    const config = loadConfig();
    await body({
      config,
      db: () => (db ??= openDatabase(config.databaseUrl)),
    });
  } catch (err) {
    if (err instanceof UserError || err instanceof ConfigError) {
      console.error(`Lỗi: ${err.message}`);
      process.exitCode = 1;
    } else {
      console.error("Lỗi không mong đợi:", err);
      process.exitCode = 2;
    }
  } finally {
    await db?.$disconnect();
  }
}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.replace(/^.*?: /, "")}. Thêm --help để xem cách dùng.`);
  }
}

/** A plain text table; Vietnamese letters are single-width once NFC-composed. */
export function formatTable(headers: string[], rows: (string | number | null | undefined)[][], maxWidth = 60): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : String(c))))].map((r) =>
    r.map((c) => {
      const t = c.normalize("NFC").replace(/\s+/g, " ");
      return t.length > maxWidth ? `${t.slice(0, maxWidth - 1)}…` : t;
    }),
  );
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const sep = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join("\n");
}
