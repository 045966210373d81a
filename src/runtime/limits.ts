/** Safety limits of one execution (SPEC "safe by construction"); all configurable, all documented. */
export interface Limits {
  maxStringLength: number;
  maxArrayLength: number;
  maxLogLines: number;
  maxCallDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxStringLength: 16 * 1024 * 1024,
  maxArrayLength: 1_000_000,
  maxLogLines: 1000,
  maxCallDepth: 16,
};
