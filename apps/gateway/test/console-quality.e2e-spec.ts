/**
 * The console's quality bar (issue 15), in chromium at 1280×800: a study carrying canary
 * identifiers is sent with storescu and segmented; then every page, as an admin (the series and
 * dead-letter pages also as an operator and a radiologist, the sign-in page as a visitor), shows
 * no canary and no original UID in its HTML, attributes, form values, storage or the JSON it
 * fetched; every link and control has an accessible name; Tab reaches the skip link first, then
 * the main navigation, then every control, none hidden; nothing scrolls sideways; and a refused
 * settings save shows the API's problem text. Screenshots: test-artifacts/console/quality-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { enrolledUser, signInOnPage, type LocalUser } from '../../../test-support/console/accounts';
import { ensureConsoleBuilt } from '../../../test-support/console/build-console';
import { ARTIFACTS, CHROMIUM, openConsole, type ConsoleBrowser } from '../../../test-support/console/browser';
import {
  horizontalOverflow,
  leaks,
  pageHoldings,
  unlabelledControls,
  watchTraffic,
  type PageTraffic,
} from '../../../test-support/console/quality';
import { walkTabOrder } from '../../../test-support/console/tab-walk';
import { freePort } from '../../../test-support/ports';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';
import { describeWithTools, randomSecrets, startTestGateway, storescu, type TestGateway } from './harness';
import { waitFor } from './wait';

const CANARY = {
  PatientName: 'Quokkafield^Zebulonia',
  PatientID: 'CANARY-PID-5550193',
  AccessionNumber: 'ACCN-CANARY-77310',
  StudyDescription: 'CT CHEST Marzipanwolf',
  SeriesDescription: 'AXIAL Gloxinia4242 SOFT',
};
const WORDS = ['Quokkafield', 'Zebulonia', CANARY.PatientID, CANARY.AccessionNumber, 'Marzipanwolf', 'Gloxinia4242'];
const STUDY_UID = '2.25.271828182845904523536028747135266';
const SERIES_UID = `${STUDY_UID}.3`;

/** The admin's pages, in navigation order, by path and heading. */
const ADMIN_PAGES: [string, string][] = [
  ['/dashboard', 'Dashboard'],
  ['/series', 'Series'],
  ['/nodes', 'DICOM nodes & destinations'],
  ['/routing', 'Routing rules'],
  ['/models', 'Models'],
  ['/deid', 'De-identification'],
  ['/users', 'Users, roles and tokens'],
  ['/audit', 'Audit log'],
  ['/history', 'Settings history'],
];

interface SeriesRow {
  id: string;
  state: string;
  deliveries: { destination: string; state: string }[];
}

/** A 12-slice synthetic CT with the canaries planted in every file; answers the files' SOP Instance UIDs. */
function canaryStudy(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = syntheticCtSeries({
    count: 12,
    rows: 96,
    cols: 96,
    patientName: CANARY.PatientName,
    patientId: CANARY.PatientID,
    studyUid: STUDY_UID,
    seriesUid: SERIES_UID,
  });
  return files.map((bytes, i) => {
    const p = parsePart10(bytes);
    p.dataset.setString(Tag.AccessionNumber, 'SH', CANARY.AccessionNumber);
    p.dataset.setString(Tag.StudyDescription, 'LO', CANARY.StudyDescription);
    p.dataset.setString(Tag.SeriesDescription, 'LO', CANARY.SeriesDescription);
    writeFileSync(path.join(dir, `${i}.dcm`), writePart10(p.dataset, { transferSyntaxUid: p.transferSyntaxUid }));
    return p.dataset.string(Tag.SOPInstanceUID)!;
  });
}

