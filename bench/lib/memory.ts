// Peak memory while a benchmark runs, sampled every few milliseconds.
const MB = 1024 * 1024;

export class MemorySampler {
  rss = 0;
  heap = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly everyMs = 10) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }

  stop(): string {
    clearInterval(this.timer);
    this.sample();
    return `bộ nhớ đỉnh: heap ${(this.heap / MB).toFixed(0)} MB, RSS ${(this.rss / MB).toFixed(0)} MB`;
  }
}
