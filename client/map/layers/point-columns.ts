/** Points as columns: `positions` holds [lng0, lat0, lng1, lat1, …]. */
export interface PointColumns {
  length: number;
  positions: Float64Array;
}

/**
 * deck.gl's binary data for a ScatterplotLayer of such points (no object per point); `extra`
 * adds attributes of the same length, such as a radius per point.
 */
export function binaryPoints(data: PointColumns, extra: Record<string, { value: Float32Array | Float64Array; size: number }> = {}) {
  return { length: data.length, attributes: { getPosition: { value: data.positions, size: 2 }, ...extra } };
}

/** Flat marks: drawn in layer order, with no depth test and no depth writes. */
export const FLAT_MARKS = { depthCompare: 'always', depthWriteEnabled: false } as const;