describeWithTools(
  'console quality in chromium: privacy, labels, keyboard, width, problems',
  ['storescu', CHROMIUM],
  () => {
    let gw: TestGateway;
    let cb: ConsoleBrowser;
    let page: Page;
    let traffic: PageTraffic;
    let users: Record<'admin' | 'operator' | 'radiologist', LocalUser>;
    let seriesId: string;
    let needles: string[];
    const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-console-quality-'));
    const studyDir = path.join(tmp, 'canary');

    /** Loads `path` afresh and waits for its heading and for its requests (the live feed aside). */
    const open = async (url: string, heading: string | RegExp) => {
      await page.goto(`${gw.http}${url}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await traffic.quiet();
    };
    const shot = async (name: string) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(path.join(ARTIFACTS, `quality-${name}.png`), await page.screenshot({ animations: 'disabled' }));
    };
    /** Every canary and original UID found on the open page or in the JSON fetched since `from`. */
    const found = async (where: string, from: number) => [
      ...leaks(where, await pageHoldings(page), needles),
      ...traffic.bodies.slice(from).flatMap((b) => leaks(`${where} ← ${new URL(b.url).pathname}`, b.text, needles)),
    ];
    const SERIES_PAGES = (): [string, string][] => [
      ['/dashboard', 'Dashboard'],
      ['/series', 'Series'],
      [`/series/${seriesId}`, `Series ${seriesId.slice(0, 8)}`],
    ];
    const adminPages = (): [string, string][] => [
      ...ADMIN_PAGES,
      [`/series/${seriesId}`, `Series ${seriesId.slice(0, 8)}`],
    ];
    const pageName = (url: string) => url.slice(1).replace(seriesId, 'detail').replace('/', '-');
    const signInAs = async (who: keyof typeof users) => {
      if (await page.getByRole('button', { name: 'Sign out' }).count()) {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('heading', { name: 'Sign in to Delineo' }).waitFor();
      }
      await signInOnPage(page, gw.http, users[who]);
    };

    beforeAll(async () => {
      await ensureConsoleBuilt();
      const sopUids = canaryStudy(studyDir);
      needles = [...WORDS, STUDY_UID, SERIES_UID, ...sopUids];
      const closedPort = await freePort(); // nothing listens: the delivery is dead-lettered
      gw = await startTestGateway({
        env: { ...randomSecrets(), DELIVERY_ATTEMPTS: '1' },
        settings: {
          dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
          series: { quietPeriodSeconds: 3600 },
          destinations: [
            { name: 'pacs', type: 'dimse', aeTitle: 'PACS', host: '127.0.0.1', port: closedPort, allowPlaintext: true },
          ],
          routing: [{ name: 'ct-body', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] }],
        },
      });
      const app = gw.gw.app;
      users = {
        admin: await enrolledUser(app, 'quality-admin', ['admin']),
        operator: await enrolledUser(app, 'quality-operator', ['operator']),
        radiologist: await enrolledUser(app, 'quality-radiologist', ['radiologist']),
      };
      cb = await openConsole();
      page = cb.page;
      traffic = watchTraffic(page);
      await signInAs('admin');
    }, 300_000);
    afterAll(async () => {
      await cb?.close();
      await gw?.close();
      rmSync(tmp, { recursive: true, force: true });
    });
    afterEach(() => expect(cb.faults).toEqual([]));

    it('finds what it looks for: unnamed controls, hidden, unreachable and jumping stops, a wide page, planted values', async () => {
      const probe = await cb.context.newPage();
      try {
        await probe.setContent(`<main id="main">
          <button></button><input id="bare"><a href="#x"></a>
          <label>Named <input></label><button aria-label="Also named"></button>
          <button tabindex="2">Jumps the order</button>
          <div aria-hidden="true"><button>Behind aria-hidden</button></div>
          <button style="position:absolute;left:-999px">Off screen</button>
          <button id="trap">Trap</button><button>After the trap</button>
          <input aria-label="Filled" id="filled"><span data-uid="${STUDY_UID}">x</span>
          <div style="width:2000px">${CANARY.AccessionNumber}</div></main>
          <script>
            document.getElementById('trap').addEventListener('keydown', (e) => e.key === 'Tab' && e.preventDefault());
            document.getElementById('filled').value = '${CANARY.PatientID}';
          </script>`);
        expect(await unlabelledControls(probe)).toEqual([
          '<button></button>',
          '<input id="bare">',
          '<a href="#x"></a>',
        ]);
        const walk = await walkTabOrder(probe);
        expect(walk.order[0]).toBe('button "Jumps the order" #main');
        expect(walk.positive).toEqual(['<button tabindex="2">Jumps the order</button>']);
        expect(walk.hidden).toEqual([
          '<a href="#x"></a>', // no content: nothing on screen shows where focus is
          '<button>Behind aria-hidden</button>',
          '<button style="position:absolute;left:-999px">Off screen</button>',
        ]);
        expect(walk.trapped).toBe('<button id="trap">Trap</button>');
        expect(walk.unreached).toEqual(expect.arrayContaining(['<button>After the trap</button>']));
        expect((await horizontalOverflow(probe)).page).toBeGreaterThan(0);
        expect(leaks('probe', await pageHoldings(probe), needles)).toEqual([
          `probe: ${CANARY.PatientID}`,
          `probe: ${CANARY.AccessionNumber}`,
          `probe: ${STUDY_UID}`,
        ]);
      } finally {
        await probe.close();
      }
    });

    it('segments a study sent with storescu whose files carry the canaries (positive control)', async () => {
      for (const f of ['0.dcm', '11.dcm']) {
        const bytes = readFileSync(path.join(studyDir, f)).toString('latin1');
        for (const n of [...WORDS, STUDY_UID, SERIES_UID]) expect(bytes).toContain(n);
      }
      const sent = await storescu(gw, [studyDir], ['+sd', '+sp', '*.dcm']);
      expect(sent.code).toBe(0);
      const read = async () =>
        ((await (await gw.fetch('/api/v1/series?limit=10')).json()) as { items: SeriesRow[] }).items;
      const rows = await waitFor(read, (l) => l[0]?.deliveries[0]?.state === 'dead-letter', 180_000);
      expect(rows).toEqual([
        expect.objectContaining({
          state: 'segmented',
          deliveries: [expect.objectContaining({ state: 'dead-letter' })],
        }),
      ]);
      seriesId = rows[0].id;
    }, 240_000);

    it('shows no canary or original UID on any page as an admin, the series detail included', async () => {
      const leaked: string[] = [];
      for (const [url, heading] of adminPages()) {
        const from = traffic.bodies.length;
        await open(url, heading);
        leaked.push(...(await found(`admin ${url}`, from)));
        await shot(`admin-${pageName(url)}`);
      }
      expect(leaked).toEqual([]);
      // The pages did show the series: the sweep looked at pages that hold it.
      const series = traffic.bodies.filter((b) => new URL(b.url).pathname.startsWith('/api/v1/series'));
      expect(series.some((b) => b.text.includes(seriesId))).toBe(true);
    }, 300_000);

    it('names every link and control on every admin page', async () => {
      const unnamed: string[] = [];
      for (const [url, heading] of adminPages()) {
        await open(url, heading);
        unnamed.push(...(await unlabelledControls(page)).map((html) => `${url}: ${html}`));
      }
      expect(unnamed).toEqual([]);
    }, 300_000);

    it('walks the Tab order: skip link, main navigation, then every control; none hidden, no positive tabindex', async () => {
      const problems: string[] = [];
      for (const [url, heading] of adminPages()) {
        await open(url, heading);
        const walk = await walkTabOrder(page);
        const nav = walk.order.findIndex((d) => d.startsWith('a "Dashboard"'));
        const firstInMain = walk.order.findIndex((d) => d.endsWith('#main'));
        if (walk.order[0] !== 'a "Skip to content"') problems.push(`${url}: first stop ${walk.order[0]}`);
        if (nav < 0 || (firstInMain >= 0 && firstInMain < nav)) problems.push(`${url}: navigation not before main`);
        problems.push(...walk.unreached.map((h) => `${url}: unreached ${h}`));
        problems.push(...walk.hidden.map((h) => `${url}: hidden stop ${h}`));
        problems.push(...walk.positive.map((h) => `${url}: positive tabindex ${h}`));
        if (walk.trapped) problems.push(`${url}: focus trapped on ${walk.trapped}`);
      }
      expect(problems).toEqual([]);
    }, 300_000);

    it('moves focus into the page content when the skip link is followed', async () => {
      await open('/series', 'Series');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.locator('main:focus, main :focus').count()).toBe(1);
    });

    it('fits 1280×800 without sideways scrolling on every page', async () => {
      const wide: string[] = [];
      for (const [url, heading] of adminPages()) {
        await open(url, heading);
        const over = await horizontalOverflow(page);
        if (over.page > 0) wide.push(`${url}: the page scrolls ${over.page}px sideways`);
        if (over.main > 0) wide.push(`${url}: its content scrolls ${over.main}px sideways`);
      }
      expect(wide).toEqual([]);
    }, 300_000);

    it('shows the API problem text when a routing rule save is refused', async () => {
      await open('/routing', 'Routing rules');
      const rule = page.getByRole('group', { name: /^Rule 1:/ });
      await rule.getByLabel('Model').fill('');
      const answer = page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/settings'),
      );
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const res = await answer;
      expect(res.status()).toBe(400);
      const problem = (await res.json()) as {
        title: string;
        detail?: string;
        errors: { path: string; message: string }[];
      };
      expect(problem.errors.length).toBeGreaterThan(0);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(problem.title);
      if (problem.detail) expect(text).toContain(problem.detail);
      for (const e of problem.errors) expect(text).toContain(`${e.path}: ${e.message}`);
      // The field the API named carries its message too.
      expect(problem.errors.map((e) => e.path)).toEqual(['routing[0].model']);
      expect(await rule.getByLabel('Model').getAttribute('aria-invalid')).toBe('true');
      await rule.getByText(problem.errors[0].message, { exact: true }).waitFor();
      await shot('admin-routing-refused');
    });

    it('shows a visitor a sign-in page whose controls are named and reached by Tab', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Delineo' }).waitFor();
      await open('/', 'Sign in to Delineo');
      expect(await unlabelledControls(page)).toEqual([]);
      const walk = await walkTabOrder(page);
      expect(walk.order).toEqual(expect.arrayContaining(['input "Username" #main', 'button "Sign in" #main']));
      expect([...walk.unreached, ...walk.hidden, ...walk.positive, walk.trapped ?? []].flat()).toEqual([]);
      expect(await horizontalOverflow(page)).toEqual({ page: 0, main: 0 });
      await shot('visitor-sign-in');
    });

    it('shows no canary or original UID on the series and dead-letter pages as an operator or a radiologist', async () => {
      const leaked: string[] = [];
      const seen: string[] = [];
      for (const [who, pages] of [
        ['operator', [...SERIES_PAGES(), ['/dead-letters', 'Dead letters']]],
        ['radiologist', SERIES_PAGES()],
      ] as const) {
        await signInAs(who);
        for (const [url, heading] of pages) {
          const from = traffic.bodies.length;
          await open(url, heading);
          leaked.push(...(await found(`${who} ${url}`, from)));
          seen.push(...leaks(`${who} ${url}`, await pageHoldings(page), [seriesId.slice(0, 8)]));
          await shot(`${who}-${pageName(url)}`);
        }
      }
      expect(leaked).toEqual([]);
      // Positive control: the sweep read pages that show the series (its id) — the dead letter's too.
      expect(seen).toEqual(
        expect.arrayContaining([
          `operator /dead-letters: ${seriesId.slice(0, 8)}`,
          `radiologist /series: ${seriesId.slice(0, 8)}`,
        ]),
      );
    }, 300_000);
  },
);
