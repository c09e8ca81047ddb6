// Answers QTI 3.0 items in Citolab's qti-components player, in Chromium, as a student does.
//
// usage: node qti-player.mjs SPEC.json   (prints one JSON object: {"results": [...]})
//
// SPEC: {"chromium": "/usr/bin/chromium",
//        "packages": {"<label>": {"dir": "<extracted package>", "convert": false}},
//        "cases": [{"package": "<label>", "item": "items/x.xml", "answer": ANSWER,
//                   "screenshot": "<png path, optional>"}]}
// ANSWER: {"choices": ["ID", ...]} clicks each choice; {"text": "..."} types into the text box;
// {"pairs": [["LEFT", "RIGHT"], ...]} clicks the LEFT row's RIGHT button in a tabular match
// interaction, or else drags the LEFT chip onto the RIGHT drop zone;
// {} answers nothing. A package with "convert": true is QTI 2.1, converted first with
// @citolab/qti-convert (into "<dir>-qti3").
//
// Each result: {"package", "item", "score", "maxscore", "feedback": [identifiers of the
// feedback dialogs open after submitting], "texts": [their text], "errors": [page errors]}.
// The page's Submit button does what a host page's submit does: processResponse() on the item.

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import puppeteer from 'puppeteer-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const PLAYER = join(HERE, 'node_modules', '@citolab', 'qti-components');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.xml': 'application/xml' };

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>QTI player</title>
<link rel="stylesheet" href="/player/dist/item.css">
<script type="module">
  import '/player/cdn/index.js';
  window.playerLoaded = true;
</script></head>
<body>
  <qti-item id="host"></qti-item>
  <p><button id="submit" type="button">Submit</button></p>
  <script>
    window.currentItem = () =>
      document.querySelector('item-container')?.shadowRoot?.querySelector('qti-assessment-item');
    document.getElementById('submit').addEventListener('click', () => window.currentItem().processResponse());
  </script>
