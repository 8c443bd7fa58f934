import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../helpers/start-server';
import { openBrowserSession, RESULTS, signInThroughPage, type BrowserSession } from '../helpers/browser-session';
import { TEST_ADMIN } from '../helpers/auth';
import { decodePng, shareOfPixels, type Rgba8Image } from '../helpers/png';

// The built client (npx vite build) served by the real server, driven in headless Chromium.
// Map assertions read the pixels of screenshots: a canvas that exists but draws nothing fails.

const VIEWPORT = { width: 1280, height: 800 };

let session: BrowserSession;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  session = await openBrowserSession({ viewport: VIEWPORT });
  ({ server, page } = session);
});

// checked (and cleared) after each journey, so a failure names the journey that caused it
afterEach(() => session.expectNoProblems());

afterAll(async () => {
  await session?.close();
});

/** Opens the app with a query string and waits for the layer list to load. */
async function open(search: string) {
  await page.goto(`${server.url}/${search}`);
  await page.getByRole('heading', { name: /^(Layers|Couches)$/ }).waitFor();
  await page.locator('.layer-item__meta').first().waitFor();
}

async function screenshot(file?: string): Promise<Rgba8Image> {
  const png = await page.screenshot(file ? { path: path.join(RESULTS, file) } : {});
  return decodePng(png);
}

/** Pixel position of [lng, lat] on a Web Mercator map of 512 px tiles centred on `view`. */
function project(view: { lng: number; lat: number; zoom: number }, lng: number, lat: number) {
  const worldPx = 512 * 2 ** view.zoom;
  const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
  return {
    x: Math.round(VIEWPORT.width / 2 + ((lng - view.lng) / 360) * worldPx),
    y: Math.round(VIEWPORT.height / 2 - ((mercY(lat) - mercY(view.lat)) / (2 * Math.PI)) * worldPx),
  };
}

function boxAround(p: { x: number; y: number }, size: number) {
  return { x: p.x - size / 2, y: p.y - size / 2, width: size, height: size };
}

/** Re-takes screenshots until `measure` passes `accept` (the map draws asynchronously). */
async function pollPixels(measure: (image: Rgba8Image) => number, accept: (value: number) => boolean, what: string) {
  let value = NaN;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    value = measure(await screenshot());
    if (accept(value)) return value;
    await page.waitForTimeout(400);
  }
  throw new Error(`${what}: last measured ${value}`);
}

// The countries layer washes the land pale yellow (Okabe–Ito yellow at low alpha): clearly more
// red and green than blue. The basemap's own land is a near-grey beige, its sea blue-grey.
const isCountryFill = (r: number, g: number, b: number) => r > 200 && g > 195 && r - b > 40 && g - b > 35;
const isSea = (r: number, _g: number, b: number) => b > r + 8 && b > 200;
// The borderland band: Okabe–Ito vermillion, half transparent, over land or sea.
const isBand = (r: number, g: number, b: number) => r > 180 && r - b > 90 && r - g > 30;
// The part of the window where the map shows between the panels.
const MAP_AREA = { x: 330, y: 70, width: 580, height: 700 };
// A place's mark: Okabe–Ito reddish purple at about half alpha (216, 168, 168 over the countries'
// yellow); not the orange of a highlighted mark, nor the grey of labels and borders.
const isPlace = (r: number, g: number, b: number) => r > 150 && r - g > 30 && b - g > -10;

/** The centre of the `size`-pixel box of `region` where the most pixels pass `test`. */
function densestSpot(image: Rgba8Image, region: typeof MAP_AREA, size: number, test: (r: number, g: number, b: number) => boolean) {
  let best = { x: 0, y: 0, share: -1 };
  for (let y = region.y; y + size <= region.y + region.height; y += 2) {
    for (let x = region.x; x + size <= region.x + region.width; x += 2) {
      const share = shareOfPixels(image, { x, y, width: size, height: size }, test);
      if (share > best.share) best = { x: x + size / 2, y: y + size / 2, share };
    }
  }
  return best;
}

