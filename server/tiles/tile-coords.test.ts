import { describe, expect, it } from 'vitest';
import { parseTileCoords } from './tile-coords';
import { tileOf } from './web-mercator';

describe('parseTileCoords', () => {
  it('reads integer coordinates inside the zoom', () => {
    expect(parseTileCoords('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileCoords('3', '7', '0')).toEqual({ z: 3, x: 7, y: 0 });
  });

  it('says what was expected and what came', () => {
    expect(() => parseTileCoords('0', '1', '0')).toThrow("invalid x: expected an integer from 0 to 0 at zoom 0, got '1'");
    expect(() => parseTileCoords('2', '0', '-1')).toThrow("invalid y: expected an integer from 0 to 3 at zoom 2, got '-1'");
    expect(() => parseTileCoords('25', '0', '0')).toThrow("invalid zoom: expected an integer from 0 to 24, got '25'");
    expect(() => parseTileCoords('15', '0', '0', 14)).toThrow("invalid zoom: expected an integer from 0 to 14, got '15'");
    expect(() => parseTileCoords('a', '0', '0')).toThrow("invalid zoom: expected an integer from 0 to 24, got 'a'");
    expect(() => parseTileCoords('1.5', '0', '0')).toThrow(/got '1.5'/);
    expect(() => parseTileCoords('', '0', '0')).toThrow(/got ''/);
  });
});

describe('tileOf', () => {
  it('finds the web-mercator tile of a position', () => {
    expect(tileOf(2.3488, 48.8534, 10)).toEqual({ z: 10, x: 518, y: 352 });
    expect(tileOf(-180, 85.1, 3)).toEqual({ z: 3, x: 0, y: 0 });
    // 180° is -180°, and the poles are clamped into the first and last rows.
    expect(tileOf(180, -90, 3)).toEqual({ z: 3, x: 0, y: 7 });
  });
});
