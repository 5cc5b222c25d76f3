// `make bench`: generates plans of 1k, 10k and 100k posts with `postplan
// demo`, runs the Go benchmarks on each (the compiled test binaries in
// build/bench, pointed at the plan by POSTPLAN_BENCH_DATA), measures disk,
// memory and the production binary's start-up under Xvfb, runs the npm
// peers on a 2,000-post plan, and prints one table. Everything it starts is
// stopped on the way out; the plans live in temporary folders it removes.
//
// Environment: POSTPLAN_BIN (the production binary), BENCH_DIR (where the
// test binaries are and the results go), BENCH_SIZES (default
// 1000,10000,100000), BENCH_STARTS (start-up runs, default 5).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { cleanup, defer, logLines, repoRoot, start, startXvfb, stopGroup, tempDir, waitFor } from '../e2e/harness.mjs';

const bin = process.env.POSTPLAN_BIN ?? join(repoRoot, 'build', 'bin', 'postplan');
const benchDir = process.env.BENCH_DIR ?? join(repoRoot, 'build', 'bench');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const starts = Number(process.env.BENCH_STARTS ?? 5);

// The Go benchmarks, by test binary: which to run and how many times each
// (b.Loop runs exactly that many; the median and p95 come from those runs).
const goRuns = [
  ['storage.test', '^Benchmark(WeekQuery|MonthQuery|CreatePost|UpdatePost|DeletePost|WeekSummary)$', 300],
  ['storage.test', '^Benchmark(Open|ExpandSeries)$', 7],
  ['feedhttp.test', '^BenchmarkFeed(Render|AfterAChange|200|304)$', 20],
  ['transfer.test', '.', 5],
];
// Publishing is measured on the peers' 2,000-post plan only: its budget is
// for a 2,000-event feed, whatever the plan's size.
const publishRun = ['publish.test', '^BenchmarkPublishAfterAChange$', 20];

// What each row means, in the order the table lists them.
const rows = [
  ['WeekQuery', 'week query (window, expanded)'],
  ['MonthQuery', 'month query'],
  ['WeekSummary', 'week at a glance summary'],
  ['CreatePost', 'create a post (synced)'],
  ['UpdatePost', 'update a post'],
  ['DeletePost', 'delete a post'],
  ['Open', 'open the data folder'],
  ['ExpandSeries', 'expand every series over 2026'],
  ['FeedRender', 'render the whole-plan feed after a change'],
  ['FeedAfterAChange', 'a subscriber\'s request after a change (render, hash, gzip, send)'],
  ['Feed200', 'serve the feed, unchanged plan'],
  ['Feed304', 'subscriber refresh, nothing new'],
  ['ExportICS', 'export .ics (read + render, cold)'],
  ['ParseICS', 'parse that .ics into posts'],
  ['ImportICS', 'import that .ics into an empty plan'],
  ['ExportCSV', 'export CSV'],
  ['ImportCSV', 'import CSV (preview + commit)'],
  ['ExportJSON', 'export JSON'],
  ['ImportJSON', 'import JSON'],
  ['Backup', 'backup'],
];

/** Runs cmd under GNU time and returns its stdout and peak RSS in MB. */
function timed(cmd, args, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAKRSS %M', cmd, ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const kb = Number(/PEAKRSS (\d+)/.exec(r.stderr)?.[1]);
  return { stdout: r.stdout, rssMB: kb / 1024 };
}

/** Parses `go test -bench` lines into {name: {metric: value}}. */
function parseBench(out) {
  const res = {};
  for (const line of out.split('\n')) {
    const m = /^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+(.*)$/.exec(line);
    if (!m) continue;
    const f = {};
    const parts = m[2].trim().split(/\s+/);
    for (let i = 0; i + 1 < parts.length; i += 2) f[parts[i + 1]] = Number(parts[i]);
    res[m[1]] = f;
  }
  return res;
}

function goBench(dataDir, runs = goRuns) {
  const res = {};
  let peak = 0;
  for (const [testBin, pattern, n] of runs) {
    const r = timed(join(benchDir, testBin), ['-test.run', '^$', '-test.bench', pattern, '-test.benchtime', `${n}x`],
      { POSTPLAN_BENCH_DATA: dataDir });
    Object.assign(res, parseBench(r.stdout));
    peak = Math.max(peak, r.rssMB);
  }
  return { res, peak };
}

/**
 * The process group's memory, in MB: the app and WebKit's processes. RSS
 * counts the shared libraries in every process that maps them; PSS shares
 * them out, so it adds up to what the app costs the machine.
 */
function groupMemory(pgid) {
  let kb = 0, pss = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // fields[2] is the process group
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* the process ended while being read */
    }
  }
  return { rss: kb / 1024, pss: pss / 1024 };
}

