/**
 * Issue 16: ring-client-api's live-view packages (werift, @homebridge/camera-utils) wait for the
 * first live view, and systeminformation for a hardware id the plugin never asks it for, where Node
 * has in-thread module hooks (lane 2: Node 24); they load as before where it has not (lane 1: Node
 * 20). With the hooks, rxjs stays its single file alone once all of them are loaded: camera-utils
 * imports rxjs too. The child runs the product's code in a plain Node process.
 */
import { execFile } from 'node:child_process';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '../harness/repo-paths.js';

const CHILD = join(findRepoRoot(), '.build/test/e2e/deferred-imports-child.js');

interface Report {
  deferral: string;
  afterImport: { deferred: string[]; cjs: string[] };
  weriftBuild: string;
  cameraUtilsReal: boolean;
  hardwareIdIsUuid: boolean;
  loaded: string[];
  rxjsBuilds: string[];
}

test('importing ring-client-api loads no deferred package where hooks exist; the stand-ins then answer with the real ones', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD], { timeout: 60_000 });
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as Report;
  const hooks = typeof (nodeModule as unknown as { registerHooks?: unknown }).registerHooks === 'function';
  expect(report.cameraUtilsReal).toBe(true);
  expect(report.hardwareIdIsUuid).toBe(true);
  if (hooks) {
    expect(report.deferral).toBe('deferred');
    expect(report.weriftBuild).toBe('commonjs');
    expect(report.afterImport).toEqual({ deferred: [], cjs: [] });
    expect(report.loaded).toEqual(['@homebridge/camera-utils', 'systeminformation', 'werift']);
    // ring-client-api and camera-utils share rxjs's single file; its CommonJS build never loads.
    expect(report.rxjsBuilds).toEqual(['single file']);
  } else {
    expect(report.deferral).toBe('unsupported');
    expect(report.weriftBuild).toBe('module');
    expect(report.afterImport.cjs).toEqual(expect.arrayContaining(['@peculiar/x509', 'systeminformation']));
    expect(report.loaded).toEqual(['@homebridge/camera-utils']);
    expect(report.rxjsBuilds).toEqual(['dist/cjs']);
  }
}, 90_000);
