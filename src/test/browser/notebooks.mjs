// The browser test: the course as a person sees it, in Jupyter Notebook 6 in headless Chromium.
//
//   node src/test/browser/notebooks.mjs [--kernel pools4j] [--out target/browser]
//        [--counts FILE] [--timeout 300] notebooks/*.ipynb
//
// JUPYTER_PATH must let Jupyter find the kernel (kernel/test.sh sets it). Checks:
//   1. kernel listed: the New menu of the file browser offers the kernel.
//   2. for each notebook: Cell > Run All runs every code cell, no cell shows an error (except
//      cells tagged raises-exception), every cell with checked values shows an output, every
//      image (a chart) rendered at a non-zero size; a full-page screenshot goes to
//      <out>/<notebook>.png.
//   3. interrupt: on a scratch notebook, a busy cell (`while (true) { n++; }`) stopped with the
//      toolbar's stop button leaves the kernel answering the next cell with its variables.
// The notebooks run in a temporary copy (the browser autosaves; notebooks/ stays clean), and
// the Jupyter server, with its kernels, is stopped at the end whatever happens.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const JUPYTER = '/usr/bin/jupyter';
const CHROMIUM = '/usr/bin/chromium';
// As root on this machine Chromium needs no sandbox, and without the background-networking
// flags it keeps trying to reach Google's hosts, which the closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SERVER_START_MS = 60_000;
const KERNEL_START_MS = 120_000;
// How long the busy loop runs before the stop button is clicked, and how long the kernel
// then has to come back: a kernel that needs more than that to stop a loop fails the check.
const BUSY_MS = 3_000;
const STOP_MS = 30_000;

// The scratch notebook of the interrupt check, per kernel language. Python is there so that
// the test itself can be tried on a stock kernel (--kernel python3).
const SCRATCH_CELLS = {
  java: ['long n = 0;\nString marker = "alive-after-interrupt";',
    'while (true) { n++; }',
    'System.out.println(marker + " n>0=" + (n > 0));'],
  python: ['n = 0\nmarker = "alive-after-interrupt"',
    'while True:\n    n += 1',
    'print(marker + " n>0=" + str(n > 0).lower())'],
};
const SCRATCH_EXPECTED = 'alive-after-interrupt n>0=true';

function parseArgs(argv) {
  const opts = { kernel: 'pools4j', out: 'target/browser', counts: null, timeout: 300, notebooks: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kernel') opts.kernel = argv[++i];
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--counts') opts.counts = argv[++i];
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.notebooks.push(a);
  }
  return opts;
}

