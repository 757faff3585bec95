// Configuration: read once from the environment (and `.env` when present),
// validated with zod. A bad or missing variable stops start-up with a message
// that names it. Telegram settings are split by mode, so webhook settings
// cannot be missing in webhook mode; Zalo settings are all or nothing.
import { existsSync } from "node:fs";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const ZALO_REQUIRED = ["ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_ID"] as const;
/** Zalo settings without a default: giving any of them turns Zalo on. */
const ZALO_ANY = [...ZALO_REQUIRED, "ZALO_REDIRECT_URI", "ZALO_REFRESH_TOKEN"] as const;

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
    ZALO_APP_ID: z.string().regex(/^\d{5,25}$/, "phải là dãy số App ID (trang Zalo for Developers → ứng dụng → App ID)").optional(),
    ZALO_APP_SECRET: z.string().regex(/^\S{8,200}$/, "phải là khóa bí mật của ứng dụng (Secret Key), không có khoảng trắng").optional(),
    ZALO_OA_SECRET_KEY: z
      .string()
      .regex(/^\S{8,200}$/, "phải là OA Secret Key trong phần cài đặt Webhook, không có khoảng trắng")
      .optional(),
    ZALO_OA_ID: z.string().regex(/^\d{5,25}$/, "phải là dãy số OA ID của Official Account").optional(),
    ZALO_API_BASE: z.url({ message: "phải là một URL, ví dụ https://openapi.zalo.me" }).default("https://openapi.zalo.me"),
    ZALO_OAUTH_BASE: z.url({ message: "phải là một URL, ví dụ https://oauth.zaloapp.com" }).default("https://oauth.zaloapp.com"),
    ZALO_WEBHOOK_PATH: z
      .string()
      .regex(/^\/[A-Za-z0-9/_.-]*$/, 'phải là đường dẫn bắt đầu bằng "/", ví dụ /zalo/webhook')
      .default("/zalo/webhook"),
    ZALO_REDIRECT_URI: z.url({ message: "phải là URL, ví dụ https://bot.ubnd-ngocson.vn/zalo/oauth" }).optional(),
    ZALO_REFRESH_TOKEN: z.string().regex(/^\S{10,2000}$/, "không đúng dạng refresh token của Zalo").optional(),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "bắt buộc khi đặt TELEGRAM_WEBHOOK_URL" });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_BOT_TOKEN"], message: "bắt buộc khi đặt TELEGRAM_WEBHOOK_URL" });
    }
    // Zalo is all or nothing: once any Zalo setting is given, the four that identify the OA must all be there.
    const zaloGiven = ZALO_ANY.filter((k) => env[k] !== undefined);
    if (zaloGiven.length) {
      for (const k of ZALO_REQUIRED) {
        if (env[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: `bắt buộc khi dùng Zalo (đã đặt ${zaloGiven[0]})` });
      }
    }
  });


export type TelegramConfig =
  | { mode: "polling"; token: string; apiRoot: string; botUsername?: string }
  | { mode: "webhook"; token: string; apiRoot: string; botUsername?: string; webhookUrl: string; secret: string };

export interface ZaloConfig {
  appId: string;
  /** The app's secret key: the `secret_key` header of OAuth calls. */
  appSecret: string;
  /** The OA secret key from the webhook settings: signs webhook events. */
  oaSecretKey: string;
  oaId: string;
  apiBase: string;
  oauthBase: string;
  webhookPath: string;
  redirectUri?: string;
  /** Used once, when the database holds no token pair yet. */
  bootstrapRefreshToken?: string;
}

export type Config = {
  databaseUrl: string;
  logLevel: (typeof logLevels)[number];
  defaultTimezone: string;
  telegram: TelegramConfig | null;
  zalo: ZaloConfig | null;
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
  const zalo: ZaloConfig | null = c.ZALO_APP_ID
    ? {
        appId: c.ZALO_APP_ID,
        appSecret: c.ZALO_APP_SECRET!,
        oaSecretKey: c.ZALO_OA_SECRET_KEY!,
        oaId: c.ZALO_OA_ID!,
        apiBase: c.ZALO_API_BASE.replace(/\/+$/, ""),
        oauthBase: c.ZALO_OAUTH_BASE.replace(/\/+$/, ""),
        webhookPath: c.ZALO_WEBHOOK_PATH,
        ...(c.ZALO_REDIRECT_URI ? { redirectUri: c.ZALO_REDIRECT_URI } : {}),
        ...(c.ZALO_REFRESH_TOKEN ? { bootstrapRefreshToken: c.ZALO_REFRESH_TOKEN } : {}),
      }
    : null;
  return {
    databaseUrl: c.DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    defaultTimezone: c.DEFAULT_TIMEZONE,
    telegram,
    zalo,
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
