// Figures the benches share.

/** The median of `xs` (for an even count, the upper of the two middle values). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
