import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("configuration", () => {
  it("uses the embedded defaults when nothing is set", () => {
    expect(parseConfig({})).toEqual({
      databaseUrl: "file:./data/cchc.db",
      logLevel: "info",
      defaultTimezone: "Asia/Ho_Chi_Minh",
      telegram: null,
      zalo: null,
      http: { port: 8080, host: "0.0.0.0" },
    });
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", LOG_LEVEL: "" }).databaseUrl).toBe("file:./data/cchc.db");
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ DEFAULT_TIMEZONE: "Asia/Hanoi_City" }, "DEFAULT_TIMEZONE"],
  ])("stops on a bad variable and names it: %j", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });

  it("chooses long polling with a token, webhook mode when a public URL is set", () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: "123456:ABCDEF_ghij" }).telegram).toEqual({
      mode: "polling",
      token: "123456:ABCDEF_ghij",
      apiRoot: "https://api.telegram.org",
    });
    const hook = parseConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABCDEF_ghij",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/telegram",
      TELEGRAM_WEBHOOK_SECRET: "s3cret-s3cret-s3cret",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
    }).telegram;
    expect(hook).toMatchObject({ mode: "webhook", webhookUrl: "https://bot.example.vn/telegram", apiRoot: "http://127.0.0.1:9000" });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: "not-a-token" }, "TELEGRAM_BOT_TOKEN"],
    [{ TELEGRAM_BOT_TOKEN: "123456:ABCDEF_ghij", TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/t" }, "TELEGRAM_WEBHOOK_SECRET"],
    [{ TELEGRAM_WEBHOOK_URL: "http://bot.example.vn/t", TELEGRAM_WEBHOOK_SECRET: "s3cret-s3cret-s3cret" }, "TELEGRAM_WEBHOOK_URL"],
    [{ PORT: "70000" }, "PORT"],
    [{ TELEGRAM_API_ROOT: "not a url" }, "TELEGRAM_API_ROOT"],
  ])("refuses inconsistent Telegram settings: %j", (env, name) => {
    expect(() => parseConfig(env)).toThrow(name);
  });

  it("names every bad variable at once", () => {
    try {
      parseConfig({ LOG_LEVEL: "x", DEFAULT_TIMEZONE: "Mars/Base" });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain("LOG_LEVEL");
      expect((err as Error).message).toContain("DEFAULT_TIMEZONE");
    }
  });

  const zaloEnv = {
    ZALO_APP_ID: "1234567890123456789",
    ZALO_APP_SECRET: "AbCdEfGh12345678",
    ZALO_OA_SECRET_KEY: "QrStUvWx87654321",
    ZALO_OA_ID: "579745863508352884",
  };

  it("turns Zalo on with the four OA settings, with default endpoints and webhook path", () => {
    expect(parseConfig(zaloEnv).zalo).toEqual({
      appId: "1234567890123456789",
      appSecret: "AbCdEfGh12345678",
      oaSecretKey: "QrStUvWx87654321",
      oaId: "579745863508352884",
      apiBase: "https://openapi.zalo.me",
      oauthBase: "https://oauth.zaloapp.com",
      webhookPath: "/zalo/webhook",
    });
    const custom = parseConfig({
      ...zaloEnv,
      ZALO_API_BASE: "http://127.0.0.1:9100/",
      ZALO_OAUTH_BASE: "http://127.0.0.1:9100",
      ZALO_WEBHOOK_PATH: "/hooks/zalo",
      ZALO_REDIRECT_URI: "https://bot.example.vn/zalo/oauth",
      ZALO_REFRESH_TOKEN: "rt-bootstrap-0123456789",
    }).zalo;
    expect(custom).toMatchObject({
      apiBase: "http://127.0.0.1:9100",
      webhookPath: "/hooks/zalo",
      redirectUri: "https://bot.example.vn/zalo/oauth",
      bootstrapRefreshToken: "rt-bootstrap-0123456789",
    });
  });

  it("refuses half a Zalo configuration and names every missing variable", () => {
    try {
      parseConfig({ ZALO_APP_ID: "1234567890123456789", ZALO_REFRESH_TOKEN: "rt-bootstrap-0123456789" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      for (const name of ["ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_ID"]) expect(message).toContain(name);
      expect(message).toContain("bắt buộc khi dùng Zalo");
    }
  });

  it.each([
    [{ ...zaloEnv, ZALO_APP_ID: "my-app" }, "ZALO_APP_ID"],
    [{ ...zaloEnv, ZALO_OA_ID: "oa 12" }, "ZALO_OA_ID"],
    [{ ...zaloEnv, ZALO_API_BASE: "openapi.zalo.me" }, "ZALO_API_BASE"],
    [{ ...zaloEnv, ZALO_WEBHOOK_PATH: "zalo" }, "ZALO_WEBHOOK_PATH"],
    [{ ZALO_OA_SECRET_KEY: "QrStUvWx87654321" }, "ZALO_APP_ID"],
  ])("refuses bad Zalo settings: %j", (env, name) => {
    expect(() => parseConfig(env)).toThrow(name);
  });
});