/** Start-up to the frontend's ready line, `starts` times; medians. */
async function startUp(display, dataDir) {
  const waits = [], inApp = [], dom = [], rss = [], pss = [];
  for (let i = 0; i < starts; i++) {
    const before = logLines(dataDir).length;
    const t0 = performance.now();
    const app = start(bin, ['--data', dataDir], { env: { ...process.env, DISPLAY: display } });
    const ready = await waitFor('the frontend ready line', () => {
      if (app.exitCode !== null) throw new Error(`postplan exited early:\n${app.output}`);
      return logLines(dataDir).slice(before).find((l) => l.includes('msg="frontend ready"'));
    }, 60_000, 10);
    waits.push(performance.now() - t0);
    inApp.push(Number(/since_start_ms=(\d+)/.exec(ready)?.[1]));
    // The split: the page's DOM is ready ("window shown") before the
    // first calendar is drawn ("frontend ready").
    const shown = logLines(dataDir).slice(before).find((l) => l.includes('msg="window shown"'));
    dom.push(Number(/since_start_ms=(\d+)/.exec(shown ?? '')?.[1] ?? NaN));
    await new Promise((ok) => setTimeout(ok, 500)); // let the first paint's allocations settle
    const mem = groupMemory(app.pid);
    rss.push(mem.rss);
    pss.push(mem.pss);
    await stopGroup(app);
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { ms: med(waits), inAppMs: med(inApp), domMs: med(dom), rssMB: med(rss), pssMB: med(pss), runs: waits };
}

const du = (dir) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]) / 1e6;

async function main() {
  const display = await startXvfb();
  const results = { machine: machine(), sizes: {}, peers: null };
  for (const n of sizes) {
    const dir = tempDir(`postplan-bench-${n}-`);
    defer(() => rmSync(dir, { recursive: true, force: true }));
    process.stderr.write(`# ${n} posts: generating\n`);
    const t0 = performance.now();
    const demo = timed(bin, ['demo', '--data', dir, '--posts', String(n), '--seed', '1']);
    const generate = { ms: performance.now() - t0, rssMB: demo.rssMB };
    const diskMB = du(dir);
    process.stderr.write(`# ${n} posts: Go benchmarks\n`);
    const go = goBench(dir);
    process.stderr.write(`# ${n} posts: start-up x${starts}\n`);
    const up = await startUp(display, dir);
    results.sizes[n] = { generate, diskMB, go: go.res, benchPeakRSSMB: go.peak, startUp: up };
  }
  results.peers = await peers();
  writeFileSync(join(benchDir, 'results.json'), JSON.stringify(results, null, 2));
  const table = render(results);
  writeFileSync(join(benchDir, 'table.md'), table);
  console.log(table);
}

