// @ts-check
/**
 * Starts the panel when the Homebridge UI is ready. Anything that stops it (a module that fails to
 * load, an error while starting) leaves a short message and the Homebridge UI's plain form, so the
 * options can still be edited.
 */
/** @type {any} */
const hb = /** @type {any} */ (window).homebridge;

/** @param {unknown} error */
function failed(error) {
  const message = error instanceof Error ? error.message : String(error);
  // options.js is small and has no imports but dom.js; if even that cannot load, fall back by hand.
  import('./options.js').then(
    ({ fallBackToForm }) => fallBackToForm(message),
    () => {
      document.body.prepend(Object.assign(document.createElement('p'), { textContent: `The Trygr panel could not start: ${message}` }));
      hb.showSchemaForm();
    },
  );
}

hb.addEventListener('ready', () => {
  import('./app.js').then(({ start }) => start()).catch(failed);
});
