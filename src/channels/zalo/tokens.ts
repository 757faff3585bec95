// The OA's access/refresh token pair, kept in the database (ZaloToken).
// Refresh tokens are single-use, so a refresh is single-flight: inside a process
// callers share one promise; across processes a lease (refreshingBy/Until) is
// taken with a conditional update and the others poll the row until the new
// pair appears. The new pair is stored before anyone uses it. A refresh that
// fails for good marks the pair dead and alerts the operator once.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import { type AccessTokenSource, type TokenPair, ZaloOAuthError } from "./api.ts";
import { ZT } from "./texts.ts";

export const ALERT_TOKEN_DEAD = "zalo_token_dead";
export const ALERT_NOT_AUTHORIZED = "zalo_not_authorized";

/** No pair in the database and no bootstrap refresh token: an OA admin must authorise the app. */
export class ZaloNotAuthorizedError extends Error {
  constructor() {
    super("Zalo: no token pair stored; run `npm run zalo -- authorize --code <code>`");
    this.name = "ZaloNotAuthorizedError";
  }
}

/** The refresh token was refused: an OA admin must consent again. */
export class ZaloTokenDeadError extends Error {
  constructor(detail: string) {
    super(`Zalo: the refresh token is dead (${detail}); run \`npm run zalo -- authorize --code <code>\``);
    this.name = "ZaloTokenDeadError";
  }
}

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<TokenPair>;
}

export interface ZaloTokenManagerOptions {
  db: Db;
  oauth: TokenRefresher;
  oaId: string;
  logger?: Logger;
  /** Clock for expiry decisions (leases always use the real clock: they coordinate processes). */
  now?: () => Date;
  /** Used when the database holds no pair yet. */
  bootstrapRefreshToken?: string;
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  /** How long a lease holder may take before others may take over. */
  leaseMs?: number;
  /** How often a waiting caller re-reads the row. */
  pollMs?: number;
  /** Give up waiting for another process after this long. */
  waitMs?: number;
  /** Told once when the pair dies (the message is Vietnamese, for admins). */
  onDead?: (message: string) => Promise<void>;
  /** Identifies this process in the lease. */
  owner?: string;
}

type TokenRow = NonNullable<Awaited<ReturnType<Db["zaloToken"]["findUnique"]>>>;

export class ZaloTokenManager implements AccessTokenSource {
  private readonly now: () => Date;
  private readonly owner: string;
  private readonly margin: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly waitMs: number;
  private inflight: Promise<string> | null = null;

  constructor(private readonly opts: ZaloTokenManagerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.margin = opts.refreshMarginMs ?? 10 * 60_000;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 250;
    this.waitMs = opts.waitMs ?? 30_000;
  }

  private read(): Promise<TokenRow | null> {
    return this.opts.db.zaloToken.findUnique({ where: { oaId: this.opts.oaId } });
  }

  private fresh(row: TokenRow): boolean {
    return row.accessToken !== "" && row.expiresAt.getTime() - this.margin > this.now().getTime();
  }

  /** A usable access token, refreshed first when it expires soon. */
  async getAccessToken(): Promise<string> {
    let row = await this.read();
    if (!row) row = await this.bootstrap();
    if (row.deadSince) throw new ZaloTokenDeadError("đã đánh dấu hết hiệu lực");
    if (this.fresh(row)) return row.accessToken;
    return this.refresh(row.accessToken);
  }