/** The peers and our side on the same 2,000-post plan. */
async function peers() {
  const dir = tempDir('postplan-bench-peers-');
  defer(() => rmSync(dir, { recursive: true, force: true }));
  process.stderr.write('# peers: 2,000 posts\n');
  execFileSync(bin, ['demo', '--data', dir, '--posts', '2000', '--seed', '1']);
  const json = join(dir, 'plan.json'), ics = join(dir, 'plan.ics');
  execFileSync(bin, ['export', '--data', dir, '--format', 'json', '--out', json]);
  execFileSync(bin, ['export', '--data', dir, '--format', 'ics', '--out', ics]);
  const ours = goBench(dir, [...goRuns, publishRun]).res;
  const out = execFileSync('node', [join(repoRoot, 'frontend', 'bench', 'peers.mjs'), json, ics, '20'],
    { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { ours, theirs: JSON.parse(out) };
}

function machine() {
  const os = readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="(.*)"/)?.[1];
  const go = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  return { cpu: cpus()[0]?.model, cores: cpus().length, memGB: +(totalmem() / 2 ** 30).toFixed(1), os, go, node: process.version };
}

const ms = (ns) => (ns === undefined || Number.isNaN(ns) ? '-' : ns >= 1e8 ? `${(ns / 1e9).toFixed(2)} s` : `${(ns / 1e6).toFixed(ns < 1e6 ? 3 : 1)} ms`);
const mb = (x) => `${x.toFixed(x < 10 ? 1 : 0)} MB`;
const growth = (a, b) => (a > 0 && b > 0 ? `×${(b / a).toFixed(b / a < 10 ? 1 : 0)}` : '-');

function render(r) {
  const ns = Object.keys(r.sizes).map(Number);
  const first = r.sizes[ns[0]], last = r.sizes[ns[ns.length - 1]];
  const head = `| | ${ns.map((n) => `${n.toLocaleString('en')} posts`).join(' | ')} | ${ns[0].toLocaleString('en')} → ${ns[ns.length - 1].toLocaleString('en')} |`;
  const lines = [`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGB} GB; ${r.machine.os}; ${r.machine.go}; Node ${r.machine.node}.`, '',
    'Each cell: median / p95 of the runs (make bench runs each operation 5-300 times); the last column is how the median grew.', '',
    head, `|---|${ns.map(() => '---|').join('')}---|`];
  for (const [key, label] of rows) {
    const cells = ns.map((n) => {
      const f = r.sizes[n].go[key];
      return f ? `${ms(f['p50-ns'] ?? f['ns/op'])} / ${ms(f['p95-ns'] ?? f['ns/op'])}` : '-';
    });
    const a = first.go[key], b = last.go[key];
    lines.push(`| ${label} | ${cells.join(' | ')} | ${growth(a?.['p50-ns'] ?? a?.['ns/op'], b?.['p50-ns'] ?? b?.['ns/op'])} |`);
  }
  const row = (label, f, fmt) => lines.push(`| ${label} | ${ns.map((n) => fmt(f(r.sizes[n]))).join(' | ')} | ${growth(f(first), f(last))} |`);
  row('occurrences in a week (mean)', (s) => s.go.WeekQuery?.['occurrences/op'] ?? 0, (x) => x.toFixed(0));
  row('generate the plan (`postplan demo`)', (s) => s.generate.ms * 1e6, ms);
  row('data folder on disk', (s) => s.diskMB, mb);
  row('peak RSS, `postplan demo`', (s) => s.generate.rssMB, mb);
  row('peak RSS, benchmark processes', (s) => s.benchPeakRSSMB, mb);
  row('Go heap with the plan open', (s) => s.go.Open?.['heap-MB'] ?? 0, mb);
  row(`start-up to first rendered calendar (median of ${starts})`, (s) => s.startUp.ms * 1e6, ms);
  row('the same, from the process\'s own start (its log line)', (s) => s.startUp.inAppMs * 1e6, ms);
  row('of which to the page\'s DOM (its "window shown" line)', (s) => s.startUp.domMs * 1e6, ms);
  row('app RSS after first render (app + WebKit processes)', (s) => s.startUp.rssMB, mb);
  row('app PSS after first render (shared pages shared out)', (s) => s.startUp.pssMB, mb);

  const o = r.peers.ours, t = r.peers.theirs;
  const ratio = (ourNs, theirMs) => `${(ourNs / 1e6 / theirMs).toFixed(3)} (${(theirMs / (ourNs / 1e6)).toFixed(0)}× faster)`;
  lines.push('', `Peers, on one plan of 2,000 posts (${t.icalGenerator.events} events, ${t.rrule.series} series):`, '',
    '| operation | ours (median) | theirs (median) | ours / theirs |', '|---|---|---|---|',
    `| render the plan to .ics: ExportICS vs ical-generator | ${ms(o.ExportICS['p50-ns'])} | ${t.icalGenerator.p50.toFixed(1)} ms | ${ratio(o.ExportICS['p50-ns'], t.icalGenerator.p50)} |`,
    `| expand the series over 2026 vs rrule (${o.ExpandSeries['occurrences/op']} and ${t.rrule.occurrences} occurrences) | ${ms(o.ExpandSeries['p50-ns'])} | ${t.rrule.p50.toFixed(1)} ms | ${ratio(o.ExpandSeries['p50-ns'], t.rrule.p50)} |`,
    `| parse our .ics: into posts (${o.ParseICS.events}, moved occurrences folded into their series) vs ical.js into events (${t.icaljs.events}) | ${ms(o.ParseICS['p50-ns'])} | ${t.icaljs.p50.toFixed(1)} ms | ${ratio(o.ParseICS['p50-ns'], t.icaljs.p50)} |`,
    `| the same, ical.js's text-to-arrays step only | ${ms(o.ParseICS['p50-ns'])} | ${t.icaljsText.p50.toFixed(1)} ms | ${ratio(o.ParseICS['p50-ns'], t.icaljsText.p50)} |`,
    `| the 2,000-post feed after a change (FeedRender) | ${ms(o.FeedRender['p50-ns'])} | | |`,
    `| publish that feed to a WebDAV server on this computer after a change (rclone; p95 ${ms(o.PublishAfterAChange['p95-ns'])}) | ${ms(o.PublishAfterAChange['p50-ns'])} | | |`);
  if (o.ExpandSeries['occurrences/op'] !== t.rrule.occurrences) {
    lines.push('', `**The expansions disagree**: ours ${o.ExpandSeries['occurrences/op']}, rrule ${t.rrule.occurrences}.`);
  }
  return lines.join('\n') + '\n';
}

try {
  await main();
} finally {
  await cleanup();
}
