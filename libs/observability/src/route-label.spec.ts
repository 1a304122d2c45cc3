import { routeLabel } from './route-label';

describe('routeLabel', () => {
  it('is the pattern Express matched, never the URL with its ids', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/campaigns/:id/signatories/:sid/deliberation' } })).toBe('/campaigns/:id/signatories/:sid/deliberation');
  });

  it('joins a router mounted under a base path', () => {
    expect(routeLabel({ baseUrl: '/docs', route: { path: '/' } })).toBe('/docs/');
  });

  it('is one label for every request no route matched (a guessed URL, a token in a path, a file)', () => {
    expect(routeLabel({ baseUrl: '' })).toBe('unmatched');
    expect(routeLabel({ route: { path: /regex/ } })).toBe('unmatched');
  });
});
