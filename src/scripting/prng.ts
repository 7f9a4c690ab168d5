/**
 * Redis's script PRNG (rand.c): the 48-bit linear congruential generator of POSIX lrand48,
 * seeded with the standard initial state at server start and never reset between scripts, so
 * `math.random()` gives the same sequence as redis-server's for the same calls.
 */

const A_HI = 0x5;
const A_LO = 0xdeece66d;
const C = 0xb;
const TWO24 = 0x1000000;

export class Lrand48 {
  /** The 48-bit state as two 24-bit halves (exact in doubles). */
  private hi = 0x1234ab;
  private lo = 0xcd330e;

  /** redisSrand48: state = seed << 16 | 0x330e. */
  seed(seed: number): void {
    const s = seed >>> 0;
    const x = s * 0x10000 + 0x330e;
    this.hi = Math.floor(x / TWO24) % TWO24;
    this.lo = x % TWO24;
  }

  /** redisLrand48: the next state's top 31 bits. */
  next(): number {
    // x = (a * x + c) mod 2^48 with a = 0x5DEECE66D, in 24-bit limbs so every product stays
    // below 2^53 (exact in doubles).
    const aLo = A_LO % TWO24; // low 24 bits of a
    const aHi = A_HI * 0x100 + Math.floor(A_LO / TWO24); // high 24 bits of a
    const lo = aLo * this.lo + C;
    const carry = Math.floor(lo / TWO24);
    const hi = (aLo * this.hi + aHi * this.lo + carry) % TWO24;
    this.lo = lo % TWO24;
    this.hi = hi;
    // Bits 47..17 of the state.
    return this.hi * 128 + Math.floor(this.lo / 131072);
  }
}

/** REDIS_LRAND48_MAX (INT32_MAX): math.random's divisor. */
export const LRAND48_MAX = 2147483647;
