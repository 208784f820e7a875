import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { Gateway } from './gateway.test-util';
import { eventually, SchedCluster } from './sched-cluster.test-util';

jest.setTimeout(90_000);

/** Debian's Chromium (apt-get install chromium; .ci/run installs it). Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The text of `locator` once `accept` holds for it (the page refreshes every 2 s). */
async function textOnce(locator: Locator, accept: (text: string) => boolean): Promise<string> {
  return eventually(async () => {
    const text = (await locator.textContent({ timeout: 1000 })) ?? '';
    return accept(text) ? text : undefined;
  }, 30_000);
}

/**
 * The dashboard page in a real browser against three real `sched server` processes,
 * asserting on what a person sees: three live nodes and a leader; `echo hello` submitted,
 * completed, its output `hello`; `sleep 30` submitted and cancelled; the error of an empty
 * command; a command full of markup shown as text. With DASHBOARD_SCREENSHOT=<path> it
 * saves a screenshot there (docs/dashboard.png is made that way).
 */
describe('the dashboard page in Chromium', () => {
  let cluster: SchedCluster;
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    cluster = await SchedCluster.start(3);
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 5000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${gateway.base}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await cluster?.stop();
  });

  const row = (command: string) => page.locator('#jobs-body tr').filter({ has: page.locator('td:nth-child(2) code', { hasText: new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  const submit = async (command: string) => {
    await page.fill('#command', command);
    await page.click('#submit-button');
  };

  it('shows three live nodes and a leader', async () => {
    // Until the first election is over the card shows the nodes with "Leader: Unknown".
    await textOnce(page.locator('#cluster-leader'), (t) => /^Node [123]$/.test(t));
    await textOnce(page.locator('#cluster-alive'), (t) => t === '3 of 3');
    expect(await page.locator('#nodes-body tr').count()).toBe(3);
    expect(await page.locator('#nodes-body td:nth-child(3)').allTextContents()).toEqual(['alive', 'alive', 'alive']);
    expect(await page.locator('#cluster-role').textContent()).toBe('LEADER');
    expect(await page.title()).toBe('sched Dashboard');
  });

  it('submits echo hello, sees it complete and shows its output hello', async () => {
    await submit('echo hello');
    expect(await textOnce(page.locator('#submit-message'), (t) => t !== '')).toMatch(/^Job [0-9a-f]{8}\.\.\. submitted!$/);
    expect(await page.inputValue('#command')).toBe('');
    await textOnce(row('echo hello').locator('.status'), (t) => t === 'COMPLETED');
    await row('echo hello').getByRole('button', { name: 'Details' }).click();
    expect(await textOnce(page.locator('#detail-output'), (t) => t !== '')).toBe('hello\n');
    expect(await page.locator('#detail-status').textContent()).toBe('COMPLETED');
    expect(await page.locator('#detail-exit').textContent()).toBe('0');
  });

  it('submits sleep 30 and cancels it', async () => {
    await submit('sleep 30');
    await textOnce(row('sleep 30').locator('.status'), (t) => t === 'RUNNING' || t === 'PENDING');
    page.once('dialog', (dialog) => void dialog.accept());
    await row('sleep 30').getByRole('button', { name: 'Cancel' }).click();
    await textOnce(row('sleep 30').locator('.status'), (t) => t === 'CANCELLED');
    expect(await row('sleep 30').getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('shows the error of an empty command', async () => {
    await submit('');
    const message = page.locator('#submit-message');
    expect(await textOnce(message, (t) => t.includes('empty'))).toBe('Command cannot be empty');
    expect(await message.getAttribute('class')).toBe('error');
  });

  it('shows markup in a command as text, never as HTML', async () => {
    const markup = '<img src=x onerror="document.title=1"><b>bold</b>';
    await submit(`echo '${markup}'`);
    await row(`echo '${markup}'`).waitFor({ timeout: 10_000 });
    expect(await page.locator('#jobs-body img, #jobs-body b').count()).toBe(0);
    expect(await page.title()).toBe('sched Dashboard');
  });

  it('filters by status and searches commands', async () => {
    await page.selectOption('#status-filter', 'cancelled');
    await eventually(async () => ((await page.locator('#jobs-body tr').count()) === 1 ? true : undefined));
    expect(await page.locator('#jobs-body code').nth(1).textContent()).toBe('sleep 30');
    await page.selectOption('#status-filter', '');
    await page.fill('#search', 'HELLO');
    // Until the debounced search has been answered the table may still show the previous
    // filter's single row: wait for the searched job itself.
    const searched = async () => {
      const rows = page.locator('#jobs-body tr');
      return (await rows.count()) === 1 && (await rows.locator('code').nth(1).textContent()) === 'echo hello' ? true : undefined;
    };
    await eventually(searched);
    expect(await page.locator('#page-info').textContent()).toBe('1–1 of 1');
    await page.fill('#search', '');
    await eventually(async () => ((await page.locator('#jobs-body tr').count()) === 3 ? true : undefined));
    const shot = process.env['DASHBOARD_SCREENSHOT'];
    if (shot !== undefined) {
      await row('echo hello').getByRole('button', { name: 'Details' }).click();
      await textOnce(page.locator('#detail-output'), (t) => t !== '');
      await page.screenshot({ path: shot, fullPage: true });
    }
  });
});
