// A fixed-memory quantile estimator (log-bucketed histogram, as in DDSketch): every value lands in
// a bucket whose bounds differ by a constant ratio, so any quantile is known within a relative
// error of `relativeAccuracy`, in a few kilobytes however many values are added.

export interface QuantileSketchOptions {
  /** Relative accuracy of quantiles (default 0.01 = 1%). */
  readonly relativeAccuracy?: number;
  /** Smallest distinguishable value; smaller ones count as it (default 0.001). */
  readonly minValue?: number;
  /** Largest distinguishable value; larger ones count as it (default 1e7). */
  readonly maxValue?: number;
}

export interface QuantileSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export class QuantileSketch {
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly minValue: number;
  private readonly offset: number;
  private readonly buckets: Uint32Array;
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: QuantileSketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? 0.01;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError('relativeAccuracy must be between 0 and 1');
    this.minValue = options.minValue ?? 0.001;
    const maxValue = options.maxValue ?? 1e7;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
    this.offset = Math.ceil(Math.log(this.minValue) / this.logGamma);
    const last = Math.ceil(Math.log(maxValue) / this.logGamma);
    this.buckets = new Uint32Array(last - this.offset + 1);
  }

  get count(): number {
    return this.n;
  }

  /** Memory held by the buckets, in bytes (constant). */
  get bytes(): number {
    return this.buckets.byteLength;
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    const v = Math.max(value, 0);
    this.n++;
    this.sum += v;
    this.lo = Math.min(this.lo, v);
    this.hi = Math.max(this.hi, v);
    const i = Math.ceil(Math.log(Math.max(v, this.minValue)) / this.logGamma) - this.offset;
    const at = Math.min(Math.max(i, 0), this.buckets.length - 1);
    this.buckets[at] = (this.buckets[at] ?? 0) + 1;
  }

  /** The q-quantile (0…1), or 0 when empty; always within [min, max]. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.min(Math.max(q, 0), 1) * (this.n - 1);
    if (rank <= 0) return this.lo;
    if (rank >= this.n - 1) return this.hi;
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen > rank) {
        const value = (2 * Math.pow(this.gamma, i + this.offset)) / (this.gamma + 1);
        return Math.min(Math.max(value, this.lo), this.hi);
      }
    }
    return this.hi;
  }

  summary(): QuantileSummary {
    return {
      count: this.n,
      min: this.n ? this.lo : 0,
      max: this.n ? this.hi : 0,
      mean: this.n ? this.sum / this.n : 0,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
    };
  }
}
