import { describe, expect, it } from 'vitest';
import { createTileRequestTracker } from './tile-requests';

describe('createTileRequestTracker', () => {
  it('is loading while any tile of a layer is in flight', () => {
    const tracker = createTileRequestTracker();
    const places = tracker.requestsOf('places');
    places.started();
    places.started();
    expect(tracker.store.get().places).toEqual({ loading: true, error: null });
    places.ended();
    expect(tracker.store.get().places.loading).toBe(true);
    places.ended();
    expect(tracker.store.get().places).toEqual({ loading: false, error: null });
  });

  it('keeps the failure of a batch until the next batch starts, and takes an abort for no failure', () => {
    const tracker = createTileRequestTracker();
    const places = tracker.requestsOf('places');
    places.started();
    places.started();
    places.ended(new Error('HTTP 500'));
    places.ended();
    expect(tracker.store.get().places).toEqual({ loading: false, error: { message: 'HTTP 500' } });
    places.started();
    expect(tracker.store.get().places).toEqual({ loading: true, error: null });
    // aborted: ended without an error
    places.ended();
    expect(tracker.store.get().places).toEqual({ loading: false, error: null });
  });

  it('keeps layers apart and gives a layer the same listener each time', () => {
    const tracker = createTileRequestTracker();
    expect(tracker.requestsOf('places')).toBe(tracker.requestsOf('places'));
    tracker.requestsOf('dataset:a').started();
    expect(tracker.store.get()).toEqual({ 'dataset:a': { loading: true, error: null } });
  });

  it('changes the store only when a layer starts or stops loading, or a tile fails', () => {
    const tracker = createTileRequestTracker();
    let changes = 0;
    tracker.store.subscribe(() => changes++);
    const places = tracker.requestsOf('places');
    for (let i = 0; i < 10; i++) places.started();
    for (let i = 0; i < 10; i++) places.ended();
    expect(changes).toBe(2);
  });
});