const log = (msg) => console.log(`[browser] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A Jupyter Notebook server on 127.0.0.1 in its own process group, with private dirs. */
class JupyterServer {
  constructor(tmp, rootDir) {
    this.tmp = tmp;
    this.rootDir = rootDir;
    this.token = randomBytes(24).toString('hex');
    this.logFile = path.join(tmp, 'jupyter.log');
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const logFd = fs.openSync(this.logFile, 'a');
    // Config, data and runtime dirs of its own: the user's Jupyter settings neither change
    // the test nor get written to; JUPYTER_PATH (from the caller) still finds the kernel.
    const env = {
      ...process.env,
      JUPYTER_CONFIG_DIR: path.join(this.tmp, 'config'),
      JUPYTER_DATA_DIR: path.join(this.tmp, 'data'),
      JUPYTER_RUNTIME_DIR: path.join(this.tmp, 'runtime'),
    };
    this.proc = spawn(JUPYTER, ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${this.port}`,
      '--port-retries=0', `--NotebookApp.token=${this.token}`, `--notebook-dir=${this.rootDir}`,
      // Notebook refuses to run as root without it; CI machines run as root.
      ...(process.getuid() === 0 ? ['--allow-root'] : [])],
    { env, detached: true, stdio: ['ignore', logFd, logFd] });
    this.exited = new Promise((resolve) => this.proc.once('exit', resolve));
    const deadline = Date.now() + SERVER_START_MS;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) break;
      try {
        const res = await fetch(`${this.base}/api/status?token=${this.token}`);
        if (res.ok) return;
      } catch { /* not listening yet */ }
      await sleep(250);
    }
    const how = this.proc.exitCode !== null ? `exited (${this.proc.exitCode})` : `did not answer within ${SERVER_START_MS / 1000} s`;
    throw new Error(`Jupyter Notebook ${how}; its log:\n`
      + fs.readFileSync(this.logFile, 'utf8'));
  }

  url(p) { return `${this.base}${p}?token=${this.token}`; }

  /** Shuts every kernel down through the REST API, as closing and halting a notebook does. */
  async shutdownKernels() {
    try {
      const res = await fetch(this.url('/api/sessions'), { signal: AbortSignal.timeout(5000) });
      for (const s of await res.json()) {
        await fetch(this.url(`/api/sessions/${s.id}`), { method: 'DELETE', signal: AbortSignal.timeout(15000) });
      }
    } catch (e) { log(`could not shut kernels down through the API (${e.message})`); }
  }

  /** Shuts the kernels down, then ends the server (TERM, then KILL). */
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    await this.shutdownKernels();
    this.signal('SIGTERM');
    if (await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)])) return;
    log('Jupyter did not stop within 10 s of SIGTERM: killing it');
    this.signal('SIGKILL');
    await this.exited;
  }

  signal(sig) {
    try { process.kill(-this.proc.pid, sig); } catch { /* already gone */ }
  }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** Opens a notebook and waits until its kernel is connected and idle. */
async function openNotebook(page, server, relPath, kernel) {
  await page.goto(server.url(`/notebooks/${relPath}`), { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
    && Jupyter.notebook.kernel.is_connected()
    && document.querySelector('#kernel_indicator_icon')?.title === 'Kernel Idle',
  null, { timeout: KERNEL_START_MS, polling: 250 });
  const name = await page.evaluate(() => Jupyter.notebook.kernel.name);
  if (name !== kernel) throw new Error(`the notebook opened with kernel '${name}', expected '${kernel}'`);
}

/** Waits until no cell is queued or running ("In [*]") and the kernel shows idle. */
async function waitUntilIdle(page, timeoutMs) {
  await page.waitForFunction(() => {
    const busy = [...document.querySelectorAll('.code_cell .input_prompt')].some((p) => p.textContent.includes('*'));
    return !busy && document.querySelector('#kernel_indicator_icon')?.title === 'Kernel Idle';
  }, null, { timeout: timeoutMs, polling: 250 });
}

/** What the page shows of each code cell. */
function codeCells(page) {
  return page.evaluate(() => Jupyter.notebook.get_cells()
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.cell_type === 'code')
    .map(({ c, i }) => ({
      index: i + 1,
      firstLine: c.get_text().split('\n')[0].slice(0, 80),
      prompt: c.element.find('.input_prompt').text().trim(),
      errors: c.element.find('.output_error').text().trim().slice(0, 1500),
      outputs: c.element.find('.output_area').length,
      raises: (c.metadata.tags || []).includes('raises-exception'),
      checked: Boolean(c.metadata.pools4j),
      // Every image the cell shows, as the browser laid it out: a chart that failed to decode
      // or render is 0 x 0 (naturalWidth is 0 for a broken image).
      images: c.element.find('.output_area img').toArray().map((img) => ({
        natural: [img.naturalWidth, img.naturalHeight],
        shown: [img.getBoundingClientRect().width, img.getBoundingClientRect().height],
      })),
    })));
}

async function screenshot(page, file) {
  // Notebook 6 scrolls inside #site, so a full-page shot would be one screen high: let the
  // page grow to its content first.
  await page.addStyleTag({ content: 'html, body, #site { height: auto !important; overflow: visible !important; }' });
  await page.screenshot({ path: file, fullPage: true });
}

