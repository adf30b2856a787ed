/**
 * The package as a user gets it: `npm run build`, `npm pack` into a temp folder, and the tarball
 * installed with production dependencies only (`--omit=dev`) into an empty folder, as the Homebridge
 * UI installs a plugin. Then what is shipped must work from there alone:
 *
 * - the tarball has LICENSE, CHANGELOG.md, README.md and config.schema.json, and no source maps;
 * - every bare import in the shipped dist/ and panel server resolves from the production install
 *   (an undeclared runtime dependency, such as rxjs once was, resolves in the repository through a
 *   dev dependency and fails only here);
 * - the plugin loads (`import()` of dist/index.js) and registers its platform with Homebridge;
 * - the settings panel's server starts as the Homebridge UI forks it, and answers;
 * - `trygr-policy --help` runs from the installed bin.
 *
 * The install may use the registry (with the local npm cache first); it is the slow part, so the
 * test has a generous timeout and prints how long each step took.
 */
import { execFile, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { closeUiServer } from '../ui/ui-server-child.js';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGE = 'homebridge-trygr';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** Where each step's time goes, printed at the end: the install is what can get slow. */
const timings: Array<[string, number]> = [];
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push([step, Date.now() - started]);
  }
}

/** Runs a command; on failure the error carries its output, so a failed install says why. */
async function sh(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${(error as Error).message}\n${stdout}\n${stderr}`, { cause: error });
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The bare specifiers a shipped file imports: static, dynamic, re-exports, require(), and createRequire(import.meta.url).resolve(). */
function bareImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((entry) => entry.fileName);
  for (const match of text.matchAll(/createRequire\(import\.meta\.url\)\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!);
  return specifiers.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !isBuiltin(specifier));
}

describe('the published package, installed with production dependencies only', () => {
  let work: string;
  let tarball: string;
  let packed: string[];
  /** The installed plugin: <app>/node_modules/homebridge-trygr. */
  let installed: string;
  let app: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'trygr-pack-'));
    await timed('npm run build', () => sh(npm, ['run', 'build'], repoRoot, 300_000));
    const { stdout } = await timed('npm pack', () => sh(npm, ['pack', '--json', '--pack-destination', work], repoRoot, 120_000));
    const [result] = JSON.parse(stdout) as PackResult[];
    tarball = join(work, result!.filename);
    packed = result!.files.map((file) => file.path);
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'trygr-pack-check', version: '1.0.0', private: true }));
    await timed('npm install --omit=dev', () =>
      sh(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], app, 600_000),
    );
    installed = join(app, 'node_modules', PACKAGE);
  }, 900_000);

  afterAll(() => {
    console.log(`pack test timings: ${timings.map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds the documents and the schema, the built code, and no source maps', () => {
    for (const file of [
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'config.schema.json',
      'package.json',
      'dist/index.js',
      'dist/cli/trygr-policy.js',
      'homebridge-ui/server.js',
    ]) {
      expect(packed).toContain(file);
    }
    expect(packed.some((file) => file.startsWith('homebridge-ui/dist/'))).toBe(true);
    expect(packed.some((file) => file.startsWith('homebridge-ui/public/'))).toBe(true);
    expect(packed.filter((file) => file.endsWith('.map'))).toEqual([]);
    // Nothing of the sources, the tests or the repository's tooling.
    expect(packed.filter((file) => /^(src|test|\.ci|\.build|homebridge-ui\/src)\//.test(file) || file.endsWith('.ts'))).toEqual([]);
    expect(walk(installed).filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  test('every bare import of the shipped code resolves from the production install', async () => {
    const shipped = [...walk(join(installed, 'dist')), join(installed, 'homebridge-ui', 'server.js'), ...walk(join(installed, 'homebridge-ui', 'dist'))].filter((file) =>
      /\.(c|m)?js$/.test(file),
    );
    const wanted = new Map<string, string[]>();
    for (const file of shipped) {
      for (const specifier of bareImportsOf(file)) wanted.set(specifier, [...(wanted.get(specifier) ?? []), relative(installed, file)]);
    }
    // The ones the plugin cannot work without are among them (a scan that finds nothing proves nothing).
    expect([...wanted.keys()]).toEqual(expect.arrayContaining(['ring-client-api', 'rxjs', 'sharp', '@homebridge/plugin-ui-utils']));

    // ESM resolution as Node does it for a module inside the installed package (exports, conditions, nesting).
    const probe = join(installed, 'dist', '.resolve-probe.mjs');
    writeFileSync(
      probe,
      [
        'const out = {};',
        'for (const specifier of JSON.parse(process.argv[2])) {',
        '  try { out[specifier] = import.meta.resolve(specifier); } catch (error) { out[specifier] = `unresolved: ${error.code ?? error.message}`; }',
        '}',
        'process.stdout.write(JSON.stringify(out));',
      ].join('\n'),
    );
    let resolved: Record<string, string>;
    try {
      const { stdout } = await sh(process.execPath, [probe, JSON.stringify([...wanted.keys()])], app, 60_000);
      resolved = JSON.parse(stdout) as Record<string, string>;
    } finally {
      rmSync(probe, { force: true });
    }
    // createRequire(...).resolve() resolves with require's conditions: check those that way too.
    const requireFrom = createRequire(join(installed, 'dist', 'index.js'));
    const unresolved: string[] = [];
    for (const [specifier, files] of wanted) {
      const esm = resolved[specifier] ?? 'unresolved: not probed';
      const inside = esm.startsWith(pathToFileURL(app).href);
      if (!inside) unresolved.push(`${specifier} (${esm}) imported by ${files.join(', ')}`);
    }
    for (const file of shipped) {
      for (const match of readFileSync(file, 'utf8').matchAll(/createRequire\(import\.meta\.url\)\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        let where: string;
        try {
          where = requireFrom.resolve(match[1]!);
        } catch (error) {
          where = `unresolved: ${(error as Error).message.split('\n')[0]}`;
        }
        if (!where.startsWith(app)) unresolved.push(`${match[1]} (require.resolve: ${where}) in ${relative(installed, file)}`);
      }
    }
    expect(unresolved).toEqual([]);
  }, 120_000);

  test('the plugin loads from the install and registers its platform', async () => {
    const script = join(app, 'load-plugin.mjs');
    writeFileSync(
      script,
      [
        `const plugin = await import(${JSON.stringify(pathToFileURL(join(installed, 'dist', 'index.js')).href)});`,
        'const registered = [];',
        'const api = {',
        '  registerPlatform: (...args) => registered.push(args.map((arg) => (typeof arg === "function" ? `class ${arg.name}` : arg))),',
        '  registerAccessory: () => { throw new Error("registerAccessory"); },',
        '  on: () => undefined,',
        '};',
        'plugin.default(api);',
        'process.stdout.write(JSON.stringify({ registered, exportType: typeof plugin.default }));',
      ].join('\n'),
    );
    const { stdout } = await timed('load plugin', () => sh(process.execPath, [script], app, 60_000));
    const loaded = JSON.parse(stdout) as { registered: unknown[][]; exportType: string };
    expect(loaded.exportType).toBe('function');
    expect(loaded.registered).toEqual([['Trygr', 'class TrygrPlatform']]);
  }, 120_000);

  test('the settings panel server starts as the Homebridge UI forks it, and answers', async () => {
    const storage = join(work, 'storage');
    mkdirSync(storage, { recursive: true });
    const configPath = join(storage, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({ bridge: { name: 'Pack Check', username: '0E:11:22:33:44:55', port: 51826, pin: '031-45-154' }, platforms: [{ platform: 'Trygr' }] }, null, 2),
    );
    const uiVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'homebridge-config-ui-x', 'package.json'), 'utf8')) as { version: string }).version;
    const child = fork(join(installed, 'homebridge-ui', 'server.js'), [], {
      cwd: app,
      silent: true,
      env: { ...process.env, HOMEBRIDGE_STORAGE_PATH: storage, HOMEBRIDGE_CONFIG_PATH: configPath, HOMEBRIDGE_UI_VERSION: uiVersion },
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const answers = new Map<string, { success?: boolean; data?: unknown }>();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the panel server was not ready within 30 s; output:\n${output}`)), 30_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the panel server exited (${code}) before it was ready; output:\n${output}`));
        });
        child.on('message', (message: { action?: string; payload?: { requestId?: string; success?: boolean; data?: unknown } }) => {
          if (message.action === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (message.action === 'response' && message.payload?.requestId) {
            answers.set(message.payload.requestId, message.payload);
          }
        });
      });
      child.send({ action: 'request', path: '/privacy/validate', body: { privacy: { defaultAction: 'sometimes' } }, requestId: 'validate' });
      const deadline = Date.now() + 30_000;
      while (!answers.has('validate') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = answers.get('validate');
      expect(answer?.success).toBe(true);
      expect((answer?.data as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    } finally {
      await closeUiServer(child);
    }
  }, 120_000);

  test('trygr-policy --help runs from the installed bin', async () => {
    const bin = join(app, 'node_modules', '.bin', 'trygr-policy');
    expect(existsSync(bin)).toBe(true);
    // npm links the bin to an executable file (the build sets its mode; the tarball keeps it).
    expect(statSync(join(installed, 'dist', 'cli', 'trygr-policy.js')).mode & 0o111).not.toBe(0);
    const { stdout } = await sh(bin, ['--help'], app, 60_000);
    expect(stdout).toMatch(/^Usage: trygr-policy dry-run <config\.json>/);
  }, 60_000);
});
