import { comesFromPackages, foreignRejectionAction, stackFrames, unhandledRejectionsMode } from './rejection-origin.js';

const ROOT = '/usr/lib/node_modules/homebridge-trygr/node_modules/ring-client-api';

function errorWithStack(stack: string): Error {
  const error = new Error('x');
  error.stack = stack;
  return error;
}

describe('comesFromPackages', () => {
  test('an ES module frame (file URL) inside the package folder counts', () => {
    const error = errorWithStack(
      `Error: Refresh token is not valid\n    at RingRestClient.getGrantData (file://${ROOT}/lib/rest-client.js:226:15)\n    at async RingRestClient.getAuth (file://${ROOT}/lib/rest-client.js:230:9)`,
    );
    expect(comesFromPackages(error, [ROOT])).toBe(true);
  });

  test('a CommonJS frame (a path) inside the package folder counts', () => {
    expect(comesFromPackages(errorWithStack(`Error: x\n    at Object.<anonymous> (${ROOT}/lib/index.js:1:1)`), [ROOT])).toBe(true);
  });

  test('the message naming the library does not count, only frames do', () => {
    expect(comesFromPackages(errorWithStack(`Error: failed in file://${ROOT}/lib/api.js\n    at main (file:///srv/other-plugin/index.js:3:9)`), [ROOT])).toBe(false);
  });

  test("another copy of ring-client-api (another plugin's folder) does not count", () => {
    const other = '/usr/lib/node_modules/homebridge-ring/node_modules/ring-client-api';
    expect(comesFromPackages(errorWithStack(`Error: x\n    at f (file://${other}/lib/api.js:1:1)`), [ROOT])).toBe(false);
  });

  test('a sibling folder whose name starts the same does not count', () => {
    expect(comesFromPackages(errorWithStack(`Error: x\n    at f (${ROOT}-fork/lib/api.js:1:1)`), [ROOT])).toBe(false);
  });

  test('non-errors, errors without a stack and an empty root list never count', () => {
    expect(comesFromPackages('a string', [ROOT])).toBe(false);
    expect(comesFromPackages(undefined, [ROOT])).toBe(false);
    expect(comesFromPackages({ stack: 42 }, [ROOT])).toBe(false);
    expect(comesFromPackages(errorWithStack(`Error: x\n    at f (${ROOT}/lib/api.js:1:1)`), [])).toBe(false);
  });

  test('stackFrames keeps only "at" lines', () => {
    expect(stackFrames('Error: a\n  at b\nmore message\n    at c (d:1:1)')).toEqual(['  at b', '    at c (d:1:1)']);
  });
});

describe('unhandledRejectionsMode', () => {
  test('default is throw; the command line wins over NODE_OPTIONS; both spellings', () => {
    expect(unhandledRejectionsMode([], undefined)).toBe('throw');
    expect(unhandledRejectionsMode([], '--max-old-space-size=100 --unhandled-rejections=warn')).toBe('warn');
    expect(unhandledRejectionsMode(['--unhandled-rejections=strict'], '--unhandled-rejections=warn')).toBe('strict');
    expect(unhandledRejectionsMode(['--unhandled-rejections', 'none'], undefined)).toBe('none');
    expect(unhandledRejectionsMode(['--unhandled-rejections=bogus'], undefined)).toBe('throw');
  });
});

describe('foreignRejectionAction', () => {
  test('re-emitted only where Node would act because nobody listened', () => {
    expect(foreignRejectionAction(0, 'throw')).toBe('reemit');
    expect(foreignRejectionAction(0, 'warn-with-error-code')).toBe('reemit');
    expect(foreignRejectionAction(1, 'throw')).toBe('leave');
    expect(foreignRejectionAction(0, 'warn')).toBe('leave');
    expect(foreignRejectionAction(0, 'none')).toBe('leave');
    expect(foreignRejectionAction(0, 'strict')).toBe('leave');
  });
});