  /** Refreshes unless someone already replaced `staleAccessToken`; concurrent callers share one refresh. */
  refresh(staleAccessToken: string): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.refreshShared(staleAccessToken).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** Stores a pair from an authorization-code exchange, clears the dead mark and resolves the alerts. */
  async storePair(pair: TokenPair): Promise<void> {
    const data = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: new Date(this.now().getTime() + pair.expiresIn * 1000),
      deadSince: null,
      refreshingBy: null,
      refreshingUntil: null,
    };
    await this.opts.db.$transaction([
      this.opts.db.zaloToken.upsert({ where: { oaId: this.opts.oaId }, create: { oaId: this.opts.oaId, ...data }, update: data }),
      this.opts.db.operatorAlert.updateMany({
        where: { kind: { in: [ALERT_TOKEN_DEAD, ALERT_NOT_AUTHORIZED] }, resolvedAt: null },
        data: { resolvedAt: this.now() },
      }),
    ]);
  }

  private async bootstrap(): Promise<TokenRow> {
    if (!this.opts.bootstrapRefreshToken) {
      await this.alertOnce(ALERT_NOT_AUTHORIZED, "Zalo OA chưa được cấp quyền: chạy npm run zalo -- consent-url rồi npm run zalo -- authorize --code <mã>.");
      throw new ZaloNotAuthorizedError();
    }
    // An empty access token that expired long ago: the first call refreshes with the bootstrap token.
    await this.opts.db.zaloToken
      .create({ data: { oaId: this.opts.oaId, accessToken: "", refreshToken: this.opts.bootstrapRefreshToken, expiresAt: new Date(0) } })
      .catch((err: unknown) => {
        if ((err as { code?: string }).code !== "P2002") throw err; // another process created it first
      });
    return (await this.read())!;
  }

  private async refreshShared(stale: string): Promise<string> {
    const started = Date.now();
    for (;;) {
      const row = await this.read();
      if (!row) throw new ZaloNotAuthorizedError();
      if (row.deadSince) throw new ZaloTokenDeadError("đã đánh dấu hết hiệu lực");
      // Someone (this process earlier, or another one) already replaced the stale token.
      if (row.accessToken !== stale && this.fresh(row)) return row.accessToken;
      const leaseNow = new Date();
      const took = await this.opts.db.zaloToken.updateMany({
        where: {
          oaId: this.opts.oaId,
          refreshToken: row.refreshToken,
          OR: [{ refreshingUntil: null }, { refreshingUntil: { lt: leaseNow } }],
        },
        data: { refreshingBy: this.owner, refreshingUntil: new Date(leaseNow.getTime() + this.leaseMs) },
      });
      if (took.count === 1) return this.refreshUnderLease(row);
      if (Date.now() - started > this.waitMs) throw new Error("Zalo: timed out waiting for another process to refresh the token");
      await sleep(this.pollMs);
    }
  }

  private async refreshUnderLease(row: TokenRow): Promise<string> {
    const db = this.opts.db;
    let pair: TokenPair;
    try {
      pair = await this.opts.oauth.refresh(row.refreshToken);
    } catch (err) {
      const retryable = err instanceof ZaloOAuthError ? err.retryable : false;
      if (retryable) {
        await db.zaloToken.updateMany({ where: { oaId: this.opts.oaId, refreshingBy: this.owner }, data: { refreshingBy: null, refreshingUntil: null } });
        throw err;
      }
      const detail = (err as Error).message;
      await db.zaloToken.updateMany({
        where: { oaId: this.opts.oaId, refreshingBy: this.owner },
        data: { deadSince: this.now(), refreshingBy: null, refreshingUntil: null },
      });
      await this.raiseDead(detail);
      throw new ZaloTokenDeadError(detail);
    }
    // Persist before use: the old refresh token is gone now, this pair is the only valid one.
    const data = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: new Date(this.now().getTime() + pair.expiresIn * 1000),
      refreshingBy: null,
      refreshingUntil: null,
      deadSince: null,
    };
    const saved = await db.zaloToken.updateMany({ where: { oaId: this.opts.oaId, refreshingBy: this.owner }, data });
    if (saved.count !== 1) {
      // Our lease ran out while Zalo answered; still, only our pair is valid now.
      this.opts.logger?.warn({ oaId: this.opts.oaId }, "Zalo: refresh lease expired before the new pair was stored; storing it anyway");
      await db.zaloToken.update({ where: { oaId: this.opts.oaId }, data });
    }
    this.opts.logger?.info({ oaId: this.opts.oaId, expiresAt: data.expiresAt }, "Zalo: access token refreshed");
    return pair.accessToken;
  }

  private async raiseDead(detail: string): Promise<void> {
    this.opts.logger?.error({ oaId: this.opts.oaId, detail }, "Zalo: refresh token refused; an OA admin must authorise again");
    const created = await this.alertOnce(ALERT_TOKEN_DEAD, `Zalo OA ${this.opts.oaId}: làm mới mã truy cập thất bại (${detail}). Cần cấp quyền lại.`);
    if (created && this.opts.onDead) {
      await this.opts.onDead(ZT.tokenDead(detail)).catch((err: unknown) => this.opts.logger?.error({ err }, "Zalo: could not tell the admins"));
    }
  }

  /** Creates an alert unless an unresolved one of the same kind exists; true when created. */
  private async alertOnce(kind: string, message: string): Promise<boolean> {
    const open = await this.opts.db.operatorAlert.findFirst({ where: { kind, resolvedAt: null } });
    if (open) return false;
    await this.opts.db.operatorAlert.create({ data: { kind, message, createdAt: this.now() } });
    return true;
  }
}