async function checkKernelListed(page, server, kernel) {
  await page.goto(server.url('/tree'), { waitUntil: 'load', timeout: 60_000 });
  await page.click('#new-dropdown-button');
  const item = page.locator(`#kernel-${kernel}`);
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  return [`the New menu offers '${(await item.textContent()).trim()}'`];
}

async function checkRunAll(page, server, relPath, kernel, outDir, timeoutS) {
  await openNotebook(page, server, relPath, kernel);
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  const started = Date.now();
  let finished = true;
  try {
    await waitUntilIdle(page, timeoutS * 1000);
  } catch {
    finished = false;
  }
  await screenshot(page, path.join(outDir, `${path.basename(relPath, '.ipynb')}.png`));
  const problems = finished ? [] : [`Run All had not finished after ${timeoutS} s`];
  const cells = await codeCells(page);
  for (const cell of cells) {
    const where = `cell ${cell.index} (${cell.firstLine})`;
    if (cell.prompt.includes('*')) problems.push(`${where} was still queued or running`);
    else if (!/\[\d+\]/.test(cell.prompt)) problems.push(`${where} did not run (prompt '${cell.prompt}')`);
    if (cell.errors && !cell.raises) problems.push(`${where} shows an error:\n${cell.errors}`);
    if (cell.checked && cell.outputs === 0) problems.push(`${where} has checked values but shows no output`);
    cell.images.forEach((img, k) => {
      if (Math.min(...img.natural, ...img.shown) <= 0) {
        problems.push(`${where}: image ${k + 1} did not render (natural ${img.natural.join('x')}, shown ${img.shown.join('x')})`);
      }
    });
  }
  const images = cells.reduce((n, cell) => n + cell.images.length, 0);
  if (cells.length === 0) problems.push('the notebook has no code cell');
  if (problems.length) throw new Error(problems.join('\n'));
  return [`${cells.length} code cells ran in ${((Date.now() - started) / 1000).toFixed(1)} s, ${images} images rendered`];
}

async function runCellAt(page, index) {
  await page.evaluate((i) => Jupyter.notebook.select(i), index);
  await page.click('button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]');
}

async function checkInterrupt(page, server, relPath, kernel, outDir) {
  await openNotebook(page, server, relPath, kernel);
  await runCellAt(page, 0);
  await waitUntilIdle(page, 60_000);
  await runCellAt(page, 1);
  // Busy: the loop's prompt shows '*' and the kernel indicator says busy.
  await page.waitForFunction(() => Jupyter.notebook.get_cell(1).element.find('.input_prompt').text().includes('*')
    && document.querySelector('#kernel_indicator_icon')?.title === 'Kernel Busy', null, { timeout: 30_000 });
  await sleep(BUSY_MS);
  const stillBusy = await page.evaluate(() => Jupyter.notebook.get_cell(1).element.find('.input_prompt').text().includes('*'));
  if (!stillBusy) throw new Error('the busy loop ended by itself before the stop button was clicked');
  const clicked = Date.now();
  await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
  try {
    await waitUntilIdle(page, STOP_MS);
  } catch {
    await screenshot(page, path.join(outDir, 'interrupt.png'));
    throw new Error(`the kernel was still busy ${STOP_MS / 1000} s after the stop button was clicked`);
  }
  const stopS = ((Date.now() - clicked) / 1000).toFixed(1);
  await runCellAt(page, 2);
  await waitUntilIdle(page, 60_000);
  await screenshot(page, path.join(outDir, 'interrupt.png'));
  const shown = await page.evaluate(() => Jupyter.notebook.get_cell(2).element.find('.output_area').text());
  if (!shown.includes(SCRATCH_EXPECTED)) {
    throw new Error(`after the interrupt, the next cell showed '${shown.trim()}', expected '${SCRATCH_EXPECTED}'`);
  }
  return [`the loop stopped ${stopS} s after the stop button; the next cell printed '${SCRATCH_EXPECTED}'`];
}

