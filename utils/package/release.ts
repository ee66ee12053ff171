/**
 * Frees an ArrayBuffer's memory now rather than at the next garbage collection, which may come
 * only after many more megabytes: ArrayBuffer.prototype.transfer(0) detaches it (where the engine
 * has it; elsewhere this does nothing). Only for buffers the caller owns and no longer reads.
 */
export function releaseBuffer(buffer: ArrayBufferLike): void {
  const b = buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean };
  if (typeof b.transfer === 'function' && !b.detached) b.transfer(0);
}
