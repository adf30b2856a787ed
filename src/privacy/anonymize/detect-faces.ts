/**
 * Finds faces in a decoded snapshot, on this machine: face-api's Tiny Face Detector weights
 * (@vladmandic/face-api, shipped in its npm package) run by TensorFlow.js's WebAssembly backend
 * (@tensorflow/tfjs-core + @tensorflow/tfjs-backend-wasm, plain JavaScript and WebAssembly, so the
 * same install works on x64 and on a Raspberry Pi's arm64). Nothing is downloaded, nothing leaves
 * the process.
 *
 * Nothing here runs until a redaction asks for it: loadFaceDetector() starts a worker thread that
 * requires the libraries and reads the model from node_modules, once, and every later call reuses
 * it. The worker keeps the 50–100 ms of network arithmetic per picture off Homebridge's event loop,
 * keeps TensorFlow's process-wide state (its engine is a global) away from other plugins, and can
 * be ended when it hangs.
 *
 * Failing closed: detectFaces() never answers "no faces" when it could not look. It rejects with a
 * FaceDetectionError when the libraries or the model are missing (`unavailable`), when anything
 * throws or the model is unreadable (`error`), and when the answer is not back within `timeoutMs`
 * (`timeout`, 1 s by default), counting the load on the first call. The caller then sends the
 * privacy placeholder instead of the picture.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { AnonymizeFailure, Zone } from '../types.js';
import { AnonymizeFailed as FaceDetectionError } from './anonymize-failed.js';
import { clipToFrame } from './cover-regions.js';
import { decodeOutput, isValidInputSize, nonMaxSuppression, prepareInput, TINY_FACE_STRIDE, type NetworkInput, type RgbImage } from './tiny-face-model.js';

/** Why there is no answer: the gate's AnonymizeFailure words. */
export type FaceDetectionFailure = AnonymizeFailure;
/** The detector's failures are the renderer's AnonymizeFailed, so they pass through unchanged. */
export { FaceDetectionError };

/** A face, in fractions of the picture (clipped to it), with the detector's confidence 0..1. */
export interface FaceBox extends Zone {
  readonly score: number;
}