function writeScratchNotebook(dir, kernel) {
  const spec = JSON.parse(fs.readFileSync(findKernelJson(kernel), 'utf8'));
  const cells = SCRATCH_CELLS[spec.language];
  if (!cells) throw new Error(`no scratch cells for kernel language '${spec.language}'`);
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: spec.display_name, language: spec.language } },
    cells: cells.map((source, i) => ({ cell_type: 'code', id: `scratch-${i}`, metadata: {}, source, outputs: [], execution_count: null })),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'interrupt.ipynb'), JSON.stringify(nb, null, 1));
  return 'scratch/interrupt.ipynb';
}

/** kernel.json of a kernel, looked up the way Jupyter does it (JUPYTER_PATH first). */
function findKernelJson(kernel) {
  const dirs = [...(process.env.JUPYTER_PATH || '').split(':').filter(Boolean),
    path.join(os.homedir(), '.local/share/jupyter'), '/usr/local/share/jupyter', '/usr/share/jupyter'];
  for (const d of dirs) {
    const f = path.join(d, 'kernels', kernel, 'kernel.json');
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`kernel '${kernel}' not found in ${dirs.join(', ')}; is JUPYTER_PATH set?`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.notebooks.length === 0) throw new Error('no notebooks given');
  fs.mkdirSync(opts.out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pools4j-browser-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(root);
  // The notebooks' folders, so that files a notebook reads beside it are there too.
  for (const dir of new Set(opts.notebooks.map((nb) => path.dirname(path.resolve(nb))))) {
    fs.cpSync(dir, root, { recursive: true, filter: (src) => !src.includes('.ipynb_checkpoints') });
  }
  const scratch = writeScratchNotebook(path.join(root, 'scratch'), opts.kernel);

  const server = new JupyterServer(tmp, root);
  const results = [];
  let browser;
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await browser?.close().catch(() => {});
    await server.stop();
    if (fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(opts.out, 'jupyter.log'));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  // Ctrl-C or `timeout` in the caller: stop the server before going.
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => { stopAll().finally(() => process.exit(130)); });
  }
  // The server runs in a process group of its own (detached), so nothing ends it with this process:
  // an uncaught error, or a write to a stdout whose reader was killed (EPIPE), would end this process
  // without stopAll and leave the server and its kernels running. Exit handlers run then too.
  process.on('exit', () => {
    server.signal('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  try {
    log(`starting Jupyter Notebook on 127.0.0.1 (notebook dir ${root})`);
    await server.start();
    log(`starting Chromium ${CHROMIUM}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const checks = [
      ['kernel listed', (page) => checkKernelListed(page, server, opts.kernel)],
      ...opts.notebooks.map((nb) => [`Run All ${path.basename(nb)}`,
        (page) => checkRunAll(page, server, path.basename(nb), opts.kernel, opts.out, opts.timeout)]),
      ['stop button', (page) => checkInterrupt(page, server, scratch, opts.kernel, opts.out)],
    ];
    for (const [name, check] of checks) {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      try {
        const notes = await check(page);
        results.push({ name, ok: true });
        console.log(`PASS ${name}: ${notes.join('; ')}`);
      } catch (e) {
        results.push({ name, ok: false });
        console.log(`FAIL ${name}:\n  ${String(e.message).replace(/\n/g, '\n  ')}`);
      } finally {
        await page.close().catch(() => {});
        // One kernel at a time: a kernel left busy would slow the next check on 2 cores.
        await server.shutdownKernels();
      }
    }
  } finally {
    await stopAll();
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  console.log(`browser: ${results.length - failed.length} passed, ${failed.length} failed (screenshots in ${opts.out})`);
  if (opts.counts) {
    fs.writeFileSync(opts.counts, JSON.stringify({ passed: results.length - failed.length, failed: failed.length, failures: failed }));
  }
  return failed.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.log(`FAIL browser test: ${e.stack || e}`);
  process.exit(1);
});
