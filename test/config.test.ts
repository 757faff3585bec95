import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("configuration", () => {
  it("uses the embedded defaults when nothing is set", () => {
    expect(parseConfig({})).toEqual({
      databaseUrl: "file:./data/cchc.db",
      logLevel: "info",
      defaultTimezone: "Asia/Ho_Chi_Minh",
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

  it("names every bad variable at once", () => {
    try {
      parseConfig({ LOG_LEVEL: "x", DEFAULT_TIMEZONE: "Mars/Base" });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain("LOG_LEVEL");
      expect((err as Error).message).toContain("DEFAULT_TIMEZONE");
    }
  });
});