/** A decoded snapshot: packed 8-bit RGB, row by row. */
export interface RawSnapshot {
  readonly data: Buffer | Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

export interface LoadOptions {
  /** Folder with tiny_face_detector_model-weights_manifest.json and its weights; default: @vladmandic/face-api's `model/`. */
  readonly modelDir?: string;
}

export interface DetectOptions extends LoadOptions {
  /** The bound on the whole call, load included; 0 always rejects. Default 1000. */
  readonly timeoutMs?: number;
  /** Side of the square the picture is scaled into, a multiple of 32. Larger finds smaller faces, slower. Default 448. */
  readonly inputSize?: number;
  /** Minimum face score 0..1. Lower finds more (and more false faces, which only cost extra blur). Default 0.3. */
  readonly scoreThreshold?: number;
}

export const DEFAULT_TIMEOUT_MS = 1000;
/**
 * 448 found all 22 hand-labelled faces of the fixtures (so did 384, 480 and 512; 416 missed a
 * profile, a face looking down and a tilted one) and keeps a 1280×720 snapshot within its budget on
 * two shared cores (detector ≈ 52 ms median, 512 ≈ 64 ms).
 */
export const DEFAULT_INPUT_SIZE = 448;
export const DEFAULT_SCORE_THRESHOLD = 0.3;
const MANIFEST = 'tiny_face_detector_model-weights_manifest.json';
/** A worker with a request this old is taken to be hung and is ended; the next call starts another. */
const HUNG_MS = 10_000;
/** Beyond this many requests waiting, a call fails at once instead of queueing behind pictures that will time out. */
const MAX_PENDING = 4;

/** The network's answer for one input: a cells×cells grid of 5 anchors × 5 numbers. */
interface NetworkOutput {
  readonly output: Float32Array;
  readonly cells: number;
}

export interface FaceDetector {
  /** Runs the network on a prepared input. */
  run(input: NetworkInput): Promise<NetworkOutput>;
  /** Ends the worker; pending and later runs reject. */
  close(): Promise<void>;
}

interface Paths {
  readonly core: string;
  readonly wasm: string;
  readonly wasmDir: string;
  readonly modelDir: string;
}

/**
 * The worker: CommonJS, plain JavaScript (it is evaluated as a string so it needs no build step
 * of its own and runs the same under the compiled plugin and the tests). It loads the libraries
 * and weights, checks them, runs one warm-up pass, then answers {id, input, size} messages.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { core, wasm, wasmDir, modelDir, manifestName, warmUpSize } = workerData;
const EXPECTED = { 'conv0/filters': [3, 3, 3, 16], 'conv8/filters': [1, 1, 512, 25] };
for (let i = 1; i <= 5; i++) {
  EXPECTED['conv' + i + '/depthwise_filter'] = null;
  EXPECTED['conv' + i + '/pointwise_filter'] = null;
  EXPECTED['conv' + i + '/bias'] = null;
}
EXPECTED['conv0/bias'] = null;
EXPECTED['conv8/bias'] = null;
async function start() {
  const tf = require(core);
  require(wasm).setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend of TensorFlow.js did not start');
  await tf.ready();
  const manifest = JSON.parse(readFileSync(path.join(modelDir, manifestName), 'utf8'));
  if (!Array.isArray(manifest) || manifest.length !== 1 || !Array.isArray(manifest[0].paths) || !Array.isArray(manifest[0].weights)) {
    throw new Error('the model manifest is not a single weights group');
  }
  const bytes = Buffer.concat(manifest[0].paths.map((file) => readFileSync(path.join(modelDir, path.basename(String(file))))));
  const w = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest[0].weights);
  for (const [name, shape] of Object.entries(EXPECTED)) {
    if (!w[name]) throw new Error('the model has no ' + name);
    if (shape && w[name].shape.join() !== shape.join()) throw new Error('the model has ' + name + ' of shape ' + w[name].shape.join('x'));
  }
  const forward = (input, size) =>
    tf.tidy(() => {
      let x = tf.tensor4d(input, [1, size, size, 3]);
      x = tf.fused.conv2d({ x, filter: w['conv0/filters'], strides: 1, pad: 'valid', bias: w['conv0/bias'], activation: 'leakyrelu', leakyreluAlpha: 0.1 });
      x = tf.maxPool(x, 2, 2, 'same');
      for (let i = 1; i <= 5; i++) {
        x = tf.depthwiseConv2d(x, w['conv' + i + '/depthwise_filter'], 1, 'same');
        x = tf.fused.conv2d({ x, filter: w['conv' + i + '/pointwise_filter'], strides: 1, pad: 'valid', bias: w['conv' + i + '/bias'], activation: 'leakyrelu', leakyreluAlpha: 0.1 });
        x = tf.maxPool(x, 2, i < 5 ? 2 : 1, 'same');
      }
      return tf.fused.conv2d({ x, filter: w['conv8/filters'], strides: 1, pad: 'valid', bias: w['conv8/bias'] });
    });
  const run = async (input, size) => {
    const out = forward(input, size);
    try {
      return { output: await out.data(), cells: out.shape[1] };
    } finally {
      out.dispose();
    }
  };
  await run(new Float32Array(warmUpSize * warmUpSize * 3), warmUpSize);
  parentPort.on('message', (message) => {
    run(message.input, message.size).then(
      ({ output, cells }) => parentPort.postMessage({ id: message.id, output, cells }, [output.buffer]),
      (error) => parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) }),
    );
  });
  parentPort.postMessage({ ready: true });
}
start().catch((error) => parentPort.postMessage({ failed: String((error && error.message) || error) }));
`;

type WorkerMessage =
  | { readonly ready: true }
  | { readonly failed: string }
  | { readonly id: number; readonly output: Float32Array; readonly cells: number }
  | { readonly id: number; readonly error: string };

interface Pending {
  readonly since: number;
  resolve(output: NetworkOutput): void;
  reject(error: FaceDetectionError): void;
}

class WorkerFaceDetector implements FaceDetector {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended: FaceDetectionError | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly onEnd: () => void,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (!('id' in message)) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in message) waiting.reject(new FaceDetectionError('error', `the face detector failed: ${message.error}`));
      else waiting.resolve({ output: message.output, cells: message.cells });
    });
    worker.on('error', (error: Error) => this.end(new FaceDetectionError('error', `the face detector stopped: ${error.message}`, { cause: error })));
    worker.on('exit', (code: number) => this.end(new FaceDetectionError('error', `the face detector stopped (exit code ${code})`)));
  }

  run(input: NetworkInput): Promise<NetworkOutput> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.pending.size >= MAX_PENDING) return Promise.reject(new FaceDetectionError('timeout', `the face detector is busy with ${this.pending.size} pictures`));
    const id = this.nextId++;
    return new Promise<NetworkOutput>((resolve, reject) => {
      // Referenced while it owes an answer, so a process awaiting one does not exit under it.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { since: performance.now(), resolve, reject });
      this.worker.postMessage({ id, input: input.data, size: input.size }, [input.data.buffer as ArrayBuffer]);
    });
  }

  /** True when a request has waited so long that the worker is taken to be hung. */
  hung(now: number): boolean {
    for (const waiting of this.pending.values()) if (now - waiting.since > HUNG_MS) return true;
    return false;
  }

