import { describe, expect, it } from 'vitest';
import { bboxOf, clipRingToBox, fitProjection, issuesMessage, planInputSchema, planPatchSchema, scaleBarKm, toWinAnsi } from './plans';

describe('plan input', () => {
  it('names the field of each problem, rows by their index', () => {
    const r = planInputSchema.safeParse({
      boundarySetId: 's', areaCode: 'A', title: ' ',
      items: [{ interventionId: 'iv-1', startDate: '2026-05-01', endDate: '2026-04-30' }, { responsibility: 'Mairie' }, { newIntervention: { title: 'x', actionArea: '2.9' } }],
    });
    expect(r.success).toBe(false);
    expect(issuesMessage(r.error!).split('; ')).toEqual([
      'title: give the plan a title',
      'items.0.endDate: the end (2026-04-30) is before the start (2026-05-01)',
      'items.1.interventionId: give either an existing intervention (interventionId) or a new one (newIntervention)',
      "items.2.newIntervention.actionArea: unknown action-area code '2.9': expected one of the seed's codes (1.1 … 8.5, 6A.1, 6B.1 … 6B.4, 6C.1)",
    ]);
  });

  it('fills the defaults of a plan and its rows', () => {
    expect(planInputSchema.parse({ boundarySetId: 's', areaCode: 'A', title: 'Plan', items: [{ interventionId: 'iv-1' }] })).toEqual({
      boundarySetId: 's', areaCode: 'A', title: 'Plan', notes: '', sensitivity: 'internal',
      items: [{ interventionId: 'iv-1', responsibility: '', startDate: null, endDate: null, notes: '' }],
    });
    expect(planPatchSchema.safeParse({ items: [{ interventionId: 'iv-1', endDate: '2026-02-30' }] }).error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['items.0.endDate', 'not a calendar date']]);
  });
});

describe('text for the PDF’s standard fonts', () => {
  it('keeps French and Western European letters and typography, strips the marks of others', () => {
    expect(toWinAnsi('Bérénice-sur-Lèze – « Œuvre » … Ærø ’')).toBe('Bérénice-sur-Lèze – « Œuvre » … Ærø ’');
    expect(toWinAnsi('Łódź, Hải Phòng, Đà Nẵng, İstanbul')).toBe('Lódz, Hai Phòng, Dà Nang, Istanbul');
    expect(toWinAnsi('東京 −5')).toBe('?? -5');
  });
});

describe('the plan’s map', () => {
  it('clips a zone to the frame', () => {
    // a square 2 × 2 over the corner of the frame [0, 0, 1, 1] leaves the frame's own square
    expect(clipRingToBox([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], [0, 0, 2, 2])).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    // a triangle's tip cut by the right edge x = 1
    const cut = clipRingToBox([[0, 0], [2, 1], [0, 2], [0, 0]], [0, 0, 1, 2]);
    expect(cut).toEqual([[0, 0], [1, 0.5], [1, 1.5], [0, 2], [0, 0]]);
    expect(clipRingToBox([[5, 5], [6, 5], [6, 6], [5, 5]], [0, 0, 1, 1])).toEqual([]);
  });

  it('fits a box into the frame with one scale both ways at its middle latitude', () => {
    expect(bboxOf([{ type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [2, 1], [0, 0]]], [[[-1, 3], [0, 3], [0, 4], [-1, 3]]]] }])).toEqual([-1, 0, 2, 4]);
    const p = fitProjection([0, 0, 2, 1], 200, 200, 0);
    // 2° of longitude at 0.5° N are a little narrower than 2° of latitude: 200 units wide, just over 100 high
    expect(p.project(0, 1).map((v) => Number(v.toFixed(3)))).toEqual([0, 49.998]);
    expect(p.project(2, 0).map((v) => Number(v.toFixed(3)))).toEqual([200, 150.002]);
    // at 60° a degree of longitude is half a degree of latitude on the ground
    const q = fitProjection([0, 59, 2, 61], 100, 100, 0);
    const [x0, y0] = q.project(0, 61);
    const [x1, y1] = q.project(2, 59);
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(Math.cos(Math.PI / 3), 9);
    expect(q.kmPerUnit).toBeCloseTo((2 * 111.32) / 100, 9);
    expect([scaleBarKm(37), scaleBarKm(100), scaleBarKm(0.3), scaleBarKm(0)]).toEqual([20, 100, 0.2, 0]);
  });
});
