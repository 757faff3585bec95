// Configuration: read once from the environment (and `.env` when present),
// validated with zod. A bad or missing variable stops start-up with a message
// that names it. Telegram settings are split by mode, so webhook settings
// cannot be missing in webhook mode.
import { existsSync } from "node:fs";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng "file:" (SQLite) hoặc "postgresql://"')
      .default("file:./data/cchc.db"),
    LOG_LEVEL: z.enum(logLevels).default("info"),
    DEFAULT_TIMEZONE: z
      .string()
      .refine(isTimeZone, "không phải múi giờ IANA hợp lệ (ví dụ: Asia/Ho_Chi_Minh)")
      .default("Asia/Ho_Chi_Minh"),
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{5,}$/, 'không đúng dạng token của BotFather (ví dụ "123456789:AAH…")')
      .optional(),
    TELEGRAM_API_ROOT: z.url({ message: "phải là một URL, ví dụ https://api.telegram.org" }).default("https://api.telegram.org"),
    TELEGRAM_BOT_USERNAME: z
      .string()
      .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "không đúng dạng tên bot (ví dụ cchc_ngocson_bot)")
      .optional(),
    TELEGRAM_WEBHOOK_URL: z
      .url({ message: "phải là URL https công khai, ví dụ https://bot.ubnd-ngocson.vn/telegram" })
      .refine((u) => u.startsWith("https://") || u.startsWith("http://127.0.0.1") || u.startsWith("http://localhost"), "phải dùng https")
      .optional(),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "phải dài 16–256 ký tự, chỉ gồm chữ, số, _ và -")
      .optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    HOST: z.string().default("0.0.0.0"),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "bắt buộc khi đặt TELEGRAM_WEBHOOK_URL" });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_BOT_TOKEN"], message: "bắt buộc khi đặt TELEGRAM_WEBHOOK_URL" });
    }
  });

export type TelegramConfig =
  | { mode: "polling"; token: string; apiRoot: string; botUsername?: string }
  | { mode: "webhook"; token: string; apiRoot: string; botUsername?: string; webhookUrl: string; secret: string };

export type Config = {
  databaseUrl: string;
  logLevel: (typeof logLevels)[number];
  defaultTimezone: string;
  telegram: TelegramConfig | null;
  /** Bot username for invite links even when the token is not configured here (operator machines). */
  telegramBotUsername?: string;
  http: { port: number; host: string };
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
  const botUsername = c.TELEGRAM_BOT_USERNAME?.replace(/^@/, "");
  let telegram: TelegramConfig | null = null;
  if (c.TELEGRAM_BOT_TOKEN) {
    const base = { token: c.TELEGRAM_BOT_TOKEN, apiRoot: c.TELEGRAM_API_ROOT.replace(/\/+$/, ""), ...(botUsername ? { botUsername } : {}) };
    telegram = c.TELEGRAM_WEBHOOK_URL
      ? { mode: "webhook", ...base, webhookUrl: c.TELEGRAM_WEBHOOK_URL, secret: c.TELEGRAM_WEBHOOK_SECRET! }
      : { mode: "polling", ...base };
  }
  return {
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    defaultTimezone: c.DEFAULT_TIMEZONE,
    telegram,
    ...(botUsername ? { telegramBotUsername: botUsername } : {}),
    http: { port: c.PORT, host: c.HOST },
  };
}

let cached: Config | undefined;

/** The process configuration, read once. Loads `.env` from the working directory if it exists. */
export function loadConfig(): Config {
  if (cached) return cached;
  if (existsSync(".env")) process.loadEnvFile(".env");
  cached = parseConfig(process.env);
  return cached;
}
