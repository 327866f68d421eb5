// Small seeded PRNG (mulberry32) so the demo community is identical on every run.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Pick with a bias towards the front of the list (common surnames first). */
  pickFront<T>(items: readonly T[]): T {
    const r = this.next();
    return items[Math.floor(r * r * items.length)];
  }

  /** Value for the first bucket whose cumulative weight exceeds a uniform draw. */
  weighted<T>(buckets: readonly (readonly [T, number])[]): T {
    const total = buckets.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of buckets) {
      r -= w;
      if (r < 0) return v;
    }
    return buckets[buckets.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}
