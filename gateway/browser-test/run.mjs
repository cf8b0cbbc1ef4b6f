// Drives the browser test: bundles src/app.ts, serves it on PAGE_PORT (another origin than the
// gateway, so CORS is exercised too), opens it in headless Debian Chromium through
// playwright-core and waits for the page to report. Exit code 0 only when the page saw its
// task arrive on the server stream. Needs GATEWAY_URL and PAGE_PORT.

import { createServer } from "node:http";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const gateway = process.env.GATEWAY_URL;
const port = Number(process.env.PAGE_PORT);
if (!gateway || !port) throw new Error("set GATEWAY_URL and PAGE_PORT");

const bundle = await build({
  entryPoints: ["src/app.ts"],
  bundle: true,
  format: "esm",
  target: "es2022",
  write: false,
});
const script = bundle.outputFiles[0].text;
const page = `<!doctype html><meta charset="utf-8"><title>TaskStream browser test</title>
<pre id="log"></pre><script type="module" src="/app.js"></script>`;
const server = createServer((request, response) => {
  const [type, body] =
    request.url === "/app.js" ? ["text/javascript", script] : ["text/html", page];
  response.writeHead(200, { "content-type": `${type}; charset=utf-8` });
  response.end(body);
});
await new Promise((ready) => server.listen(port, "127.0.0.1", ready));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
let outcome;
try {
  const tab = await browser.newPage();
  tab.on("console", (message) => console.log(`  [page] ${message.text()}`));
  tab.on("requestfailed", (request) =>
    console.log(`  [page] request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  await tab.goto(`http://127.0.0.1:${port}/?gateway=${encodeURIComponent(gateway)}`);
  await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 60_000 });
  outcome = await tab.evaluate(() => ({ steps: window.steps, result: window.result }));
} finally {
  await browser.close();
  server.close();
}
for (const step of outcome.steps) console.log(`  ${step}`);
if (!outcome.result.ok) {
  console.error(`browser test FAILED: ${outcome.result.detail}`);
  process.exit(1);
}
console.log(`browser test passed: ${outcome.result.detail}`);
