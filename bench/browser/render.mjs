// browser.render, one run: real Chromium (headless) + xterm.js from the app's node_modules, attached
// to a tmux session through Remolt's terminal socket (flow=ack, acked after xterm parsed each chunk,
// as a browser tab should) or through wetty's socket.io (its 'commit' acks). Prints one JSON line.
// Usage: node render.mjs '<json>' with {mode, origin, wsPath, bytes, projectDir}
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = JSON.parse(process.argv[2]);
const require = createRequire(path.join(args.projectDir, 'app/package.json'));
const { chromium } = require('playwright-core');
const xtermJs = readFileSync(require.resolve('@xterm/xterm/lib/xterm.js'), 'utf8');
const xtermCss = readFileSync(require.resolve('@xterm/xterm/css/xterm.css'), 'utf8');

const connect = args.mode === 'wetty'
  ? `
    const socket = io(location.origin, { path: '/wetty/socket.io', transports: ['websocket'] });
    socket.on('login', () => { socket.emit('resize', { cols: 120, rows: 30 }); window.bench.open = true; });
    socket.on('data', (d) => { window.bench.received += d.length; term.write(d, () => socket.emit('commit', d.length)); });
    socket.on('disconnect', () => { window.bench.closed = true; });
    window.bench.send = (s) => socket.emit('input', s);`
  : `
    const ws = new WebSocket('ws://' + location.host + ${JSON.stringify(args.wsPath)} + '?flow=ack');
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => { ws.send(JSON.stringify({ type: 'resize', cols: 120, rows: 30 })); window.bench.open = true; };
    ws.onclose = () => { window.bench.closed = true; };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') return;
      const bytes = new Uint8Array(ev.data);
      window.bench.received += bytes.length;
      term.write(bytes, () => ws.send(JSON.stringify({ type: 'ack', bytes: bytes.length })));
    };
    window.bench.send = (s) => ws.send(new TextEncoder().encode(s));`;

const html = `<!doctype html><html><head><meta charset="utf-8"><style>${xtermCss}</style></head>
<body><div id="t" style="width:1100px;height:640px"></div>
${args.mode === 'wetty' ? '<script src="/wetty/socket.io/socket.io.js"></script>' : ''}
<script>${xtermJs}</script>
<script>
  const term = new Terminal({ cols: 120, rows: 30, scrollback: 1000 });
  term.open(document.getElementById('t'));
  window.bench = { received: 0, open: false, closed: false };
  const lines = (n) => { const b = term.buffer.active; const out = [];
    for (let y = Math.max(0, b.length - n); y < b.length; y++) out.push(b.getLine(y)?.translateToString(true) ?? '');
    return out; };
  const cursorLine = () => { const b = term.buffer.active; return b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? ''; };
  // Resolves with the time (ms since start) the condition first held after a parse, or -1 on timeout.
  window.bench.waitFor = (test, timeoutMs, start) => new Promise((resolve) => {
    const check = () => { if (test()) { done(performance.now() - start); return true; } return false; };
    let sub, timer, poll;
    const done = (v) => { sub?.dispose(); clearTimeout(timer); clearInterval(poll); resolve(v); };
    if (check()) return;
    sub = term.onWriteParsed(check);
    poll = setInterval(check, 20);
    timer = setTimeout(() => done(-1), timeoutMs);
  });
  window.bench.hasText = (text) => lines(60).some((l) => l.includes(text));
  window.bench.atPrompt = (p) => cursorLine().includes(p);
  window.bench.clearBuffer = () => term.clear();
  window.bench.tail = () => lines(30).join('\\n');
  ${connect}
</script></body></html>`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    // The page is served by route interception, so Chromium cannot tell it is local: let it reach loopback.
    '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'],
});
const result = { mode: args.mode };
try {
  const page = await browser.newPage();
  if (process.env.BENCH_DEBUG) page.on("console", (m) => console.error("console:", m.text())), page.on("pageerror", (e) => console.error("pageerror:", String(e)));
  const url = args.origin + '/__bench/render.html';
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(url);
  await page.waitForFunction(() => window.bench.open, null, { timeout: 15000 });
  // A prompt of our own, that neither yes nor base64 prints.
  await page.evaluate(() => window.bench.send("PS1='B''R> '\r"));
  await page.waitForFunction(() => window.bench.atPrompt('BR> '), null, { timeout: 15000 });
  // The screen may still show an earlier run's marker: clear tmux's screen and xterm's buffer first.
  await page.evaluate(() => window.bench.send('clear\r'));
  await page.waitForTimeout(300);
  await page.evaluate(() => window.bench.clearBuffer());
  const mib = Math.round(args.bytes * 3 / 4);
  result.renderMs = await page.evaluate(async (mib) => {
    const start = performance.now();
    window.bench.send(`head -c ${mib} /dev/urandom | base64 -w 100; echo END-$((6*7))-MARK\r`);
    return window.bench.waitFor(() => window.bench.hasText('END-42-MARK'), 120000, start);
  }, mib);
  result.received = await page.evaluate(() => window.bench.received);
  result.ctrlcMs = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => window.bench.send('yes\r'));
    await page.waitForTimeout(500);
    result.ctrlcMs.push(await page.evaluate(async () => {
      const start = performance.now();
      window.bench.send('\x03');
      return window.bench.waitFor(() => window.bench.atPrompt('BR> '), 10000, start);
    }));
    await page.waitForTimeout(200);
  }
  result.closed = await page.evaluate(() => window.bench.closed);
  result.tail = await page.evaluate(() => window.bench.tail());
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
