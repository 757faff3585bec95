// Structured logs (pino) to stderr, so stdout stays free for command output and JSON.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "cchc-bot" } }, pino.destination(2));
}
