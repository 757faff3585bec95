// The Zalo OA Open API and OAuth v4 over axios, as ../shared/ZALO.md describes
// them: a bare `access_token` header, JSON bodies, `?data=<json>` for GETs, and
// an envelope whose `error` (not the HTTP status) says whether a call worked.
// IDs stay strings. Token errors refresh once and retry once; -32 backs off.
import { setTimeout as sleep } from "node:timers/promises";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import type { Logger } from "../../logger.ts";

/** Access token invalid or expired (±401 and -124 seen in the wild too). */
export const TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([-216, -220, -124, -401, 401]);
/** The user cannot get messages from the OA now: not following, banned/inactive, outside the 7-day window, restricted. */
export const UNREACHABLE_CODES: ReadonlySet<number> = new Set([-213, -227, -230, -232, -244]);
export const RATE_LIMIT_CODE = -32;
export const ATTACHMENT_EXPIRED_CODE = -100;
/** Invalid or over-limit parameter: a bug on our side. */
export const BAD_PARAMETER_CODES: ReadonlySet<number> = new Set([-201, -210]);

/** Zalo answered with a non-zero `error` in its envelope. */
export class ZaloApiError extends Error {
  constructor(
    readonly code: number,
    readonly apiMessage: string,
    readonly endpoint: string,
  ) {
    super(`Zalo ${endpoint}: ${code} ${apiMessage}`);
    this.name = "ZaloApiError";
  }
}

/** The call did not get a usable answer (network, timeout, 5xx, not JSON): worth retrying later. */
export class ZaloNetworkError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
  ) {
    super(`Zalo ${endpoint}: ${message}`);
    this.name = "ZaloNetworkError";
  }
}

/** Where the API client gets its access token; `refresh` is called after a token error with the token that failed. */
export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
  refresh(staleAccessToken: string): Promise<string>;
}

interface Envelope<T> {
  data?: T;
  error?: number | string;
  message?: string;
}

export interface UploadFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface ZaloApiOptions {
  apiBase: string;
  tokens: AccessTokenSource;
  logger?: Logger;
  http?: AxiosInstance;
  timeoutMs?: number;
  /** How many times a -32 (per-minute limit) is waited out before giving up. */
  rateLimitRetries?: number;
  /** First back-off after -32; doubles each time. */
  rateLimitBackoffMs?: number;
}

function newHttp(timeoutMs: number): AxiosInstance {
  // Every status is "valid": Zalo reports errors inside a 200, and we read the body either way.
  return axios.create({ timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0 });
}

function envelopeCode(body: Envelope<unknown>): number {
  const n = Number(body.error ?? 0);
  return Number.isFinite(n) ? n : -1;
}

