// Configuration: read once from the environment (and `.env` when present),
// validated with zod. A bad or missing variable stops start-up with a message
// that names it.
import { existsSync } from "node:fs";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng "file:" (SQLite) hoặc "postgresql://"')
    .default("file:./data/cchc.db"),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  DEFAULT_TIMEZONE: z
    .string()
    .refine(isTimeZone, "không phải múi giờ IANA hợp lệ (ví dụ: Asia/Ho_Chi_Minh)")
    .default("Asia/Ho_Chi_Minh"),
});

export type Config = {
  databaseUrl: string;
  logLevel: (typeof logLevels)[number];
  defaultTimezone: string;
};

export class ConfigError extends Error {}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses the given environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  // Empty strings count as unset, as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `- ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ (xem .env.example):\n${lines.join("\n")}`);
  }
  const c = result.data;
  return { databaseUrl: c.DATABASE_URL, logLevel: c.LOG_LEVEL, defaultTimezone: c.DEFAULT_TIMEZONE };
}

let cached: Config | undefined;

/** The process configuration, read once. Loads `.env` from the working directory if it exists. */
export function loadConfig(): Config {
  if (cached) return cached;
  if (existsSync(".env")) process.loadEnvFile(".env");
  cached = parseConfig(process.env);
  return cached;
}
