import { describe, expect, it } from 'vitest';
import { datasetTileLayer, tileUrlTemplate, toTileSource } from './tile-queries';

describe('tile sources', () => {
  it("fetch tiles from the page's origin, whatever host the TileJSON names", () => {
    const tileJson = { tiles: ['http://10.0.0.5:8080/tiles/places/{z}/{x}/{y}.pbf'], minzoom: 0, maxzoom: 16 };
    expect(toTileSource('places', tileJson, 'https://atlas.example.org')).toEqual({
      tiles: ['https://atlas.example.org/tiles/places/{z}/{x}/{y}.pbf'],
      minZoom: 0,
      maxZoom: 16,
    });
  });

  it("name a dataset's tiles as the server does, escaped in the path", () => {
    expect(datasetTileLayer('bihar-sites-a9c8')).toBe('dataset:bihar-sites-a9c8');
    expect(tileUrlTemplate(datasetTileLayer('bihar-sites-a9c8'), 'http://127.0.0.1:8080')).toBe(
      'http://127.0.0.1:8080/tiles/dataset%3Abihar-sites-a9c8/{z}/{x}/{y}.pbf',
    );
  });

  it('refuse a TileJSON without a maximum zoom, saying what came', () => {
    expect(() => toTileSource('places', { minzoom: 0 }, 'http://127.0.0.1')).toThrow(
      "TileJSON of 'places': expected integer minzoom and maxzoom, got 0 and undefined",
    );
  });
});