/**
 * Moves the pointer onto `point` until the tooltip's title matches `title`. A pick costs a frame
 * or two of SwiftShader, and picking answers only once the map has settled after its first
 * paint: wait, then move in from a few pixels away until the tooltip shows.
 */
async function hoverUntil(point: { x: number; y: number }, title: RegExp): Promise<{ title: string; detail: string }> {
  const tooltip = page.getByRole('tooltip');
  await page.waitForTimeout(8000);
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.mouse.move(point.x - 3, point.y - 3);
    await page.mouse.move(point.x, point.y);
    const shown = await tooltip.waitFor({ timeout: 20_000 }).then(() => true, () => false);
    last = shown ? ((await tooltip.locator('strong').textContent()) ?? '') : '(no tooltip)';
    if (title.test(last)) return { title: last, detail: (await tooltip.locator('.map-tooltip__detail').textContent()) ?? '' };
  }
  throw new Error(`no tooltip matching ${title} after hovering (${point.x}, ${point.y}) five times; last: ${last}`);
}

describe('dashboard', () => {
  // Africa: northern Chad is land (away from its label and borders), the Gulf of Guinea sea
  const africa = { lng: 10, lat: 10, zoom: 3 };
  const chad = project(africa, 19, 18.5);
  const gulfOfGuinea = project(africa, 0, -4);

  it('draws the countries over the land and not over the sea, and hides them with their checkbox', async () => {
    await open(`?v=${africa.lng},${africa.lat},${africa.zoom}&l=countries&lang=en`);
    const landShare = await pollPixels(
      (img) => shareOfPixels(img, boxAround(chad, 40), isCountryFill),
      (share) => share > 0.8,
      'country fill over Chad',
    );
    const image = await screenshot('dashboard-en.png');
    expect(landShare).toBeGreaterThan(0.8);
    expect(shareOfPixels(image, boxAround(gulfOfGuinea, 40), isCountryFill)).toBe(0);
    expect(shareOfPixels(image, boxAround(gulfOfGuinea, 40), isSea)).toBeGreaterThan(0.9);

    await page.getByRole('checkbox', { name: 'Countries' }).uncheck();
    await pollPixels(
      (img) => shareOfPixels(img, boxAround(chad, 40), isCountryFill),
      (share) => share < 0.05,
      'country fill gone once the layer is hidden',
    );
    await expect.poll(() => page.url()).toContain('l=&');
  });

  it('draws the borderland zone when its layer is switched on, wider when the slider says so', async () => {
    await open(`?v=${africa.lng},${africa.lat},${africa.zoom}&l=countries&bk=50&lang=en`);
    await pollPixels((img) => shareOfPixels(img, boxAround(chad, 40), isCountryFill), (s) => s > 0.8, 'countries drawn');
    const before = shareOfPixels(await screenshot(), MAP_AREA, isBand);
    expect(before).toBeLessThan(0.001);

    await page.getByRole('checkbox', { name: 'Borderland zones' }).check();
    const at50 = await pollPixels((img) => shareOfPixels(img, MAP_AREA, isBand), (s) => s > 0.03, 'band at 50 km');
    // The zone polygon itself: the Egypt–Sudan border (22°N) lies inside it; the Western Desert
    // 4° north of it (over 300 km from any land border) does not.
    const egyptSudan = project(africa, 28, 22);
    const westernDesert = project(africa, 28, 26);
    const zoneImage = await screenshot('borderland-50km.png');
    expect(shareOfPixels(zoneImage, boxAround(egyptSudan, 8), isBand)).toBeGreaterThan(0.7);
    expect(shareOfPixels(zoneImage, boxAround(westernDesert, 20), isBand)).toBe(0);

    const slider = page.getByRole('slider', { name: /Zone width/ });
    await slider.focus();
    await page.keyboard.press('End');
    expect(await slider.inputValue()).toBe('200');
    const at200 = await pollPixels((img) => shareOfPixels(img, MAP_AREA, isBand), (s) => s > at50 * 2, 'band at 200 km');
    expect(at200).toBeGreaterThan(at50 * 2);
    await expect.poll(() => page.url()).toContain('bk=200');
  });

  it('opens a country profile on click, with its codes, population, airports and borderland share', async () => {
    const brazil = { lng: -52, lat: -10, zoom: 3.5 };
    await open(`?v=${brazil.lng},${brazil.lat},${brazil.zoom}&l=countries,borderland&bk=50&lang=en`);
    const centre = { x: VIEWPORT.width / 2, y: VIEWPORT.height / 2 };
    await pollPixels((img) => shareOfPixels(img, boxAround(centre, 40), isCountryFill), (s) => s > 0.5, 'Brazil drawn');

    // hovering names the country; the tooltip comes from deck.gl's picking
    const tooltip = page.getByRole('tooltip');
    await hoverUntil(centre, /^Brazil$/);
    expect(await tooltip.textContent()).toContain('Brazil');

    await page.mouse.click(centre.x, centre.y);
    const panel = page.getByRole('complementary', { name: 'Brazil' });
    await panel.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.url()).toContain('a=BRA');
    expect(await panel.getByTestId('iso2').textContent()).toBe('BR');
    expect(await panel.getByTestId('iso3').textContent()).toBe('BRA');
    expect(await panel.getByTestId('iso-numeric').textContent()).toBe('076');
    const population = Number((await panel.getByTestId('population').textContent())!.replace(/,/g, ''));
    expect(population).toBeGreaterThan(50_000_000);
    expect(await panel.getByText(/estimate summed from [\d,]+ GeoNames places/i).count()).toBe(1);
    expect(Number(await panel.getByTestId('airports').textContent())).toBeGreaterThan(20);
    const share = (await panel.getByTestId('borderland-share').textContent())!;
    expect(share).toMatch(/^\d+(\.\d)?% of the area$/);
    expect(parseFloat(share)).toBeGreaterThan(0);
    expect(parseFloat(share)).toBeLessThan(50);
    await page.mouse.move(5, 790);
    await screenshot('country-panel.png');

    // Escape closes the panel (one press: two in quick succession are the quick exit)
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).not.toContain('a=BRA');
  });

  describe('places, from vector tiles', () => {
    // every request of the page: tiles, and no download of the 135,000 places whole
    const requests: string[] = [];
    const record = (r: { url(): string }) => requests.push(r.url());
    const tileRequests = (z: number) => requests.filter((u) => u.startsWith(`${server.url}/tiles/places/${z}/`) && /\/\d+\/\d+\.pbf$/.test(u));
    beforeAll(() => page.on('request', record));
    afterAll(() => page.off('request', record));

    it('groups the places of each grid cell zoomed out, with their count in the tooltip; a click opens the country', async () => {
      // India at zoom 3: the tiles of zoom 3 hold one mark per grid cell
      await open('?v=80,22,3&l=countries,places&lang=en');
      await pollPixels((img) => shareOfPixels(img, MAP_AREA, isPlace), (s) => s > 0.005, 'place marks drawn');
      expect(tileRequests(3).length).toBeGreaterThan(0);
      expect(requests.filter((u) => u.includes('layers.places'))).toEqual([]);
      expect(await page.getByText('Zoomed out, nearby points are grouped into one mark').count()).toBe(1);

      const spot = densestSpot(await screenshot(), MAP_AREA, 7, isPlace);
      const aggregate = await hoverUntil(spot, /^[\d,]+ places$/);
      const count = Number(aggregate.title.replace(/ places$/, '').replace(/,/g, ''));
      expect(count).toBeGreaterThan(1);
      expect(count).toBeLessThan(135_233);
      expect(aggregate.detail).toMatch(/^Combined population \d{1,3}(,\d{3})+$/);
      await screenshot('places-tiles-z3.png');

      // a click on a grouped mark goes through to the country under it
      await page.mouse.click(spot.x, spot.y);
      await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/a=(IND|BGD|NPL|PAK|BTN)/);
      expect(requests.filter((u) => u.includes('layers.places'))).toEqual([]);
    });

    it('draws each place on its own zoomed in, named in the tooltip', async () => {
      // Delhi at zoom 9: tiles of single places
      await open('?v=77.2,28.6,9&l=places&lang=en');
      await pollPixels((img) => shareOfPixels(img, MAP_AREA, isPlace), (s) => s > 0.002, 'place marks drawn at zoom 9');
      expect(tileRequests(9).length).toBeGreaterThan(0);
      const city = densestSpot(await screenshot(), MAP_AREA, 11, isPlace);
      const place = await hoverUntil(city, /^(?![\d,]+ places$)./);
      expect(place.detail).toMatch(/^Population \d{1,3}(,\d{3})*$/);
      await screenshot('places-tiles-z9.png');
      expect(requests.filter((u) => u.includes('layers.places'))).toEqual([]);
    });
  });

  it('switches every label to French, numbers included', async () => {
    await open('?v=-52,-10,3.5&l=countries,borderland&a=BRA&lang=en');
    await page.getByRole('complementary', { name: 'Brazil' }).waitFor({ timeout: 30_000 });

    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Couches' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await expect.poll(() => page.url()).toContain('lang=fr');
    for (const label of ['Pays', 'Zones frontalières', 'Aéroports', 'Lieux habités']) {
      expect(await page.getByRole('checkbox', { name: label }).count()).toBe(1);
    }
    expect(await page.getByRole('button', { name: 'Sortie rapide' }).count()).toBe(1);
    const panel = page.getByRole('complementary', { name: 'Brésil' });
    await panel.waitFor();
    expect(await panel.getByText('Profil de la zone').count()).toBe(1);
    // French groups digits with a narrow no-break space and writes "12,3 %"
    expect(await panel.getByTestId('population').textContent()).toMatch(/^\d{1,3}([\u202f\u00a0]\d{3})+$/);
    expect(await panel.getByTestId('borderland-share').textContent()).toMatch(/^\d+(,\d)?[\u202f\u00a0]% de la superficie$/);
    // MapLibre's own controls are relabelled too
    await page.getByRole('button', { name: 'Zoom avant' }).waitFor();
    expect(await page.locator('body').textContent()).not.toMatch(/Layers|Borderland zones|Quick exit|Area profile/);
    await page.mouse.move(5, 790);
    await screenshot('dashboard-fr.png');
  });

  it('keeps a link with an unknown layer working and says what it ignored', async () => {
    await open('?v=10,10,3&l=countries,foo&bk=abc&lang=en');
    const notice = page.getByText("Unknown layer 'foo' in the link — ignored");
    await notice.waitFor();
    expect(await page.getByText(/Borderland width 'abc' in the link/).count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Countries' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Borderland zones' }).isChecked()).toBe(false);
    await pollPixels((img) => shareOfPixels(img, boxAround(chad, 40), isCountryFill), (s) => s > 0.8, 'countries drawn');
    await screenshot('link-notice.png');

    await page.getByRole('status').filter({ hasText: 'foo' }).getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).not.toContain('foo');
  });

  it('leaves for a blank page on the quick-exit button', async () => {
    await open('?v=10,10,3&l=countries&a=TCD&lang=en');
    const cookie = await session.cookie();
    await page.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL('about:blank');
    expect(await page.evaluate(() => document.body.textContent)).toBe('');
    // the session is over: its cookie opens nothing, and Back shows the sign-in page, not the map
    await expect.poll(async () => (await fetch(`${server.url}/api/me`, { headers: { cookie } })).status, { timeout: 10_000 }).toBe(401);
    await page.goBack();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.locator('.maplibregl-map').count()).toBe(0);
  });

  it('leaves for a blank page when Escape is pressed twice', async () => {
    await signInThroughPage(page, server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await open('?v=10,10,3&l=countries&lang=en');
    // Both presses in one task: under load, SwiftShader frames between two separate key presses
    // can exceed the double-press window, which would test the machine rather than the app.
    await page.evaluate(() => {
      for (let i = 0; i < 2; i++) window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await page.waitForURL('about:blank');
  });
});