function readEnvelope<T>(res: AxiosResponse, endpoint: string): Envelope<T> {
  const body = typeof res.data === "string" ? safeJson(res.data) : res.data;
  if (body && typeof body === "object") {
    const env = body as Envelope<T>;
    // Tolerate proxies that answer 401 without an envelope error: treat it as a token error.
    if (res.status === 401 && !envelopeCode(env)) return { ...env, error: 401, message: env.message ?? "Unauthorized" };
    if (res.status >= 500 && !envelopeCode(env)) throw new ZaloNetworkError(`HTTP ${res.status}`, endpoint);
    return env;
  }
  if (res.status === 401) return { error: 401, message: "Unauthorized" };
  throw new ZaloNetworkError(`HTTP ${res.status}, body is not JSON`, endpoint);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function networkError(err: unknown, endpoint: string): ZaloNetworkError {
  if (err instanceof ZaloNetworkError) return err;
  const e = err as { code?: string; message?: string };
  return new ZaloNetworkError(`${e.code ?? "network"}: ${e.message ?? String(err)}`, endpoint);
}

/** A multipart/form-data body with one `file` field, built by hand so the filename is exactly what we choose. */
export function multipartFile(file: UploadFile): { body: Buffer; contentType: string } {
  const boundary = `----cchc${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${file.name.replace(/["\r\n\\]/g, "_")}"\r\n` +
    `Content-Type: ${file.contentType}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, "utf8"), file.data, Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The OA Open API (openapi.zalo.me or a configured stand-in). */
export class ZaloApi {
  private readonly http: AxiosInstance;
  private readonly base: string;
  private readonly rateLimitRetries: number;
  private readonly backoffMs: number;

  constructor(private readonly opts: ZaloApiOptions) {
    this.http = opts.http ?? newHttp(opts.timeoutMs ?? 15_000);
    this.base = opts.apiBase.replace(/\/+$/, "");
    this.rateLimitRetries = opts.rateLimitRetries ?? 2;
    this.backoffMs = opts.rateLimitBackoffMs ?? 2_000;
  }

  /** POST a JSON body; returns `data` or throws ZaloApiError / ZaloNetworkError. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.authed<T>(path, (token) =>
      this.http.post(this.base + path, JSON.stringify(body), {
        headers: { access_token: token, "content-type": "application/json" },
        transformRequest: [(d: unknown) => d],
      }),
    );
  }

  /** GET with the parameters as one JSON string in `?data=`. */
  get<T>(path: string, params: Record<string, unknown>): Promise<T> {
    return this.authed<T>(path, (token) =>
      this.http.get(this.base + path, { headers: { access_token: token }, params: { data: JSON.stringify(params) } }),
    );
  }

  /** Uploads one file as multipart field `file`. */
  upload<T>(path: string, file: UploadFile): Promise<T> {
    const { body, contentType } = multipartFile(file);
    return this.authed<T>(path, (token) =>
      this.http.post(this.base + path, body, {
        headers: { access_token: token, "content-type": contentType },
        transformRequest: [(d: unknown) => d],
        maxBodyLength: 6 * 1024 * 1024,
      }),
    );
  }

  private async authed<T>(path: string, call: (token: string) => Promise<AxiosResponse>): Promise<T> {
    let token = await this.opts.tokens.getAccessToken();
    let refreshed = false;
    let waits = 0;
    for (;;) {
      let res: AxiosResponse;
      try {
        res = await call(token);
      } catch (err) {
        throw networkError(err, path);
      }
      const body = readEnvelope<T>(res, path);
      const code = envelopeCode(body);
      if (code === 0) return (body.data ?? {}) as T;
      const message = String(body.message ?? "");
      if (TOKEN_ERROR_CODES.has(code) && !refreshed) {
        refreshed = true;
        this.opts.logger?.info({ path, code }, "Zalo: access token refused, refreshing once");
        token = await this.opts.tokens.refresh(token);
        continue;
      }
      if (code === RATE_LIMIT_CODE && waits < this.rateLimitRetries) {
        const delay = this.backoffMs * 2 ** waits++;
        this.opts.logger?.warn({ path, delay }, "Zalo: per-minute limit (-32), backing off");
        await sleep(delay);
        continue;
      }
      if (BAD_PARAMETER_CODES.has(code)) this.opts.logger?.error({ path, code, message }, "Zalo refused our parameters (a bug on our side)");
      throw new ZaloApiError(code, message, path);
    }
  }
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds; Zalo sends it as a string. */
  expiresIn: number;
}

/** OAuth v4 refused or could not be reached. `retryable` is false when an OA admin must consent again. */
export class ZaloOAuthError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ZaloOAuthError";
  }
}

export interface ZaloOAuthOptions {
  oauthBase: string;
  appId: string;
  appSecret: string;
  http?: AxiosInstance;
  timeoutMs?: number;
}

/** OAuth v4 for Official Accounts (oauth.zaloapp.com or a configured stand-in). */
export class ZaloOAuth {
  private readonly http: AxiosInstance;
  private readonly base: string;

  constructor(private readonly opts: ZaloOAuthOptions) {
    this.http = opts.http ?? newHttp(opts.timeoutMs ?? 15_000);
    this.base = opts.oauthBase.replace(/\/+$/, "");
  }

  /** Trades a (single-use) refresh token for a new pair. */
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokenCall({ refresh_token: refreshToken, app_id: this.opts.appId, grant_type: "refresh_token" });
  }

  /** Trades the authorization code from the consent redirect for a first pair. */
  exchangeCode(code: string, codeVerifier?: string): Promise<TokenPair> {
    return this.tokenCall({
      code,
      app_id: this.opts.appId,
      grant_type: "authorization_code",
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
    });
  }

  /** The page where an OA admin grants the app access to the OA. */
  consentUrl(redirectUri: string, state: string, codeChallenge?: string): string {
    const q = new URLSearchParams({ app_id: this.opts.appId, redirect_uri: redirectUri, state });
    if (codeChallenge) q.set("code_challenge", codeChallenge);
    return `${this.base}/v4/oa/permission?${q.toString()}`;
  }

  private async tokenCall(form: Record<string, string>): Promise<TokenPair> {
    const endpoint = "/v4/oa/access_token";
    let res: AxiosResponse;
    try {
      res = await this.http.post(this.base + endpoint, new URLSearchParams(form).toString(), {
        headers: { secret_key: this.opts.appSecret, "content-type": "application/x-www-form-urlencoded" },
        transformRequest: [(d: unknown) => d],
      });
    } catch (err) {
      throw new ZaloOAuthError(networkError(err, endpoint).message, null, true);
    }
    const body = (typeof res.data === "string" ? safeJson(res.data) : res.data) as Record<string, unknown> | null;
    if (res.status >= 500 || !body || typeof body !== "object") {
      throw new ZaloOAuthError(`Zalo OAuth: HTTP ${res.status}, no usable answer`, null, true);
    }
    const access = body.access_token;
    const refresh = body.refresh_token;
    if (typeof access === "string" && access && typeof refresh === "string" && refresh) {
      const expiresIn = Number(body.expires_in ?? 90_000);
      return { accessToken: access, refreshToken: refresh, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 90_000 };
    }
    const code = Number(body.error ?? body.error_code ?? NaN);
    const reason = [body.error_name, body.error_reason, body.error_description, body.message].filter(Boolean).join(" — ");
    return Promise.reject(
      new ZaloOAuthError(`Zalo OAuth: ${Number.isFinite(code) ? code : "?"} ${reason || "no token in the answer"}`, Number.isFinite(code) ? code : null, code === RATE_LIMIT_CODE),
    );
  }
}