  async close(): Promise<void> {
    this.end(new FaceDetectionError('error', 'the face detector was closed'));
    await this.worker.terminate();
  }

  private end(error: FaceDetectionError): void {
    if (this.ended) return;
    this.ended = error;
    this.onEnd();
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** Where the libraries and the model are; FaceDetectionError('unavailable') when something is not installed. */
function locate(modelDir: string | undefined): Paths {
  const require = createRequire(import.meta.url);
  let core: string;
  let wasm: string;
  let faceApi: string | undefined;
  try {
    core = require.resolve('@tensorflow/tfjs-core');
    wasm = require.resolve('@tensorflow/tfjs-backend-wasm');
    faceApi = modelDir === undefined ? path.dirname(require.resolve('@vladmandic/face-api/package.json')) : undefined;
  } catch (error) {
    throw new FaceDetectionError('unavailable', `the face detector is not installed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const dir = modelDir ?? path.join(faceApi!, 'model');
  if (!existsSync(path.join(dir, MANIFEST))) throw new FaceDetectionError('unavailable', `the face model is not installed: no ${MANIFEST} in ${dir}`);
  // The wasm backend's .wasm files sit beside its node entry (dist/); setWasmPaths wants the folder with a trailing slash.
  return { core, wasm, wasmDir: path.dirname(wasm) + path.sep, modelDir: dir };
}

function startWorker(paths: Paths, onEnd: () => void): Promise<WorkerFaceDetector> {
  return new Promise<WorkerFaceDetector>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...paths, manifestName: MANIFEST, warmUpSize: DEFAULT_INPUT_SIZE },
      stdout: true,
      stderr: true,
    });
    // Output from the worker is read and dropped (TensorFlow.js prints hints on load).
    worker.stdout.resume();
    worker.stderr.resume();
    const fail = (error: FaceDetectionError): void => {
      void worker.terminate();
      reject(error);
    };
    const onStartMessage = (message: WorkerMessage): void => {
      if ('ready' in message) {
        cleanUp();
        // An idle detector does not keep Homebridge (or a test run) from exiting.
        worker.unref();
        resolve(new WorkerFaceDetector(worker, onEnd));
      } else if ('failed' in message) {
        cleanUp();
        fail(new FaceDetectionError('error', `the face detector could not load: ${message.failed}`));
      }
    };
    const onStartError = (error: Error): void => {
      cleanUp();
      fail(new FaceDetectionError('error', `the face detector could not start: ${error.message}`, { cause: error }));
    };
    const onStartExit = (code: number): void => {
      cleanUp();
      reject(new FaceDetectionError('error', `the face detector stopped while loading (exit code ${code})`));
    };
    const cleanUp = (): void => {
      worker.off('message', onStartMessage);
      worker.off('error', onStartError);
      worker.off('exit', onStartExit);
    };
    worker.on('message', onStartMessage);
    worker.on('error', onStartError);
    worker.on('exit', onStartExit);
  });
}

const loaded = new Map<string, Promise<WorkerFaceDetector>>();

function cacheKey(modelDir: string | undefined): string {
  return modelDir === undefined ? '' : path.resolve(modelDir);
}

/**
 * The detector for `options.modelDir` (default: face-api's model), started on the first call and
 * shared after. Rejects with a FaceDetectionError; a failed load is not remembered, so a later
 * call tries again.
 */
export function loadFaceDetector(options: LoadOptions = {}): Promise<FaceDetector> {
  return load(options.modelDir);
}

function load(modelDir: string | undefined): Promise<WorkerFaceDetector> {
  const key = cacheKey(modelDir);
  const cached = loaded.get(key);
  if (cached) return cached;
  const starting = (async () => startWorker(locate(modelDir), () => forget(key, starting)))();
  loaded.set(key, starting);
  starting.catch(() => forget(key, starting));
  return starting;
}

function forget(key: string, which: Promise<WorkerFaceDetector>): void {
  if (loaded.get(key) === which) loaded.delete(key);
}

/** Ends every started detector (plugin shutdown, tests). */
export async function closeFaceDetectors(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  await Promise.all(all.map(closeIfStarted));
}

async function closeIfStarted(starting: Promise<WorkerFaceDetector>): Promise<void> {
  const detector = await starting.catch(() => undefined); // a load that failed left nothing to close
  await detector?.close();
}

function checkSnapshot(raw: RawSnapshot): void {
  const { width, height, channels, data } = raw;
  if (channels !== 3 || !Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || data.length !== width * height * 3) {
    throw new FaceDetectionError('error', `the picture is not packed RGB of its size (${width}×${height}×${channels}, ${data.length} bytes)`);
  }
}

function errorOf(error: unknown): FaceDetectionError {
  if (error instanceof FaceDetectionError) return error;
  return new FaceDetectionError('error', `the face detector failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * The faces in `raw`, as boxes in fractions of the picture (clipped to it), most confident first.
 * Resolves only with a real answer (possibly no faces); rejects with a FaceDetectionError when the
 * detector is missing, fails, or does not answer within `timeoutMs`.
 */
export async function detectFaces(raw: RawSnapshot, options: DetectOptions = {}): Promise<FaceBox[]> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const inputSize = options.inputSize ?? DEFAULT_INPUT_SIZE;
  const scoreThreshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new FaceDetectionError('error', `the detection timeout must be a number of ms ≥ 0, not ${timeoutMs}`);
  if (!isValidInputSize(inputSize)) throw new FaceDetectionError('error', `the input size must be a multiple of ${TINY_FACE_STRIDE} from 64 to 1024, not ${inputSize}`);
  if (!(scoreThreshold >= 0 && scoreThreshold < 1)) throw new FaceDetectionError('error', `the face score threshold must be from 0 to below 1, not ${scoreThreshold}`);
  checkSnapshot(raw);

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FaceDetectionError('timeout', `the face detector did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const used: { detector?: WorkerFaceDetector } = {};
  const attempt = async (): Promise<FaceBox[]> => {
    const detector = (used.detector = await load(options.modelDir));
    const image: RgbImage = { data: raw.data, width: raw.width, height: raw.height };
    const input = prepareInput(image, inputSize);
    const { output, cells } = await detector.run(input);
    const boxes = nonMaxSuppression(decodeOutput(output, cells, input, scoreThreshold));
    return boxes.flatMap((box) => {
      const inside = clipToFrame(box);
      return inside ? [{ ...inside, score: box.score }] : [];
    });
  };
  const attempted = attempt();
  attempted.catch(() => undefined); // settled by the race below; a late failure after a timeout is not unhandled
  try {
    const faces = await Promise.race([attempted, expired]);
    // The event loop may have been too busy for the timer to fire in time; the bound holds anyway.
    const took = performance.now() - started;
    if (took > timeoutMs) throw new FaceDetectionError('timeout', `the face detector answered after ${Math.round(took)} ms, more than ${timeoutMs} ms`);
    return faces;
  } catch (error) {
    const failure = errorOf(error);
    if (failure.reason === 'timeout' && used.detector?.hung(performance.now())) await used.detector.close();
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}
