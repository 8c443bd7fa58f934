import { describe, expect, it } from 'vitest';
import { checkViewQuery, MAX_VIEW_QUERY } from './view-query';

describe('checkViewQuery', () => {
  it('keeps a link of the client without its leading ?', () => {
    const q = '?v=23,13,5.5&l=countries,d:rates-1a2b&bk=50&i.rates-1a2b=Test%20rate&p.rates-1a2b=2024&a=TCD';
    expect(checkViewQuery(q)).toBe(q.slice(1));
  });
  it('names an unknown parameter, a bad camera, a missing camera and a query too long', () => {
    expect(() => checkViewQuery('v=1,2,3&token=x')).toThrow("unknown parameter 'token'");
    expect(() => checkViewQuery('v=1,2')).toThrow("v='1,2'; expected longitude,latitude,zoom");
    expect(() => checkViewQuery('l=countries')).toThrow('no v=');
    expect(() => checkViewQuery(`v=1,2,3&l=${'x'.repeat(MAX_VIEW_QUERY)}`)).toThrow(`at most ${MAX_VIEW_QUERY}`);
    expect(() => checkViewQuery('v=1,2,3&l=a b')).toThrow('spaces or control characters');
  });
});