</body></html>`;

async function convertPackages(packages) {
  const dirs = {};
  for (const [label, pkg] of Object.entries(packages)) {
    if (!pkg.convert) {
      dirs[label] = pkg.dir;
      continue;
    }
    const saxon = await import('saxon-js');
    globalThis.SaxonJS = saxon.default || saxon;
    const { convertPackageFolder } = await import('@citolab/qti-convert/qti-convert-node');
    const out = `${pkg.dir}-qti3`;
    const log = console.log;
    console.log = (...args) => process.stderr.write(`${args.join(' ')}\n`); // the converter's progress
    try {
      await convertPackageFolder(pkg.dir, out);
    } finally {
      console.log = log;
    }
    dirs[label] = out;
  }
  return dirs;
}

function serve(dirs) {
  const roots = { player: PLAYER, ...Object.fromEntries(Object.entries(dirs).map(([k, v]) => [`pkg-${k}`, v])) };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(PAGE);
      return;
    }
    const [, top, ...rest] = path.split('/');
    const root = roots[top];
    const file = root && normalize(join(root, ...rest));
    if (!file || !file.startsWith(resolve(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise(done => server.listen(0, '127.0.0.1', () => done(server)));
}

async function load(page, base, label, item) {
  await page.evaluate(
    url =>
      new Promise((done, fail) => {
        const host = document.getElementById('host');
        host.replaceChildren();
        const container = document.createElement('item-container');
        container.setAttribute('item-url', url);
        host.appendChild(container);
        const started = Date.now();
        const wait = () => {
          const found = window.currentItem();
          const interactions = found && found.querySelectorAll('[response-identifier]').length;
          if (found && found.querySelector('qti-response-processing') && interactions !== 0) return done();
          if (Date.now() - started > 10000) return fail(new Error(`item did not render: ${url}`));
          setTimeout(wait, 5);
        };
        wait();
      }),
    `${base}/pkg-${label}/${item}`
  );
  await nextFrame(page);
}

function nextFrame(page) {
  return page.evaluate(() => new Promise(done => requestAnimationFrame(() => done())));
}

async function click(page, selector) {
  const handle = await page.waitForSelector(selector, { visible: true, timeout: 5000 });
  await handle.scrollIntoView();
  await handle.click();
}

async function drag(page, from, to) {
  const source = await page.waitForSelector(from, { visible: true, timeout: 5000 });
  await source.scrollIntoView();
  const a = await source.boundingBox();
  const target = await page.waitForSelector(to, { timeout: 5000 });
  const pause = ms => new Promise(done => setTimeout(done, ms));
  let x = a.x + a.width / 2;
  let y = a.y + a.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await pause(30);
  // Lifting a chip reflows the page, so the drop zone is measured again on the way.
  for (let step = 0; step < 16; step++) {
    const b = await target.boundingBox();
    const [tx, ty] = [b.x + b.width / 2, b.y + b.height * 0.7];
    const left = 16 - step;
    x += (tx - x) / Math.max(1, left - 2);
    y += (ty - y) / Math.max(1, left - 2);
    await page.mouse.move(x, y);
    await pause(16);
  }
  // The player switches drop targets at most every 50 ms: rest over the zone before letting go.
  for (const dx of [1, -1, 0]) {
    await page.mouse.move(x + dx, y);
    await pause(60);
  }
  await page.mouse.up();
  await pause(150);
}

async function answer(page, given) {
  for (const id of given.choices || []) {
    await click(page, `item-container >>> qti-simple-choice[identifier="${id}"]`);
  }
  if (given.text !== undefined) {
    const essay = await page.evaluate(() => !!window.currentItem().querySelector('qti-extended-text-interaction'));
    const box = await page.waitForSelector(
      essay
        ? 'item-container >>> qti-extended-text-interaction >>> textarea'
        : 'item-container >>> qti-text-entry-interaction >>> input',
      { visible: true, timeout: 5000 }
    );
    await box.click();
    await box.type(given.text);
    await page.keyboard.press('Tab');
  }
  const tabular = await page.evaluate(
    () => !!window.currentItem().querySelector('qti-match-interaction.qti-match-tabular')
  );
  for (const [left, right] of tabular ? given.pairs || [] : []) {
    await click(page, `item-container >>> qti-match-interaction >>> input[value="${left} ${right}"]`);
  }
  for (const [left, right] of tabular ? [] : given.pairs || []) {
    // the player renders the first set as chips to drag and the second set as drop zones
    const chip = `item-container >>> qti-match-interaction qti-simple-associable-choice[identifier="${left}"]`;
    const zone = `item-container >>> qti-match-interaction qti-simple-associable-choice[identifier="${right}"]`;
    await drag(page, chip, zone);
  }
}

async function outcome(page) {
  await nextFrame(page); // the feedback dialogs open when the player next renders
  return page.evaluate(() => {
    const item = window.currentItem();
    const value = name => {
      const found = item.variables.find(v => v.identifier === name);
      return found ? found.value : null;
    };
    const open = [...item.querySelectorAll('qti-modal-feedback')].filter(f => {
      const dialog = f.shadowRoot && f.shadowRoot.querySelector('dialog');
      return dialog && dialog.open;
    });
    return {
      score: value('SCORE') === null ? null : Number(value('SCORE')),
      maxscore: value('MAXSCORE') === null ? null : Number(value('MAXSCORE')),
      response: value('RESPONSE'),
      feedback: open.map(f => f.getAttribute('identifier')),
      texts: open.map(f => f.textContent.replace(/\s+/g, ' ').trim())
    };
  });
}

async function main() {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf-8'));
  const dirs = await convertPackages(spec.packages);
  const server = await serve(dirs);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({
    executablePath: spec.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
  });
  const results = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 900 });
    let errors = [];
    page.on('pageerror', error => errors.push(String(error.message || error)));
    page.on('console', message => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${base}/`);
    await page.waitForFunction('window.playerLoaded === true', { timeout: 20000 });
    for (const one of spec.cases) {
      errors = [];
      let result;
      try {
        await load(page, base, one.package, one.item);
        await answer(page, one.answer || {});
        await page.click('#submit');
        result = await outcome(page);
        if (one.screenshot) await page.screenshot({ path: one.screenshot, fullPage: true });
      } catch (error) {
        result = { score: null, feedback: [], texts: [], failed: String(error.message || error) };
      }
      results.push({ package: one.package, item: one.item, ...result, errors });
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify({ results }) + '\n');
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
